import Foundation
import ActionPlanModel

/// Every action as one CSV row (RFC 4180: CRLF line ends, fields with a comma, quote or line
/// break quoted, quotes doubled).
///
/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with an
/// apostrophe, so that a spreadsheet shows it as text and never runs it as a formula.
public enum CSVExport {
    public static let header = [
        "plan_id", "plan", "finding_ref", "category", "section", "finding", "action_id", "action", "owner",
        "due", "original_due", "reprogram_count", "status", "rag", "rag_reason", "wd_overdue", "success_measure",
        "evidence", "latest_note_date", "latest_note", "updated", "updated_by",
    ]

    /// With `excel`, the text starts with a UTF-8 byte-order mark so that Excel reads it as UTF-8.
    public static func render(_ summary: ProgressSummary, excel: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(256 + summary.plans.reduce(0) { $0 + $1.actions.count * 300 })
        if excel { out += "\u{FEFF}" }
        appendRow(header, to: &out)
        for plan in summary.plans {
            for line in plan.actions {
                let a = line.action
                appendRow([
                    String(plan.plan.id), plan.plan.title, line.finding?.ref ?? "", line.finding?.category.rawValue ?? "",
                    line.finding?.section ?? "", line.finding?.text ?? "", String(a.id), a.title, a.owner ?? "",
                    a.due?.iso ?? "", a.originalDue?.iso ?? "", String(a.reprogramCount), a.status.rawValue,
                    line.rag?.rawValue ?? "", a.ragOverride == nil ? "" : (a.ragReason ?? ""), String(line.workingDaysOverdue),
                    a.successMeasure ?? "", a.evidence ?? "", line.latestNote?.day.iso ?? "", line.latestNote?.text ?? "",
                    Moment.iso(a.updatedAt), a.updatedBy,
                ], to: &out)
            }
        }
        return out
    }

    static func appendRow(_ cells: [String], to out: inout String) {
        var first = true
        for cell in cells {
            if !first { out += "," }
            first = false
            appendCell(cell, to: &out)
        }
        out += "\r\n"
    }

    /// One RFC 4180 record (ending in CRLF), each field neutralised and quoted as needed.
    public static func row(_ cells: [String]) -> String {
        var out = ""
        appendRow(cells, to: &out)
        return out
    }

    /// One field, neutralised and quoted as needed.
    public static func cell(_ value: String) -> String {
        var out = ""
        appendCell(value, to: &out)
        return out
    }

    static func appendCell(_ raw: String, to out: inout String) {
        // Most cells need neither quotes nor neutralising: copy them whole.
        if let first = raw.utf8.first, first != UInt8(ascii: "="), first != UInt8(ascii: "+"), first != UInt8(ascii: "-"),
           first != UInt8(ascii: "@"), first != 9, first != 13,
           !raw.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
            out += raw
            return
        }
        var value = raw
        if let first = raw.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + raw
        }
        let needsQuotes = value.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        if needsQuotes {
            out += "\""
            for scalar in value.unicodeScalars {
                if scalar == "\"" { out += "\"\"" } else { out.unicodeScalars.append(scalar) }
            }
            out += "\""
        } else {
            out += value
        }
    }
}
