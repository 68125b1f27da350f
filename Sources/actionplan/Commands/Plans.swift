import ArgumentParser
import ActionPlanPostgres
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

struct Plans: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "List the plans with their progress.",
        discussion: "One row per plan: counts by status and RAG, percent complete and the next milestone."
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Archived plans too.") var archived = false

    func run() throws {
        let context = try Context.open(global)
        let rules = context.rules
        let plans = try context.store.plans(archived ? .includingArchived : .current)
        let milestones = try context.store.milestones(planId: nil, archived ? .includingArchived : .current)
        let counts = try context.store.progressCounts(rules: rules)
        let milestonesByPlan = Dictionary(grouping: milestones, by: \.planId)
        let rows = plans.map { plan in
            (plan: plan, counts: counts[plan.id] ?? ProgressCounts(), next: nextMilestone(milestonesByPlan[plan.id] ?? []))
        }
        if json {
            return try Output.printJSONArray(rows) { JSONViews.planProgress($0.plan, counts: $0.counts, next: $0.next, rules: rules) }
        }
        if rows.isEmpty {
            if let shared = context.store as? PostgresPlanStore, (try? shared.grants().isEmpty) ?? false {
                try Output.print("No plans: the database login \(shared.login) holds no role on \(shared.path). "
                                 + "An admin of an authority can grant one (actionplan grant).")
                return
            }
            try Output.print("No plans yet. Create one with `actionplan import LETTER.pdf` or `actionplan new-plan`.")
            return
        }
        var table = TextTable([
            .init(title: "ID", alignRight: true), .init(title: "AUTHORITY", flexible: true, minWidth: 10),
            .init(title: "KIND", flexible: true, optional: true), .init(title: "LETTER", optional: true),
            .init(title: "ACTIONS", alignRight: true, optional: true), .init(title: "DONE", alignRight: true),
            .init(title: "B/R/A/G"), .init(title: "NEXT MILESTONE", flexible: true, minWidth: 10, optional: true),
        ])
        for row in rows {
            var next = "-"
            if let m = row.next, let due = m.due {
                let left = rules.workingDaysRemaining(due: due)
                next = "\(m.title) \(due.iso) (" + (left >= 0 ? "\(left) wd left" : "\(-left) wd overdue") + ")"
            }
            let c = row.counts
            table.add([String(row.plan.id), row.plan.authority + (row.plan.archived ? " (archived)" : ""), row.plan.kind.rawValue, row.plan.letterDate?.iso ?? "-", String(c.total),
                       "\(c.percentComplete)%", "\(c.count(.blue))/\(c.count(.red))/\(c.count(.amber))/\(c.count(.green))", next])
        }
        try table.print(width: Output.terminalWidth)
    }
}
