import Foundation
import GRDB
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQL
#if canImport(Glibc)
import Glibc
#endif

/// The SQLite implementation of `PlanStore`: one file, WAL mode, a busy timeout, named
/// migrations, and an audit row for every changed field.
public final class SQLitePlanStore: SQLPlanStore {
    public let path: String
    let dbQueue: any DatabaseWriter
    public let options: StoreOptions
    public var account: String? { options.account }
    public var dialect: SQLDialect { .sqlite }
    public let isReadOnly: Bool

    /// Opens (creating it if needed) and migrates the database at `path`. A new file is 0600,
    /// or 0660 in a shared folder (setgid and group-writable, see `PrivateFiles.isShared`).
    /// A database this process cannot change (a 0444 file, a read-only folder) is opened
    /// read-only: every read works and every write is refused with `StoreError.readOnly`.
    public init(path: String, options: StoreOptions = StoreOptions()) throws(StoreError) {
        self.path = path
        self.options = options
        if try DatabaseFile.existing(path) {
            guard access(path, R_OK) == 0 else { throw .cannotOpen(path: path, reason: "permission denied") }
            try SQLitePlanStore.checkHeader(path)
        } else {
            let parent = DatabaseFile.directory(of: path)
            if !FileManager.default.fileExists(atPath: parent) {
                throw .cannotOpen(path: path, reason: "the directory \(parent) does not exist")
            }
            try DatabaseFile.create(path, mode: DatabaseFile.newFileMode(beside: path))
        }
        isReadOnly = !DatabaseFile.isWritable(path)

        // Opening and migrating a new file from several processes at once is not safe in
        // SQLite alone: hold an exclusive lock on a file beside the database meanwhile.
        let lock = try DatabaseLock.acquire(beside: path, exclusive: !isReadOnly, timeout: options.busyTimeout)
        defer { lock?.release() }

        var config = Configuration()
        config.busyMode = .timeout(options.busyTimeout)
        config.readonly = isReadOnly
        config.foreignKeysEnabled = true
        config.label = "actionplan"
        let writable = !isReadOnly
        config.prepareDatabase { db in
            // WAL, set once in the file (the mode persists), and synchronous NORMAL, as GRDB's
            // `journalMode = .wal` sets them, but without its write on every open: when the -wal
            // file is missing or empty, as it is after every command, GRDB creates and drops a
            // table to give it content, so that even `list` wrote the database and waited for
            // two fsyncs. Only a database pool's readers need that (docs/architecture.md).
            if writable, try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                    throw DatabaseError(message: "could not set the database's journal to WAL")
                }
            }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A list of 100,000 actions is sorted (ORDER BY) and grouped: in memory, not in a
            // temporary file under /var/tmp.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        if options.unsafeBulkLoad {
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        }
        do {
            dbQueue = try DatabaseQueue(path: isReadOnly ? DatabaseFile.readOnlyName(path) : path, configuration: config)
        } catch {
            throw SQLitePlanStore.map(error, path: path, timeout: options.busyTimeout)
        }
        try prepare()
    }

    /// Opens the store on a database GRDB already holds (an in-memory `DatabaseQueue` in
    /// tests), migrating it if needed. `name` stands for the path in messages.
    public init(writer: any DatabaseWriter, name: String = ":memory:", options: StoreOptions = StoreOptions()) throws(StoreError) {
        self.path = name
        self.options = options
        self.dbQueue = writer
        self.isReadOnly = false
        try prepare()
    }

    /// A new, empty store in memory (for tests and previews): the same schema, the same audit
    /// trail and the same rules as a file, gone when the value is.
    public static func inMemory(options: StoreOptions = StoreOptions()) throws(StoreError) -> SQLitePlanStore {
        var config = Configuration()
        config.foreignKeysEnabled = true
        do {
            return try SQLitePlanStore(writer: try DatabaseQueue(configuration: config), options: options)
        } catch let error as StoreError {
            throw error
        } catch {
            throw SQLitePlanStore.map(error, path: ":memory:", timeout: options.busyTimeout)
        }
    }

    func prepare() throws(StoreError) {
        let migrator = Schema.migrator
        do {
            let state: (foreign: Bool, superseded: Bool, complete: Bool) = try dbQueue.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                let ours = tables.contains("grdb_migrations")
                if !tables.isEmpty && !ours { return (true, false, false) }
                let superseded = ours ? try migrator.hasBeenSuperseded(db) : false
                let complete = ours ? try migrator.hasCompletedMigrations(db) : false
                return (false, superseded, complete)
            }
            if state.foreign { throw StoreError.notADatabase(path: path) }
            if state.superseded { throw StoreError.newerSchema(path: path) }
            if !state.complete {
                if isReadOnly {
                    // A read-only file of an older schema cannot be upgraded in place, and this
                    // version reads only its own schema.
                    let empty = try dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0 } == 0
                    if empty { throw StoreError.readOnly(path: path) }
                    throw StoreError.cannotOpen(path: path, reason: "it was written by an older version of actionplan and is read-only for you, "
                                                + "so it cannot be upgraded: copy it to a folder you can write and open the copy")
                }
                try migrator.migrate(dbQueue)
            }
            if !isReadOnly && !options.initialHolidays.isEmpty {
                try dbQueue.write { db in
                    if try Int.fetchOne(db, sql: "SELECT count(*) FROM bank_holiday") == 0 {
                        for holiday in options.initialHolidays {
                            try db.execute(sql: "INSERT OR REPLACE INTO bank_holiday(day, name) VALUES (?, ?)",
                                           arguments: [holiday.day.iso, holiday.name])
                        }
                    }
                }
            }
        } catch {
            throw SQLitePlanStore.map(error, path: path, timeout: options.busyTimeout)
        }
    }

    /// Refuses a file that is not empty and not SQLite, before SQLite ever sees it.
    static func checkHeader(_ path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .cannotOpen(path: path, reason: "permission denied")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty { return }
        if header != Data("SQLite format 3\0".utf8) { throw .notADatabase(path: path) }
    }

    static func map(_ error: any Error, path: String, timeout: Double) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            // SQLite says "disk I/O error" (or "unable to open") when a write to the WAL, the
            // -shm or a new file fails with ENOSPC; the file system says why.
            if error.resultCode == .SQLITE_IOERR || error.resultCode == .SQLITE_CANTOPEN, DatabaseFile.diskIsFull(at: path) {
                return DatabaseFile.diskFull(path)
            }
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(path: path, seconds: timeout)
            case .SQLITE_READONLY: return .readOnly(path: path)
            case .SQLITE_NOTADB: return .notADatabase(path: path)
            case .SQLITE_CANTOPEN: return .cannotOpen(path: path, reason: error.message ?? "cannot open file")
            case .SQLITE_FULL: return DatabaseFile.diskFull(path)
            case .SQLITE_CORRUPT: return .failed("the database \(path) is damaged: restore it from a backup")
            case .SQLITE_PERM, .SQLITE_AUTH: return .readOnly(path: path)
            default: return .failed("database error on \(path): \(error.message ?? "\(error.resultCode)")")
            }
        }
        return .failed("\(error)")
    }

    // MARK: - Running reads and writes

    public func read<T>(_ body: (any SQLDatabase) throws -> T) throws(StoreError) -> T {
        do {
            return try dbQueue.read { db in try body(GRDBConnection(db)) }
        } catch {
            throw SQLitePlanStore.map(error, path: path, timeout: options.busyTimeout)
        }
    }

    /// An IMMEDIATE transaction: SQLite's one writer at a time, taken before the first read.
    public func transaction<T>(_ body: (any SQLDatabase) throws -> (value: T, commit: Bool)) throws(StoreError) -> T {
        do {
            return try dbQueue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    let (value, commit) = try body(GRDBConnection(db))
                    result = value
                    return commit ? .commit : .rollback
                }
                return result!
            }
        } catch {
            throw SQLitePlanStore.map(error, path: path, timeout: options.busyTimeout)
        }
    }
}

