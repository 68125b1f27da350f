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
        var whole = ProgressSummary.empty(calendar: calendar, options: options)
        _ = try summaries(format, options: options, store: store, calendar: calendar) { whole.append($0) }
        return whole
    }

    /// How many plans a part of a report read plan by plan holds: a few thousand actions
    /// (the generated databases have about 50 actions a plan).
    public static let plansPerPart = 40
    /// How much of the plans' text a report holds in memory before it goes to a temporary file.
    public static let heldBytes = 4 << 20

    /// The report's summary, made part by part: `each` is given a summary of the next plans in
    /// id order (the whole report when the past is rebuilt, which needs every audit event at
    /// once), made with the report's options; the returned outline holds every plan with its
    /// milestones and totals, the overall figures and the withdrawn entries
    /// (`ProgressSummary.append(outlineOf:)`). Only the rows of one part are held at a time:
    /// each part's plans' milestones, findings, actions, their newest notes and, for a chart of
    /// completions, their status changes.
    ///
    /// `start`, when given, is called first with the report's plans and their milestones (no
    /// action counted yet: the workbook's summary sheet numbers its texts first).
    static func summaries(_ format: ReportFormat, options: ReportOptions, store: PlanStore, calendar: WorkingDayCalendar,
                          plansPerPart: Int = plansPerPart, start: ((ProgressSummary) throws -> Void)? = nil,
                          each: (ProgressSummary) throws -> Void) throws -> ProgressSummary {
        // Nothing the format does not read is worked out.
        var options = options
        options.contents.formIntersection(format.summaryContents)
        var outline = ProgressSummary.empty(calendar: calendar, options: options)
        // Markdown, CSV, iCalendar and the workbook of today need no history; HTML and JSON chart
        // completions, from the status changes alone unless the past is rebuilt.
        let history = !options.asOfIsToday || options.since != nil
        let completions = format == .html || format == .json
        if history {
            var snapshot = try load(store, history: true)
            if format.showsRecurrences {
                // The plans the report shows: those named, else every plan in use.
                let planIds = options.planIds ?? snapshot.plans.filter { $0.removed == nil && !$0.archived }.map(\.id)
                snapshot.recurrences = try store.recurrences(planIds: planIds)
            }
            let whole = ProgressSummary(snapshot: snapshot, calendar: calendar, options: options)
            try start?(whole)
            try each(whole)
            outline.append(outlineOf: whole)
            return outline
        }
        // Removed records too when the calendar cancels them; archived plans, which a report
        // shows when asked for by id (`ReportSnapshot.visible` leaves out what it must not show).
        let visibility: Visibility = format == .ics ? .includingRemoved : .includingArchived
        let named = Set(options.planIds ?? [])
        // The plans a report can show or withdraw entries of: named ones, else all but archived ones.
        let stored = try store.plans(visibility)
        let plans = stored.filter { options.planIds == nil ? !$0.archived : named.contains($0.id) }
        if let start {
            let milestones = try store.milestones(planIds: plans.map(\.id), visibility)
            try start(ProgressSummary(snapshot: ReportSnapshot(plans: plans, milestones: milestones, findings: [], actions: []),
                                      calendar: calendar, options: options))
        }
        for first in stride(from: 0, to: plans.count, by: plansPerPart) {
            let batch = Array(plans[first..<min(first + plansPerPart, plans.count)])
            let ids = batch.map(\.id)
            let actions = try store.actions(ActionQuery(planIds: ids, visibility: visibility))
            let actionIds = actions.map(\.id)
            var snapshot = ReportSnapshot(plans: batch, milestones: try store.milestones(planIds: ids, visibility),
                                          findings: try store.findings(planIds: ids, visibility), actions: actions,
                                          latestNotes: try store.latestNotes(actionIds: actionIds),
                                          auditEvents: completions ? try store.completionEvents(actionIds: actionIds) : [])
            if format.showsRecurrences {
                // Looked for among every plan not removed: what the store would read for each part.
                snapshot.recurrences = try store.recurrences(planIds: batch.filter { $0.removed == nil }.map(\.id), among: stored)
            }
            let part = ProgressSummary(snapshot: snapshot, calendar: calendar, options: options)
            try each(part)
            outline.append(outlineOf: part)
        }
        return outline
    }

    /// A text format's report written in pieces as it is made, plan by plan, to `write`, with
    /// the same text as `report` makes whole. What comes before the plans (the cover's overall
    /// figures, the JSON's totals) is known only once every plan is summarised: the plans'
    /// text is held until a few megabytes, then kept in a temporary file in `spoolFolder`
    /// (removed from the folder as soon as it is made) and copied out after the head. Returns
    /// the outline of the report (`summaries`).
    public static func stream(_ format: ReportFormat, options: ReportOptions, excel: Bool, store: PlanStore,
                              calendar: WorkingDayCalendar, spoolFolder: String, plansPerPart: Int = plansPerPart,
                              heldBytes: Int = heldBytes, to write: (UnsafeRawBufferPointer) throws -> Void) throws -> ProgressSummary {
        precondition(!format.isBinary, "the workbook is written by ReportExport.workbook")
        func put(_ text: String) throws {
            var text = text
            try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
        }
        let body = ReportBody(folder: spoolFolder, limit: heldBytes)
        var index = 0
        let outline = try summaries(format, options: options, store: store, calendar: calendar, plansPerPart: plansPerPart) { part in
            for plan in part.plans {
                try body.append(format.plan(plan, index: index, of: part))
                index += 1
            }
        }
        try put(format.head(outline, excel: excel))
        try body.copy(to: write)
        try put(format.tail(outline))
        return outline
    }

    /// The workbook made plan by plan (`BoardWorkbook.Writer`): each plan's register sheet is
    /// kept, as XML, in a temporary file of `spoolFolder` (past a few megabytes) until the
    /// package is assembled; the package itself (compressed) is made in memory.
    static func workbook(options: ReportOptions, store: PlanStore, calendar: WorkingDayCalendar,
                         spoolFolder: String, plansPerPart: Int, heldBytes: Int) throws -> (data: Data, outline: ProgressSummary) {
        var writer: BoardWorkbook.Writer?
        let sheets = ReportBody(folder: spoolFolder, limit: heldBytes)
        var ranges: [(offset: Int64, size: Int64)] = []
        let outline = try summaries(.xlsx, options: options, store: store, calendar: calendar, plansPerPart: plansPerPart,
                                    start: { writer = BoardWorkbook.Writer(outline: $0) }) { part in
            for plan in part.plans {
                let xml = writer!.add(plan)
                let offset = sheets.count
                try sheets.append(xml)
                ranges.append((offset, sheets.count - offset))
            }
        }
        do {
            let data = try writer!.finish(outline) { index, position, size in
                let range = ranges[index]
                return try sheets.read(at: range.offset + position, size: Int(min(Int64(size), range.size - position)))
            }
            return (data, outline)
        } catch let error as PrivateFileError {
            throw error
        } catch {
            throw OperationError("cannot make the workbook: \((error as? XLSXError)?.message ?? reason(error))", status: .cannotCreate)
        }
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

    /// A text format's report as text (`document` for any format), made as `stream` makes it.
    public static func report(_ format: ReportFormat, options: ReportOptions, excel: Bool, store: PlanStore,
                              calendar: WorkingDayCalendar) throws -> (text: String, summary: ProgressSummary) {
        guard !format.isBinary else {
            let summary = try summary(format, options: options, store: store, calendar: calendar)
            return (String(decoding: try workbook(summary), as: UTF8.self), summary)
        }
        var bytes: [UInt8] = []
        let outline = try stream(format, options: options, excel: excel, store: store, calendar: calendar,
                                 spoolFolder: NSTemporaryDirectory()) { bytes += $0 }
        return (String(decoding: bytes, as: UTF8.self), outline)
    }

    /// Writes a file whole or not at all (`PrivateFiles.writeWhole`: mode 0600, or the mode of
    /// the file it replaces). Messages
    /// start with `subject` (the option the path came from).
    public static func write(_ text: String, to path: String, replacing: Bool, subject: String = "-o: ") throws {
        try write(Data(text.utf8), to: path, replacing: replacing, subject: subject)
    }

    /// Writes bytes whole or not at all, as `write(_:to:replacing:subject:)` writes text.
    public static func write(_ data: Data, to path: String, replacing: Bool, subject: String = "-o: ") throws {
        try write(to: path, replacing: replacing, subject: subject) { write in try data.withUnsafeBytes { try write($0) } }
    }

    /// Writes a file whole or not at all from what `produce` hands to its `write` in pieces
    /// (`PrivateFiles.writeWhole(to:_:)`): the folder, an existing file and permission are
    /// checked first; when `produce` fails, its error is thrown and no file is left.
    public static func write(to path: String, replacing: Bool, subject: String = "-o: ",
                             _ produce: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
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
            try PrivateFiles.writeWhole(to: path, produce)
        } catch let error as PrivateFileError {
            let what = error.diskFull ? "the disk is full (\(error.reason)): nothing was written" : error.reason
            throw OperationError("\(subject)cannot write \(path): \(what)", status: error.diskFull ? .ioError : .cannotCreate)
        }
    }

    /// A report written to a file whole or not at all, as it is made (`stream` for the text
    /// formats, `workbook` for the workbook), with `write`'s checks and messages. The temporary
    /// file of the plans' text is made in the file's folder. Returns the outline of the report.
    public static func export(_ format: ReportFormat, options: ReportOptions, excel: Bool, store: PlanStore,
                              calendar: WorkingDayCalendar, to path: String, replacing: Bool, subject: String = "-o: ",
                              plansPerPart: Int = plansPerPart, heldBytes: Int = heldBytes) throws -> ProgressSummary {
        var outline: ProgressSummary?
        try write(to: path, replacing: replacing, subject: subject) { write in
            if format.isBinary {
                let (data, made) = try workbook(options: options, store: store, calendar: calendar,
                                                spoolFolder: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                plansPerPart: plansPerPart, heldBytes: heldBytes)
                try data.withUnsafeBytes { try write($0) }
                outline = made
            } else {
                outline = try stream(format, options: options, excel: excel, store: store, calendar: calendar,
                                     spoolFolder: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                     plansPerPart: plansPerPart, heldBytes: heldBytes, to: write)
            }
        }
        return outline!
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
        let outline = try export(format, options: options, excel: false, store: store, calendar: calendar, to: path,
                                 replacing: replacing, subject: "")
        return (path, outline.overall.total)
    }

    /// The path made absolute from the current directory, with `.` and `..` resolved, so that
    /// a status line says exactly where the file went.
    public static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
