import Foundation
import GRDB
import ActionPlanModel
import ActionPlanCore
#if canImport(Glibc)
import Glibc
#endif

/// How to open a store.
public struct StoreOptions: Sendable {
    /// How long a writer waits for another process's transaction before giving up.
    public var busyTimeout: Double
    /// The holidays to seed a new database's table with (the shipped file).
    public var initialHolidays: [BankHoliday]
    /// The clock for audit timestamps. Tests pass a fixed one.
    public var now: @Sendable () -> Date
    /// The operating-system account running the program, recorded on every change group; undo
    /// reverts only changes made by the same account. The command line reads it from the system
    /// (never from the environment); nil in tests that do not care.
    public var account: String?
    /// Skips the fsync at each commit. Only for generating throw-away benchmark databases:
    /// a crash may then lose the last transactions.
    public var unsafeBulkLoad = false

    public init(busyTimeout: Double = 5, initialHolidays: [BankHoliday] = [], now: @escaping @Sendable () -> Date = { Date() },
                account: String? = nil, unsafeBulkLoad: Bool = false) {
        self.account = account
        self.busyTimeout = busyTimeout
        self.initialHolidays = initialHolidays
        self.now = now
        self.unsafeBulkLoad = unsafeBulkLoad
    }
}

/// The SQLite implementation of `PlanStore`: one file, WAL mode, a busy timeout, named
/// migrations, and an audit row for every changed field.
public final class SQLitePlanStore: PlanStore {
    public let path: String
    let dbQueue: any DatabaseWriter
    let options: StoreOptions
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
        if !isReadOnly { config.journalMode = .wal }
        config.foreignKeysEnabled = true
        config.label = "actionplan"
        config.prepareDatabase { db in
            db.add(function: SQLitePlanStore.ownerMatches)
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

    /// `OwnerMatch.matches` as an SQL function, so the store selects owners by the same rule as
    /// every screen and report.
    static let ownerMatches = DatabaseFunction("actionplan_owner_matches", argumentCount: 2, pure: true) { values in
        guard let query = String.fromDatabaseValue(values[1]) else { return false }
        return OwnerMatch.matches(String.fromDatabaseValue(values[0]), query)
    }

    /// Opens the store on a database GRDB already holds (an in-memory `DatabaseQueue` in
    /// tests), migrating it if needed. `name` stands for the path in messages.
    public init(writer: any DatabaseWriter, name: String = ":memory:", options: StoreOptions = StoreOptions()) throws(StoreError) {
        self.path = name
        self.options = options
        self.dbQueue = writer
        self.isReadOnly = false
        writer.writeWithoutTransaction { db in
            db.add(function: SQLitePlanStore.ownerMatches)
        }
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

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try dbQueue.read { db in try body(db) }
        } catch {
            throw SQLitePlanStore.map(error, path: path, timeout: options.busyTimeout)
        }
    }

    /// Runs `body` in one IMMEDIATE transaction as one change group. A body that records no
    /// audit event rolls back, so a command that changes nothing leaves no trace.
    func write<T>(_ summary: String, who: String, undoes: Int64? = nil,
                  _ body: (ChangeRecorder) throws -> T) throws(StoreError) -> T {
        if isReadOnly { throw .readOnly(path: path) }
        let at = options.now()
        do {
            return try dbQueue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    try db.execute(sql: "INSERT INTO change_group(who, at, summary, undoes, account) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [who, Timestamp.format(at), summary, undoes, options.account])
                    let recorder = ChangeRecorder(db: db, group: db.lastInsertedRowID, at: at, who: who)
                    result = try body(recorder)
                    guard recorder.eventCount > 0 else { return .rollback }
                    try recorder.refreshSearchIndex()
                    return .commit
                }
                return result!
            }
        } catch {
            throw SQLitePlanStore.map(error, path: path, timeout: options.busyTimeout)
        }
    }
}

/// Writes audit events for one change group.
final class ChangeRecorder {
    let db: Database
    let group: Int64
    let at: Date
    let who: String
    private(set) var eventCount = 0
    private var touchedActions = Set<Int64>()
    /// Actions and findings whose searched text an event changed (see `ActionSearchIndex`).
    private var searchActions = Set<Int64>()
    private var searchFindings = Set<Int64>()
    private var createdActions = Set<Int64>()

