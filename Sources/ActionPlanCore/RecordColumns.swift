import Foundation
import ActionPlanModel

/// One stored column of a record: its name in the database and in the audit trail, the words
/// a person reads in a history, and its text form both ways.
///
/// The text form is what the audit trail records as old and new values and what a created
/// row's snapshot holds: dates `YYYY-MM-DD`, moments as `Timestamp`, enums by raw value,
/// booleans `1`/`0`, lists as JSON arrays of strings, nil for NULL.
public struct RecordColumn<Record>: Sendable {
    public let name: String
    /// What a person calls it ("due date"); nil for bookkeeping columns a history leaves out.
    public let label: String?
    public let text: @Sendable (Record) -> String?
    /// Sets the column from its text; false when the text cannot be read (a damaged value).
    public let apply: @Sendable (inout Record, String?) -> Bool
    /// The text as a person reads it in a history ("In progress" for `in_progress`).
    public let display: @Sendable (String) -> String

    public init(_ name: String, _ label: String?, text: @escaping @Sendable (Record) -> String?,
                apply: @escaping @Sendable (inout Record, String?) -> Bool,
                display: @escaping @Sendable (String) -> String = { $0 }) {
        self.name = name
        self.label = label
        self.text = text
        self.apply = apply
        self.display = display
    }
}

/// The kinds of record the audit trail names.
public enum AuditEntity: String, Sendable, CaseIterable {
    case plan, milestone, finding, action, note, holiday

    /// The records whose rows undo may create, change and delete column by column.
    public static let rowTables: [AuditEntity] = [.plan, .milestone, .finding, .action, .note]

    /// The column names of this kind of record (empty for the holiday table, which the audit
    /// trail records whole).
    public var columnNames: [String] {
        switch self {
        case .plan: return RecordColumns.plan.map(\.name)
        case .milestone: return RecordColumns.milestone.map(\.name)
        case .finding: return RecordColumns.finding.map(\.name)
        case .action: return RecordColumns.action.map(\.name)
        case .note: return RecordColumns.note.map(\.name)
        case .holiday: return []
        }
    }

    /// Columns the store keeps up to date itself (an action's version, when and by whom it
    /// last changed): recorded in the audit trail, never set back by undo, left out of a
    /// history a person reads.
    public func isBookkeeping(column: String) -> Bool {
        self == .action && ["version", "updated_at", "updated_by"].contains(column)
    }

    /// The label of a column for a history ("due date") and how its values read, or the
    /// column's name and its raw text for a column this build does not know.
    public func describe(column: String) -> (label: String, display: @Sendable (String) -> String) {
        func find<R>(_ columns: [RecordColumn<R>]) -> (String, @Sendable (String) -> String)? {
            columns.first { $0.name == column }.map { ($0.label ?? $0.name.replacingOccurrences(of: "_", with: " "), $0.display) }
        }
        let found: (String, @Sendable (String) -> String)?
        switch self {
        case .plan: found = find(RecordColumns.plan)
        case .milestone: found = find(RecordColumns.milestone)
        case .finding: found = find(RecordColumns.finding)
        case .action: found = find(RecordColumns.action)
        case .note: found = find(RecordColumns.note)
        case .holiday: found = column == "table" ? ("bank holidays", { _ in "(table)" }) : nil
        }
        return found ?? (column.replacingOccurrences(of: "_", with: " "), { $0 })
    }
}

/// The columns of every stored record, in table order: the one definition the store's writes,
/// its audit snapshots, undo, the as-of reconstruction and every history read from. Adding a
/// column to a record is one field in the model, one entry here and one migration.
public enum RecordColumns {
    // MARK: Text forms, both ways

    static func int64(_ text: String?) -> Int64? { text.flatMap { Int64($0) } }
    static func bool(_ value: Bool) -> String { value ? "1" : "0" }
    static func bool(_ text: String?) -> Bool? {
        switch text?.lowercased() {
        case "1", "true": return true
        case "0", "false": return false
        default: return nil
        }
    }
    static func day(_ text: String?) -> Day?? {
        guard let text else { return .some(nil) }
        guard let day = Day(iso: text) else { return nil }
        return .some(day)
    }
    static func moment(_ text: String?) -> Date? { text.flatMap(Timestamp.parse) }

