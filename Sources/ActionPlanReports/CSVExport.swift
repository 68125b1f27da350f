import Foundation
import ActionPlanModel
import ActionPlanCore

/// Every action as one CSV row (RFC 4180: CRLF line ends, fields with a comma, quote or line
/// break quoted, quotes doubled).
///
/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with an
/// apostrophe, so that a spreadsheet shows it as text and never runs it as a formula.
public enum CSVExport {
    /// The columns of an action row, the same in `list --csv` and `export --format csv`. Each
    /// is named as its key in the JSON action shape (`JSONShapes.action`), with `action_`,
    /// `plan_`, `finding_` or `latest_note_` in front where a row holds more than one thing of
    /// that name. Days are `YYYY-MM-DD`, moments `Timestamp.format`, empty when there is no value.
    /// (`working_days_remaining` is left out: negative once past due, it would start with `-`
    /// and be neutralised into text; the due date and `working_days_overdue` say the same.)
    public static let header = [
        "plan_id", "plan_title", "finding_id", "finding_ref", "category", "section", "finding_text",
        "action_id", "action_ref", "title", "owner", "due", "due_provisional", "due_rule", "original_due",
        "reprogram_count", "status", "rag", "rag_override", "rag_reason", "working_days_overdue", "success_measure", "evidence", "latest_note_day", "latest_note",
        "version", "created_at", "updated_at", "updated_by",
    ]

    /// One action's cells, in the order of `header`. `rag_reason` is filled only while a
    /// colour is set by hand.
    public static func cells(_ line: ActionLine, planTitle: String?) -> [String] {
        let a = line.action
        let f = line.finding
        return [
            String(a.planId), planTitle ?? "", String(a.findingId), f?.ref ?? "", f?.category.rawValue ?? "",
            f?.section ?? "", f?.text ?? "",
            String(a.id), a.ref, a.title, a.owner ?? "", a.due?.iso ?? "", a.dueProvisional ? "true" : "false",
            a.dueRule?.code ?? "", a.originalDue?.iso ?? "",
            String(a.reprogramCount), a.status.rawValue, line.rag?.rawValue ?? "", a.ragOverride?.rawValue ?? "",
            a.ragOverride == nil ? "" : (a.ragReason ?? ""), String(line.workingDaysOverdue), a.successMeasure ?? "", a.evidence ?? "",
            line.latestNote?.day.iso ?? "", line.latestNote?.text ?? "",
            String(a.version), Timestamp.format(a.createdAt), Timestamp.format(a.updatedAt), a.updatedBy,
        ]
    }

    /// The header and one row per action.
    public static func render(_ lines: [(line: ActionLine, planTitle: String?)], excel: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256 + lines.count * 500)
        try? stream(lines, excel: excel) { out += $0 }
        return String(decoding: out, as: UTF8.self)
    }

    /// The same text as `render`, handed to `flush` in pieces of about `chunk` bytes as it is
    /// made (`list --csv` of 100,000 actions never holds the whole file).
    public static func stream<S: Sequence>(_ lines: S, excel: Bool = false, chunk: Int = 1 << 16,
                                           flush: ([UInt8]) throws -> Void) throws where S.Element == (line: ActionLine, planTitle: String?) {
        var out: [UInt8] = []
        out.reserveCapacity(chunk + 4096)
        if excel { out += [0xEF, 0xBB, 0xBF] }
        appendRow(header, to: &out)
        for (line, planTitle) in lines {
            appendRow(cells(line, planTitle: planTitle), to: &out)
            if out.count >= chunk {
                try flush(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        try flush(out)
    }

    /// With `excel`, the text starts with a UTF-8 byte-order mark so that Excel reads it as UTF-8.
    public static func render(_ summary: ProgressSummary, excel: Bool = false) -> String {
        var out = head(excel: excel)
        out.reserveCapacity(256 + summary.plans.reduce(0) { $0 + $1.actions.count * 500 })
        for plan in summary.plans { out += self.plan(plan) }
        return out
    }

    /// The header row (`render` is `head`, then `plan` of each plan).
    public static func head(excel: Bool = false) -> String {
        var out: [UInt8] = []
        if excel { out += [0xEF, 0xBB, 0xBF] }
        appendRow(header, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// One plan's rows.
    public static func plan(_ plan: PlanSummary) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(plan.actions.count * 500)
        for line in plan.actions { appendRow(cells(line, planTitle: plan.plan.title), to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    static func appendRow(_ cells: [String], to out: inout String) {
        var bytes: [UInt8] = []
        appendRow(cells, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    static func appendRow(_ cells: [String], to out: inout [UInt8]) {
        var first = true
        for cell in cells {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendCell(cell, to: &out)
        }
        out += [13, 10]
    }

    /// One RFC 4180 record (ending in CRLF), each field neutralised and quoted as needed.
    public static func row(_ cells: [String]) -> String {
        var out: [UInt8] = []
        appendRow(cells, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// One field, neutralised and quoted as needed.
    public static func cell(_ value: String) -> String {
        var out: [UInt8] = []
        appendCell(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendCell(_ raw: String, to out: inout [UInt8]) {
        // A control character is shown as `\x1b` (TerminalSafe), in a file as on a terminal:
        // a CSV is printed, paged and grepped as often as it is opened in a spreadsheet. A
        // line break inside a cell (CRLF as well as LF) is kept; a lone CR is shown.
        var text = TerminalSafe.isClean(raw) ? raw
            : raw.components(separatedBy: "\r\n").map { TerminalSafe.visible($0) }.joined(separator: "\r\n")
        // Over the string's own bytes (`list --csv` of 100,000 actions writes 2.5 million cells).
        text.withUTF8 { bytes in
            guard let first = bytes.first else { return }
            // A formula start: `=`, `+`, `-`, `@`, tab, carriage return.
            let neutralise = first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                || first == UInt8(ascii: "@") || first == 9 || first == 13
            let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
            if needsQuotes { out.append(UInt8(ascii: "\"")) }
            if neutralise { out.append(UInt8(ascii: "'")) }
            if needsQuotes {
                for byte in bytes {
                    out.append(byte)
                    if byte == UInt8(ascii: "\"") { out.append(byte) }
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: bytes)
            }
        }
    }
}
