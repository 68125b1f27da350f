import ArgumentParser
import ActionPlanModel
import ActionPlanCore

struct Move: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move an action under another finding of its plan.",
        discussion: """
            The action takes the next reference under its new finding (moving 2/P1.2 under D3 makes \
            it 2/D3.1 or the next free number); its old reference is never given to another action. \
            Its notes and history go with it. To split an action, add one (`add-action`) and move or \
            edit as needed. `undo` moves it back.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The action: its id (12) or its plan and reference (2/P1.2).", completion: Completions.actions) var id: String
    @Option(help: "The finding to move it under: its id (7) or its reference in the action's plan (D3).") var finding: String

    func run() throws {
        let reference = try Parse.actionReference(id, option: "id")
        let target = finding.trimmingCharacters(in: .whitespaces)
        guard !target.isEmpty else { throw CLIError.usage("--finding: expected a finding id (7) or reference (D3)") }
        try Parse.typed(target, option: "--finding")
        let context = try Context.open(global)
        let action = try context.store.action(reference)
        let findingId: Int64
        if let id = Int64(target), id > 0 {
            findingId = id
        } else {
            guard let found = try context.store.findings(planId: action.planId).first(where: { $0.ref.caseInsensitiveCompare(target) == .orderedSame }) else {
                throw CLIError("--finding: plan \(action.planId) has no finding \(target)", status: .noInput)
            }
            findingId = found.id
        }
        let moved = try context.store.moveAction(id: action.id, toFinding: findingId, who: context.who)
        if moved.ref == action.ref {
            try Output.print("action \(moved.id) (\(moved.planId)/\(moved.ref)) is already under that finding")
        } else {
            try Output.print("moved action \(moved.id) from \(action.planId)/\(action.ref) to \(moved.planId)/\(moved.ref)")
        }
    }
}
