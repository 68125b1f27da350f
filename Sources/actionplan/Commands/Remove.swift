import ArgumentParser
import ActionPlanModel
import ActionPlanCore

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove an action, finding, note, milestone or plan, with a reason.",
        discussion: """
            Nothing is deleted: the item leaves every list, screen and report, the removal is recorded \
            (who, when, why), `list --removed` shows it, and `undo` brings it back. Removing a finding \
            takes its actions with it; removing a plan takes everything in it. Give exactly one of ID \
            (an action: 12 or 2/P1.2), --finding, --note, --milestone or --plan.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The action: its id (12) or its plan and reference (2/P1.2).", completion: Completions.actions) var id: String?
    @Option(help: "Remove this finding (by id) and its actions.") var finding: String?
    @Option(help: "Remove this note (by id).") var note: String?
    @Option(help: "Remove this milestone (by id).") var milestone: String?
    @Option(help: "Remove this plan (by id) and everything in it.", completion: Completions.plans) var plan: String?
    @Option(help: "Why it is removed (required).") var reason: String?

    func run() throws {
        let targets = [id != nil, finding != nil, note != nil, milestone != nil, plan != nil].filter { $0 }.count
        guard targets == 1 else {
            throw CLIError.usage("give exactly one of ID, --finding, --note, --milestone or --plan")
        }
        guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CLIError.usage("--reason: a removal needs a reason (it is kept in the history)")
        }
        try Parse.typed(reason, option: "--reason")
        let reference = try id.map { try Parse.actionReference($0, option: "id") }
        let findingId = try finding.map { try Parse.id($0, option: "--finding") }
        let noteId = try note.map { try Parse.id($0, option: "--note") }
        let milestoneId = try milestone.map { try Parse.id($0, option: "--milestone") }
        let planId = try plan.map { try Parse.id($0, option: "--plan") }
        let context = try Context.open(global)
        let store = context.store
        do {
            let entity: AuditEntity
            let entityId: Int64
            let name: String
            if let reference {
                let action = try store.action(reference)
                (entity, entityId, name) = (.action, action.id, "action \(action.id) (\(action.planId)/\(action.ref)) \(action.title)")
            } else if let findingId {
                guard let found = try store.finding(id: findingId) else { throw StoreError.notFound(entity: "finding", id: findingId) }
                let count = try store.actions(ActionQuery(planIds: [found.planId], findingId: findingId)).count
                (entity, entityId, name) = (.finding, findingId, "finding \(findingId) (\(found.planId)/\(found.ref)) with \(count) action\(count == 1 ? "" : "s")")
            } else if let noteId {
                guard let found = try store.note(id: noteId) else { throw StoreError.notFound(entity: "note", id: noteId) }
                (entity, entityId, name) = (.note, noteId, "note \(noteId) of action \(found.actionId)")
            } else if let milestoneId {
                guard let found = try store.milestone(id: milestoneId) else { throw StoreError.notFound(entity: "milestone", id: milestoneId) }
                (entity, entityId, name) = (.milestone, milestoneId, "milestone \(milestoneId) (\(found.title))")
            } else {
                let id = planId!
                guard let found = try store.plan(id: id) else { throw StoreError.notFound(entity: "plan", id: id) }
                (entity, entityId, name) = (.plan, id, "plan \(id) (\(found.title))")
            }
            try store.remove(entity, id: entityId, reason: reason, who: context.who)
            try Output.print("removed \(name): `actionplan undo` brings it back")
        } catch let error as StoreError {
            throw CLIError(error)
        }
    }
}
