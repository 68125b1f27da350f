import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file a long note is written in with `$EDITOR`. Nobody else may read it: it lives in a
/// private folder (made by `mkdtemp`, mode 0700) under `$TMPDIR`, named with the process id
/// (`actionplan-PID-XXXXXX`), and is created with `O_EXCL` and mode 0600. The driver removes it
/// once the note is saved or discarded, at exit and on SIGINT, SIGTERM and SIGHUP; a folder left
/// by a run that was killed with SIGKILL is swept at a later start (`sweep`).
public struct NoteFile: Hashable, Sendable {
    /// The private folder.
    public let directory: String
    /// The note file in it.
    public let path: String

    static let folderPrefix = "actionplan-"
    static let fileName = "note.txt"

    /// `$TMPDIR`, else `/tmp`.
    public static func temporaryDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["TMPDIR"], !dir.isEmpty { return dir }
        return "/tmp"
    }

    /// Makes the private folder and the file, with `initial` in it.
    public static func create(initial: String, in temporaryDirectory: String) throws -> NoteFile {
        var template = Array("\(temporaryDirectory)/\(folderPrefix)\(getpid())-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { throw NoteFileError("cannot make a private folder in \(temporaryDirectory): \(errorText())") }
        let directory = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let path = directory + "/" + fileName
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let why = errorText()
            rmdir(directory)
            throw NoteFileError("cannot create \(path): \(why)")
        }
        close(fd)
        let file = NoteFile(directory: directory, path: path)
        do {
            try file.write(initial)
        } catch {
            file.remove()
            throw error
        }
        return file
    }

    /// Replaces the file's text. If an editor removed it (some write a new file and rename it),
    /// it is made again, 0600, inside the private folder; a symbolic link is never followed.
    public func write(_ text: String) throws {
        let fd = open(path, O_WRONLY | O_TRUNC | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw NoteFileError("cannot write \(path): \(NoteFile.errorText())") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let count = bytes.count
        var offset = 0
        while offset < count {
            let n = bytes.withUnsafeBytes { writeToDescriptor(fd, $0.baseAddress! + offset, count - offset) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw NoteFileError("cannot write \(path): \(NoteFile.errorText())") }
            offset += n
        }
    }

    /// The file's text.
    public func read() throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NoteFileError("cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    public func remove() {
        unlink(path)
        rmdir(directory)
    }

    /// Removes the note folders of runs that were killed: this user's `actionplan-PID-*` folders
    /// whose process is gone and whose note is older than `age` seconds. Returns the folders
    /// removed. A folder holding anything but the note is left alone.
    @discardableResult
    public static func sweep(in temporaryDirectory: String, olderThan age: TimeInterval = 24 * 60 * 60,
                             now: Date = Date()) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporaryDirectory) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(folderPrefix) {
            let parts = name.dropFirst(folderPrefix.count).split(separator: "-", maxSplits: 1)
            guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0 else { continue }
            let directory = temporaryDirectory + "/" + name
            var info = stat()
            guard lstat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else { continue }
            // A process that still runs (or that another user runs: EPERM) keeps its folder.
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            let path = directory + "/" + fileName
            var newest = modificationTime(info)
            var fileInfo = stat()
            if lstat(path, &fileInfo) == 0 { newest = max(newest, modificationTime(fileInfo)) }
            guard now.timeIntervalSince1970 - newest > age else { continue }
            unlink(path)
            if rmdir(directory) == 0 { removed.append(directory) }
        }
        return removed
    }

    static func errorText() -> String { String(cString: strerror(errno)) }

    private static func modificationTime(_ info: stat) -> TimeInterval {
        #if os(Linux)
        TimeInterval(info.st_mtim.tv_sec)
        #else
        TimeInterval(info.st_mtimespec.tv_sec)
        #endif
    }
}

/// write(2), named apart from `NoteFile.write`.
private func writeToDescriptor(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}

/// Why the note file could not be made, written or read, in one line.
public struct NoteFileError: Error, Hashable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
