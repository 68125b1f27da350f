import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanWorkbook

/// What a column of an imported spreadsheet holds.
public enum SheetField: String, CaseIterable, Sendable, Hashable {
    case findingRef = "finding-ref"
    case finding
    case category
    case section
    case action
    case owner
    case due
    case status
    case rag
    /// A colour set by hand (the CSV export's `rag_override`).
    case ragOverride = "rag-override"
    case ragReason = "rag-reason"
    case measure
    case evidence
    case note
    case ignore

    public var label: String {
        switch self {
        case .findingRef: return "finding reference"
        case .finding: return "finding text"
        case .category: return "finding category"
        case .section: return "section"
        case .action: return "action title"
        case .owner: return "owner"
        case .due: return "due date"
        case .status: return "status"
        case .rag: return "RAG"
        case .ragOverride: return "colour set by hand"
        case .ragReason: return "reason for the colour"
        case .measure: return "success measure"
        case .evidence: return "evidence"
        case .note: return "progress note"
        case .ignore: return "(ignored)"
        }
    }

    /// Column headings councils use, folded (`SheetColumns.fold`), each for one field: the
    /// first column whose heading is one of these takes the field.
    static let headings: [SheetField: [String]] = [
        .findingRef: ["finding ref", "finding reference", "ref", "reference", "ref no", "no", "number", "rec no", "recommendation no",
                      "recommendation number", "item", "item no", "finding no", "finding id ref", "#"],
        .finding: ["finding", "finding text", "findings", "area for improvement", "areas for improvement", "area for development",
                   "areas for development", "area for priority action", "areas for priority action", "priority action",
                   "recommendation", "recommendations", "what needs to improve", "ofsted finding", "ofsted recommendation",
                   "inspection finding", "issue", "improvement required", "area of improvement", "area for consideration",
                   "areas for consideration", "suggestion", "requirement"],
        .category: ["category", "finding category", "type", "type of finding"],
        .section: ["section", "theme", "workstream", "strand", "section path"],
        .action: ["action", "actions", "title", "action title", "action required", "actions required", "planned action",
                  "planned actions", "what we will do", "what will we do", "improvement action", "key actions", "key action",
                  "action to be taken", "actions to be taken", "activity", "tasks", "task"],
        .owner: ["owner", "action owner", "lead", "lead officer", "responsible officer", "responsible", "responsible person",
                 "responsible manager", "accountable officer", "lead manager", "lead person", "who", "by whom", "lead responsible officer"],
        .due: ["due", "due date", "target date", "deadline", "timescale", "timescales", "completion date", "target completion date",
               "by when", "date due", "target", "when", "target timescale", "date for completion"],
        .status: ["status", "progress status", "delivery status", "current status", "action status"],
        .rag: ["rag", "rag rating", "rag status", "brag", "brag rating", "brag status", "rating", "rag rating current"],
        .ragOverride: ["rag override", "colour set by hand"],
        .ragReason: ["rag reason", "colour set by hand reason", "reason for rag", "rag rationale", "rag reason override"],
        .measure: ["success measure", "success measures", "measure", "measures", "measure of success", "measures of success",
                   "success criteria", "outcome", "outcomes", "expected outcome", "expected outcomes", "intended outcome",
                   "impact", "expected impact", "how will we know", "kpi", "performance measure"],
        .evidence: ["evidence", "evidence of impact", "evidence of completion", "evidence of progress", "evidence location",
                    "evidence source", "sources of evidence"],
        .note: ["progress update", "progress", "update", "latest update", "progress to date", "comments", "comment", "notes",
                "note", "latest note", "commentary", "progress notes", "update on progress", "progress commentary", "monthly update"],
    ]

    /// Words that make a heading not matched exactly a likely one, tried in this order.
    static let keywords: [(SheetField, [String])] = [
        (.ragReason, ["rag reason", "reason"]),
        (.rag, ["rag"]),
        (.status, ["status"]),
        (.evidence, ["evidence"]),
        (.note, ["progress", "update", "comment"]),
        (.measure, ["measure", "success", "outcome", "impact"]),
        (.owner, ["owner", "lead", "responsib", "accountable"]),
        (.due, ["deadline", "timescale", "target date", "due", "completion date", "by when"]),
        (.finding, ["recommendation", "finding", "area for", "areas for", "improve"]),
        (.action, ["action"]),
    ]
}

/// Which column holds what: guessed from the header row, corrected with `--map COLUMN=FIELD`.
public struct SheetColumns: Sendable, Hashable {
    public struct Column: Sendable, Hashable {
        /// From 0.
        public var index: Int
        public var heading: String
        public var field: SheetField
        /// True when the field came from `--map`.
        public var mapped: Bool

        public var letter: String { XLSXWorkbook.columnName(index) }
    }

    /// The sheet's row (from 0) that holds the headings.
    public var headerRow: Int
    public var columns: [Column]

    public func column(for field: SheetField) -> Column? { columns.first { $0.field == field } }

