import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanData
import ActionPlanStore
import InspectionParser

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
            --received (default: the letter date). A document already imported (same text) is not \
            imported again unless --as-new. If any FILE cannot be imported, nothing is written. \
            Defaults: $XDG_CONFIG_HOME/actionplan/import-defaults.json, else the shipped file. \
            See docs/import.md.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The documents: .pdf, text files, or - for standard input.", valueName: "file"))
    var files: [String] = []
    @Option(help: ArgumentHelp("The date the documents were received, YYYY-MM-DD (default: each one's letter date).", valueName: "date"))
    var received: String?
    @Option(help: ArgumentHelp("The kind of document, instead of the one recognised: \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var kind: String?
    @Flag(help: "Show what would be imported; write nothing.") var dryRun = false
    @Flag(help: "Print JSON (with --dry-run: the extraction of every document).") var json = false
    @Flag(help: "Import a document again even if the same text is already a plan.") var asNew = false
    @Flag(help: "Import a document even if no improvement section is found in it.") var allowEmpty = false

    /// One document read, parsed and planned, not yet written.
    struct Prepared {
        let input: ImportInput
        let extraction: Extraction
        let draft: PlanDraft
        let hash: String
    }

    /// Reads, parses and plans one document, refusing what cannot be imported; writes nothing.
    /// The terminal UI's import key goes through here too.
    static func prepare(_ file: String, received: Day?, kind: DocumentKind?, asNew: Bool, allowEmpty: Bool,
                        planner: ImportPlanner, store: (any PlanStore)?, today: Day, who: String,
                        note: (String) -> Void = { FileHandle.standardError.write(Data("actionplan: \($0)\n".utf8)) },
                        standardInput: () -> Data) throws -> Prepared {
        let input = try ImportInput.read(file, standardInput: standardInput)
        input.notes.forEach(note)
        let authorities = ShippedData.localAuthoritiesURL.flatMap { try? String(contentsOf: $0, encoding: .utf8) }.map(LocalAuthorityTable.init(csv:))
        let extraction = InspectionDocumentParser.parse(text: input.text, fileName: input.sourceFile, authorities: authorities ?? LocalAuthorityTable())
        if !extraction.hasImprovementFindings && !allowEmpty {
            throw CLIError("\(input.name): no improvement section found (areas for priority action, for improvement or for development, what needs to improve, recommendations…): use --allow-empty to import it anyway", status: 65)
        }
        let hash = SHA256.hex(InspectionDocumentParser.normalisedForHash(input.text))
        let draft = planner.draft(for: extraction, received: received, kind: kind, fallbackDate: today,
                                  createdAt: Date(), createdBy: who, contentHash: hash)
        if let store, !asNew, let existing = try store.plan(contentHash: hash) {
            throw CLIError("\(input.name): is already imported as plan \(existing.id) (\(existing.title)): use --as-new to import it again", status: 65)
        }
        return Prepared(input: input, extraction: extraction, draft: draft, hash: hash)
    }

    func run() throws {
        guard !files.isEmpty else { throw CLIError.usage("no file given: expected one or more .pdf or text files, or - for standard input") }
        guard files.filter({ $0 == "-" }).count <= 1 else { throw CLIError.usage("- (standard input) can be given only once") }
        let receivedDay = try received.map { try Parse.day($0, option: "--received") }
        let kindOverride = try kind.map { try Parse.value(DocumentKind.self, $0, option: "--kind") }
        let defaults = try ImportDefaultsFile.load()
        let today = try Context.resolveToday(global)

        // Read and check every document before writing anything.
        var standardInput: Data?
        var prepared: [Prepared] = []
        var failures: [CLIError] = []
        // A dry run writes nothing, so it does not open (or create) the database: it counts
        // working days with the shipped holiday table.
        let context = dryRun ? nil : try Context.open(global)
        let calendar = try context?.calendar ?? WorkingDayCalendar(holidays: HolidayTable(holidays: Context.shippedHolidays()))
        let planner = ImportPlanner(defaults: defaults, calendar: calendar)
        let who = context?.who ?? Context.resolveWho(global)
        for file in files {
            do {
                let item = try Self.prepare(file, received: receivedDay, kind: kindOverride, asNew: asNew, allowEmpty: allowEmpty,
                                            planner: planner, store: context?.store, today: today, who: who) {
                    if standardInput == nil { standardInput = FileHandle.standardInput.readDataToEndOfFile() }
                    return standardInput ?? Data()
                }
                if !dryRun, !asNew, let twin = prepared.first(where: { $0.hash == item.hash }) {
                    throw CLIError("\(item.input.name): has the same text as \(twin.input.name): use --as-new to import both", status: 65)
                }
                prepared.append(item)
            } catch let error as CLIError {
                failures.append(error)
            } catch let error as StoreError {
                failures.append(CLIError(error))
            }
        }
        if !failures.isEmpty {
            for failure in failures.dropLast() { FileHandle.standardError.write(Data("actionplan: \(failure.message)\n".utf8)) }
            let last = failures[failures.count - 1]
            let nothing = files.count > 1 ? " (nothing imported)" : ""
            throw CLIError(last.message + nothing, status: last.status)
        }

        if dryRun {
            if json {
                print(DryRunReport(documents: prepared.map { DryRunReport.Document(extraction: $0.extraction, draft: $0.draft, file: $0.input.sourceFile ?? "-", receivedGiven: receivedDay) }).jsonString())
            } else {
                for (index, item) in prepared.enumerated() {
                    if index > 0 { print("") }
                    print(ImportSummary.text(item, planId: nil, verbose: true))
                }
            }
            return
        }
        guard let context else { return }
        var created: [(Prepared, Int64)] = []
        for item in prepared {
            let id = try context.store.createPlan(item.draft, who: context.who)
            created.append((item, id))
        }
        if json {
            print(DryRunReport(documents: created.map { DryRunReport.Document(extraction: $0.0.extraction, draft: $0.0.draft, file: $0.0.input.sourceFile ?? "-", planId: $0.1, receivedGiven: receivedDay) }).jsonString())
        } else {
            for (index, (item, id)) in created.enumerated() {
                if index > 0 { print("") }
                print(ImportSummary.text(item, planId: id, verbose: false))
            }
        }
    }
}

/// The import defaults: the user's file if there is one, else the shipped one.
enum ImportDefaultsFile {
    static func userPath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/actionplan/import-defaults.json" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/actionplan/import-defaults.json" }
        return nil
    }

    static func load() throws -> ImportDefaults {
        if let path = userPath(), FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("\(path): cannot be read", status: 66)
            }
            do {
                return try ImportDefaults.parse(data)
            } catch {
                throw CLIError("\(path): \(error.message)", status: 65)
            }
        }
        guard let url = ShippedData.importDefaultsURL, let data = FileManager.default.contents(atPath: url.path) else {
            throw CLIError("the import defaults file that ships with actionplan is missing: reinstall actionplan", status: 74)
        }
        do {
            return try ImportDefaults.parse(data)
        } catch {
            throw CLIError("the shipped import defaults file is damaged: \(error.message)", status: 74)
        }
    }
}

