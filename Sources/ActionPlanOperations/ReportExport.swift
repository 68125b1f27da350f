import Foundation
import ActionPlanModel
import ActionPlanReports
import ActionPlanCore
import ActionPlanWorkbook

/// What the report commands read from the store, and the moment and zone they report in.
public enum ReportExport {
    /// Every plan, milestone, finding and action, the newest note of each action and, with
    /// `history`, the whole audit trail (a past as-of date, `--since` and the completions chart
    /// are rebuilt from it; reading it is most of the time of a large export, so it is read
    /// only when needed).
    public static func load(_ store: PlanStore, history: Bool, completions: Bool = false, removed: Bool = false) throws -> ReportSnapshot {
        // Removed records too when the past is rebuilt (one removed since then was there) or
        // when `removed` asks (the calendar cancels them); archived plans, which a report shows
        // when asked for by id. `ReportSnapshot.visible` leaves out what a report must not show.
        let visibility: Visibility = history || removed ? .includingRemoved : .includingArchived
        // Without the past, a completions chart needs only status changes and creations.
        let events = history ? try store.auditEvents(since: nil) : completions ? try store.completionEvents() : []
        return ReportSnapshot(plans: try store.plans(visibility), milestones: try store.milestones(planId: nil, visibility),
                       findings: try store.findings(planId: nil, visibility), actions: try store.actions(ActionQuery(visibility: visibility)),
                       latestNotes: try store.latestNotes(actionIds: nil), auditEvents: events)
    }

    /// A progress summary in a format, read from the store as `export` reads it (the terminal
    /// UI's `e` comes through here too): the file's bytes, text formats in UTF-8.
    public static func document(_ format: ReportFormat, options: ReportOptions, excel: Bool, store: PlanStore,
                                calendar: WorkingDayCalendar) throws -> (data: Data, summary: ProgressSummary) {
        let summary = try summary(format, options: options, store: store, calendar: calendar)
        guard format.isBinary else { return (Data(format.render(summary, excel: excel).utf8), summary) }
        return (try workbook(summary), summary)
    }

    /// The summary a report in `format` is made from, read from the store (the rows it was
    /// read from are not kept).
    static func summary(_ format: ReportFormat, options: ReportOptions, store: PlanStore,
                        calendar: WorkingDayCalendar) throws -> ProgressSummary {
        // Markdown, CSV, iCalendar and the workbook of today need no history; HTML and JSON chart
        // completions, from the status changes alone unless the past is rebuilt.
        let history = !options.asOfIsToday || options.since != nil
        var snapshot = try load(store, history: history, completions: format == .html || format == .json, removed: format == .ics)
        if format.showsRecurrences {
            // The plans the report shows: those named, else every plan in use.
            let planIds = options.planIds ?? snapshot.plans.filter { $0.removed == nil && !$0.archived }.map(\.id)
            snapshot.recurrences = try store.recurrences(planIds: planIds)
        }
        return ProgressSummary(snapshot: snapshot, calendar: calendar, options: options)
    }

    static func workbook(_ summary: ProgressSummary) throws -> Data {
        do {
            return try BoardWorkbook.render(summary)
        } catch {
            throw OperationError("cannot make the workbook: \((error as? XLSXError)?.message ?? reason(error))", status: .cannotCreate)
        }
    }

    /// The moment a report is made: `SOURCE_DATE_EPOCH` (seconds since 1970, for reproducible
    /// files) when set, else now.
    public static func generatedAt(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Date {
        if let text = environment["SOURCE_DATE_EPOCH"], !text.isEmpty {
            guard let seconds = Int64(text), seconds >= 0 else {
                throw OperationError.usage("SOURCE_DATE_EPOCH: '\(text)' is not a count of seconds since 1970")
            }
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        return Date()
    }

    /// A text format's report as text (`document` for any format).
    /// Rendered straight to text, never copied into bytes (`export` to standard output of
    /// 100,000 actions holds one copy of the report, not two).
    public static func report(_ format: ReportFormat, options: ReportOptions, excel: Bool, store: PlanStore,
                              calendar: WorkingDayCalendar) throws -> (text: String, summary: ProgressSummary) {
        let summary = try summary(format, options: options, store: store, calendar: calendar)
        guard format.isBinary else { return (format.render(summary, excel: excel), summary) }
        return (String(decoding: try workbook(summary), as: UTF8.self), summary)
    }

    /// Writes a file whole or not at all (`PrivateFiles.writeWhole`: mode 0600, or the mode of
    /// the file it replaces). Messages
    /// start with `subject` (the option the path came from).
    public static func write(_ text: String, to path: String, replacing: Bool, subject: String = "-o: ") throws {
        try write(Data(text.utf8), to: path, replacing: replacing, subject: subject)
    }

    /// Writes bytes whole or not at all, as `write(_:to:replacing:subject:)` writes text.
    public static func write(_ data: Data, to path: String, replacing: Bool, subject: String = "-o: ") throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw OperationError("\(subject)the folder \(directory.path) does not exist", status: .cannotCreate)
        }
        // A folder is never replaced, with --force or without: say what it is first.
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw OperationError("\(subject)\(path) is a folder: give a file name", status: .cannotCreate)
        }
        if !replacing, FileManager.default.fileExists(atPath: path) {
            throw OperationError("\(subject)\(path) already exists: add --force to replace it", status: .cannotCreate)
        }
        guard FileManager.default.isWritableFile(atPath: directory.path) else {
            throw OperationError("\(subject)cannot write in the folder \(directory.path): permission denied", status: .cannotCreate)
        }
        do {
            try PrivateFiles.writeWhole(data, to: path)
        } catch {
            let what = error.diskFull ? "the disk is full (\(error.reason)): nothing was written" : error.reason
            throw OperationError("\(subject)cannot write \(path): \(what)", status: error.diskFull ? .ioError : .cannotCreate)
        }
    }

    /// The system's reason ("Permission denied", "No space left on device") when Foundation
    /// wraps one, rather than its generic "The operation could not be completed".
    public static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        var text = ns.localizedDescription.split(whereSeparator: \.isNewline).joined(separator: " ")
        let generic = "The operation could not be completed. "
        if text.hasPrefix(generic), text.count > generic.count { text.removeFirst(generic.count) }
        return text
    }
}

extension ReportExport {
    /// One plan's report written to a file, as the terminal UI's `e` key does: the same summary
    /// and the same whole-or-nothing write as `actionplan export --plan P -o FILE`. Returns the
    /// absolute path written and the number of actions in the report.
    public static func exportPlan(_ planId: Int64, format: ReportFormat, to typedPath: String, replacing: Bool, asOf: Day,
                                  store: any PlanStore, calendar: WorkingDayCalendar, dueSoonWindow: Int,
                                  timeZone: TimeZone) throws -> (path: String, actions: Int) {
        let path = absolutePath(typedPath)
        if typedPath.hasSuffix("/") { throw OperationError("\(typedPath) is a folder: give a file name", status: .cannotCreate) }
        var options = ReportOptions(asOf: asOf, planIds: [planId], timeZone: timeZone, generatedAt: try generatedAt(),
                                    dueSoonWindow: dueSoonWindow, asOfIsToday: true)
        options.calendarId = try store.databaseIdentity()
        let (data, summary) = try document(format, options: options, excel: false, store: store, calendar: calendar)
        try write(data, to: path, replacing: replacing, subject: "")
        return (path, summary.plans.reduce(0) { $0 + $1.actions.count })
    }

    /// The path made absolute from the current directory, with `.` and `..` resolved, so that
    /// a status line says exactly where the file went.
    public static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