    init(db: Database, group: Int64, at: Date, who: String) {
        self.db = db
        self.group = group
        self.at = at
        self.who = who
        self.timestamp = Timestamp.format(at)
    }

    /// `at` as stored.
    let timestamp: String

    func record(_ entity: String, _ id: Int64, field: String, old: String?, new: String?,
                planId: Int64? = nil, actionId: Int64? = nil) throws {
        // Prepared once per transaction: an import records an event per row.
        try db.cachedStatement(sql: """
            INSERT INTO audit_event(change_group, at, who, entity, entity_id, field, old_value, new_value, plan_id, action_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [group, timestamp, who, entity, id, field, old, new, planId, actionId])
        eventCount += 1
        if entity == AuditEntity.action.rawValue, ActionSearchIndex.actionFields.contains(field) {
            // An action created in this group has no row yet: nothing to delete first.
            if field == "*" && old == nil && !searchActions.contains(id) { createdActions.insert(id) } else { searchActions.insert(id) }
        }
        if entity == AuditEntity.finding.rawValue, ActionSearchIndex.findingFields.contains(field) { searchFindings.insert(id) }
    }

    /// Brings the search index in step with this group's changes, before it commits.
    func refreshSearchIndex() throws {
        try ActionSearchIndex.refresh(db, actionIds: searchActions, findingIds: searchFindings, created: createdActions)
        searchActions = []
        searchFindings = []
        createdActions = []
    }

    /// Inserts a record through its column definitions (every column but the id, which the
    /// database gives), records its creation with the whole row as the audit snapshot, and
    /// returns the record with its id.
    func insert<R>(_ record: R, _ columns: [RecordColumn<R>], into table: AuditEntity,
                   planId: (R) -> Int64?, actionId: (R) -> Int64? = { _ in nil }) throws -> R {
        let stored = columns.filter { $0.name != "id" }
        let names = stored.map(\.name).joined(separator: ", ")
        let marks = Array(repeating: "?", count: stored.count).joined(separator: ", ")
        let values: StatementArguments = StatementArguments(stored.map { $0.text(record) })
        try db.cachedStatement(sql: "INSERT INTO \(table.rawValue) (\(names)) VALUES (\(marks))").execute(arguments: values)
        let id = db.lastInsertedRowID
        var created = record
        _ = RecordSnapshot.set("id", String(id), on: &created, columns)
        try self.record(table.rawValue, id, field: "*", old: nil, new: RecordSnapshot.make(created, columns),
                        planId: planId(created), actionId: actionId(created))
        return created
    }

    /// Bumps an action's version and stamps who changed it and when, once per change group
    /// that changes it (its notes included), recorded like any other column so that the
    /// audit trail alone rebuilds the action as it was.
    func touch(actionId: Int64, planId: Int64) throws {
        if touchedActions.contains(actionId) { return }
        touchedActions.insert(actionId)
        guard let row = try Row.fetchOne(db, sql: "SELECT version, updated_at, updated_by FROM action WHERE id = ?",
                                         arguments: [actionId]) else { return }
        let version: Int64 = row[0]
        try db.execute(sql: "UPDATE action SET version = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                       arguments: [version + 1, timestamp, who, actionId])
        try record("action", actionId, field: "version", old: String(version), new: String(version + 1), planId: planId, actionId: actionId)
        for (index, (column, value)) in [("updated_at", timestamp), ("updated_by", who)].enumerated() {
            let old = Rows.text(row[index + 1])
            if old != value {
                try record("action", actionId, field: column, old: old, new: value, planId: planId, actionId: actionId)
            }
        }
    }

    /// Writes the columns that differ between `old` and `new` and records an event for each.
    /// Returns whether anything changed.
    func update<R>(from old: R, to new: R, _ columns: [RecordColumn<R>], table: AuditEntity, id: Int64,
                   planId: Int64?, actionId: Int64? = nil) throws -> Bool {
        var changed = false
        for column in columns where column.name != "id" {
            let before = column.text(old), after = column.text(new)
            guard before != after else { continue }
            try db.execute(sql: "UPDATE \(table.rawValue) SET \(column.name) = ? WHERE id = ?", arguments: [after, id])
            try record(table.rawValue, id, field: column.name, old: before, new: after, planId: planId, actionId: actionId)
            changed = true
        }
        return changed
    }
}
