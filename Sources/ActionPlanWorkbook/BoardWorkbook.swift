import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

/// The progress summary as an Excel workbook for the improvement board: a "Summary" sheet
/// (BRAG counts, percent complete and milestones with their standing, per plan) and one
/// register sheet per plan with every action (the columns of the CSV export that a board
/// reads), its header frozen and filtered, due dates as Excel dates, colours filled.
///
/// Every number and wording comes from the summary (`ProgressCounts`, `MilestoneLine.standing`,
/// `ActionLine.colourText`); nothing is counted again here.
public enum BoardWorkbook {
    /// The register's columns, in order. `import-sheet` recognises each of them.
    public static let registerHeader = [
        "Plan", "Finding ref", "Category", "Section", "Finding", "Action ref", "Action ID", "Action", "Owner", "Due date",
        "Due date provisional", "Original due date", "Times reprogrammed", "Status", "RAG", "Colour set by hand: reason",
        "Working days overdue", "Success measure", "Evidence", "Latest note date", "Latest note", "Updated by",
    ]

    static let registerWidths: [Double] = [28, 9, 22, 28, 60, 9, 8, 50, 24, 12, 10, 12, 10, 12, 9, 30, 10, 40, 40, 12, 60, 14]

    /// The summary sheet's BRAG and status columns, after "Plan" and "Actions".
    static let summaryHeader = ["Plan", "Actions", "Blue", "Red", "Amber", "Green", "Not started", "In progress", "Complete",
                                "Cancelled", "Overdue", "% complete"]

    /// The workbook's bytes.
    public static func render(_ summary: ProgressSummary) throws -> Data {
        try workbook(summary).data()
    }

    public static func workbook(_ summary: ProgressSummary) -> XLSXWorkbook {
        var names = SheetNames()
        var sheets = [summarySheet(summary, name: names.unique("Summary"))]
        for plan in summary.plans {
            sheets.append(register(plan, name: names.unique(registerName(plan))))
        }
        return XLSXWorkbook(sheets: sheets, title: title(summary), created: summary.generatedAt, fills: fills)
    }

    static func title(_ summary: ProgressSummary) -> String { "Action plan progress as of \(summary.asOf.longDescription)" }
    static func registerName(_ plan: PlanSummary) -> String { "\(plan.plan.id) \(plan.plan.title)" }
    static let fills = HTMLReport.colours.mapValues { "FF" + $0.dropFirst().uppercased() }

    /// The workbook made plan by plan, with the same bytes as `render`: started from the
    /// report's outline before any action is counted (its plans and milestones: the summary
    /// sheet's texts come first in the shared strings), each plan's register sheet added as the
    /// plan is summarised (its XML handed back for the caller to keep), and finished with the
    /// outline whose totals are counted.
    public struct Writer {
        private var package: XLSXPackage
        private var names = SheetNames()
        private let summaryName: String

        /// `outline`: the report's plans with their milestones (`ProgressSummary.append(outlineOf:)`);
        /// its counts are not read.
        public init(outline: ProgressSummary) {
            package = XLSXPackage(title: BoardWorkbook.title(outline), created: outline.generatedAt, fills: BoardWorkbook.fills)
            summaryName = names.unique("Summary")
            _ = package.add(BoardWorkbook.summarySheet(outline, name: summaryName))
        }

        /// The next plan's register sheet (plans in the outline's order); returns its XML.
        public mutating func add(_ plan: PlanSummary) -> String {
            package.add(BoardWorkbook.register(plan, name: names.unique(BoardWorkbook.registerName(plan))))
        }

        /// The workbook's bytes: `outline` is the one `init` was given with its totals counted;
        /// `registerXML(n, position, size)` gives up to `size` bytes from `position` of the XML
        /// `add` returned for the `n`th plan (from 0).
        public mutating func finish(_ outline: ProgressSummary, registerXML: (Int, Int64, Int) throws -> Data) throws -> Data {
            let summary = Data(package.remake(BoardWorkbook.summarySheet(outline, name: summaryName), at: 0).utf8)
            return try package.data { index, position, size in
                if index > 0 { return try registerXML(index - 1, position, size) }
                let start = Int(position)
                return summary.subdata(in: start..<min(start + size, summary.count))
            }
        }
    }

    /// Text as every file export shows it: a control character visible as `\x1b` (as in the
    /// CSV), a line break kept (CR LF as LF, Excel's line break in a cell).
    static func cellText(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        // Most text has no CR: a byte scan, not Foundation's search (a quarter of a large workbook's time).
        let lines = text.utf8.contains(13) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        return TerminalSafe.visible(lines)
    }

    static func text(_ text: String?, style: XLSXStyle = .plain) -> XLSXCell { .text(cellText(text), style: style) }