    /// Required text (NOT NULL).
    static func string<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, String> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { $0[keyPath: path] }, apply: { record, text in
            guard let text else { return false }
            record[keyPath: path] = text
            return true
        })
    }

    static func optionalString<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, String?> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { $0[keyPath: path] }, apply: { record, text in
            record[keyPath: path] = text
            return true
        })
    }

    static func id<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, Int64> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { String($0[keyPath: path]) }, apply: { record, text in
            guard let value = int64(text) else { return false }
            record[keyPath: path] = value
            return true
        })
    }

    static func optionalId<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, Int64?> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { $0[keyPath: path].map { String($0) } }, apply: { record, text in
            guard let text else { record[keyPath: path] = nil; return true }
            guard let value = Int64(text) else { return false }
            record[keyPath: path] = value
            return true
        })
    }

    static func int<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, Int> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { String($0[keyPath: path]) }, apply: { record, text in
            guard let value = text.flatMap({ Int($0) }) else { return false }
            record[keyPath: path] = value
            return true
        })
    }

    static func flag<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, Bool> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { bool($0[keyPath: path]) }, apply: { record, text in
            guard let value = bool(text) else { return false }
            record[keyPath: path] = value
            return true
        }, display: { bool($0).map { $0 ? "yes" : "no" } ?? $0 })
    }

    static func requiredDay<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, Day> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { $0[keyPath: path].iso }, apply: { record, text in
            guard let value = text.flatMap({ Day(iso: $0) }) else { return false }
            record[keyPath: path] = value
            return true
        })
    }

    static func optionalDay<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, Day?> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { $0[keyPath: path]?.iso }, apply: { record, text in
            guard let value = day(text) else { return false }
            record[keyPath: path] = value
            return true
        })
    }

    static func timestamp<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, Date> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { Timestamp.format($0[keyPath: path]) }, apply: { record, text in
            guard let value = moment(text) else { return false }
            record[keyPath: path] = value
            return true
        })
    }

    static func raw<R, E: RawRepresentable & Sendable & Labelled>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, E> & Sendable) -> RecordColumn<R> where E.RawValue == String {
        RecordColumn(name, label, text: { $0[keyPath: path].rawValue }, apply: { record, text in
            guard let value = text.flatMap(E.init(rawValue:)) else { return false }
            record[keyPath: path] = value
            return true
        }, display: { E(rawValue: $0)?.label ?? $0 })
    }

    static func optionalRaw<R, E: RawRepresentable & Sendable & Labelled>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, E?> & Sendable) -> RecordColumn<R> where E.RawValue == String {
        RecordColumn(name, label, text: { $0[keyPath: path]?.rawValue }, apply: { record, text in
            guard let text else { record[keyPath: path] = nil; return true }
            guard let value = E(rawValue: text) else { return false }
            record[keyPath: path] = value
            return true
        }, display: { E(rawValue: $0)?.label ?? $0 })
    }

    static func rule<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, DeadlineRule?> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { $0[keyPath: path]?.code }, apply: { record, text in
            guard let text else { record[keyPath: path] = nil; return true }
            guard let value = DeadlineRule(code: text) else { return false }
            record[keyPath: path] = value
            return true
        })
    }

    static func strings<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, [String]> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { JSONText.array($0[keyPath: path]) }, apply: { record, text in
            guard let value = JSONText.strings(text ?? "[]") else { return false }
            record[keyPath: path] = value
            return true
        })
    }

    static func days<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, [Day]> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { JSONText.array($0[keyPath: path].map(\.iso)) }, apply: { record, text in
            guard let texts = JSONText.strings(text ?? "[]") else { return false }
            let days = texts.compactMap { Day(iso: $0) }
            guard days.count == texts.count else { return false }
            record[keyPath: path] = days
            return true
        })
    }

    /// Whether and why an item was removed: one column, its text a JSON object
    /// `{"at": TIMESTAMP, "by": NAME, "reason": TEXT}`, NULL while the item is in the plan.
    static func removal<R>(_ path: WritableKeyPath<R, Removal?> & Sendable) -> RecordColumn<R> {
        RecordColumn("removed", "removed", text: { $0[keyPath: path].map(RemovalText.text) }, apply: { record, text in
            guard let text else { record[keyPath: path] = nil; return true }
            guard let value = RemovalText.parse(text) else { return false }
            record[keyPath: path] = value
            return true
        }, display: { text in RemovalText.parse(text).map { "by \($0.by): \($0.reason)" } ?? text })
    }

    /// A plan's judgements: a JSON array of `{"area": TEXT, "grade": TEXT}` objects.
    static func judgements<R>(_ name: String, _ label: String?, _ path: WritableKeyPath<R, [Judgement]> & Sendable) -> RecordColumn<R> {
        RecordColumn(name, label, text: { JudgementText.text($0[keyPath: path]) }, apply: { record, text in
            guard let value = JudgementText.parse(text ?? "[]") else { return false }
            record[keyPath: path] = value
            return true
        }, display: { text in
            JudgementText.parse(text).map { $0.isEmpty ? "none" : $0.map { "\($0.area): \($0.grade)" }.joined(separator: "; ") } ?? text
        })
    }

    // MARK: The tables

    public static let plan: [RecordColumn<Plan>] = [
        id("id", nil, \Plan.id),
        string("title", "title", \Plan.title),
        string("authority", "authority", \Plan.authority),
        raw("kind", "kind", \Plan.kind),
        optionalDay("letter_date", "letter date", \Plan.letterDate),
        requiredDay("received", "received date", \Plan.received),
        days("visit_dates", "visit dates", \Plan.visitDates),
        strings("inspectors", "inspectors", \Plan.inspectors),
        optionalString("source_file", "source file", \Plan.sourceFile),
        optionalString("content_hash", nil, \Plan.contentHash),
        timestamp("created_at", nil, \Plan.createdAt),
        string("created_by", nil, \Plan.createdBy),
        optionalString("authority_code", "authority code", \Plan.authorityCode),
        strings("context", "context", \Plan.context),
        optionalString("authority_as_written", "authority as the document words it", \Plan.authorityAsWritten),
        flag("earlier_actions_remain", "earlier priority actions remain", \Plan.earlierActionsRemain),
        flag("archived", "archived", \Plan.archived),
        removal(\Plan.removed),
        judgements("judgements", "judgements", \Plan.judgements),
        flag("received_estimated", "received date estimated", \Plan.receivedEstimated),
    ]

    public static let milestone: [RecordColumn<Milestone>] = [
        id("id", nil, \Milestone.id),
        id("plan_id", "plan", \Milestone.planId),
        string("title", "title", \Milestone.title),
        optionalDay("due", "due date", \Milestone.due),
        rule("rule", "deadline rule", \Milestone.rule),
        optionalDay("done", "met on", \Milestone.done),
        int("position", nil, \Milestone.position),
        removal(\Milestone.removed),
    ]

    public static let finding: [RecordColumn<Finding>] = [
        id("id", nil, \Finding.id),
        id("plan_id", "plan", \Finding.planId),
        string("ref", "reference", \Finding.ref),
        raw("category", "category", \Finding.category),
        raw("timeframe", "timescale", \Finding.timeframe),
        strings("section_path", "section", \Finding.sectionPath),
        string("text", "text", \Finding.text),
        optionalString("source_location", "source", \Finding.sourceLocation),
        int("position", nil, \Finding.position),
        optionalString("owner_body", "responsible body", \Finding.ownerBody),
        strings("sub_items", "sub-items", \Finding.subItems),
        removal(\Finding.removed),
    ]

    public static let action: [RecordColumn<Action>] = [
        id("id", nil, \Action.id),
        id("finding_id", "finding", \Action.findingId),
        id("plan_id", "plan", \Action.planId),
        string("title", "title", \Action.title),
        optionalString("owner", "owner", \Action.owner),
        optionalDay("due", "due date", \Action.due),
        flag("due_provisional", "provisional due date", \Action.dueProvisional),
        rule("due_rule", "deadline rule", \Action.dueRule),
        optionalDay("original_due", "original due date", \Action.originalDue),
        int("reprogram_count", "times reprogrammed", \Action.reprogramCount),
        raw("status", "status", \Action.status),
        optionalRaw("rag_override", "colour set by hand", \Action.ragOverride),
        optionalString("rag_reason", "reason for the colour", \Action.ragReason),
        optionalString("success_measure", "success measure", \Action.successMeasure),
        optionalString("evidence", "evidence", \Action.evidence),
        int("version", nil, \Action.version),
        timestamp("created_at", nil, \Action.createdAt),
        timestamp("updated_at", nil, \Action.updatedAt),
        string("updated_by", nil, \Action.updatedBy),
        string("ref", "reference", \Action.ref),
        removal(\Action.removed),
    ]

    public static let note: [RecordColumn<Note>] = [
        id("id", nil, \Note.id),
        id("action_id", "action", \Note.actionId),
        string("author", "author", \Note.author),
        requiredDay("day", "day", \Note.day),
        timestamp("created_at", nil, \Note.createdAt),
        string("text", "note", \Note.text),
        removal(\Note.removed),
    ]
}

