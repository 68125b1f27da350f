import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanReports
import ActionPlanCore
import ActionPlanOperations

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a progress summary for the improvement board.",
        discussion: """
            Formats: md (Markdown), html (one self-contained page with charts, prints on A4), pdf \
            (the same pack printed by WeasyPrint, Debian package weasyprint; needs -o), csv (one \
            row per action), json (the summary; schema in docs/export-json-schema.md), ics \
            (iCalendar: actions' due dates and milestones, with reminders), xlsx (an Excel workbook: \
            a summary sheet and one register sheet per plan; needs -o FILE). Without --format the format \
            comes from the -o file's extension, else md. Writes to standard output unless -o.

            md, html and pdf are the board pack: a cover, then per plan the progress summary, the \
            inspection's judgements and inspectors, the milestones, the action register (every \
            action under its finding with owner, due date, status, colour, success measure and \
            latest note), each owner's actions and the SMART warnings of `actionplan check`.

            --as-of DATE reproduces the plans as they were at the end of that day, from the \
            audit trail. --since DATE adds what changed from that day to the as-of date: \
            completed, reprogrammed, colour changes and new actions. Dates are YYYY-MM-DD or \
            today. The generated-at moment is SOURCE_DATE_EPOCH when set, else now; audit \
            moments fall on days in the local time zone (TZ).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("md, html, pdf, csv, json, ics or xlsx (default: from the -o extension, else md).", valueName: "format"), completion: Completions.formats)
    var format: String?
    @Option(help: "Only this plan (repeatable).", completion: Completions.plans) var plan: [String] = []
    @Option(help: ArgumentHelp("Report the plans as they were at the end of this day (default: today).", valueName: "date"))
    var asOf: String?
    @Option(help: ArgumentHelp("List what changed from this day to the as-of date.", valueName: "date")) var since: String?
    @Option(help: "Only this owner's actions (exact, any case).") var owner: String?
    @Option(name: .short, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"), completion: Completions.reportFiles) var output: String?
    @Flag(help: "CSV for Excel: starts with a UTF-8 byte-order mark.") var excel = false
    @Flag(help: "Replace the -o file if it exists (without it, an existing file is refused).") var force = false
    @Option(help: ArgumentHelp("ics only: a reminder N working days before each due date (default \(ReportOptions.defaultReminderWorkingDays)), or none.",
                               valueName: "N")) var remind: String?

    /// Every format `--format` takes: the reports' own, and `pdf` (the HTML report printed).
    static let formatNames = ReportFormat.allCases.map(\.rawValue) + ["pdf"]

    /// A PDF is the HTML report printed: asked for by name or by the -o extension.
    var wantsPDF: Bool {
        if let format { return format.trimmingCharacters(in: .whitespaces).lowercased() == "pdf" }
        return output.map { ($0 as NSString).pathExtension.lowercased() == "pdf" } ?? false
    }

    /// The text format rendered (HTML for a PDF).
    func resolvedFormat() throws -> ReportFormat {
        if wantsPDF { return .html }
        if let format {
            guard let value = ReportFormat(name: format) else {
                throw CLIError.usage("--format: unknown format '\(format)': expected one of \(Self.formatNames.joined(separator: ", "))")
            }
            return value
        }
        if let output, let inferred = ReportFormat(fileName: output) { return inferred }
        return .md
    }

    func validate() throws {
        let format: ReportFormat
        do { format = try resolvedFormat() } catch let error as CLIError { throw ValidationError(error.message) }
        if excel && (format != .csv || wantsPDF) { throw ValidationError("--excel: only for --format csv") }
        if wantsPDF && output == nil { throw ValidationError("--format pdf: needs -o FILE: a PDF is not written to a terminal") }
        if let owner, owner.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--owner: is empty: expected an owner's name as on the actions")
        }
        if let output, output.isEmpty { throw ValidationError("-o: is empty: expected a file name") }
        if format.isBinary, output == nil || output == "-" {
            throw ValidationError("--format \(format.rawValue): an Excel workbook is a binary file: give one with -o FILE.xlsx")
        }
        if remind != nil, (try? resolvedFormat()) != .ics { throw ValidationError("--remind: only for --format ics") }
        _ = try reminderDays()
    }

    /// `--remind N` (0 to 365 working days) or `none`; the default without it.
    func reminderDays() throws -> Int? {
        guard let remind else { return ReportOptions.defaultReminderWorkingDays }
        if remind.lowercased() == "none" { return nil }
        guard let n = Int(remind.trimmingCharacters(in: .whitespaces)), (0...365).contains(n) else {
            throw ValidationError("--remind: '\(remind)' is not a count of working days: expected 0 to 365, or none")
        }
        return n
    }

    func run() throws {
        let format = try resolvedFormat()
        let reminder = try reminderDays()
        if let output, !force, FileManager.default.fileExists(atPath: output) {
            throw CLIError("-o: \(output) already exists: add --force to replace it", status: .cannotCreate)
        }
        // Refused before anything is read: the converter is missing.
        if wantsPDF && PDFExport.executable() == nil { throw PDFExport.unavailable() }
        let context = try Context.open(global)
        let asOfDay = try asOf.map { try Self.day($0, option: "--as-of", today: context.today) } ?? context.today
        let sinceDay = try since.map { try Self.day($0, option: "--since", today: context.today) }
        if let sinceDay, sinceDay > asOfDay {
            throw CLIError.usage("--since: \(sinceDay.iso) is after the as-of date \(asOfDay.iso)")
        }
        let planIds = try PlanSelection.ids(plan, store: context.store)
        let generatedAt = try ReportExport.generatedAt()
        var options = ReportOptions(asOf: asOfDay, since: sinceDay, planIds: planIds,
                                    owner: owner?.trimmingCharacters(in: .whitespaces), timeZone: TimeZone.current,
                                    generatedAt: generatedAt, dueSoonWindow: context.dueSoonWindow, asOfIsToday: asOfDay >= context.today)
        options.calendarId = try context.store.databaseIdentity()
        options.reminderWorkingDays = reminder
        guard let output else {
            // Standard output: written as it is made, plan by plan (a workbook is refused without -o).
            let folder = NSTemporaryDirectory()
            do {
                _ = try ReportExport.stream(format, options: options, excel: excel, store: context.store, calendar: context.calendar,
                                            spoolFolder: folder) { try Output.write($0.bindMemory(to: UInt8.self)) }
            } catch let error as PrivateFileError {
                // The temporary file the plans' text waits in while the overall figures are counted.
                throw CLIError("cannot write a temporary file in \(folder): \(error.reason)", status: error.diskFull ? .ioError : .cannotCreate)
            }
            return
        }
        let summary: ProgressSummary
        if wantsPDF {
            let (data, whole) = try ReportExport.document(format, options: options, excel: excel, store: context.store,
                                                          calendar: context.calendar)
            try ReportExport.write(try PDFExport.pdf(fromHTML: String(decoding: data, as: UTF8.self)), to: output, replacing: force)
            summary = whole
        } else {
            summary = try ReportExport.export(format, options: options, excel: excel, store: context.store, calendar: context.calendar,
                                              to: output, replacing: force)
        }
        let actions = summary.overall.total
        try Output.print("wrote \(output): \(wantsPDF ? "pdf" : format.rawValue), \(summary.plans.count) plan\(summary.plans.count == 1 ? "" : "s"), \(actions) action\(actions == 1 ? "" : "s") as of \(asOfDay.iso)")
    }

    /// `YYYY-MM-DD` or `today`.
    static func day(_ text: String, option: String, today: Day) throws -> Day {
        if text.trimmingCharacters(in: .whitespaces).lowercased() == "today" { return today }
        return try Parse.day(text, option: option)
    }
}
