import Foundation
import GRDB
import ActionPlanModel

/// Decoding of rows into model values, and the text form of values in the audit trail.
enum Rows {
    static func day(_ row: Row, _ column: String) -> Day? {
        (row[column] as String?).flatMap(Day.init(iso:))
    }

    static func date(_ row: Row, _ column: String) -> Date {
        (row[column] as String?).flatMap(Timestamp.parse) ?? Date(timeIntervalSince1970: 0)
    }

    static func stringArray(_ text: String?) -> [String] {
        guard let data = text?.data(using: .utf8),
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

    static func finding(_ row: Row) -> Finding {
        Finding(id: row["id"], planId: row["plan_id"], ref: row["ref"],
                category: FindingCategory(rawValue: row["category"]) ?? .recommendation,
                timeframe: Timeframe(rawValue: row["timeframe"]) ?? .none,
                sectionPath: stringArray(row["section_path"]), text: row["text"],
                sourceLocation: row["source_location"], position: row["position"])
    }

    static func action(_ row: Row) -> Action {
        Action(id: row["id"], findingId: row["finding_id"], planId: row["plan_id"], title: row["title"],
               owner: row["owner"], due: day(row, "due"), dueProvisional: row["due_provisional"],
               dueRule: (row["due_rule"] as String?).flatMap(DeadlineRule.init(code:)),
               originalDue: day(row, "original_due"), reprogramCount: row["reprogram_count"],
               status: ActionStatus(rawValue: row["status"]) ?? .notStarted,
               ragOverride: (row["rag_override"] as String?).flatMap(RAG.init(rawValue:)),
               ragReason: row["rag_reason"], successMeasure: row["success_measure"], evidence: row["evidence"],
               version: row["version"], createdAt: date(row, "created_at"), updatedAt: date(row, "updated_at"),
               updatedBy: row["updated_by"])
    }

    static func note(_ row: Row) -> Note {
        Note(id: row["id"], actionId: row["action_id"], author: row["author"],
             day: day(row, "day") ?? Day(dayNumber: 0), createdAt: date(row, "created_at"), text: row["text"])
    }

    static func audit(_ row: Row) -> AuditEvent {
        AuditEvent(id: row["id"], changeGroup: row["change_group"], at: date(row, "at"), who: row["who"],
                   entity: row["entity"], entityId: row["entity_id"], field: row["field"],
                   oldValue: row["old_value"], newValue: row["new_value"])
    }

    static func group(_ row: Row) -> ChangeGroup {
        ChangeGroup(id: row["id"], who: row["who"], at: date(row, "at"), summary: row["summary"],
                    undoneBy: row["undone_by"], undoes: row["undoes"])
    }

    /// A row's columns as text, as the audit trail records a created row.
    static func snapshot(_ row: Row) -> String {
        var object: [String: String?] = [:]
        for (column, value) in row {
            object[column] = text(value)
        }
        let data = (try? JSONSerialization.data(withJSONObject: object.mapValues { $0 ?? NSNull() as Any },
                                                options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
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