/// A record's columns as one JSON object of texts, keyed by column name: what the audit trail
/// keeps of a created or removed row.
public enum RecordSnapshot {
    /// The snapshot of `record`: every column, in name order, as text or null.
    public static func make<R>(_ record: R, _ columns: [RecordColumn<R>]) -> String {
        Layout(columns).json(columns.map { $0.text(record) })
    }

    /// The order a kind of record's columns take in its snapshot, worked out once: a store
    /// that inserts thousands of rows writes each one's snapshot from the texts it inserted.
    public struct Layout: Sendable {
        /// The columns' names, in the order of `columns`.
        public let names: [String]
        /// Indices into `names`, in name order.
        private let order: [Int]

        public init<R>(_ columns: [RecordColumn<R>]) {
            let names = columns.map(\.name)
            self.names = names
            order = names.indices.sorted { names[$0] < names[$1] }
        }

        /// The snapshot of a record whose column texts are `texts`, in the order of `names`:
        /// `JSONText`'s escaping, written as bytes (an import writes one per row).
        public func json(_ texts: [String?]) -> String {
            var out: [UInt8] = [UInt8(ascii: "{")]
            out.reserveCapacity(texts.reduce(names.count * 24) { $0 + ($1?.utf8.count ?? 4) })
            for (position, index) in order.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendString(names[index], to: &out)
                out.append(UInt8(ascii: ":"))
                if let value = texts[index] { JSONText.appendString(value, to: &out) } else { out += "null".utf8 }
            }
            out.append(UInt8(ascii: "}"))
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The column texts of a snapshot; nil when it is not a JSON object. Numbers and booleans
    /// (which no snapshot this program wrote holds, but a hand-edited one might) read as text.
    public static func values(_ json: String?) -> [String: String?]? {
        guard let json, let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        var values: [String: String?] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: values[key] = .some(text)
            case let number as NSNumber: values[key] = .some(number.stringValue)
            case is NSNull: values[key] = .some(nil)
            default: return nil
            }
        }
        return values
    }

    /// `base` with every column the snapshot holds set from it. Returns the first column whose
    /// text cannot be read, if any, with the record as far as it got.
    public static func apply<R>(_ values: [String: String?], to base: R, _ columns: [RecordColumn<R>]) -> (record: R, unreadable: String?) {
        var record = base
        for column in columns {
            guard let text = values[column.name] else { continue }
            if !column.apply(&record, text) { return (record, column.name) }
        }
        return (record, nil)
    }

    /// Sets one column from its audit text; false when the column is unknown or the text unreadable.
    public static func set<R>(_ column: String, _ text: String?, on record: inout R, _ columns: [RecordColumn<R>]) -> Bool {
        guard let definition = columns.first(where: { $0.name == column }) else { return false }
        return definition.apply(&record, text)
    }
}

