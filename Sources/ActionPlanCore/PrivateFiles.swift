import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How the program creates files on a shared host: readable by their owner only unless they
/// replace a file whose mode says otherwise or are made in a team's shared folder, created with
/// `O_EXCL` (never through a link or over someone's file), written whole or not at all.
public enum PrivateFiles {
    /// The system's words for an errno ("No space left on device").
    public static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Whether a folder is set up for a team: setgid (new files get its group) and writable by
    /// that group, as `actionplan init --group` leaves it.
    public static func isShared(directory: String) -> Bool {
        var info = stat()
        guard stat(directory, &info) == 0 else { return false }
        return info.st_mode & S_ISGID != 0 && info.st_mode & S_IWGRP != 0
    }

    /// The mode of a new file at `path`: 0660 in a shared folder (the team reads and writes what
    /// the program makes there), else 0600.
    public static func newFileMode(for path: String) -> mode_t {
        let parent = (path as NSString).deletingLastPathComponent
        return isShared(directory: parent.isEmpty ? "." : parent) ? 0o660 : 0o600
    }

    /// Creates `path`, which must not exist, with `mode`; returns the open descriptor.
    public static func createExclusive(_ path: String, mode: mode_t = 0o600) throws(PrivateFileError) -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        if fd < 0 { throw PrivateFileError(path: path, code: errno) }
        // The umask may have taken bits away; never added any, so set exactly what was asked.
        fchmod(fd, mode)
        return fd
    }

    /// Writes `data` to `path` whole or not at all: a new file beside it (mode 0600, 0660 in a
    /// shared folder, or the mode of the file it replaces), flushed to disk, then renamed over
    /// the target.
    public static func writeWhole(_ data: Data, to path: String) throws(PrivateFileError) {
        do {
            try writeWhole(to: path) { write in try data.withUnsafeBytes { try write($0) } }
        } catch let error as PrivateFileError {
            throw error
        } catch {
            preconditionFailure("writing bytes in memory throws only PrivateFileError: \(error)")
        }
    }

    /// Writes a file whole or not at all, as `writeWhole(_:to:)` does, from what `produce` hands
    /// to its `write` in pieces as it makes them (a report of 100,000 actions is never held
    /// whole). When `produce` or a write fails, the new file is removed, the target is left as it
    /// was, and the error is thrown again.
    public static func writeWhole(to path: String,
                                  _ produce: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        var mode = newFileMode(for: path)
        var info = stat()
        if stat(path, &info) == 0 { mode = info.st_mode & 0o777 }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).actionplan-\(UInt32.random(in: 0...UInt32.max))").path
        let fd = try createExclusive(temporary, mode: mode)
        do {
            try produce { buffer in try writeAll(fd, buffer, path: path) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        var failure: Int32 = 0
        if fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw PrivateFileError(path: path, code: failure)
        }
    }

    /// Writes every byte of `buffer` to `fd`; a failure is named after `path`.
    public static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws(PrivateFileError) {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, base + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw PrivateFileError(path: path, code: errno)
            }
            if n == 0 { throw PrivateFileError(path: path, code: EIO) }
            offset += n
        }
    }
}

/// A file the program could not create or write, with the system's reason.
public struct PrivateFileError: Error, Sendable {
    public let path: String
    public let code: Int32

    public init(path: String, code: Int32) {
        self.path = path
        self.code = code
    }
    public var reason: String { PrivateFiles.reason(code) }
    public var diskFull: Bool { code == ENOSPC || code == EDQUOT }
}
