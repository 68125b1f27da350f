import Foundation
import ActionPlanCore
#if canImport(Glibc)
import Glibc
#endif

/// Reading one document for `import`: a text file, a PDF (through pdftotext) or standard input,
/// with a one-line reason for every input that cannot be imported.
public struct ImportInput: Sendable {
    /// The largest file imported.
    public static let maximumBytes = 50 * 1024 * 1024

    /// The name shown in messages ("letter.pdf", "standard input").
    public let name: String
    /// The file name kept on the plan (nil for standard input).
    public let sourceFile: String?
    public let text: String
    /// Things the person should know that did not stop the import ("read as Windows-1252").
    public let notes: [String]

    /// Reads `argument` (a path, or `-` for standard input).
    public static func read(_ argument: String, standardInput: () -> Data) throws -> ImportInput {
        let data: Data
        let name: String
        let sourceFile: String?
        if argument == "-" {
            data = standardInput()
            name = "standard input"
            sourceFile = nil
            guard data.count <= maximumBytes else { throw tooLarge(name, bytes: data.count) }
        } else {
            name = argument
            sourceFile = URL(fileURLWithPath: argument).lastPathComponent
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw OperationError("\(argument): no such file", status: .noInput)
            }
            guard !isDirectory.boolValue else { throw OperationError("\(argument): is a directory, not a document", status: .dataError) }
            let size = (try? FileManager.default.attributesOfItem(atPath: argument)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= maximumBytes else { throw tooLarge(argument, bytes: size) }
            guard let contents = FileManager.default.contents(atPath: argument) else {
                throw OperationError("\(argument): cannot be read (permission denied?)", status: .noInput)
            }
            data = contents
            guard data.count <= maximumBytes else { throw tooLarge(argument, bytes: data.count) }
        }
        if data.isEmpty { throw OperationError("\(name): is empty: nothing to import", status: .dataError) }
        if data.starts(with: Array("%PDF-".utf8)) || (argument.lowercased().hasSuffix(".pdf") && argument != "-") {
            let text = try PDFConversion.text(of: data, path: argument == "-" ? nil : argument, name: name)
            return ImportInput(name: name, sourceFile: sourceFile, text: text, notes: [])
        }
        let (text, notes) = try decodeText(data, name: name)
        guard text.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else {
            throw OperationError("\(name): has no text (only spaces or symbols): nothing to import", status: .dataError)
        }
        return ImportInput(name: name, sourceFile: sourceFile, text: text, notes: notes)
    }

    /// Standard input (or any stream) read up to one byte past the size limit, so that an
    /// endless or huge stream is refused without being held in memory.
    public static func readCapped(_ handle: FileHandle, limit: Int = maximumBytes) -> Data {
        var data = Data()
        while data.count <= limit {
            let chunk = handle.readData(ofLength: min(1 << 20, limit + 1 - data.count))
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        return data
    }

    static func tooLarge(_ name: String, bytes: Int) -> OperationError {
        OperationError("\(name): is over 50 MB (\(bytes / (1024 * 1024)) MB): not imported; an inspection letter is far smaller", status: .dataError)
    }

    /// UTF-8 (with or without a BOM), UTF-16 with a BOM, else Windows-1252 with a note.
    /// Binary data is refused.
    static func decodeText(_ data: Data, name: String) throws -> (String, [String]) {
        let bytes = [UInt8](data.prefix(65_536))
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            if let text = String(data: data, encoding: .utf16) { return (text, []) }
        }
        // NUL bytes, or many control characters, mean a binary file.
        let controls = bytes.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C }.count
        if bytes.contains(0) || controls * 20 > bytes.count {
            throw OperationError("\(name): is a binary file, not a text or PDF document", status: .dataError)
        }
        if let text = String(data: data, encoding: .utf8) {
            return (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, [])
        }
        if let text = String(data: data, encoding: .windowsCP1252) {
            return (text, ["\(name): is not UTF-8: read as Windows-1252; check quotes and accented letters"])
        }
        throw OperationError("\(name): is neither UTF-8 nor Windows-1252 text: save it as UTF-8 and try again", status: .dataError)
    }
}

/// Converting a PDF with `pdftotext -layout` from poppler-utils, run with an argument list.
public enum PDFConversion {
    /// Where pdftotext is: `$ACTIONPLAN_PDFTOTEXT` (for tests), else the first on `$PATH`.
    public static func executable() -> String? { GuestProgram.executable("pdftotext", override: "ACTIONPLAN_PDFTOTEXT") }

