import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

/// What `import-sheet` says: the columns it read (guessed or mapped) and the findings and
/// actions it creates (or, with `--dry-run`, would create). JSON: docs/schema/import-sheet-output.schema.json.
public enum SheetImportReport {
    public static let schema = "actionplan-import-sheet/1"

    public static func text(_ plan: SheetImportPlan, file: String, dryRun: Bool, planId: Int64?, planTitle: String, newPlan: Bool) -> String {
        var lines: [String] = []
        lines.append("\(file): sheet \"\(plan.sheet)\", headings on row \(plan.columns.headerRow + 1):")
        let width = plan.columns.columns.map { $0.heading.count }.max() ?? 0
        for column in plan.columns.columns where !(column.heading.isEmpty && column.field == .ignore) {
            let heading = "\"\(column.heading)\"".padding(toLength: width + 2, withPad: " ", startingAt: 0)
            let how = column.mapped ? " (--map)" : ""
            lines.append("  \(column.letter.padding(toLength: 3, withPad: " ", startingAt: 0)) \(heading) → \(column.field.label)\(how)")
        }
        let counts = "\(plan.findings.count) finding\(plan.findings.count == 1 ? "" : "s"), \(plan.actionCount) action\(plan.actionCount == 1 ? "" : "s"), \(plan.noteCount) note\(plan.noteCount == 1 ? "" : "s")"
        let target: String
        switch (dryRun, newPlan, planId) {
        case (true, true, _): target = "would create a new plan \"\(planTitle)\" with \(counts):"
        case (true, false, let id): target = "would add to plan \(id.map(String.init) ?? "?") (\(planTitle)) \(counts):"
        case (false, true, let id): target = "created plan \(id.map(String.init) ?? "?"): \(planTitle) with \(counts):"
        case (false, false, let id): target = "added to plan \(id.map(String.init) ?? "?") (\(planTitle)) \(counts):"
        }
        lines.append(target)
        for (findingIndex, draft) in plan.findings.enumerated() {
            let f = draft.finding
            lines.append("  \(f.ref) \(f.category.label): \(short(f.text, 90))")
            for (index, action) in draft.actions.enumerated() {
                var parts = ["\(f.ref).\(index + 1) \(short(action.title, 60))"]
                parts.append(action.owner ?? "(no owner)")
                parts.append(action.due.map { "due \($0.iso)" } ?? "no due date")
                parts.append(action.status.label)
                if let rag = action.ragOverride { parts.append("\(rag.label)\(RAGRules.setByHandMark) (\(action.ragReason ?? ""))") }
                if draft.notes[index]?.isEmpty == false { parts.append("note") }
                let row = plan.rowNumbers[findingIndex][index]
                lines.append("    " + parts.joined(separator: " · ") + " [row \(row)]")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func short(_ text: String, _ limit: Int) -> String {
        let line = SheetImportPlanner.oneLine(text)
        // Never more characters than bytes; in ASCII without CR (one character a byte) the
        // characters are the bytes: counted without breaking the text into characters.
        if line.utf8.count <= limit { return line }
        if line.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return String(decoding: line.utf8.prefix(limit - 1), as: UTF8.self) + "…" }
        return line.count <= limit ? line : String(line.prefix(limit - 1)) + "…"
    }

    public static func json(_ plan: SheetImportPlan, file: String, dryRun: Bool, planId: Int64?, planTitle: String, newPlan: Bool) -> JSONValue {
        let columns: [JSONValue] = plan.columns.columns.map { column in
            .object([("column", .string(column.letter)), ("heading", .string(column.heading)),
                     ("field", column.field == .ignore ? .null : .string(column.field.rawValue)), ("mapped", .bool(column.mapped))])
        }
        let findings: [JSONValue] = plan.findings.enumerated().map { findingIndex, draft in
            let f = draft.finding
            let actions: [JSONValue] = draft.actions.enumerated().map { index, a in
                .object([
                    ("row", .int(plan.rowNumbers[findingIndex][index])),
                    ("ref", .string("\(f.ref).\(index + 1)")),
                    ("title", .string(a.title)),
                    ("owner", .string(a.owner)),
                    ("due", .string(a.due?.iso)),
                    ("status", .string(a.status.rawValue)),
                    ("rag_override", .string(a.ragOverride?.rawValue)),
                    ("rag_reason", .string(a.ragOverride == nil ? nil : a.ragReason)),
                    ("success_measure", .string(a.successMeasure)),
                    ("evidence", .string(a.evidence)),
                    ("note", .string(draft.notes[index]?.first?.text)),
                ])
            }
            return .object([("ref", .string(f.ref)), ("category", .string(f.category.rawValue)), ("section", .string(f.sectionPath.isEmpty ? nil : f.section)),
                            ("text", .string(f.text)), ("actions", .array(actions))])
        }
        return .object([
            ("schema", .string(schema)),
            ("file", .string(file)),
            ("sheet", .string(plan.sheet)),
            ("header_row", .int(plan.columns.headerRow + 1)),
            ("dry_run", .bool(dryRun)),
            ("plan", .object([("id", planId.map { .int(Int($0)) } ?? .null), ("title", .string(planTitle)), ("new", .bool(newPlan))])),
            ("columns", .array(columns)),
            ("counts", .object([("findings", .int(plan.findings.count)), ("actions", .int(plan.actionCount)), ("notes", .int(plan.noteCount))])),
            ("findings", .array(findings)),
        ])
    }
}
