import Foundation
import ActionPlanModel
import ActionPlanData
import ActionPlanCore
import InspectionParser

/// Importing a document: reading it (a PDF through pdftotext), parsing it, planning its
/// actions and deadlines, and refusing what cannot be imported. Shared by `actionplan import`
/// and the terminal UI's `i` key.
public enum DocumentImport {
    /// A report that prints no date, imported without the date it was received.
    public struct UndatedReport: Error, Sendable {
        public let name: String
        /// The refusal on the command line, naming the option that gives the date.
        public var commandLineMessage: String {
            "\(name): the report prints no letter or publication date, so nothing says when its deadlines start: give the date it was received with --received YYYY-MM-DD"
        }
    }

    /// One document read, parsed and planned, not yet written.
    public struct Prepared: Sendable {
        public let input: ImportInput
        public let extraction: Extraction
        public let draft: PlanDraft
        public let hash: String
        /// Nothing says when the deadlines start (no date printed, none given): the draft's
        /// dates count from a fallback and are not to be shown as real.
        public let undated: Bool
    }

    /// Reads, parses and plans one document, refusing what cannot be imported; writes nothing.
    /// The terminal UI's import key goes through here too.
    /// With `requireDate` (a real import), a report that prints no letter or publication date,
    /// imported without the date it was received, is refused (`UndatedReport`): nothing else
    /// says when its deadlines start. A dry run shows it with null dates instead.
    /// With `lastVisit` (`--received last-visit`, for an archive of old reports), the received
    /// date is the last day of the visit the document gives, marked on the plan as an estimate;
    /// a document that gives no visit date is refused.
    public static func prepare(_ file: String, received given: Day?, kind: DocumentKind?, asNew: Bool, allowEmpty: Bool,
                        requireDate: Bool = true, lastVisit: Bool = false,
                        planner: ImportPlanner, store: (any PlanStore)?, today: Day, who: String,
                        note: (String) -> Void = { FileHandle.standardError.write(Data("actionplan: \($0)\n".utf8)) },
                        standardInput: () -> Data) throws -> Prepared {
        let input = try ImportInput.read(file, standardInput: standardInput)
        input.notes.forEach(note)
        let extraction = InspectionDocumentParser.parse(text: input.text, fileName: input.sourceFile,
                                                        authorities: ShippedFiles.localAuthorities())
        if !extraction.hasImprovementFindings && !allowEmpty {
            throw OperationError("\(input.name): no improvement section found (areas for priority action, for improvement or for development, what needs to improve, recommendations…): use --allow-empty to import it anyway", status: .dataError)
        }
        var received = given
        if lastVisit {
            guard let last = extraction.visitDates.max() else {
                throw OperationError("\(input.name): the document gives no visit dates, so --received last-visit cannot estimate when it was received: give the date with --received YYYY-MM-DD",
                                     status: .dataError)
            }
            received = last
        }
        let undated = extraction.isUndated(receivedGiven: received)
        if requireDate && undated {
            throw UndatedReport(name: input.name)
        }
        let hash = SHA256.hex(InspectionDocumentParser.normalisedForHash(input.text))
        var draft = planner.draft(for: extraction, received: received, kind: kind, fallbackDate: today,
                                  createdAt: Date(), createdBy: who, contentHash: hash)
        draft.plan.receivedEstimated = lastVisit
        if let store, !asNew, let existing = try store.plan(contentHash: hash) {
            throw OperationError("\(input.name): " + StoreError.alreadyImported(index: 0, planId: existing.id, title: existing.title).message,
                                 status: .dataError)
        }
        return Prepared(input: input, extraction: extraction, draft: draft, hash: hash,
                        undated: undated)
    }


    /// Imports one document as a new plan, as the terminal UI's `i` key does: the same
    /// reading, parsing, planning and refusals as `actionplan import`, with the outcome as one
    /// line. Returns the new plan's id and that line.
    public static func importOne(_ typed: String, received: Day? = nil, store: any PlanStore, calendar: WorkingDayCalendar,
                                 today: Day, who: String, home: String?) throws -> (planId: Int64, message: String) {
        var path = typed.trimmingCharacters(in: .whitespaces)
        if path == "-" || path.isEmpty {
            throw OperationError("Give the path of a .pdf or text file to import", status: .usage)
        }
        if path.hasPrefix("~/"), let home { path = home + path.dropFirst() }
        var notes: [String] = []
        let planner = ImportPlanner(defaults: try ImportDefaultsFile.load(), calendar: calendar)
        let item = try prepare(path, received: received, kind: nil, asNew: false, allowEmpty: false, planner: planner,
                               store: store, today: today, who: who, note: { notes.append($0) }, standardInput: { Data() })
        let id: Int64
        do {
            id = try store.createPlans([item.draft], who: who, refusingDuplicates: true)[0]
        } catch let error as StoreError {
            if case .alreadyImported = error { throw OperationError("\(item.input.name): \(error.message)", status: .dataError) }
            throw error
        }
        let actions = item.draft.findings.reduce(0) { $0 + $1.actions.count }
        let message = "Imported \(item.input.name) as plan \(id): \(actions) action\(actions == 1 ? "" : "s")"
            + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))")
        return (id, message)
    }
}

/// The import defaults: the user's file if there is one, else the shipped one.
public enum ImportDefaultsFile {
    public static func userPath() -> String? {
        Configuration.folder(environment: ProcessInfo.processInfo.environment).map { $0 + "/import-defaults.json" }
    }

    public static func load() throws -> ImportDefaults {
        if let path = userPath(), FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw OperationError("\(path): cannot be read", status: .noInput)
            }
            do {
                return try ImportDefaults.parse(data)
            } catch {
                throw OperationError("\(path): \(error.message)", status: .dataError)
            }
        }
        return try ShippedFiles.read(ShippedData.importDefaultsURL, what: "import defaults file") { data in
            do throws(ImportDefaults.FormatError) { return .success(try ImportDefaults.parse(data)) } catch { return .failure(ParseFailure(message: error.message)) }
        }
    }
}

/// The short summary printed after an import (and, with the findings, by a dry run).
public enum ImportSummary {
    public static func text(_ item: DocumentImport.Prepared, planId: Int64?, verbose: Bool) -> String {
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
        var dates = "letter \(plan.letterDate?.iso ?? "not found"), received "
            + (item.undated ? "not given (give --received YYYY-MM-DD)" : plan.received.iso)
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
                let due = item.undated ? "—" : (m.due?.iso ?? "no date")
                lines.append((index == 0 ? "  milestones  " : "              ") + "\(due)  \(m.title)\(rule)")
            }
        }
        for warning in e.warnings where warning != "no improvement section found" || !e.hasImprovementFindings {
            lines.append("  note        \(warning)")
        }
        if verbose {
            for (finding, draft) in zip(e.findings, item.draft.findings) where finding.category.isImprovement {
                let action = draft.actions.first
                let due = item.undated ? "—" : action.map { ($0.dueProvisional ? "~" : "") + ($0.due?.iso ?? "") } ?? ""
                lines.append("  \(finding.ref.padding(toLength: 4, withPad: " ", startingAt: 0)) \(due.padding(toLength: 11, withPad: " ", startingAt: 0)) \(finding.section)")
                lines.append("       \(finding.text)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
