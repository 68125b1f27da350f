import Foundation
import GRDB
import ActionPlanModel
import ActionPlanCore

/// Decoding of rows into model values, and the text form of values in the audit trail.
enum Rows {
    /// Decodes every row of a query straight from the statement (no intermediate row copies),
    /// for the reads that return whole tables.
    static func all<T>(_ db: Database, _ sql: String, _ arguments: StatementArguments = [], _ decode: (Row) -> T) throws -> [T] {
        var result: [T] = []
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try cursor.next() { result.append(decode(row)) }
        return result
    }

    static func day(_ row: Row, _ column: String) -> Day? {
        (row[column] as String?).flatMap(Day.init(iso:))
    }

    static func date(_ row: Row, _ column: String) -> Date {
        (row[column] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0)
    }

    static func stringArray(_ text: String?) -> [String] {
        guard let text, text != "[]" else { return [] }
        // Fast path for what `json(_:)` writes when no string needs an escape: ["a","b"].
        if text.hasPrefix("[\""), text.hasSuffix("\"]"), !text.utf8.contains(UInt8(ascii: "\\")) {
            let inner = text.dropFirst(2).dropLast(2)
            if !inner.isEmpty || text == "[\"\"]" {
                return inner.components(separatedBy: "\",\"")
            }
        }
        guard let data = text.data(using: .utf8),
              let array = try? JSONDecoder().decode([String].self, from: data) else { return [] }
        return array
    }

    static func json(_ array: [String]) -> String {
        guard let data = try? JSONEncoder().encode(array) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    static func plan(_ row: Row) -> Plan {
        Plan(id: row["id"], title: row["title"], authority: row["authority"],
             kind: DocumentKind(rawValue: row["kind"]) ?? .other,
             letterDate: day(row, "letter_date"),
             received: day(row, "received") ?? Day(dayNumber: 0),
             visitDates: stringArray(row["visit_dates"]).compactMap(Day.init(iso:)),
             inspectors: stringArray(row["inspectors"]),
             sourceFile: row["source_file"], contentHash: row["content_hash"],
             createdAt: date(row, "created_at"), createdBy: row["created_by"])
    }

    static func milestone(_ row: Row) -> Milestone {
        Milestone(id: row["id"], planId: row["plan_id"], title: row["title"], due: day(row, "due"),
                  rule: (row["rule"] as String?).flatMap(DeadlineRule.init(code:)), done: day(row, "done"))
    }

    /// The finding table's columns in table order, decoded by position.
    static let findingColumns = "id, plan_id, ref, category, timeframe, section_path, text, source_location, position"

    static func finding(_ row: Row) -> Finding {
        Finding(id: row[0], planId: row[1], ref: row[2],
                category: FindingCategory(rawValue: row[3]) ?? .recommendation,
                timeframe: Timeframe(rawValue: row[4]) ?? .none,
                sectionPath: stringArray(row[5]), text: row[6],
                sourceLocation: row[7], position: row[8])
    }

    /// The action table's columns in table order. Rows are decoded by position (much faster
    /// than by name for 100,000 rows); migrations only ever append columns.
    static let actionColumns = ["id", "finding_id", "plan_id", "title", "owner", "due", "due_provisional", "due_rule",
                                "original_due", "reprogram_count", "status", "rag_override", "rag_reason",
                                "success_measure", "evidence", "version", "created_at", "updated_at", "updated_by"]

    static func actionSelection(_ alias: String) -> String {
        actionColumns.map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    static func action(_ row: Row) -> Action {
        func day(_ i: Int) -> Day? { (row[i] as String?).flatMap(Day.init(iso:)) }
        func date(_ i: Int) -> Date { (row[i] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0) }
        return Action(id: row[0], findingId: row[1], planId: row[2], title: row[3], owner: row[4], due: day(5),
                      dueProvisional: row[6], dueRule: (row[7] as String?).flatMap(DeadlineRule.init(code:)),
                      originalDue: day(8), reprogramCount: row[9],
                      status: ActionStatus(rawValue: row[10]) ?? .notStarted,
                      ragOverride: (row[11] as String?).flatMap(RAG.init(rawValue:)),
                      ragReason: row[12], successMeasure: row[13], evidence: row[14], version: row[15],
                      createdAt: date(16), updatedAt: date(17), updatedBy: row[18])
    }

    static func note(_ row: Row) -> Note {
        Note(id: row["id"], actionId: row["action_id"], author: row["author"],
             day: day(row, "day") ?? Day(dayNumber: 0), createdAt: date(row, "created_at"), text: row["text"])
    }

    /// The audit_event table's columns in table order, decoded by position.
    static let auditColumns = "id, change_group, at, who, entity, entity_id, field, old_value, new_value"

    static func audit(_ row: Row) -> AuditEvent {
        AuditEvent(id: row[0], changeGroup: row[1], at: (row[2] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0),
                   who: row[3], entity: row[4], entityId: row[5], field: row[6], oldValue: row[7], newValue: row[8])
    }

    static func group(_ row: Row) -> ChangeGroup {
        ChangeGroup(id: row["id"], who: row["who"], at: date(row, "at"), summary: row["summary"],
                    undoneBy: row["undone_by"], undoes: row["undoes"])
    }

    /// A row's columns as text, as the audit trail records a created row.
    /// A JSON object with the row's columns in name order, each value text or null.
    static func snapshot(_ row: Row) -> String {
        var pairs: [(String, String?)] = []
        for (column, value) in row { pairs.append((column, text(value))) }
        pairs.sort { $0.0 < $1.0 }
        var out = "{"
        for (index, (column, value)) in pairs.enumerated() {
            if index > 0 { out += "," }
            appendJSONString(column, to: &out)
            out += ":"
            if let value { appendJSONString(value, to: &out) } else { out += "null" }
        }
        return out + "}"
    }

    static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        out += "\""
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
}