    static func summarySheet(_ summary: ProgressSummary, name: String) -> XLSXSheet {
        var rows: [[XLSXCell]] = []
        rows.append([text("Action plan progress as of \(summary.asOf.longDescription)", style: .title)])
        rows.append([text(summary.scope().joined(separator: " · "))])
        rows.append([])
        rows.append(summaryHeader.enumerated().map { index, title in
            let rag: [Int: RAG] = [2: .blue, 3: .red, 4: .amber, 5: .green]
            return text(title, style: rag[index].map(XLSXStyle.fill) ?? .header)
        })
        func countsRow(_ title: String, _ counts: ProgressCounts) -> [XLSXCell] {
            [text(title), .number(counts.total), .number(counts.count(.blue)), .number(counts.count(.red)), .number(counts.count(.amber)),
             .number(counts.count(.green)), .number(counts.count(.notStarted)), .number(counts.count(.inProgress)),
             .number(counts.count(.complete)), .number(counts.count(.cancelled)), .number(counts.overdue), .number(counts.percentComplete)]
        }
        for plan in summary.plans { rows.append(countsRow("\(plan.plan.id): \(plan.plan.title)", plan.totals)) }
        if summary.plans.count > 1 { rows.append(countsRow("All plans", summary.overall).map { XLSXCell($0.value, style: .header) }) }
        if summary.plans.isEmpty { rows.append([text("No plans to report.")]) }
        rows.append([])
        rows.append(["Plan", "Milestone", "Due date", "Done", "Standing"].map { text($0, style: .header) })
        var milestones = 0
        for plan in summary.plans {
            for line in plan.milestones {
                milestones += 1
                rows.append([text("\(plan.plan.id): \(plan.plan.title)"), text(line.milestone.title), .day(line.milestone.due),
                             .day(line.milestone.done), text(line.standing)])
            }
        }
        if milestones == 0 { rows.append([text("None recorded.")]) }
        return XLSXSheet(name: name, rows: rows, columnWidths: [40, 40, 12, 12, 22, 12, 12, 12, 12, 12, 10, 11])
    }

    static func register(_ plan: PlanSummary, name: String) -> XLSXSheet {
        var rows: [[XLSXCell]] = [registerHeader.map { text($0, style: .header) }]
        for line in plan.actions {
            let a = line.action
            let f = line.finding
            let colour: XLSXCell = line.rag.map { text(line.colourText.split(separator: " ").first.map(String.init), style: .fill($0)) }
                ?? XLSXCell(.empty)
            rows.append([
                text(plan.plan.title), text(f?.ref), text(f?.category.label), text(f?.section), text(f?.text, style: .wrapped),
                text(line.ref), .number(Int(a.id)), text(a.title, style: .wrapped), text(a.owner), .day(a.due),
                text(a.dueProvisional ? "yes" : "no"), .day(a.originalDue), .number(a.reprogramCount), text(a.status.label), colour,
                text(RAGRules.isSetByHand(a) ? (a.ragReason ?? "") : nil), .number(line.workingDaysOverdue),
                text(a.successMeasure, style: .wrapped), text(a.evidence, style: .wrapped), .day(line.latestNote?.day),
                text(line.latestNote?.text, style: .wrapped), text(a.updatedBy),
            ])
        }
        return XLSXSheet(name: name, rows: rows, columnWidths: registerWidths, freezeHeader: true, autoFilter: true)
    }
}

/// Sheet names Excel accepts: at most 31 characters, none of `[ ] : * ? / \`, not starting or
/// ending with an apostrophe, not empty, not "History" (Excel keeps it), unique without
/// regard to case.
public struct SheetNames: Sendable {
    private var used = Set<String>()

    public init() {}

    public mutating func unique(_ wanted: String) -> String {
        let cleaned = Self.clean(wanted)
        var candidate = cleaned
        var number = 2
        while used.contains(candidate.lowercased()) {
            let suffix = " (\(number))"
            candidate = String(cleaned.prefix(31 - suffix.count)).trimmingCharacters(in: .whitespaces) + suffix
            number += 1
        }
        used.insert(candidate.lowercased())
        return candidate
    }

    /// The name with forbidden characters as spaces, runs of spaces as one, cut to 31 characters.
    public static func clean(_ wanted: String) -> String {
        var text = ""
        for scalar in wanted.unicodeScalars {
            let forbidden = "[]:*?/\\".unicodeScalars.contains(scalar) || TerminalSafe.isControl(scalar) || !XMLText.isAllowed(scalar)
                || scalar == "\t" || scalar == "\n" || scalar == "\r"
            let next: Unicode.Scalar = forbidden ? " " : scalar
            if next == " ", text.unicodeScalars.last == " " { continue }
            text.unicodeScalars.append(next)
        }
        var name = text.trimmingCharacters(in: .whitespaces)
        while name.hasPrefix("'") { name.removeFirst() }
        // 31 characters as Excel counts them: UTF-16 code units.
        while name.utf16.count > 31 { name.removeLast() }
        while name.hasSuffix("'") || name.hasSuffix(" ") { name.removeLast() }
        if name.isEmpty || name.lowercased() == "history" { name = "Sheet" + (name.isEmpty ? "" : " " + name) }
        return name
    }
}