extension SQLitePlanStore {
    /// A second connection to the file (the database is in WAL mode: it reads while this one
    /// reads and writes); an in-memory database has no other, so it is this store.
    public func readingConnection() throws -> any PlanStore {
        guard path != ":memory:", FileManager.default.fileExists(atPath: path) else { return self }
        return try SQLitePlanStore(path: path, options: options)
    }

    public func backup(to destination: String) throws {
        if FileManager.default.fileExists(atPath: destination) {
            throw StoreError.invalid(field: "backup file", message: "\(destination) already exists: choose a new file name")
        }
        do {
            // Readable by its owner only from the first byte (or by the team in a shared folder):
            // created 0600 (0660) before SQLite opens it.
            let fd = try PrivateFiles.createExclusive(destination, mode: DatabaseFile.newFileMode(beside: destination))
            close(fd)
        } catch {
            throw StoreError.cannotOpen(path: destination, reason: error.reason)
        }
        do {
            let target = try DatabaseQueue(path: destination)
            try dbQueue.backup(to: target)
            // A rollback journal, not WAL: the copy opens read-only anywhere (a board member's
            // copy, an archive on read-only media).
            try target.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
            try target.close()
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw SQLitePlanStore.map(error, path: destination, timeout: options.busyTimeout)
        }
    }
}
