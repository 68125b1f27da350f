import Foundation
import ActionPlanModel
import ActionPlanCore

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
    /// (never from the environment); nil in tests that do not care. On PostgreSQL the database
    /// login takes its place (`SQLPlanStore.account`).
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

/// A `PlanStore` over an SQL database: every read, write, audit event, undo and report query is
/// written once, here, against `SQLDatabase`; a backend gives a connection for a read and a
/// serialised transaction for a write (docs/architecture.md, "Two backends").
public protocol SQLPlanStore: PlanStore {
    /// The database as messages name it: a file's path, or a PostgreSQL location without secrets.
    var path: String { get }
    var options: StoreOptions { get }
    var isReadOnly: Bool { get }
    /// Who the change groups are recorded under besides the name given: the operating-system
    /// account on SQLite, the database login on PostgreSQL.
    var account: String? { get }
    /// Which SQL the database speaks where the two differ.
    var dialect: SQLDialect { get }

    /// Runs `body` on a connection that sees one consistent state of the database.
    func read<T>(_ body: (any SQLDatabase) throws -> T) throws(StoreError) -> T
    /// Runs `body` in one transaction that no other writer interleaves with; it commits when
    /// `body` returns `commit: true`, else rolls back. Errors are mapped to `StoreError`.
    func transaction<T>(_ body: (any SQLDatabase) throws -> (value: T, commit: Bool)) throws(StoreError) -> T
    /// Tells the others who have the database open what a change group touched, inside its
    /// transaction (so only a committed change is told). SQLite tells no one: its readers
    /// see the change token move.
    func announce(_ notice: ChangeNotice, on db: any SQLDatabase) throws
}

extension SQLPlanStore {
    public func announce(_ notice: ChangeNotice, on db: any SQLDatabase) throws {}
}

extension SQLPlanStore {
    /// Runs `body` in one write transaction as one change group. A body that records no
    /// audit event rolls back, so a command that changes nothing leaves no trace.
    func write<T>(_ summary: String, who: String, undoes: Int64? = nil,
                  _ body: (ChangeRecorder) throws -> T) throws(StoreError) -> T {
        if isReadOnly { throw .readOnly(path: path) }
        let at = options.now()
        let account = self.account
        return try transaction { db in
            let group = try db.insert("INSERT INTO change_group(who, at, summary, undoes, account) VALUES (?, ?, ?, ?, ?)",
                                      [who, Timestamp.format(at), summary, undoes, account])
            let recorder = ChangeRecorder(db: db, group: group, at: at, who: who)
            let result = try body(recorder)
            guard recorder.eventCount > 0 else { return (result, false) }
            try recorder.refreshSearchIndex()
            try self.announce(recorder.notice, on: db)
            return (result, true)
        }
    }
}

/// Writes audit events for one change group.
final class ChangeRecorder {
    let db: any SQLDatabase
    let group: Int64
    let at: Date
    let who: String
    private(set) var eventCount = 0
    private var touchedActions = Set<Int64>()
    /// Actions and findings whose searched text an event changed (see `ActionSearchIndex`).
    private var searchActions = Set<Int64>()
    private var searchFindings = Set<Int64>()
    private var createdActions = Set<Int64>()
    /// The plans and actions this group's events touched.
    private var plans = Set<Int64>()
    private var actions = Set<Int64>()

    var notice: ChangeNotice { ChangeNotice(group: group, plans: plans.sorted(), actions: actions.sorted()) }

