import Foundation
import ActionPlanCore
#if canImport(Glibc)
import Glibc
#endif

/// The plans' part of a report written plan by plan, kept until what comes before it is known
/// (`ReportExport.stream`): in memory up to `limit` bytes (one plan, a few plans), then in a
/// temporary file of `folder`, unlinked as soon as it is made, so that nothing is left behind
/// whatever happens and a report of 100,000 actions is not held in memory.
final class ReportBody {
    let folder: String
    /// What is held in memory before the file is made.
    let limit: Int
    private var held: [UInt8] = []
    private var fd: Int32 = -1
    /// Where a failure to write the temporary file is said to have happened.
    private var spoolPath: String { folder }

    init(folder: String, limit: Int = 4 << 20) {
        self.folder = folder
        self.limit = limit
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// How many bytes have been appended.
    private(set) var count: Int64 = 0

    func append(_ text: String) throws {
        var text = text
        count += Int64(text.utf8.count)
        if fd < 0 && held.count + text.utf8.count <= limit {
            held += text.utf8
            return
        }
        if fd < 0 { try open() }
        try text.withUTF8 { try PrivateFiles.writeAll(fd, UnsafeRawBufferPointer($0), path: spoolPath) }
    }

    /// Hands everything appended, in order, to `write`.
    func copy(to write: (UnsafeRawBufferPointer) throws -> Void) throws {
        if fd < 0 {
            try held.withUnsafeBytes { try write($0) }
            return
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw PrivateFileError(path: spoolPath, code: errno) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PrivateFileError(path: spoolPath, code: errno)
            }
            if n == 0 { return }
            try buffer.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }

    /// Up to `size` bytes from `offset` of what was appended.
    func read(at offset: Int64, size: Int) throws -> Data {
        let size = max(0, min(Int64(size), count - offset))
        if fd < 0 { return Data(held[Int(offset)..<Int(offset + size)]) }
        var data = Data(count: Int(size))
        var done = 0
        while done < Int(size) {
            let n = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, Int(size) - done, off_t(offset) + off_t(done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PrivateFileError(path: spoolPath, code: errno)
            }
            if n == 0 { throw PrivateFileError(path: spoolPath, code: EIO) }
            done += n
        }
        return data
    }

    /// Makes the temporary file (mode 0600, unlinked at once) and moves what is held into it.
    private func open() throws {
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
            + Array(".actionplan-report-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if made < 0 { throw PrivateFileError(path: spoolPath, code: errno) }
        fd = made
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        unlink(path)
        try held.withUnsafeBytes { try PrivateFiles.writeAll(fd, $0, path: spoolPath) }
        held = []
    }
}