/// The short summary printed after an import (and, with the findings, by a dry run).
enum ImportSummary {
    static func text(_ item: Import.Prepared, planId: Int64?, verbose: Bool) -> String {
        let e = item.extraction
        let plan = item.draft.plan
        var lines: [String] = []
        if let planId {
            lines.append("imported \(item.input.name) as plan \(planId): \(plan.title)")
        } else {
            lines.append("would import \(item.input.name): \(plan.title)")
        }
        lines.append("  kind        \(plan.kind.label) (\(plan.kind.rawValue))")
        lines.append("  authority   \(e.authority ?? "not found")")
        var dates = "letter \(plan.letterDate?.iso ?? "not found"), received \(plan.received.iso)"
        if let first = plan.visitDates.first, let last = plan.visitDates.last {
            dates += first == last ? ", visit \(first.iso)" : ", visit \(first.iso) to \(last.iso)"
        }
        lines.append("  dates       \(dates)")
        if !plan.inspectors.isEmpty { lines.append("  inspectors  \(plan.inspectors.joined(separator: ", "))") }
        let improvement = e.improvementFindings
        let categories = FindingCategory.allCases.filter(\.isImprovement).compactMap { c -> String? in
            let n = improvement.filter { $0.category == c }.count
            return n > 0 ? "\(c.label.lowercased()): \(n)" : nil
        }
        lines.append("  findings    \(categories.isEmpty ? "none" : categories.joined(separator: ", "))"
                     + (e.count(.strength) > 0 ? "; \(e.count(.strength)) strengths kept as context" : ""))
        let timescales = Timeframe.allCases.compactMap { t -> String? in
            let n = improvement.filter { $0.timeframe == t }.count
            return n > 0 ? "\(t.label.lowercased()): \(n)" : nil
        }
        if !timescales.isEmpty { lines.append("  timescales  \(timescales.joined(separator: ", "))") }
        let actions = item.draft.findings.flatMap(\.actions)
        let provisional = actions.filter(\.dueProvisional).count
        lines.append("  actions     \(actions.count)" + (provisional > 0 ? " (\(provisional) with a provisional due date from the defaults)" : ""))
        if item.draft.milestones.isEmpty {
            lines.append("  milestones  none")
        } else {
            for (index, m) in item.draft.milestones.enumerated() {
                let rule = m.rule.map { " (\($0.description))" } ?? ""
                lines.append((index == 0 ? "  milestones  " : "              ") + "\(m.due?.iso ?? "no date")  \(m.title)\(rule)")
            }
        }
        for warning in e.warnings where warning != "no improvement section found" || !e.hasImprovementFindings {
            lines.append("  note        \(warning)")
        }
        if verbose {
            for (finding, draft) in zip(e.findings, item.draft.findings) where finding.category.isImprovement {
                let action = draft.actions.first
                let due = action.map { ($0.dueProvisional ? "~" : "") + ($0.due?.iso ?? "") } ?? ""
                lines.append("  \(finding.ref.padding(toLength: 4, withPad: " ", startingAt: 0)) \(due.padding(toLength: 11, withPad: " ", startingAt: 0)) \(finding.section)")
                lines.append("       \(finding.text)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
