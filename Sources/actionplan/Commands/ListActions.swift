import ArgumentParser
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

struct ListActions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List actions, filtered.",
        discussion: """
            All filters must hold. --due-within counts working days from today. A due date marked ~ \
            is provisional (from a default, not yet confirmed by a person).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this plan (repeatable).", completion: Completions.plans) var plan: [String] = []
    @Option(help: "Only this status (repeatable): not_started, in_progress, complete, cancelled.", completion: Completions.statuses) var status: [String] = []
    @Option(help: "Only this owner (exact, any case).") var owner: String?
    @Option(help: "Only this colour (repeatable): blue, red, amber, green.", completion: Completions.colours) var rag: [String] = []
    @Flag(help: "Only open actions past their due date.") var overdue = false
    @Option(parsing: .unconditional, help: "Only open actions due within N working days from today.") var dueWithin: String?
    @Flag(help: "Only open actions due soon: within the due-soon window (10 working days, or due_soon_working_days in the configuration file).") var dueSoon = false
    @Option(help: "Only findings of this category (repeatable).", completion: Completions.categories) var category: [String] = []
    @Option(help: "Only actions whose title, finding, owner or measure contains this text.") var search: String?
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print CSV.") var csv = false
    @Flag(help: "Actions of archived plans too.") var archived = false
    @Flag(help: "List what was removed (actions, findings, notes, milestones, plans), with who, when and why.") var removed = false

    func run() throws {
        if json && csv { throw CLIError.usage("--json and --csv: choose one") }
        if removed { return try listRemoved() }
        if dueSoon && dueWithin != nil { throw CLIError.usage("--due-soon and --due-within: choose one") }
        let planIds = try plan.map { try Parse.id($0, option: "--plan") }
        let statuses = try status.map { try Parse.value(ActionStatus.self, $0, option: "--status") }
        let colours = try rag.map { try Parse.value(RAG.self, $0, option: "--rag") }
        let categories = try category.map { try Parse.value(FindingCategory.self, $0, option: "--category") }
        var window: Int?
        if let text = dueWithin {
            guard let n = Int(text), n >= 0, n <= 10_000 else {
                throw CLIError.usage("--due-within: '\(text)' is not a count of working days: expected a whole number from 0")
            }
            window = n
        }
        let context = try Context.open(global)
        if dueSoon { window = context.dueSoonWindow }
        for id in planIds where try context.store.plan(id: id) == nil {
            throw CLIError(StoreError.notFound(entity: "plan", id: id))
        }
        var query = ActionQuery(planIds: planIds.isEmpty ? nil : planIds, statuses: statuses.isEmpty ? nil : statuses,
                                owner: owner, search: search, categories: categories.isEmpty ? nil : categories,
                                visibility: archived ? .includingArchived : .current)
        let rules = context.rules
        // Let the store skip what cannot match (the exact checks below still apply).
        if overdue || window != nil {
            let open: [ActionStatus] = [.notStarted, .inProgress]
            query.statuses = (query.statuses ?? open).filter(open.contains)
        }
        if overdue { query.dueBefore = rules.overdueIfDueBefore }
        if let window {
            query.dueFrom = rules.today
            query.dueBefore = min(query.dueBefore ?? rules.dueWithinIfBefore(window), rules.dueWithinIfBefore(window))
        }
        var actions = try context.store.actions(query)
        if !colours.isEmpty || overdue || window != nil {
            actions.removeAll { action in
                if !colours.isEmpty, !colours.contains(where: { $0 == rules.rag(action) }) { return true }
                if overdue && !rules.isOverdue(action) { return true }
                if let window, !rules.isDueWithin(action, workingDays: window) { return true }
                return false
            }
        }
        if json || csv {
            var findings: [Int64: Finding] = [:]
            for finding in try context.store.findings(planId: planIds.count == 1 ? planIds[0] : nil, .includingArchived) { findings[finding.id] = finding }
            // The same action shape and columns as the export: with the newest note of each.
            let notes = try context.store.latestNotes(actionIds: actions.map(\.id))
            // Each line made as it is written, the output written in pieces as it is made.
            let lines = actions.lazy.map { ActionLine(action: $0, finding: findings[$0.findingId], rules: rules, latestNote: notes[$0.id]) }
            if json { return try Output.printJSONArray(lines) { JSONShapes.action($0) } }
            var planTitles: [Int64: String] = [:]
            for plan in try context.store.plans(.includingArchived) { planTitles[plan.id] = plan.title }
            return try CSVExport.stream(lines.map { (line: $0, planTitle: planTitles[$0.action.planId]) }) { bytes in
                try bytes.withUnsafeBufferPointer { try Output.write($0) }
            }
        }
        if actions.isEmpty {
            try Output.print("No actions match.")
            return
        }
        var table = TextTable([
            .init(title: "ID", alignRight: true), .init(title: "PLAN", alignRight: true, optional: true),
            .init(title: "REF", optional: true), .init(title: "TITLE", flexible: true, minWidth: 12),
            .init(title: "OWNER", flexible: true, minWidth: 6, optional: true), .init(title: "DUE"),
            .init(title: "WHEN", optional: true), .init(title: "STATUS", optional: true), .init(title: "RAG"),
        ])
        for a in actions {
            table.add([String(a.id), String(a.planId), a.ref, a.title, a.owner ?? "-",
                       a.dueText, Output.standing(a, rules: rules), a.status.rawValue,
                       (rules.rag(a)?.rawValue ?? "-") + (RAGRules.isSetByHand(a) ? RAGRules.setByHandMark : "")])
        }
        try table.print(width: Output.terminalWidth)
    }

    /// `list --removed`: what was taken out and not brought back, newest first.
    func listRemoved() throws {
        let other = [!plan.isEmpty, !status.isEmpty, owner != nil, !rag.isEmpty, overdue, dueWithin != nil, dueSoon, !category.isEmpty, search != nil, archived]
        if other.contains(true) { throw CLIError.usage("--removed: lists every removed item; it takes no other filter") }
        let context = try Context.open(global)
        let items = try context.store.removedItems()
        if json { return try Output.printJSONArray(items) { JSONShapes.removed($0) } }
        if csv { throw CLIError.usage("--removed: --json or a table, not --csv") }
        if items.isEmpty { try Output.print("Nothing removed."); return }
        var table = TextTable([
            .init(title: "WHAT"), .init(title: "ID", alignRight: true), .init(title: "PLAN", alignRight: true, optional: true),
            .init(title: "REF", optional: true), .init(title: "TEXT", flexible: true, minWidth: 12),
            .init(title: "REMOVED", optional: true), .init(title: "BY", optional: true), .init(title: "WHY", flexible: true, minWidth: 8),
        ])
        for item in items {
            table.add([item.entity.rawValue, String(item.id), String(item.planId), item.ref ?? "-", item.text,
                       Output.moment(item.removal.at), item.removal.by, item.removal.reason])
        }
        try table.print(width: Output.terminalWidth)
    }
}
