import ArgumentParser
import ActionPlanModel
import ActionPlanCore

struct EditPlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit-plan",
        abstract: "Correct a plan's received date, title, authority or kind.",
        discussion: """
            Deadlines count from the received date. When it changes, every open action and pending \
            milestone whose due date came from a rule is recomputed, and each one that moved is listed \
            and recorded in the audit trail. Dates set by a person do not move.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The plan's id.", completion: Completions.plans) var id: String
    @Option(help: "The date the letter was received, YYYY-MM-DD.") var received: String?
    @Option(help: "A new title.") var title: String?
    @Option(help: "The local authority the plan is for.") var authority: String?
    @Option(help: "The kind of document the plan answers (focused_visit, ilacs, …).") var kind: String?

    func run() throws {
        let planId = try Parse.id(id, option: "id")
        var changes = PlanChanges()
        changes.received = try received.map { try Parse.day($0, option: "--received") }
        if let title { changes.title = try Parse.typed(title, option: "--title") }
        if let authority { changes.authority = try Parse.typed(authority, option: "--authority") }
        if let kind { changes.kind = try Parse.value(DocumentKind.self, kind, option: "--kind") }
        guard !changes.isEmpty else { throw CLIError.usage("nothing to change: give --received, --title, --authority or --kind") }
        let context = try Context.open(global)
        let before = try context.store.actions(ActionQuery(planIds: [planId]))
        let milestonesBefore = try context.store.milestones(planId: planId)
        let plan = try context.store.updatePlan(id: planId, changes: changes, who: context.who)
        try Output.print("plan \(plan.id): \(plan.title), \(plan.authority), \(plan.kind.label), received \(plan.received.iso)")
        let after = Dictionary(uniqueKeysWithValues: try context.store.actions(ActionQuery(planIds: [planId])).map { ($0.id, $0) })
        for action in before {
            if let new = after[action.id]?.due, let old = action.due, new != old {
                try Output.print("  action \(action.id) \(action.title): \(old.iso) → \(new.iso)")
            }
        }
        let milestonesAfter = Dictionary(uniqueKeysWithValues: try context.store.milestones(planId: planId).map { ($0.id, $0) })
        for milestone in milestonesBefore {
            if let new = milestonesAfter[milestone.id]?.due, let old = milestone.due, new != old {
                try Output.print("  milestone \(milestone.id) \(milestone.title): \(old.iso) → \(new.iso)")
            }
        }
    }
}
