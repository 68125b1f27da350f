import ArgumentParser
import ActionPlanModel
import ActionPlanCore

struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Change an action: status, owner, due date, measure, RAG, note, evidence.",
        discussion: """
            All changes are one change group (one `undo`). Dates: YYYY-MM-DD, today, +Nwd, +Nm, or none. \
            --owner "" clears the owner. --rag red|amber|green needs --reason; --rag auto goes back to the \
            derived colour. With --expect-version N the update is refused if the action is no longer at \
            version N (someone else changed it since you looked).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The action: its id (12) or its plan and reference (2/P1.2).", completion: Completions.actions) var id: String
    @Option(help: "not_started, in_progress, complete or cancelled.", completion: Completions.statuses) var status: String?
    @Option(help: "Who is accountable (\"\" to clear).") var owner: String?
    @Option(parsing: .unconditional, help: "Due date: YYYY-MM-DD, today, +Nwd, +Nm, or none.") var due: String?
    @Option(help: "The success measure.") var measure: String?
    @Option(help: "A colour set by hand: red, amber, green; or auto.", completion: Completions.colourOverrides) var rag: String?
    @Option(help: "Why the colour is set by hand.") var reason: String?
    @Option(help: "A progress note, dated today.") var note: String?
    @Option(help: "Evidence of completion.") var evidence: String?
    @Option(help: "A new title.") var title: String?
    @Option(help: "Refuse unless the action is at this version.") var expectVersion: String?

    func run() throws {
        let reference = try Parse.actionReference(id, option: "id")
        for (value, option) in [(owner, "--owner"), (measure, "--measure"), (evidence, "--evidence"), (title, "--title"), (reason, "--reason")] {
            if let value { try Parse.typed(value, option: option) }
        }
        if let note { try Parse.typed(note, option: "--note", lines: true) }
        var changes = ActionChanges()
        if let status { changes.status = try Parse.value(ActionStatus.self, status, option: "--status") }
        if let owner { changes.owner = .some(owner) }
        if let measure { changes.successMeasure = .some(measure) }
        if let evidence { changes.evidence = .some(evidence) }
        if let note { changes.note = note }
        if let title { changes.title = title }
        if let rag {
            if ["auto", "derived", "none"].contains(rag.lowercased()) {
                changes.ragOverride = .some(nil)
            } else {
                let colour = try Parse.value(RAG.self, rag, option: "--rag")
                guard RAG.overridable.contains(colour) else {
                    throw CLIError.usage("--rag: 'blue' cannot be set by hand (it means complete): expected red, amber, green or auto")
                }
                guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw CLIError.usage("--reason: a colour set by hand needs a reason")
                }
                changes.ragOverride = .some(RAGOverride(rag: colour, reason: reason))
            }
        } else if reason != nil {
            throw CLIError.usage("--reason: goes with --rag")
        }
        var version: Int?
        if let expectVersion {
            guard let n = Int(expectVersion), n > 0 else {
                throw CLIError.usage("--expect-version: '\(expectVersion)' is not a version: expected a whole number above 0")
            }
            version = n
        }
        let context = try Context.open(global)
        if let due {
            changes.due = due.lowercased() == "none" ? .some(nil) : .some(try Parse.dateExpression(due, option: "--due", context: context))
        }
        guard !changes.isEmpty else {
            throw CLIError.usage("nothing to change: give at least one of --status, --owner, --due, --measure, --rag, --note, --evidence, --title")
        }
        let before = try context.store.action(reference)
        let after = try context.store.updateAction(id: before.id, changes: changes, expectVersion: version,
                                                   who: context.who, today: context.today)
        let name = "action \(after.id) (\(after.planId)/\(after.ref))"
        if before.version == after.version {
            try Output.print("\(name) unchanged (version \(after.version)): it already had those values")
        } else {
            try Output.print("updated \(name) (version \(after.version))")
        }
    }
}
