import Foundation
import ActionPlanCore
import ActionPlanSQL
#if canImport(Glibc)
import Glibc
#endif

/// The database file and the files beside it (`FILE.lock`, `FILE-wal`, `FILE-shm`) as the
/// file system sees them: what kind of file it is, who may write it, the mode new files get,
/// the lock, and whether the disk is full. Everything here runs before or around SQLite.
enum DatabaseFile {
    /// What is at `path`: nothing, or a regular file (anything else is refused: a FIFO would
    /// block the first read forever, a device such as `/dev/null` would get a `-journal` beside it).
    static func existing(_ path: String) throws(StoreError) -> Bool {
        var info = stat()
        if stat(path, &info) != 0 {
            if errno == ENOENT { return false }
            if errno == EACCES { throw .cannotOpen(path: path, reason: "permission denied") }
            throw .cannotOpen(path: path, reason: PrivateFiles.reason(errno))
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFREG { return true }
        let kind: String
        switch type {
        case S_IFDIR: kind = "a directory"
        case S_IFIFO: kind = "a FIFO (named pipe)"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "not a regular file"
        }
        throw .cannotOpen(path: path, reason: "it is \(kind), not a regular file")
    }

    /// The folder a file is in ("." for a bare name).
    static func directory(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    /// The mode of a file the program creates beside `path`: 0660 in a shared folder (setgid
    /// and group-writable, `PrivateFiles.isShared`), else 0600.
    static func newFileMode(beside path: String) -> mode_t { PrivateFiles.newFileMode(for: path) }

    /// Creates an empty file with exactly `mode` (whatever the umask), never through a link.
    /// Returns false if it already exists.
    @discardableResult
    static func create(_ path: String, mode: mode_t) throws(StoreError) -> Bool {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, mode)
        if fd < 0 {
            let code = errno
            if code == EEXIST { return false }
            if code == EACCES || code == EROFS { throw .readOnly(path: path) }
            if code == ENOSPC || code == EDQUOT { throw diskFull(path) }
            throw .cannotOpen(path: path, reason: PrivateFiles.reason(code))
        }
        fchmod(fd, mode)
        close(fd)
        return true
    }

    /// Whether this process may change the database: the file is writable, and SQLite can make
    /// its `-wal` and `-shm` beside it (the folder is writable, or they exist and are writable).
    static func isWritable(_ path: String) -> Bool {
        guard access(path, W_OK) == 0 else { return false }
        if access(directory(of: path), W_OK) == 0 { return true }
        return access(path + "-wal", W_OK) == 0 && access(path + "-shm", W_OK) == 0
    }

    /// Whether the file's header says WAL mode (bytes 18 and 19 are 2).
    static func isWALMode(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 20)) ?? Data()
        return header.count == 20 && header[18] == 2 && header[19] == 2
    }

    /// The name SQLite opens a read-only database by. SQLite reads a WAL database through its
    /// `-shm`: when someone has it open, theirs. When nobody has (no `-shm`) and no `-wal` holds
    /// changes, the file alone is the whole database, and it is opened as immutable (no locks,
    /// no `-shm`): in a folder this process cannot write SQLite could not make a `-shm`, and in
    /// one it can, it would leave a `-shm` and `-wal` owned by this reader that the database's
    /// owner might not be able to write, refusing the owner's next change.
    static func readOnlyName(_ path: String) -> String {
        guard isWALMode(path) else { return path }
        var info = stat()
        if stat(path + "-shm", &info) == 0 { return path }
        if stat(path + "-wal", &info) == 0 && info.st_size > 0 { return path }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let escaped = absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute
        return "file:\(escaped)?immutable=1"
    }

    // MARK: - Disk space

    /// The error for a write that failed because the disk holding `path` is full.
    static func diskFull(_ path: String) -> StoreError {
        .failed("the disk holding \(path) is full: nothing was written; free some space and try again")
    }

    /// Whether the file system holding `path` has no room left (no block or no inode this
    /// process may use). An I/O error SQLite reports is this when it is.
    static func diskIsFull(at path: String) -> Bool {
        var info = statvfs()
        guard statvfs(directory(of: path), &info) == 0 else { return false }
        let root = geteuid() == 0
        let blocks = UInt64(root ? info.f_bfree : info.f_bavail) * UInt64(info.f_frsize)
        let inodes = UInt64(root ? info.f_ffree : info.f_favail)
        // Less than two pages: SQLite cannot grow the database, its WAL or its -shm by a page.
        return blocks < 8192 || (info.f_files > 0 && inodes == 0)
    }
}

/// The lock beside the database (`FILE.lock`): held exclusively while a process opens and
/// migrates the file, and while `restore` replaces its content; shared while a read-only
/// process opens it. Waited on for at most the busy timeout.
struct DatabaseLock {
    private let fd: Int32

    /// Takes the lock, waiting at most `timeout` seconds. Returns nil when there is no lock
    /// file and none can be made (a read-only folder: nobody can be creating the database there).
    static func acquire(beside path: String, exclusive: Bool, timeout: Double) throws(StoreError) -> DatabaseLock? {
        let lockPath = path + ".lock"
        var fd: Int32 = -1
        if exclusive {
            let mode = DatabaseFile.newFileMode(beside: path)
            fd = open(lockPath, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, mode)
            if fd >= 0 { fchmod(fd, mode) }
            if fd < 0 && errno == EEXIST { fd = open(lockPath, O_RDWR | O_CLOEXEC | O_NOFOLLOW) }
        }
        // flock works on a descriptor opened for reading: a lock file someone else made 0600 or
        // one in a read-only folder still serialises.
        if fd < 0 { fd = open(lockPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
        if fd < 0 { return nil }
        let operation = (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, operation) != 0 {
            let code = errno
            if code != EWOULDBLOCK && code != EINTR {
                close(fd)
                return nil
            }
            if Date() >= deadline {
                let holder = holder(of: fd)
                close(fd)
                throw .lockHeld(path: path, seconds: timeout, holder: holder)
            }
            usleep(20_000)
        }
        return DatabaseLock(fd: fd)
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Who holds the lock on the file open at `fd`, from `/proc/locks`: "process 123 (actionplan,
    /// user alice)", or nil when it cannot be known (no /proc, another PID namespace).
    static func holder(of fd: Int32) -> String? {
        var info = stat()
        guard fstat(fd, &info) == 0,
              let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        let dev = UInt64(info.st_dev)
        let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~UInt64(0xfff))
        let minor = (dev & 0xff) | ((dev >> 12) & ~UInt64(0xff))
        let wanted = String(format: "%02llx:%02llx:%llu", major, minor, UInt64(info.st_ino))
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            // "1: FLOCK  ADVISORY  WRITE 1234 08:01:56789 0 EOF"; waiters are marked "->".
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5] == wanted,
                  let pid = Int32(fields[4]), pid > 0, pid != getpid() else { continue }
            var words = ["process \(pid)"]
            if let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) {
                words.append(name.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            var owner = stat()
            if stat("/proc/\(pid)", &owner) == 0, let entry = getpwuid(owner.st_uid), let name = entry.pointee.pw_name {
                words.append("user \(String(cString: name))")
            }
            return words.count == 1 ? words[0] : "\(words[0]) (\(words.dropFirst().joined(separator: ", ")))"
        }
        return nil
    }
}
