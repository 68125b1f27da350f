import ArgumentParser
import ActionPlanModel
import ActionPlanCore

struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change one or more actions: status, owner, due date, measure, RAG, note, evidence.",
        discussion: """
            All changes, to every action named, are one change group (one `undo`): all of them or none. Dates: \(DateExpression.acceptedForms), or none. \
            --owner "" clears the owner. --rag red|amber|green needs --reason; --rag auto goes back to the \
            derived colour. With --expect-version N the update is refused if the action is no longer at \
            version N (someone else changed it since you looked).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The actions: ids (12) or plan and reference (2/P1.2), one or more.", completion: Completions.actions) var ids: [String]
    @Option(help: "not_started, in_progress, complete or cancelled.", completion: Completions.statuses) var status: String?
    @Option(help: "Who is accountable (\"\" to clear).") var owner: String?
    @Option(parsing: .unconditional, help: "Due date: \(DateExpression.acceptedForms), or none.") var due: String?
    @Option(help: "The success measure.") var measure: String?
    @Option(help: "A colour set by hand: red, amber, green; or auto.", completion: Completions.colourOverrides) var rag: String?
    @Option(help: "Why the colour is set by hand.") var reason: String?
    @Option(help: "A progress note, dated today.") var note: String?
    @Option(help: "Evidence of completion.") var evidence: String?
    @Option(help: "A new title.") var title: String?
    @Option(help: "Refuse unless the action is at this version.") var expectVersion: String?

    func run() throws {
        guard !ids.isEmpty else { throw CLIError.usage("give at least one action: an id (12) or plan and reference (2/P1.2)") }
        let references = try ids.map { try Parse.actionReference($0, option: "id") }
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
        if version != nil && references.count > 1 {
            throw CLIError.usage("--expect-version: only with one action (each action has its own version)")
        }
        let context = try Context.open(global)
        if let due {
            changes.due = due.lowercased() == "none" ? .some(nil) : .some(try Parse.dateExpression(due, option: "--due", context: context))
        }
        guard !changes.isEmpty else {
            throw CLIError.usage("nothing to change: give at least one of --status, --owner, --due, --measure, --rag, --note, --evidence, --title")
        }
        let before = try references.map { try context.store.action($0) }
        let expected = version.map { [before[0].id: $0] }
        let after = try context.store.updateActions(ids: before.map(\.id), changes: changes, expectVersions: expected,
                                                    who: context.who, today: context.today)
        let versions = Dictionary(before.map { ($0.id, $0.version) }, uniquingKeysWith: { a, _ in a })
        for action in after {
            let name = "action \(action.id) (\(action.planId)/\(action.ref))"
            if versions[action.id] == action.version {
                try Output.print("\(name) unchanged (version \(action.version)): it already had those values")
            } else {
                try Output.print("updated \(name) (version \(action.version))")
            }
        }
    }
}
