import ArgumentParser
import ActionPlanModel
import ActionPlanCore

/// `archive` and `unarchive`: one command shape, two names.
struct Archive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Archive a plan: hidden from the plans screen, lists and reports unless asked for.",
        discussion: """
            An archived plan stays whole and can still be changed; `plans --archived` lists it, \
            `list --plan ID` and `export --plan ID` still show it, and `unarchive ID` brings it back.
            """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The plan's id.", completion: Completions.plans) var id: String
    func run() throws { try Archive.set(archived: true, id: id, global: global) }

    static func set(archived: Bool, id: String, global: GlobalOptions) throws {
        let planId = try Parse.id(id, option: "id")
        let context = try Context.open(global)
        let plan = try context.store.updatePlan(id: planId, changes: PlanChanges(archived: archived), who: context.who)
        try Output.print("plan \(plan.id) (\(plan.title)) \(plan.archived ? "archived" : "is not archived")")
    }
}

struct Unarchive: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unarchive", abstract: "Bring an archived plan back into the lists and reports.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The plan's id.", completion: Completions.plans) var id: String
    func run() throws { try Archive.set(archived: false, id: id, global: global) }
}
