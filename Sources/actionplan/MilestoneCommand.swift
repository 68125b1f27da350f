import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

struct MilestoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milestone",
        abstract: "List, add and change milestones, and record the date one was met.",
        discussion: """
            actionplan milestone lists the milestones with their ids. \
            actionplan milestone add --plan P --title T --due DATE adds one (the board's own dates). \
            actionplan milestone ID --title T --due DATE changes one (a due date set here no longer \
            follows the statutory rule). actionplan milestone ID --done DATE records that it (for \
            example the final action plan to Ofsted) was met or submitted on DATE (not after today); \
            --undone clears it. To take one away: remove --milestone ID --reason TEXT. \
            Every change is audited and can be undone.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The milestone id, or `add` (omit to list milestones).") var id: String?
    @Option(help: ArgumentHelp("The day it was met or submitted.", valueName: "date")) var done: String?
    @Flag(help: "Clear the date it was met.") var undone = false
    @Option(help: "The milestone's title (with add, or to change it).") var title: String?
    @Option(parsing: .unconditional, help: "Its due date: \(DateExpression.acceptedForms), or none.") var due: String?
    @Option(help: "When listing, only this plan (repeatable); with add, the plan.", completion: Completions.plans) var plan: [String] = []
    @Flag(help: "Print JSON.") var json = false

    var adding: Bool { id?.lowercased() == "add" }

    func validate() throws {
        if done != nil && undone { throw ValidationError("--done and --undone: choose one") }
        if adding {
            if plan.count != 1 || title == nil { throw ValidationError("add needs --plan P and --title T: actionplan milestone add --plan P --title T --due DATE") }
            if done != nil || undone { throw ValidationError("--done: record it once the milestone exists") }
            return
        }
        let editing = done != nil || undone || title != nil || due != nil
        if id == nil && editing { throw ValidationError("--done, --undone, --title and --due need a milestone id: actionplan milestone ID --done DATE") }
        if id != nil && !editing { throw ValidationError("give --done DATE, --undone, --title or --due (or no id to list milestones)") }
        if id != nil && !plan.isEmpty { throw ValidationError("--plan: only when listing or with add") }
    }

    func run() throws {
        if let title { try Parse.typed(title, option: "--title") }
        let context = try Context.open(global)
        guard let id else { return try list(context) }
        var dueDay: Day?? = nil
        if let due {
            dueDay = due.lowercased() == "none" ? .some(nil) : .some(try Parse.dateExpression(due, option: "--due", context: context))
        }
        if adding {
            let planId = try Parse.id(plan[0], option: "--plan")
            let newId = try context.store.addMilestone(Milestone(planId: planId, title: title ?? "", due: dueDay ?? nil, rule: nil),
                                                       who: context.who)
            guard let milestone = try context.store.milestone(id: newId) else { throw CLIError(StoreError.notFound(entity: "milestone", id: newId)) }
            if json { return try Output.printJSON(JSONShapes.milestone(milestone, rules: context.rules)) }
            return try Output.print("added milestone \(milestone.id) to plan \(planId): \(milestone.title), \(Self.standing(milestone, rules: context.rules))")
        }
        let milestoneId = try Parse.id(id, option: "milestone id")
        var changes = MilestoneChanges(title: title, due: dueDay)
        if undone { changes.done = .some(nil) }
        if let done {
            let parsed = done.trimmingCharacters(in: .whitespaces).lowercased() == "today" ? context.today
                : try Parse.day(done, option: "--done")
            if parsed > context.today {
                throw CLIError.usage("--done: \(parsed.iso) is after today (\(context.today.iso)): record a milestone once it is met")
            }
            changes.done = .some(parsed)
        }
        let milestone = try context.store.updateMilestone(id: milestoneId, changes: changes, who: context.who)
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
        try table.print(width: Output.terminalWidth)
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
