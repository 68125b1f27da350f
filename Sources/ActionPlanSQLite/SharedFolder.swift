import Foundation
import ActionPlanCore
import ActionPlanSQL
#if canImport(Glibc)
import Glibc
#endif

/// A folder a team shares one database in: setgid (every file made in it gets the folder's
/// group) and readable, writable and searchable by that group. The program knows a database is
/// shared from its folder alone, because the modes of the lock file and of the database itself
/// are chosen before any database can be read.
public enum SharedFolder {
    /// A group of the system, by name or number.
    public struct Group: Sendable, Hashable {
        public let name: String
        public let id: gid_t
    }

    public static func group(named text: String) -> Group? {
        if let entry = getgrnam(text) { return Group(name: String(cString: entry.pointee.gr_name), id: entry.pointee.gr_gid) }
        if let number = UInt32(text), let entry = getgrgid(number) {
            return Group(name: String(cString: entry.pointee.gr_name), id: entry.pointee.gr_gid)
        }
        return nil
    }

    /// Whether this process may give files to `group` (root, or a member of it).
    public static func mayUse(_ group: Group) -> Bool {
        if geteuid() == 0 || getegid() == group.id { return true }
        let count = getgroups(0, nil)
        guard count > 0 else { return false }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let got = getgroups(count, &groups)
        return got > 0 && groups.prefix(Int(got)).contains(group.id)
    }

    /// Sets up the folder of `database` for `group` (creating it, or giving it the group and
    /// the modes if it is this user's), then gives the database and the files beside it that
    /// exist the group and mode 0660. Returns what it changed, in words.
    public static func prepare(database: String, group: Group) throws(StoreError) -> [String] {
        let folder = DatabaseFile.directory(of: database)
        var changed: [String] = []
        var info = stat()
        if stat(folder, &info) != 0 {
            guard errno == ENOENT else { throw .cannotOpen(path: database, reason: "\(folder): \(PrivateFiles.reason(errno))") }
            if mkdir(folder, 0o2770) != 0 {
                throw .cannotOpen(path: database, reason: "cannot create the folder \(folder): \(PrivateFiles.reason(errno))")
            }
            try give(folder, to: group, mode: 0o2770, database: database)
            changed.append("created the folder \(folder) (2770, group \(group.name))")
        } else {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw .cannotOpen(path: database, reason: "\(folder) is not a folder") }
            let ready = info.st_gid == group.id && info.st_mode & S_ISGID != 0 && info.st_mode & 0o070 == 0o070
            if !ready {
                guard info.st_uid == geteuid() || geteuid() == 0 else {
                    throw .cannotOpen(path: database, reason: "the folder \(folder) is not set up for group \(group.name) and is not yours: "
                                      + "ask its owner to run: chgrp \(group.name) \(folder) && chmod g+rwxs \(folder)")
                }
                // Others' bits are left as they were: only the group's are added.
                try give(folder, to: group, mode: (info.st_mode & 0o7777) | S_ISGID | 0o070, database: database)
                changed.append("set the folder \(folder) to group \(group.name), setgid and group-writable")
            }
        }
        for file in [database, database + ".lock", database + "-wal", database + "-shm"] {
            var fileInfo = stat()
            guard lstat(file, &fileInfo) == 0 else { continue }
            guard fileInfo.st_mode & S_IFMT == S_IFREG else { throw .cannotOpen(path: file, reason: "it is not a regular file") }
            if fileInfo.st_gid == group.id && fileInfo.st_mode & 0o777 == 0o660 { continue }
            guard fileInfo.st_uid == geteuid() || geteuid() == 0 else {
                throw .cannotOpen(path: database, reason: "\(file) is not yours: ask its owner to run: chgrp \(group.name) \(file) && chmod 660 \(file)")
            }
            try give(file, to: group, mode: 0o660, database: database)
            changed.append("set \(file) to group \(group.name), mode 660")
        }
        return changed
    }

    private static func give(_ path: String, to group: Group, mode: mode_t, database: String) throws(StoreError) {
        if chown(path, uid_t.max, group.id) != 0 || chmod(path, mode) != 0 {
            throw .cannotOpen(path: database, reason: "cannot give \(path) to group \(group.name): \(PrivateFiles.reason(errno))")
        }
    }
}
