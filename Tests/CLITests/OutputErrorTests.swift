import Foundation
import Testing
import TestSupport

/// Issue 10: a write to standard output that fails (a full disk, a pipe closed with SIGPIPE
/// ignored) is reported on standard error, status 74 — not a cut-off file and status 0.
@Suite struct OutputErrorTests {
    static let message = "actionplan: cannot write to standard output: "

    /// A database big enough that the export is several writes' worth.
    static func database() throws -> CLIRunner {
        let cli = try CLIRunner()
        _ = try cli.seedPlan()
        for n in 1...40 {
            try cli.ok(["add-action", "--finding", "1", "--title", "Action number \(n) with a long enough title to take room",
                        "--owner", "Head of Service \(n)", "--measure", "90% of audits done within 5 working days", "--quiet"])
        }
        return cli
    }

    static func run(_ cli: CLIRunner, _ arguments: [String], stdout: FileHandle) throws -> BuiltProgram.Result {
        try BuiltProgram.run(CLIRunner.binary, arguments, environment: cli.environment, in: cli.directory, stdout: stdout)
    }

    @Test(arguments: [["export"], ["export", "--format", "csv"], ["list"], ["list", "--json"], ["list", "--csv"], ["plans"],
                      ["show", "1"], ["history", "1"], ["holidays"], ["check"], ["deadline", "2026-01-01", "--working-days", "5"],
                      ["--help"], ["list", "--help"]])
    func aFullDiskIsReportedWithStatus74(arguments: [String]) throws {
        let cli = try Self.database()
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        defer { try? full.close() }
        let result = try Self.run(cli, arguments, stdout: full)
        #expect(result.status == 74, "\(arguments): status \(result.status), stderr \(result.stderr)")
        #expect(result.stderr == Self.message + "No space left on device\n", "\(arguments): \(result.stderr)")
    }

    /// SIGPIPE ignored (as by a parent that ignores it: Python, many daemons), the write fails
    /// with EPIPE instead of killing the process.
    @Test(arguments: [["list", "--json"], ["export"], ["list"], ["show", "1"]])
    func aClosedPipeWithSigpipeIgnoredIsReportedWithStatus74(arguments: [String]) throws {
        let cli = try Self.database()
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        // The shell ignores SIGPIPE and execs: an ignored signal stays ignored across exec.
        let result = try BuiltProgram.run("/bin/sh", ["-c", "trap '' PIPE; exec \"$0\" \"$@\"", CLIRunner.binary] + arguments,
                                          environment: cli.environment, in: cli.directory, stdout: pipe.fileHandleForWriting)
        try pipe.fileHandleForWriting.close()
        #expect(result.status == 74, "\(arguments): status \(result.status), stderr \(result.stderr)")
        #expect(result.stderr == Self.message + "Broken pipe\n", "\(arguments): \(result.stderr)")
    }

    /// A write command whose change is made reports that its message could not be printed.
    @Test func aChangeMadeButNotPrintedIsStillStatus74() throws {
        let cli = try Self.database()
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        defer { try? full.close() }
        let result = try Self.run(cli, ["update", "1", "--status", "in_progress"], stdout: full)
        #expect(result.status == 74)
        #expect(try cli.ok(["show", "1"]).contains("in_progress"))
    }
}
