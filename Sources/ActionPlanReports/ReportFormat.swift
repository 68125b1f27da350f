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
    /// `ReportExport.document` renders every format, this one included.
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

    /// A sensible file name for an export: `action-plan-3-2023-01-16.html` for one plan,
    /// `action-plans-2023-01-16.csv` for several.
    public func defaultFileName(planId: Int64?, asOf: Day) -> String {
        let stem = planId.map { "action-plan-\($0)" } ?? "action-plans"
        return "\(stem)-\(asOf.iso).\(fileExtension)"
    }
}