/// The text form of a `Removal`.
public enum RemovalText {
    public static func text(_ removal: Removal) -> String {
        var out = "{\"at\":"
        JSONText.appendString(Timestamp.format(removal.at), to: &out)
        out += ",\"by\":"
        JSONText.appendString(removal.by, to: &out)
        out += ",\"reason\":"
        JSONText.appendString(removal.reason, to: &out)
        return out + "}"
    }

    public static func parse(_ text: String) -> Removal? {
        guard let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let at = (object["at"] as? String).flatMap(Timestamp.parse),
              let by = object["by"] as? String, let reason = object["reason"] as? String else { return nil }
        return Removal(at: at, by: by, reason: reason)
    }
}

/// The text form of a plan's judgements: `[{"area":"…","grade":"…"}]`, in the document's order.
public enum JudgementText {
    public static func text(_ judgements: [Judgement]) -> String {
        var out = "["
        for (index, judgement) in judgements.enumerated() {
            if index > 0 { out += "," }
            out += "{\"area\":"
            JSONText.appendString(judgement.area, to: &out)
            out += ",\"grade\":"
            JSONText.appendString(judgement.grade, to: &out)
            out += "}"
        }
        return out + "]"
    }

    /// The judgements of a text; nil when it is not an array of objects with a text area and grade.
    public static func parse(_ text: String) -> [Judgement]? {
        if text == "[]" { return [] }
        guard let data = text.data(using: .utf8),
              let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else { return nil }
        var result: [Judgement] = []
        for item in array {
            guard let object = item as? [String: Any], let area = object["area"] as? String,
                  let grade = object["grade"] as? String else { return nil }
            result.append(Judgement(area: area, grade: grade))
        }
        return result
    }
}