    static func text(of data: Data, path: String?, name: String) throws -> String {
        guard let tool = executable() else {
            throw OperationError("\(name): is a PDF, and pdftotext is not installed: install the Debian package poppler-utils (sudo apt-get install poppler-utils)", status: .unavailable)
        }
        ImportTemporaries.sweep()
        let directory = try ImportTemporaries.make(name: name)
        defer { try? FileManager.default.removeItem(at: directory) }
        // An absolute path, so that a file named like an option ("-v", "-layout") is a file.
        var input = path.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        if input == nil {
            let file = directory.appendingPathComponent("input.pdf")
            guard FileManager.default.createFile(atPath: file.path, contents: data) else {
                throw OperationError("\(name): cannot write a temporary copy for pdftotext", status: .ioError)
            }
            input = file.path
        }
        let output = directory.appendingPathComponent("output.txt")
        let errors = directory.appendingPathComponent("errors.txt")
        let process = GuestProgram.process(tool, ["-layout", "-enc", "UTF-8", input ?? "", output.path], errors: errors)
        do {
            try process.run()
        } catch {
            throw OperationError("\(name): cannot run pdftotext (\(tool)): \(error.localizedDescription)", status: .unavailable)
        }
        // Poll rather than block: a damaged file must not hang the command, and a small PDF
        // whose text would be huge is stopped as soon as its text passes the size limit.
        let deadline = Date().addingTimeInterval(120)
        var polls = 0
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw OperationError("\(name): pdftotext took over two minutes: the PDF may be damaged", status: .dataError)
            }
            polls += 1
            if polls % 10 == 0, let size = try? FileManager.default.attributesOfItem(atPath: output.path)[.size] as? NSNumber,
               size.intValue > ImportInput.maximumBytes {
                process.terminate()
                throw textTooLarge(name)
            }
            usleep(10_000)
        }
        let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        let firstError = message.split(separator: "\n").first.map(String.init) ?? ""
        if process.terminationStatus != 0 {
            let lower = message.lowercased()
            if lower.contains("password") || lower.contains("encrypt") {
                throw OperationError("\(name): is an encrypted PDF: remove the password (or print it to a new PDF) and import that", status: .dataError)
            }
            let detail = firstError.isEmpty ? "" : " (\(firstError))"
            throw OperationError("\(name): is damaged or not a PDF that pdftotext can read\(detail)", status: .dataError)
        }
        guard let handle = FileHandle(forReadingAtPath: output.path) else {
            throw OperationError("\(name): pdftotext wrote no text", status: .dataError)
        }
        defer { try? handle.close() }
        let data = ImportInput.readCapped(handle)
        guard data.count <= ImportInput.maximumBytes else { throw textTooLarge(name) }
        let text = String(decoding: data, as: UTF8.self)
        guard text.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else {
            throw OperationError("\(name): has no text layer (a scanned image?): run it through OCR first, or import a text copy", status: .dataError)
        }
        return text
    }
}

/// Another program the importer or the exporter runs (pdftotext, WeasyPrint): started with an
/// argument list, never through a shell, with no input and its errors to a file.
enum GuestProgram {
    /// Where `name` is: the path in the environment variable `override` (for tests), else the
    /// first on `$PATH`; nil when it is not installed.
    static func executable(_ name: String, override: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment[override], !explicit.isEmpty {
            return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil
        }
        for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = String(directory) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A process (not started) for `tool` with `arguments`: through setpriv (util-linux) when it
    /// is there, so that the tool is killed when this program is, whatever kills it.
    static func process(_ tool: String, _ arguments: [String], errors: URL) -> Process {
        let process = Process()
        if let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            process.executableURL = URL(fileURLWithPath: setpriv)
            process.arguments = ["--pdeathsig", "KILL", "--", tool] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try? FileHandle(forWritingTo: errors)
        return process
    }
}

/// The private folders an import converts PDFs in (and an export prints one in): one per conversion, mode 0700, named with
/// the process id so that the folders of a run that was killed can be told from those of a run
/// still going, and swept at the next start.
public enum ImportTemporaries {
    static let prefix = "actionplan-import-"

    static func make(name: String, for tool: String = "pdftotext") throws -> URL {
        let base = FileManager.default.temporaryDirectory
        let directory = base.appendingPathComponent("\(prefix)\(getpid())-\(UUID().uuidString)")
        if mkdir(directory.path, 0o700) != 0 {
            throw OperationError("\(name): cannot make a private folder for \(tool) in \(base.path): \(PrivateFiles.reason(errno))",
                                 status: .ioError)
        }
        return directory
    }

    /// Removes the folders left by runs whose process is gone (killed while converting).
    public static func sweep(in base: URL = FileManager.default.temporaryDirectory) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pid = rest.split(separator: "-").first.flatMap({ Int32($0) }), pid > 0 else { continue }
            // Only our own account's folders, and only when their process no longer exists.
            var info = stat()
            let path = base.appendingPathComponent(name).path
            guard lstat(path, &info) == 0, info.st_uid == geteuid(), (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: path) }
        }
    }
}

extension PDFConversion {
    static func textTooLarge(_ name: String) -> OperationError {
        OperationError("\(name): its text is over 50 MB: not imported; an inspection letter's text is far smaller", status: .dataError)
    }
}

/// SHA-256 (FIPS 180-4), for the content hash of an imported document. Foundation on Linux has
/// no digest API and the hash must be the same on every platform.
public enum SHA256 {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    public static func hex(_ text: String) -> String {
        var message = [UInt8](text.utf8)
        let bitLength = UInt64(message.count) * 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var w = [UInt32](repeating: 0, count: 64)
        func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        for chunk in stride(from: 0, to: message.count, by: 64) {
            for i in 0..<16 {
                let b = chunk + i * 4
                w[i] = UInt32(message[b]) << 24 | UInt32(message[b + 1]) << 16 | UInt32(message[b + 2]) << 8 | UInt32(message[b + 3])
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let t1 = hh &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
                let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e; h[5] &+= f; h[6] &+= g; h[7] &+= hh
        }
        return h.map { word in
            let s = String(word, radix: 16)
            return String(repeating: "0", count: 8 - s.count) + s
        }.joined()
    }
}
