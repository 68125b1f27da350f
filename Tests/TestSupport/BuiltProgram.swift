import Foundation

/// The programs this package builds, run as subprocesses by the tests of every target.
public enum BuiltProgram {
    /// The path of a built executable (`actionplan`, `actionplan-bench`): beside the test
    /// bundle in the build directory, whatever the scratch path.
    public static func path(_ name: String) -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
            Bundle.main.bundleURL.appendingPathComponent(name),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/\(name)"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path ?? candidates[0].path
    }

    public static var actionplan: String { path("actionplan") }

    /// What a finished subprocess left.
    public struct Result: Sendable {
        public let status: Int32
        public let data: Data
        public let stderr: String
        public var stdout: String { String(decoding: data, as: UTF8.self) }
    }

    /// Runs `executable` with an argument list (no shell) and exactly `environment`, feeding it
    /// `stdin` (or an empty, closed standard input), and waits for it. With `stdout`, its
    /// standard output is that file (`/dev/full`, a pipe nobody reads) and `data` is empty.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String],
                           in directory: URL? = nil, stdin: Data? = nil, stdout: FileHandle? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = stdout ?? out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read standard error on another thread so that neither pipe can fill up and block.
        let errBox = ErrorBox()
        let reader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); errBox.done.signal() }
        reader.start()
        if stdout != nil { try out.fileHandleForWriting.close() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errBox.done.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, data: outData, stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    private final class ErrorBox: @unchecked Sendable {
        var data = Data()
        let done = DispatchSemaphore(value: 0)
    }
}
