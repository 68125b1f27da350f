import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanCore

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
    @Option(help: "When listing, only this plan (repeatable).") var plan: [String] = []
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if done != nil && undone { throw ValidationError("--done and --undone: choose one") }
        if id == nil && (done != nil || undone) { throw ValidationError("--done and --undone need a milestone id: actionplan milestone ID --done DATE") }
        if id != nil && done == nil && !undone { throw ValidationError("give --done DATE or --undone (or no id to list milestones)") }
        if id != nil && !plan.isEmpty { throw ValidationError("--plan: only when listing (without an id)") }
    }

    /// One milestone as printed with --json: every key present, null when there is no date.
    struct Row: Encodable {
        let id: Int64
        let planId: Int64
        let title: String
        let due: String?
        let done: String?
        let standing: String

        enum CodingKeys: String, CodingKey { case id, planId, title, due, done, standing }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(planId, forKey: .planId)
            try container.encode(title, forKey: .title)
            try container.encode(due, forKey: .due)
            try container.encode(done, forKey: .done)
            try container.encode(standing, forKey: .standing)
        }
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
        let row = Self.row(milestone, rules: context.rules)
        if json { return try Output.printJSON(row) }
        if let done = milestone.done {
            print("milestone \(milestone.id) (\(milestone.title)) done \(done.iso): \(row.standing)")
        } else {
            print("milestone \(milestone.id) (\(milestone.title)) is not done: \(row.standing)")
        }
    }

    func list(_ context: Context) throws {
        let planIds = try PlanSelection.ids(plan, store: context.store).map(Set.init)
        let milestones = try context.store.milestones(planId: nil).filter { planIds?.contains($0.planId) ?? true }
            .sorted { ($0.planId, $0.due?.dayNumber ?? Int.max, $0.id) < ($1.planId, $1.due?.dayNumber ?? Int.max, $1.id) }
        let rows = milestones.map { Self.row($0, rules: context.rules) }
        if json { return try Output.printJSON(rows) }
        if rows.isEmpty { print("No milestones."); return }
        var table = TextTable([
            .init(title: "ID", alignRight: true), .init(title: "PLAN", alignRight: true), .init(title: "MILESTONE", flexible: true, minWidth: 12),
            .init(title: "DUE"), .init(title: "DONE"), .init(title: "STANDING", optional: true),
        ])
        for r in rows { table.add([String(r.id), String(r.planId), r.title, r.due ?? "-", r.done ?? "-", r.standing]) }
        print(table.render(width: Output.terminalWidth))
    }

    static func row(_ m: Milestone, rules: RAGRules) -> Row {
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
        return Row(id: m.id, planId: m.planId, title: m.title, due: m.due?.iso, done: m.done?.iso, standing: standing)
    }
}