    init(db: any SQLDatabase, group: Int64, at: Date, who: String) {
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
        try db.execute("""
            INSERT INTO audit_event(change_group, at, who, entity, entity_id, field, old_value, new_value, plan_id, action_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [group, timestamp, who, entity, id, field, old, new, planId, actionId], cached: true)
        noted(entity, id, field: field, old: old, planId: planId, actionId: actionId)
    }

    /// The creation of one row, inserted but not yet recorded (`recordCreations`).
    struct Creation {
        let entity: AuditEntity
        let id: Int64
        let snapshot: String
        let planId: Int64?
        let actionId: Int64?
    }

    /// Records the creation events of rows inserted together (`insertAll`), in this order, in
    /// multi-row statements: the same events `record` writes one at a time.
    func recordCreations(_ creations: [Creation]) throws {
        let columns = ["change_group", "at", "who", "entity", "entity_id", "field", "old_value", "new_value", "plan_id", "action_id"]
        var values: [SQLValue] = []
        values.reserveCapacity(creations.count * columns.count)
        for creation in creations {
            values += [.integer(group), .text(timestamp), .text(who), .text(creation.entity.rawValue), .integer(creation.id), .text("*"),
                       .null, .text(creation.snapshot), creation.planId.map(SQLValue.integer) ?? .null,
                       creation.actionId.map(SQLValue.integer) ?? .null]
            noted(creation.entity.rawValue, creation.id, field: "*", old: nil, planId: creation.planId, actionId: creation.actionId)
        }
        try db.insertRows(into: "audit_event", columns: columns, values: values)
    }

    /// What an event tells the group: its count, the plans and actions it touched (the change
    /// notice) and the rows of the search index it changes.
    private func noted(_ entity: String, _ id: Int64, field: String, old: String?, planId: Int64?, actionId: Int64?) {
        eventCount += 1
        if let planId { plans.insert(planId) }
        if let actionId { actions.insert(actionId) }
        if entity == AuditEntity.plan.rawValue { plans.insert(id) }
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
        let (created, creation) = try insertOne(record, columns, into: table, planId: planId, actionId: actionId)
        try self.record(table.rawValue, creation.id, field: "*", old: nil, new: creation.snapshot,
                        planId: creation.planId, actionId: creation.actionId)
        return created
    }

    private func insertOne<R>(_ record: R, _ columns: [RecordColumn<R>], into table: AuditEntity,
                              planId: (R) -> Int64?, actionId: (R) -> Int64?) throws -> (R, Creation) {
        let shape = insertShape(table, columns)
        // Each column's text is taken once: the row inserted and its snapshot are the same texts.
        var texts = columns.map { $0.text(record) }
        var values: [SQLValue] = []
        values.reserveCapacity(texts.count)
        for (index, text) in texts.enumerated() where index != shape.idIndex { values.append(text.map(SQLValue.text) ?? .null) }
        let id = try db.insert(shape.sql, values: values)
        var created = record
        _ = RecordSnapshot.set("id", String(id), on: &created, columns)
        if let idIndex = shape.idIndex { texts[idIndex] = String(id) }
        return (created, Creation(entity: table, id: id, snapshot: shape.layout.json(texts), planId: planId(created), actionId: actionId(created)))
    }

    /// Inserts new records of one table together and returns them with their ids, and the
    /// events of their creation, not yet recorded (`recordCreations`: an import records them in
    /// the order one row at a time would have). On SQLite the ids are taken first (`newIds`:
    /// those the database would have given one row at a time) and the rows written in
    /// multi-row statements; on PostgreSQL each row is inserted on its own and gets its id from
    /// the table's identity, since a login may use that without the right to take numbers from
    /// its sequence.
    func insertAll<R>(_ records: [R], _ columns: [RecordColumn<R>], into table: AuditEntity,
                      planId: (R) -> Int64?, actionId: (R) -> Int64? = { _ in nil }) throws -> (records: [R], creations: [Creation]) {
        let shape = insertShape(table, columns)
        guard !records.isEmpty, let idIndex = shape.idIndex, let ids = try newIds(table, count: records.count) else {
            var created: [R] = [], creations: [Creation] = []
            for record in records {
                let (row, creation) = try insertOne(record, columns, into: table, planId: planId, actionId: actionId)
                created.append(row)
                creations.append(creation)
            }
            return (created, creations)
        }
        var created = records
        var creations: [Creation] = []
        creations.reserveCapacity(records.count)
        var values: [SQLValue] = []
        values.reserveCapacity(records.count * columns.count)
        for index in created.indices {
            _ = RecordSnapshot.set("id", String(ids[index]), on: &created[index], columns)
            let texts = columns.map { $0.text(created[index]) }
            // Every column as the text the snapshot holds, as one row at a time writes it; the key as an integer.
            for (column, text) in texts.enumerated() { values.append(column == idIndex ? .integer(ids[index]) : text.map(SQLValue.text) ?? .null) }
            creations.append(Creation(entity: table, id: ids[index], snapshot: shape.layout.json(texts),
                                      planId: planId(created[index]), actionId: actionId(created[index])))
        }
        try db.insertRows(into: table.rawValue, columns: shape.layout.names, values: values)
        return (created, creations)
    }

    /// The ids `count` rows inserted one at a time would get, when the backend can say so before
    /// inserting them: on SQLite, where the write holds the database, one more than the largest
    /// id the table has or ever had (`AUTOINCREMENT` keeps it in `sqlite_sequence`), and on.
    private func newIds(_ table: AuditEntity, count: Int) throws -> [Int64]? {
        guard db.dialect == .sqlite else { return nil }
        let last = try db.int64("""
            SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), coalesce((SELECT max(id) FROM \(table.rawValue)), 0))
            """, [table.rawValue]) ?? 0
        return (1...Int64(count)).map { last + $0 }
    }

    /// A table's INSERT (every column but the id, which the database gives) and the order of its
    /// snapshot, made once per change group: each table is written through one column list
    /// (`RecordColumns`).
    private struct InsertShape {
        let sql: String
        let idIndex: Int?
        let layout: RecordSnapshot.Layout
    }
    private var insertShapes: [AuditEntity: InsertShape] = [:]

    private func insertShape<R>(_ table: AuditEntity, _ columns: [RecordColumn<R>]) -> InsertShape {
        if let known = insertShapes[table], known.layout.names.count == columns.count { return known }
        let names = columns.map(\.name).filter { $0 != "id" }
        let shape = InsertShape(sql: "INSERT INTO \(table.rawValue) (\(names.joined(separator: ", "))) VALUES (\(sqlMarks(names.count)))",
                                idIndex: columns.firstIndex { $0.name == "id" }, layout: RecordSnapshot.Layout(columns))
        insertShapes[table] = shape
        return shape
    }

    /// Bumps an action's version and stamps who changed it and when, once per change group
    /// that changes it (its notes included), recorded like any other column so that the
    /// audit trail alone rebuilds the action as it was.
    func touch(actionId: Int64, planId: Int64) throws {
        if touchedActions.contains(actionId) { return }
        touchedActions.insert(actionId)
        guard let row = try db.row("SELECT version, updated_at, updated_by FROM action WHERE id = ?", [actionId]),
              let version = row.int64(0) else { return }
        try changeOne("UPDATE action SET version = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                      [version + 1, timestamp, who, actionId], entity: "action", id: actionId)
        try record("action", actionId, field: "version", old: String(version), new: String(version + 1), planId: planId, actionId: actionId)
        for (index, (column, value)) in [("updated_at", timestamp), ("updated_by", who)].enumerated() {
            let old = row.string(index + 1)
            if old != value {
                try record("action", actionId, field: column, old: old, new: value, planId: planId, actionId: actionId)
            }
        }
    }

    /// Runs an UPDATE or DELETE of the one row `entity` `id`. A row the database lets this login
    /// read but not change (row-level security on PostgreSQL) is left as it was without an
    /// error: that is refused here, before its audit event is written.
    func changeOne(_ sql: String, _ arguments: SQLArguments, entity: String, id: Int64) throws {
        let changed = try db.execute(sql, arguments)
        if changed != 1 {
            throw StoreError.notAllowed(login: who, what: "\(sql.hasPrefix("DELETE") ? "remove" : "change") \(entity) \(id)")
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
            try changeOne("UPDATE \(table.rawValue) SET \(column.name) = ? WHERE id = ?", [after, id], entity: table.rawValue, id: id)
            try record(table.rawValue, id, field: column.name, old: before, new: after, planId: planId, actionId: actionId)
            changed = true
        }
        return changed
    }
}
