import ActionPlanModel

/// The formats a summary exports to, for the command line and the terminal UI's export prompt.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, html, csv, json, ics, xlsx

    public var label: String {
        switch self {
        case .md: return "Markdown"
        case .html: return "HTML"
        case .csv: return "CSV"
        case .json: return "JSON"
        case .ics: return "iCalendar"
        case .xlsx: return "Excel workbook"
        }
    }

    /// A binary format (the Excel workbook): written to a file, never to a terminal or a pipe,
    /// and rendered by `BoardWorkbook` (ActionPlanWorkbook), not by `render`.
    public var isBinary: Bool { self == .xlsx }

    /// A board pack (Markdown, HTML and the PDF printed from it) with its "Recurring findings"
    /// section, for which the store is asked where each finding was raised before.
    public var showsRecurrences: Bool { self == .md || self == .html }

    /// What of a summary the format reads besides each plan's actions, milestones and totals
    /// (a summary made for it works out nothing more: `ReportExport`).
    public var summaryContents: ProgressSummary.Contents {
        switch self {
        case .md, .html: return .all
        case .json: return .figures
        case .csv, .ics, .xlsx: return []
        }
    }

    public var fileExtension: String { rawValue }

    /// The format a file name's extension stands for (`.md`, `.markdown`, `.html`, `.htm`,
    /// `.csv`, `.json`, `.ics`, `.ical`, `.xlsx`; any case), or nil.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), !fileName[dot...].contains("/") else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "md", "markdown": self = .md
        case "html", "htm": self = .html
        case "csv": self = .csv
        case "json": self = .json
        case "ics", "ical": self = .ics
        case "xlsx": self = .xlsx
        default: return nil
        }
    }

    /// A format's name as typed (`md`, `markdown`, `HTML`, …), or nil.
    public init?(name: String) {
        let text = name.trimmed.lowercased()
        if text == "markdown" { self = .md; return }
        self.init(rawValue: text)
    }

    /// The summary in a text format. `excel` adds a byte-order mark to CSV; iCalendar entries are
    /// stamped with the summary's generated-at moment. The workbook is bytes, not text:
    /// `ReportExport.document` renders every format, this one included. The text is `head`,
    /// then `plan` of each plan, then `tail`.
    public func render(_ summary: ProgressSummary, excel: Bool = false) -> String {
        switch self {
        case .md: return MarkdownReport.render(summary)
        case .html: return HTMLReport.render(summary)
        case .csv: return CSVExport.render(summary, excel: excel)
        case .json: return JSONExport.render(summary)
        case .ics: return ICalendarExport.render(summary, stamp: summary.generatedAt)
        case .xlsx: preconditionFailure("the workbook is binary: ReportExport.document renders it")
        }
    }

    /// What a text format writes before the plans. A report written plan by plan (`ReportExport`)
    /// writes it last-made but first in the file: it gives a summary whose plans keep only their
    /// plan, milestones and totals (`ProgressSummary.append(outlineOf:)`), with the overall figures.
    public func head(_ summary: ProgressSummary, excel: Bool = false) -> String {
        switch self {
        case .md: return MarkdownReport.head(summary)
        case .html: return HTMLReport.head(summary)
        case .csv: return CSVExport.head(excel: excel)
        case .json: return JSONExport.head(summary)
        case .ics: return ICalendarExport.head(summary)
        case .xlsx: preconditionFailure("the workbook is binary: ReportExport.document renders it")
        }
    }

    /// One plan's part of a text format, the `index`th plan of the report (from 0); `summary` is
    /// a summary holding the plan, made with the report's options.
    public func plan(_ plan: PlanSummary, index: Int, of summary: ProgressSummary) -> String {
        switch self {
        case .md: return MarkdownReport.plan(plan, of: summary)
        case .html: return HTMLReport.plan(plan, of: summary)
        case .csv: return CSVExport.plan(plan)
        case .json: return JSONExport.plan(plan, index: index)
        case .ics: return ICalendarExport.plan(plan, of: summary, stamp: summary.generatedAt)
        case .xlsx: preconditionFailure("the workbook is binary: ReportExport.document renders it")
        }
    }

    /// What a text format writes after the plans (`head` says which summary it takes).
    public func tail(_ summary: ProgressSummary) -> String {
        switch self {
        case .md, .csv: return ""
        case .html: return HTMLReport.tail
        case .json: return JSONExport.tail(summary)
        case .ics: return ICalendarExport.tail(summary, stamp: summary.generatedAt)
        case .xlsx: preconditionFailure("the workbook is binary: ReportExport.document renders it")
        }
    }

    /// A sensible file name for an export: `action-plan-3-2023-01-16.html` for one plan,
    /// `action-plans-2023-01-16.csv` for several.
    public func defaultFileName(planId: Int64?, asOf: Day) -> String {
        let stem = planId.map { "action-plan-\($0)" } ?? "action-plans"
        return "\(stem)-\(asOf.iso).\(fileExtension)"
    }
}
