import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanData
import ActionPlanCore
import ActionPlanReports
import InspectionParser
import ActionPlanOperations

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import inspection letters and reports (PDF or text) as plans.",
        discussion: """
            Each FILE (a .pdf, a text file, or - for standard input) becomes one plan, in one \
            transaction: its findings verbatim with category, timescale and section, one action per \
            improvement finding with a due date (from its timescale, else a provisional default), and \
            the plan's milestones (stated in the document, else the defaults for its kind). PDFs are \
            converted with `pdftotext -layout` (Debian package poppler-utils). Deadlines count from \
            --received (default: the letter date; last-visit: the last day of the visit, marked as an \
            estimate). A document already imported (same text) is not \
            imported again unless --as-new. If any FILE cannot be imported, nothing is written; with \
            --jobs N, N documents are read at once and each is its own plan (the ones already imported \
            skipped, the ones that cannot be imported refused while the others go on). \
            Defaults: $XDG_CONFIG_HOME/actionplan/import-defaults.json, else the shipped file. \
            See docs/import.md.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The documents: .pdf, text files, or - for standard input.", valueName: "file"), completion: Completions.documents)
    var files: [String] = []
    @Option(help: ArgumentHelp("The date the documents were received (YYYY-MM-DD); `published`: the date each prints (the default); `last-visit`: the last day of each one's visit, marked as an estimate.", valueName: "date"))
    var received: String?
    @Option(help: ArgumentHelp("The kind of document, instead of the one recognised: \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"), completion: Completions.kinds)
    var kind: String?
    @Flag(help: "Show what would be imported; write nothing.") var dryRun = false
    @Flag(help: "Print JSON (with --dry-run: the extraction of every document).") var json = false
    @Flag(help: "Import a document again even if the same text is already a plan.") var asNew = false
    @Flag(help: "Import a document even if no improvement section is found in it.") var allowEmpty = false
    @Option(help: ArgumentHelp("Import many documents, N read at once: each its own plan, the ones already imported skipped, the ones that cannot be imported refused while the others go on.", valueName: "N"))
    var jobs: String?

    func run() throws {
        guard !files.isEmpty else { throw CLIError.usage("no file given: expected one or more .pdf or text files, or - for standard input") }
        guard files.filter({ $0 == "-" }).count <= 1 else { throw CLIError.usage("- (standard input) can be given only once") }
        // `published` is the default said out loud; `last-visit` is for an archive of old
        // reports, each plan marked as estimated, never a silent default.
        let receivedWord = received?.trimmingCharacters(in: .whitespaces).lowercased()
        let lastVisit = receivedWord == "last-visit"
        var receivedDay: Day?
        if let received, receivedWord != "published", !lastVisit {
            // A word that is not one of the two is refused naming them; a date, by the date rules.
            guard received.contains(where: \.isNumber) else {
                throw CLIError.usage("--received: '\(received)' is not a date: expected YYYY-MM-DD, 31/12/2026, 31 Dec 2026, published or last-visit")
            }
            receivedDay = try Parse.day(received, option: "--received")
        }
        let kindOverride = try kind.map { try Parse.value(DocumentKind.self, $0, option: "--kind") }
        let defaults = try ImportDefaultsFile.load()
        // Milestone titles are typed in the defaults file and printed by `milestone` and `plans`.
        for (index, milestone) in defaults.milestones.enumerated() {
            if let message = Parse.refusal(milestone.title, lines: false) {
                throw CLIError("\(ImportDefaultsFile.userPath() ?? "import defaults"): milestones[\(index)]: title \(message)", status: .dataError)
            }
        }
        let today = try Context.resolveToday(global)
        if let jobs {
            return try runBatch(jobs: jobs, received: receivedDay, lastVisit: lastVisit, kind: kindOverride, defaults: defaults, today: today)
        }

        // Read and check every document before writing anything.
        var standardInput: Data?
        var prepared: [DocumentImport.Prepared] = []
        var failures: [CLIError] = []
        // A dry run writes nothing, so it does not open (or create) the database: it counts
        // working days with the shipped holiday table.
        let context = dryRun ? nil : try Context.open(global)
        let calendar = try context?.calendar ?? WorkingDayCalendar(holidays: HolidayTable(holidays: Context.shippedHolidays()))
        let planner = ImportPlanner(defaults: defaults, calendar: calendar)
        let who = try context?.who ?? Context.resolveWho(global)
        for file in files {
            do {
                let item = try DocumentImport.prepare(file, received: receivedDay, kind: kindOverride, asNew: asNew, allowEmpty: allowEmpty,
                                                      requireDate: !dryRun, lastVisit: lastVisit,
                                                      planner: planner, store: context?.store, today: today, who: who,
                                                      note: { Output.error($0) }) {
                    if standardInput == nil { standardInput = ImportInput.readCapped(FileHandle.standardInput) }
                    return standardInput ?? Data()
                }
                if !dryRun, !asNew, let twin = prepared.first(where: { $0.hash == item.hash }) {
                    throw CLIError("\(item.input.name): has the same text as \(twin.input.name): use --as-new to import both", status: .dataError)
                }
                prepared.append(item)
            } catch let error as CLIError {
                failures.append(error)
            } catch let error as StoreError {
                failures.append(CLIError(error))
            } catch let error as DocumentImport.UndatedReport {
                failures.append(CLIError(error.commandLineMessage, status: .usage))
            }
        }
        if !failures.isEmpty {
            for failure in failures.dropLast() { Output.error(failure.message) }
            let last = failures[failures.count - 1]
            let nothing = files.count > 1 ? " (nothing imported)" : ""
            throw CLIError(last.message + nothing, status: last.status)
        }

        if dryRun {
            if json {
                let documents = prepared.map { DryRunReport.Document(extraction: $0.extraction, draft: $0.draft, file: $0.input.sourceFile ?? "-",
                                                                     receivedGiven: receivedDay) }
                try Output.printJSON(ImportReport.json(documents, rules: try Context.rules(calendar: calendar, today: today)))
            } else {
                for (index, item) in prepared.enumerated() {
                    if index > 0 { try Output.print("") }
                    try Output.print(ImportSummary.text(item, planId: nil, verbose: true))
                }
            }
            return
        }
        guard let context else { return }
        // All the documents in one transaction: a failure (a full disk, a duplicate imported by
        // someone else a moment ago) writes none of them.
        let ids: [Int64]
        do {
            ids = try context.store.createPlans(prepared.map(\.draft), who: context.who, refusingDuplicates: !asNew)
        } catch StoreError.alreadyImported(let index, let planId, let title) {
            let nothing = prepared.count > 1 ? " (nothing imported)" : ""
            throw CLIError("\(prepared[index].input.name): " + StoreError.alreadyImported(index: index, planId: planId, title: title).message + nothing,
                           status: .dataError)
        }
        let created = Array(zip(prepared, ids))
        if json {
            let documents = try created.map { item, id in
                DryRunReport.Document(extraction: item.extraction, draft: try ImportReport.storedDraft(id, store: context.store) ?? item.draft,
                                      file: item.input.sourceFile ?? "-", planId: id, receivedGiven: receivedDay)
            }
            try Output.printJSON(ImportReport.json(documents, rules: context.rules))
        } else {
            for (index, (item, id)) in created.enumerated() {
                if index > 0 { try Output.print("") }
                try Output.print(ImportSummary.text(item, planId: id, verbose: false))
            }
        }
    }

    /// `--jobs N`: every document its own plan, written in the order given; a summary at the end
    /// and, on a terminal, a progress bar on standard error while it works.
    func runBatch(jobs text: String, received: Day?, lastVisit: Bool, kind: DocumentKind?, defaults: ImportDefaults, today: Day) throws {
        guard let jobs = Int(text.trimmingCharacters(in: .whitespaces)), (1...64).contains(jobs) else {
            throw CLIError.usage("--jobs: '\(text)' is not a number of documents to read at once: expected 1 to 64")
        }
        if files.contains("-") { throw CLIError.usage("--jobs: reads files only, not - (standard input)") }
        if dryRun || json || asNew { throw CLIError.usage("--jobs: imports for real; it does not go with --dry-run, --json or --as-new") }
        let context = try Context.open(global)
        let planner = ImportPlanner(defaults: defaults, calendar: context.calendar)
        let onTerminal = isatty(STDERR_FILENO) != 0
        let items = BatchImport.run(files: files, jobs: jobs, received: received, lastVisit: lastVisit, kind: kind, allowEmpty: allowEmpty,
                                    planner: planner,
                                    store: context.store, today: today, who: context.who) { items in
            guard onTerminal else { return }
            Output.progress(done: items.count, of: files.count, tally: BatchImport.Tally(items).text)
        }
        if onTerminal { Output.progress(done: nil, of: files.count, tally: "") }
        for item in items {
            item.notes.forEach { Output.error($0) }
            switch item.outcome {
            case .imported(let id, let title): try Output.print("plan \(id): \(title)")
            case .skipped(let why): Output.error("skipped: \(why)")
            case .refused(let why): Output.error("refused: \(why)")
            }
        }
        let tally = BatchImport.Tally(items)
        try Output.print("\(files.count) document\(files.count == 1 ? "" : "s"): " + tally.text)
        if tally.refused > 0 {
            throw CLIError("\(tally.refused) of \(files.count) document\(files.count == 1 ? "" : "s") \(tally.refused == 1 ? "was" : "were") refused: "
                           + "the others are in the database", status: .dataError)
        }
    }
}