/// The small JSON texts the store keeps inside columns (lists of strings) and the audit
/// snapshots: written without Foundation's encoder, which is slow for one short array.
public enum JSONText {
    public static func array(_ strings: [String]) -> String {
        var out = "["
        for (index, s) in strings.enumerated() {
            if index > 0 { out += "," }
            appendString(s, to: &out)
        }
        return out + "]"
    }

    /// A JSON array of strings; nil when the text is not one.
    public static func strings(_ text: String) -> [String]? {
        if text == "[]" { return [] }
        // Fast path for what `array(_:)` writes when no string needs an escape: ["a","b"].
        if text.hasPrefix("[\""), text.hasSuffix("\"]"), !text.utf8.contains(UInt8(ascii: "\\")) {
            let inner = text.dropFirst(2).dropLast(2)
            if !inner.isEmpty || text == "[\"\"]" { return inner.components(separatedBy: "\",\"") }
        }
        guard let data = text.data(using: .utf8) else { return nil }
        return try? JSONDecoder().decode([String].self, from: data)
    }

    /// The same as bytes of UTF-8. The characters escaped (`"`, backslash, below U+0020) are single
    /// bytes that never occur inside a longer character's bytes, so escaping byte by byte is the same.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        defer { out.append(UInt8(ascii: "\"")) }
        // Most texts need no escape: copied whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out.append(contentsOf: text.utf8)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case UInt8(ascii: "\n"): out += "\\n".utf8
            case UInt8(ascii: "\r"): out += "\\r".utf8
            case UInt8(ascii: "\t"): out += "\\t".utf8
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += "\\u00".utf8
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
    }

    public static func appendString(_ text: String, to out: inout String) {
        out += "\""
        if !text.containsUTF8Byte(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
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
}
