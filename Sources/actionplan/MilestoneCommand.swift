import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

struct MilestoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milestone",
        abstract: "Record the date a milestone was met, or list milestones.",
        discussion: """
            actionplan milestone ID --done DATE records that milestone ID (for example the final \
            action plan to Ofsted) was met or submitted on DATE (YYYY-MM-DD or today; not after \
            today). --undone clears it. Without an ID, lists the milestones with their ids. \
            The change is audited and can be undone.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The milestone id (omit to list milestones).") var id: String?
    @Option(help: ArgumentHelp("The day it was met or submitted.", valueName: "date")) var done: String?
    @Flag(help: "Clear the date it was met.") var undone = false
    @Option(help: "When listing, only this plan (repeatable).", completion: Completions.plans) var plan: [String] = []
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if done != nil && undone { throw ValidationError("--done and --undone: choose one") }
        if id == nil && (done != nil || undone) { throw ValidationError("--done and --undone need a milestone id: actionplan milestone ID --done DATE") }
        if id != nil && done == nil && !undone { throw ValidationError("give --done DATE or --undone (or no id to list milestones)") }
        if id != nil && !plan.isEmpty { throw ValidationError("--plan: only when listing (without an id)") }
    }

    func run() throws {
        let context = try Context.open(global)
        guard let id else { return try list(context) }
        let milestoneId = try Parse.id(id, option: "milestone id")
        var day: Day? = nil
        if let done {
            let parsed = done.trimmingCharacters(in: .whitespaces).lowercased() == "today" ? context.today
                : try Parse.day(done, option: "--done")
            if parsed > context.today {
                throw CLIError.usage("--done: \(parsed.iso) is after today (\(context.today.iso)): record a milestone once it is met")
            }
            day = parsed
        }
        let milestone = try context.store.setMilestoneDone(id: milestoneId, done: day, who: context.who)
        if json { return try Output.printJSON(JSONShapes.milestone(milestone, rules: context.rules)) }
        let standing = Self.standing(milestone, rules: context.rules)
        if let done = milestone.done {
            try Output.print("milestone \(milestone.id) (\(milestone.title)) done \(done.iso): \(standing)")
        } else {
            try Output.print("milestone \(milestone.id) (\(milestone.title)) is not done: \(standing)")
        }
    }

    func list(_ context: Context) throws {
        let planIds = try PlanSelection.ids(plan, store: context.store).map(Set.init)
        let milestones = try context.store.milestones(planId: nil).filter { planIds?.contains($0.planId) ?? true }
            .sorted { ($0.planId, $0.due?.dayNumber ?? Int.max, $0.id) < ($1.planId, $1.due?.dayNumber ?? Int.max, $1.id) }
        if json { return try Output.printJSONArray(milestones) { JSONShapes.milestone($0, rules: context.rules) } }
        if milestones.isEmpty { try Output.print("No milestones."); return }
        var table = TextTable([
            .init(title: "ID", alignRight: true), .init(title: "PLAN", alignRight: true), .init(title: "MILESTONE", flexible: true, minWidth: 12),
            .init(title: "DUE"), .init(title: "DONE"), .init(title: "STANDING", optional: true),
        ])
        for m in milestones {
            table.add([String(m.id), String(m.planId), m.title, m.due?.iso ?? "-", m.done?.iso ?? "-", Self.standing(m, rules: context.rules)])
        }
        try Output.print(table.render(width: Output.terminalWidth))
    }

    /// "on time", "3 wd late", "in 5 wd", "due today", "2 wd overdue", "no due date".
    static func standing(_ m: Milestone, rules: RAGRules) -> String {
        let standing: String
        if let done = m.done {
            if let due = m.due { standing = done <= due ? "on time" : "\(rules.calendar.workingDays(from: due, to: done)) wd late" }
            else { standing = "done" }
        } else if let due = m.due {
            let left = rules.workingDaysRemaining(due: due)
            standing = left > 0 ? "in \(left) wd" : (left == 0 ? "due today" : "\(-left) wd overdue")
        } else {
            standing = "no due date"
        }
        return standing
    }
}
