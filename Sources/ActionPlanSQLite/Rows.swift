import Foundation
import GRDB
import ActionPlanModel
import ActionPlanCore

/// Decoding of rows into model values. Every column is read strictly: a value the model cannot
/// hold (an unknown status, an impossible date, text where a number belongs) is
/// `StoreError.damaged` naming the table, the row and the column, never a default.
///
/// Plans and milestones decode through `RecordColumns`; findings, actions and notes, which are
/// read by the hundred thousand, decode by position in `RecordColumns` order (a test checks the
/// two agree).
enum Rows {
    /// Decodes every row of a query straight from the statement (no intermediate row copies).
    static func all<T>(_ db: Database, _ sql: String, _ arguments: StatementArguments = [],
                       _ decode: (Row) throws -> T) throws -> [T] {
        var result: [T] = []
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try cursor.next() { result.append(try decode(row)) }
        return result
    }

    static func one<T>(_ db: Database, _ sql: String, _ arguments: StatementArguments = [],
                       _ decode: (Row) throws -> T) throws -> T? {
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else { return nil }
        return try decode(row)
    }

    /// The text form of a stored value (nil for NULL).
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let v): return String(v)
        case .double(let v): return String(v)
        case .string(let v): return v
        case .blob(let v): return v.base64EncodedString()
        }
    }

    /// "col1, col2, …" of a record's columns, optionally prefixed by a table alias.
    static func selection<R>(_ columns: [RecordColumn<R>], alias: String? = nil) -> String {
        columns.map { column in alias.map { "\($0).\(column.name)" } ?? column.name }.joined(separator: ", ")
    }

    /// Decodes a row selected with `selection(columns)` through the column definitions.
    static func record<R>(_ row: Row, _ columns: [RecordColumn<R>], table: String, base: R) throws -> R {
        var record = base
        let id = row[0] as DatabaseValue
        for (index, column) in columns.enumerated() {
            let value = text(row[index])
            if !column.apply(&record, value) {
                throw StoreError.damaged(table: table, id: text(id).flatMap { Int64($0) }, column: column.name, value: value)
            }
        }
        return record
    }

    static let planSelection = selection(RecordColumns.plan)
    static let milestoneSelection = selection(RecordColumns.milestone)
    static let findingSelection = selection(RecordColumns.finding)
    static let noteSelection = selection(RecordColumns.note)
    static let actionSelectionPlain = selection(RecordColumns.action)
    static func actionSelection(_ alias: String) -> String { selection(RecordColumns.action, alias: alias) }

    static let epoch = Date(timeIntervalSince1970: 0)

    static func plan(_ row: Row) throws -> Plan {
        try record(row, RecordColumns.plan, table: "plan",
                   base: Plan(title: "", authority: "", kind: .other, letterDate: nil, received: Day(dayNumber: 0),
                              createdAt: epoch, createdBy: ""))
    }

    static func milestone(_ row: Row) throws -> Milestone {
        try record(row, RecordColumns.milestone, table: "milestone", base: Milestone(planId: 0, title: "", due: nil, rule: nil))
    }

    /// Strict readers of one column by position, for the hot decoders.
    struct Reader {
        let row: Row
        let table: String
        let names: [String]

        func fail(_ index: Int) -> StoreError {
            StoreError.damaged(table: table, id: Rows.text(row[0]).flatMap { Int64($0) }, column: names[index],
                               value: Rows.text(row[index]))
        }

        func int64(_ i: Int) throws -> Int64 {
            if case .int64(let v) = (row[i] as DatabaseValue).storage { return v }
            throw fail(i)
        }
        func int(_ i: Int) throws -> Int { Int(try int64(i)) }
        func bool(_ i: Int) throws -> Bool {
            let v = try int64(i)
            guard v == 0 || v == 1 else { throw fail(i) }
            return v == 1
        }
        func string(_ i: Int) throws -> String {
            if case .string(let v) = (row[i] as DatabaseValue).storage { return v }
            throw fail(i)
        }
        func optionalString(_ i: Int) throws -> String? {
            switch (row[i] as DatabaseValue).storage {
            case .null: return nil
            case .string(let v): return v
            default: throw fail(i)
            }
        }
        func day(_ i: Int) throws -> Day {
            guard let day = Day(iso: try string(i)) else { throw fail(i) }
            return day
        }
        func optionalDay(_ i: Int) throws -> Day? {
            guard let text = try optionalString(i) else { return nil }
            guard let day = Day(iso: text) else { throw fail(i) }
            return day
        }
        func date(_ i: Int) throws -> Date {
            guard let date = Timestamp.parse(try string(i)) else { throw fail(i) }
            return date
        }
        func raw<E: RawRepresentable>(_ i: Int) throws -> E where E.RawValue == String {
            guard let value = E(rawValue: try string(i)) else { throw fail(i) }
            return value
        }
        func optionalRaw<E: RawRepresentable>(_ i: Int) throws -> E? where E.RawValue == String {
            guard let text = try optionalString(i) else { return nil }
            guard let value = E(rawValue: text) else { throw fail(i) }
            return value
        }
        func rule(_ i: Int) throws -> DeadlineRule? {
            guard let text = try optionalString(i) else { return nil }
            guard let rule = DeadlineRule(code: text) else { throw fail(i) }
            return rule
        }
        func removal(_ i: Int) throws -> Removal? {
            guard let text = try optionalString(i) else { return nil }
            guard let removal = RemovalText.parse(text) else { throw fail(i) }
            return removal
        }
        func strings(_ i: Int) throws -> [String] {
            guard let list = JSONText.strings(try string(i)) else { throw fail(i) }
            return list
        }
    }

    static let findingNames = RecordColumns.finding.map(\.name)
    static let actionNames = RecordColumns.action.map(\.name)
    static let noteNames = RecordColumns.note.map(\.name)

    static func finding(_ row: Row) throws -> Finding {
        let r = Reader(row: row, table: "finding", names: findingNames)
        return Finding(id: try r.int64(0), planId: try r.int64(1), ref: try r.string(2), category: try r.raw(3),
                       timeframe: try r.raw(4), sectionPath: try r.strings(5), text: try r.string(6),
                       sourceLocation: try r.optionalString(7), position: try r.int(8),
                       ownerBody: try r.optionalString(9), subItems: try r.strings(10), removed: try r.removal(11))
    }

    static func action(_ row: Row) throws -> Action {
        let r = Reader(row: row, table: "action", names: actionNames)
        return Action(id: try r.int64(0), findingId: try r.int64(1), planId: try r.int64(2), title: try r.string(3),
                      owner: try r.optionalString(4), due: try r.optionalDay(5), dueProvisional: try r.bool(6),
                      dueRule: try r.rule(7), originalDue: try r.optionalDay(8), reprogramCount: try r.int(9),
                      status: try r.raw(10), ragOverride: try r.optionalRaw(11), ragReason: try r.optionalString(12),
                      successMeasure: try r.optionalString(13), evidence: try r.optionalString(14), version: try r.int(15),
                      createdAt: try r.date(16), updatedAt: try r.date(17), updatedBy: try r.string(18), ref: try r.string(19),
                      removed: try r.removal(20))
    }

    static func note(_ row: Row) throws -> Note {
        let r = Reader(row: row, table: "note", names: noteNames)
        return Note(id: try r.int64(0), actionId: try r.int64(1), author: try r.string(2), day: try r.day(3),
                    createdAt: try r.date(4), text: try r.string(5), removed: try r.removal(6))
    }

    /// The audit_event table's columns read into `AuditEvent`, by position, with the account of
    /// the event's change group: select them `FROM auditSource`.
    static let auditColumns = "e.id, e.change_group, e.at, e.who, e.entity, e.entity_id, e.field, e.old_value, e.new_value, g.account"
    static let auditSource = "audit_event e JOIN change_group g ON g.id = e.change_group"
    static let auditNames = ["id", "change_group", "at", "who", "entity", "entity_id", "field", "old_value", "new_value", "account"]

    static func audit(_ row: Row) throws -> AuditEvent {
        let r = Reader(row: row, table: "audit_event", names: auditNames)
        return AuditEvent(id: try r.int64(0), changeGroup: try r.int64(1), at: try r.date(2), who: try r.string(3),
                          entity: try r.string(4), entityId: try r.int64(5), field: try r.string(6),
                          oldValue: text(row[7]), newValue: text(row[8]), account: try r.optionalString(9))
    }

    static let groupColumns = "id, who, at, summary, undone_by, undoes, account"

    static func group(_ row: Row) throws -> ChangeGroup {
        let r = Reader(row: row, table: "change_group", names: ["id", "who", "at", "summary", "undone_by", "undoes", "account"])
        func optionalId(_ i: Int) throws -> Int64? {
            if (row[i] as DatabaseValue).isNull { return nil }
            return try r.int64(i)
        }
        return ChangeGroup(id: try r.int64(0), who: try r.string(1), at: try r.date(2), summary: try r.string(3),
                           undoneBy: try optionalId(4), undoes: try optionalId(5), account: try r.optionalString(6))
    }
}
