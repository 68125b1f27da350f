import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanCore

struct AddAction: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-action",
        abstract: "Add an action to a finding.",
        discussion: """
            Prints the new action's id. Without --due, an action on a finding with a timescale is due \
            by that timescale from the plan's received date; otherwise it has no due date yet.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The finding's id.") var finding: String
    @Option(help: "What will be done.") var title: String
    @Option(help: "Who is accountable (a role and/or a person).") var owner: String?
    @Option(parsing: .unconditional, help: "Due date: \(DateExpression.acceptedForms).") var due: String?
    @Option(help: "How success will be measured.") var measure: String?
    @Flag(help: "Print only the id.") var quiet = false

    func run() throws {
        let findingId = try Parse.id(finding, option: "--finding")
        try Parse.typed(title, option: "--title")
        if let owner { try Parse.typed(owner, option: "--owner") }
        if let measure { try Parse.typed(measure, option: "--measure") }
        let context = try Context.open(global)
        guard let found = try context.store.finding(id: findingId) else { throw CLIError(StoreError.notFound(entity: "finding", id: findingId)) }
        var dueDay = try due.map { try Parse.dateExpression($0, option: "--due", context: context) }
        var rule: DeadlineRule?
        if dueDay == nil, let timescale = found.timeframe.rule, let plan = try context.store.plan(id: found.planId) {
            rule = timescale
            dueDay = timescale.due(received: plan.received, calendar: context.calendar)
        }
        let now = Date()
        let action = Action(findingId: findingId, planId: found.planId, title: title, owner: owner, due: dueDay,
                            dueRule: rule, successMeasure: measure, createdAt: now, updatedAt: now, updatedBy: context.who)
        let id = try context.store.addAction(action, who: context.who)
        try Output.print(quiet ? "\(id)" : "added action \(id) to finding \(findingId)" + (dueDay.map { ", due \($0.iso)" } ?? ""))
    }
}