    /// Lower case, punctuation and underscores as spaces, runs of spaces as one.
    static func fold(_ text: String) -> String {
        // ASCII (nearly every cell) byte by byte: the same rule, without a Character per letter.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "#"): bytes.append(byte)
                default: if !bytes.isEmpty && bytes.last != UInt8(ascii: " ") { bytes.append(UInt8(ascii: " ")) }
                }
            }
            if bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = ""
        for character in text.lowercased() {
            let keep = character.isLetter || character.isNumber || character == "#"
            if keep { out.append(character) } else if out.last != " " { out.append(" ") }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// The field a heading most likely holds, or nil.
    static func guess(_ heading: String) -> SheetField? {
        let folded = fold(heading)
        guard !folded.isEmpty else { return nil }
        for (field, names) in SheetField.headings where names.contains(folded) { return field }
        return nil
    }

    static func guessByKeyword(_ heading: String) -> SheetField? {
        let folded = fold(heading)
        for (field, words) in SheetField.keywords where words.contains(where: { folded.contains($0) }) { return field }
        return nil
    }

    /// The header row (the one among the first 30 whose headings name the most fields, with an
    /// action or a finding among them) and each of its columns' fields; then `overrides`
    /// (a heading, any case, or a column letter → a field) replace the guesses.
    public static func guess(_ rows: [[SheetValue]], overrides: [(column: String, field: SheetField)]) throws -> SheetColumns {
        var best: (row: Int, score: Int)?
        for (index, row) in rows.prefix(30).enumerated() {
            let fields = Set(row.compactMap { cell -> SheetField? in
                guard case .text(let text) = cell else { return nil }
                return guess(text) ?? guessByKeyword(text)
            })
            guard fields.contains(.action) || fields.contains(.finding) || !overrides.isEmpty else { continue }
            if fields.count > (best?.score ?? 0) { best = (index, fields.count) }
        }
        guard let headerRow = best?.row else {
            throw OperationError("no header row found in the first 30 rows: expected a row of column headings with one for the action "
                                 + "(\"Action\", \"Actions\") or the finding (\"Area for improvement\", \"Recommendation\"); name the "
                                 + "columns with --map COLUMN=FIELD", status: .dataError)
        }
        let headings = rows[headerRow].map(\.text)
        var columns = headings.enumerated().map { Column(index: $0.offset, heading: $0.element, field: .ignore, mapped: false) }
        var taken = Set<SheetField>()
        for pass in 0..<2 {
            for index in columns.indices where columns[index].field == .ignore {
                let heading = columns[index].heading
                guard let field = pass == 0 ? guess(heading) : guessByKeyword(heading), !taken.contains(field) else { continue }
                columns[index].field = field
                taken.insert(field)
            }
        }
        for (name, field) in overrides {
            let folded = fold(name)
            let index = columns.firstIndex { fold($0.heading) == folded && !folded.isEmpty }
                ?? columns.firstIndex { $0.letter == name.uppercased() }
                ?? (name.allSatisfy(\.isLetter) && name.count <= 3 ? letterIndex(name) : nil)
            guard let index else {
                let known = columns.map { $0.heading.isEmpty ? $0.letter : "\"\($0.heading)\"" }.joined(separator: ", ")
                throw OperationError("--map: no column '\(name)' in the header row (row \(headerRow + 1)): expected a heading (\(known)) or a column letter",
                                     status: .usage)
            }
            while index >= columns.count { columns.append(Column(index: columns.count, heading: "", field: .ignore, mapped: false)) }
            if field != .ignore {
                for other in columns.indices where columns[other].field == field && other != index { columns[other].field = .ignore }
            }
            columns[index].field = field
            columns[index].mapped = true
        }
        guard columns.contains(where: { $0.field == .action }) || columns.contains(where: { $0.field == .finding }) else {
            throw OperationError("no column holds the actions: name it with --map COLUMN=action", status: .dataError)
        }
        return SheetColumns(headerRow: headerRow, columns: columns)
    }

    static func letterIndex(_ letters: String) -> Int? {
        var index = 0
        for scalar in letters.uppercased().unicodeScalars {
            guard (65...90).contains(scalar.value) else { return nil }
            index = index * 26 + Int(scalar.value - 64)
        }
        return index - 1
    }

    /// `COLUMN=FIELD` as typed after `--map`.
    public static func parseMapping(_ text: String) throws -> (column: String, field: SheetField) {
        guard let equals = text.lastIndex(of: "=") else {
            throw OperationError("--map: '\(text)': expected COLUMN=FIELD, FIELD one of \(SheetField.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let column = text[..<equals].trimmingCharacters(in: .whitespaces)
        let name = text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces).lowercased()
        guard !column.isEmpty else { throw OperationError("--map: '\(text)': the column before = is empty") }
        guard let field = SheetField(rawValue: name.replacingOccurrences(of: "_", with: "-")) else {
            throw OperationError("--map: unknown field '\(name)': expected one of \(SheetField.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return (column, field)
    }
}
