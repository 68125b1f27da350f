import Foundation
import GRDB
import ActionPlanCore
import ActionPlanSQL
import ActionPlanModel
#if canImport(Glibc)
import Glibc
#endif

/// What `restore` did.
public struct RestoreResult: Sendable, Hashable {
    /// The backup the database now holds.
    public var backup: String
    /// Where the database as it was before is kept (a backup of it).
    public var previous: String
    public var plans: Int
    public var actions: Int
    /// When the newest change in the backup was made, if it has any.
    public var lastChange: Date?
}

extension SQLitePlanStore {
    /// Replaces the content of this database with a backup's, safely while others have it open.
    ///
    /// Copying a file over a live database is unsafe: a `-wal` left beside it is replayed into
    /// the copy, and anyone with the old file open keeps writing to it. Instead the backup is
    /// checked (an actionplan database of a schema this build knows, undamaged), the lock beside
    /// the database is taken, the database as it is is backed up beside it, and the backup's
    /// pages are written into the live database with SQLite's backup API, as one write
    /// transaction through its WAL. Others who have it open see the restored plans at their next
    /// read; an older backup is then migrated like any database.
    public func restore(from backup: String) throws(StoreError) -> RestoreResult {
        if isReadOnly { throw .readOnly(path: path) }
        guard try DatabaseFile.existing(backup) else {
            throw .invalid(field: "restore", message: "\(backup) does not exist")
        }
        if SQLitePlanStore.sameFile(backup, path) {
            throw .invalid(field: "restore", message: "\(backup) is the database itself: name a backup")
        }
        guard access(backup, R_OK) == 0 else { throw .cannotOpen(path: backup, reason: "permission denied") }
        try SQLitePlanStore.checkHeader(backup)
        let source = try SQLitePlanStore.openBackup(backup, options: options)
        defer { try? source.close() }
        let counts = try SQLitePlanStore.checkBackup(source, path: backup, timeout: options.busyTimeout)

        let lock = try DatabaseLock.acquire(beside: path, exclusive: true, timeout: options.busyTimeout)
        defer { lock?.release() }
        let previous = previousCopyName()
        do {
            try self.backup(to: previous)
        } catch {
            throw SQLitePlanStore.map(error, path: previous, timeout: options.busyTimeout)
        }
        do {
            try source.backup(to: dbQueue)
        } catch {
            // Nothing was restored (the copy is one transaction): the kept copy would only mislead.
            unlink(previous)
            throw SQLitePlanStore.map(error, path: path, timeout: options.busyTimeout)
        }
        try prepare()
        return RestoreResult(backup: backup, previous: previous, plans: counts.plans, actions: counts.actions,
                             lastChange: counts.lastChange)
    }

    /// `FILE.before-restore-20261206-081500` beside the database, a name not yet taken.
    private func previousCopyName() -> String {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = "yyyyMMdd-HHmmss"
        let base = "\(path).before-restore-\(format.string(from: options.now()))"
        var name = base
        var n = 1
        while FileManager.default.fileExists(atPath: name) {
            n += 1
            name = "\(base)-\(n)"
        }
        return name
    }

    static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    /// Opens a backup read-only, as a read-only database is opened (immutable when it is a WAL
    /// file in a folder no one can write).
    static func openBackup(_ backup: String, options: StoreOptions) throws(StoreError) -> DatabaseQueue {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(options.busyTimeout)
        do {
            return try DatabaseQueue(path: DatabaseFile.readOnlyName(backup), configuration: config)
        } catch {
            throw map(error, path: backup, timeout: options.busyTimeout)
        }
    }

    /// Refuses a backup that is not an actionplan database this build can read: someone else's
    /// SQLite file, one written by a newer version, a damaged one. Returns what it holds.
    static func checkBackup(_ source: DatabaseQueue, path: String, timeout: Double) throws(StoreError)
        -> (plans: Int, actions: Int, lastChange: Date?) {
        do {
            return try source.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                guard tables.contains("grdb_migrations"), tables.contains("plan"), tables.contains("action") else {
                    throw StoreError.invalid(field: "restore", message: "\(path) is not an actionplan backup (no plans in it): nothing was changed")
                }
                if try Schema.migrator.hasBeenSuperseded(db) { throw StoreError.newerSchema(path: path) }
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else {
                    throw StoreError.failed("the backup \(path) is damaged (\(check.first ?? "quick_check failed")): nothing was changed")
                }
                let plans = try Int.fetchOne(db, sql: "SELECT count(*) FROM plan") ?? 0
                let actions = try Int.fetchOne(db, sql: "SELECT count(*) FROM action") ?? 0
                let last = try String.fetchOne(db, sql: "SELECT max(at) FROM change_group").flatMap(Timestamp.parse)
                return (plans, actions, last)
            }
        } catch {
            throw map(error, path: path, timeout: timeout)
        }
    }
}
