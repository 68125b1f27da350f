import Foundation
import ActionPlanModel
import ActionPlanCore

/// Decoding of rows into model values. Every column is read strictly: a value the model cannot
/// hold (an unknown status, an impossible date, text where a number belongs) is
/// `StoreError.damaged` naming the table, the row and the column, never a default.
///
/// Plans and milestones decode through `RecordColumns`; findings, actions and notes, which are
/// read by the hundred thousand, decode by position in `RecordColumns` order (a test checks the
/// two agree).
package enum Rows {
    /// Decodes every row of a query straight from the statement (no intermediate row copies).
    package static func all<T>(_ db: any SQLDatabase, _ sql: String, _ arguments: SQLArguments = [],
                       _ decode: (any SQLRow) throws -> T) throws -> [T] {
        var result: [T] = []
        try db.each(sql, arguments) { row in result.append(try decode(row)) }
        return result
    }

    package static func one<T>(_ db: any SQLDatabase, _ sql: String, _ arguments: SQLArguments = [],
                       _ decode: (any SQLRow) throws -> T) throws -> T? {
        guard let row = try db.row(sql, arguments) else { return nil }
        return try decode(row)
    }

    /// The text form of a stored value (nil for NULL).
    package static func text(_ value: SQLValue) -> String? { value.text }

    /// "col1, col2, …" of a record's columns, optionally prefixed by a table alias.
    package static func selection<R>(_ columns: [RecordColumn<R>], alias: String? = nil) -> String {
        columns.map { column in alias.map { "\($0).\(column.name)" } ?? column.name }.joined(separator: ", ")
    }

    /// Decodes a row selected with `selection(columns)` through the column definitions.
    package static func record<R>(_ row: any SQLRow, _ columns: [RecordColumn<R>], table: String, base: R) throws -> R {
        var record = base
        let id = row[0]
        for (index, column) in columns.enumerated() {
            let value = text(row[index])
            if !column.apply(&record, value) {
                throw StoreError.damaged(table: table, id: text(id).flatMap { Int64($0) }, column: column.name, value: value)
            }
        }
        return record
    }

    package static let planSelection = selection(RecordColumns.plan)
    package static let milestoneSelection = selection(RecordColumns.milestone)
    package static let findingSelection = selection(RecordColumns.finding)
    package static let noteSelection = selection(RecordColumns.note)
    package static let actionSelectionPlain = selection(RecordColumns.action)
    package static func actionSelection(_ alias: String) -> String { selection(RecordColumns.action, alias: alias) }

    package static let epoch = Date(timeIntervalSince1970: 0)

    package static func plan(_ row: any SQLRow) throws -> Plan {
        try record(row, RecordColumns.plan, table: "plan",
                   base: Plan(title: "", authority: "", kind: .other, letterDate: nil, received: Day(dayNumber: 0),
                              createdAt: epoch, createdBy: ""))
    }

    package static func milestone(_ row: any SQLRow) throws -> Milestone {
        try record(row, RecordColumns.milestone, table: "milestone", base: Milestone(planId: 0, title: "", due: nil, rule: nil))
    }

    /// Strict readers of one column by position, for the hot decoders.
    package struct Reader {
        package let row: any SQLRow
        package let table: String
        package let names: [String]

        package init(row: any SQLRow, table: String, names: [String]) {
            self.row = row
            self.table = table
            self.names = names
        }

        package func fail(_ index: Int) -> StoreError {
            StoreError.damaged(table: table, id: Rows.text(row[0]).flatMap { Int64($0) }, column: names[index],
                               value: Rows.text(row[index]))
        }

        package func int64(_ i: Int) throws -> Int64 {
            if case .integer(let v) = row[i] { return v }
            throw fail(i)
        }
        package func int(_ i: Int) throws -> Int { Int(try int64(i)) }
        package func bool(_ i: Int) throws -> Bool {
            let v = try int64(i)
            guard v == 0 || v == 1 else { throw fail(i) }
            return v == 1
        }
        package func string(_ i: Int) throws -> String {
            if case .text(let v) = row[i] { return v }
            throw fail(i)
        }
        package func optionalString(_ i: Int) throws -> String? {
            switch row[i] {
            case .null: return nil
            case .text(let v): return v
            default: throw fail(i)
            }
        }
        package func day(_ i: Int) throws -> Day {
            guard let day = Day(iso: try string(i)) else { throw fail(i) }
            return day
        }
        package func optionalDay(_ i: Int) throws -> Day? {
            guard let text = try optionalString(i) else { return nil }
            guard let day = Day(iso: text) else { throw fail(i) }
            return day
        }
        package func date(_ i: Int) throws -> Date {
            guard let date = Timestamp.parse(try string(i)) else { throw fail(i) }
            return date
        }
        package func raw<E: RawRepresentable>(_ i: Int) throws -> E where E.RawValue == String {
            guard let value = E(rawValue: try string(i)) else { throw fail(i) }
            return value
        }
        package func optionalRaw<E: RawRepresentable>(_ i: Int) throws -> E? where E.RawValue == String {
            guard let text = try optionalString(i) else { return nil }
            guard let value = E(rawValue: text) else { throw fail(i) }
            return value
        }
        package func rule(_ i: Int) throws -> DeadlineRule? {
            guard let text = try optionalString(i) else { return nil }
            guard let rule = DeadlineRule(code: text) else { throw fail(i) }
            return rule
        }
        package func removal(_ i: Int) throws -> Removal? {
            guard let text = try optionalString(i) else { return nil }
            guard let removal = RemovalText.parse(text) else { throw fail(i) }
            return removal
        }
        package func strings(_ i: Int) throws -> [String] {
            guard let list = JSONText.strings(try string(i)) else { throw fail(i) }
            return list
        }
    }

    package static let findingNames = RecordColumns.finding.map(\.name)
    package static let actionNames = RecordColumns.action.map(\.name)
    package static let noteNames = RecordColumns.note.map(\.name)

    package static func finding(_ row: any SQLRow) throws -> Finding {
        let r = Reader(row: row, table: "finding", names: findingNames)
        return Finding(id: try r.int64(0), planId: try r.int64(1), ref: try r.string(2), category: try r.raw(3),
                       timeframe: try r.raw(4), sectionPath: try r.strings(5), text: try r.string(6),
                       sourceLocation: try r.optionalString(7), position: try r.int(8),
                       ownerBody: try r.optionalString(9), subItems: try r.strings(10), removed: try r.removal(11))
    }

    package static func action(_ row: any SQLRow) throws -> Action {
        let r = Reader(row: row, table: "action", names: actionNames)
        return Action(id: try r.int64(0), findingId: try r.int64(1), planId: try r.int64(2), title: try r.string(3),
                      owner: try r.optionalString(4), due: try r.optionalDay(5), dueProvisional: try r.bool(6),
                      dueRule: try r.rule(7), originalDue: try r.optionalDay(8), reprogramCount: try r.int(9),
                      status: try r.raw(10), ragOverride: try r.optionalRaw(11), ragReason: try r.optionalString(12),
                      successMeasure: try r.optionalString(13), evidence: try r.optionalString(14), version: try r.int(15),
                      createdAt: try r.date(16), updatedAt: try r.date(17), updatedBy: try r.string(18), ref: try r.string(19),
                      removed: try r.removal(20))
    }

    package static func note(_ row: any SQLRow) throws -> Note {
        let r = Reader(row: row, table: "note", names: noteNames)
        return Note(id: try r.int64(0), actionId: try r.int64(1), author: try r.string(2), day: try r.day(3),
                    createdAt: try r.date(4), text: try r.string(5), removed: try r.removal(6))
    }

    /// The audit_event table's columns read into `AuditEvent`, by position, with the account of
    /// the event's change group: select them `FROM auditSource`.
    package static let auditColumns = "e.id, e.change_group, e.at, e.who, e.entity, e.entity_id, e.field, e.old_value, e.new_value, g.account"
    package static let auditSource = "audit_event e JOIN change_group g ON g.id = e.change_group"
    package static let auditNames = ["id", "change_group", "at", "who", "entity", "entity_id", "field", "old_value", "new_value", "account"]

    package static func audit(_ row: any SQLRow) throws -> AuditEvent {
        let r = Reader(row: row, table: "audit_event", names: auditNames)
        return AuditEvent(id: try r.int64(0), changeGroup: try r.int64(1), at: try r.date(2), who: try r.string(3),
                          entity: try r.string(4), entityId: try r.int64(5), field: try r.string(6),
                          oldValue: text(row[7]), newValue: text(row[8]), account: try r.optionalString(9))
    }

    package static let groupColumns = "id, who, at, summary, undone_by, undoes, account"

    package static func group(_ row: any SQLRow) throws -> ChangeGroup {
        let r = Reader(row: row, table: "change_group", names: ["id", "who", "at", "summary", "undone_by", "undoes", "account"])
        func optionalId(_ i: Int) throws -> Int64? {
            if row[i].isNull { return nil }
            return try r.int64(i)
        }
        return ChangeGroup(id: try r.int64(0), who: try r.string(1), at: try r.date(2), summary: try r.string(3),
                           undoneBy: try optionalId(4), undoes: try optionalId(5), account: try r.optionalString(6))
    }
}
