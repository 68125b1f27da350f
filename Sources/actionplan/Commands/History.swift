import ArgumentParser
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every recorded change of an action (and its notes), a finding, a milestone, a note or a plan.",
        discussion: """
            Who, when, which field, old value and new value, oldest first, in the local time zone. \
            Give an action (ID) or one of --finding, --milestone, --note, --plan (a plan's history \
            holds everything in it). Removals and their undoing are there too: nothing leaves the \
            history. The version and last-changed stamps the store keeps itself are left out of the \
            text; --json has every event.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The action: its id (12) or its plan and reference (2/P1.2).", completion: Completions.actions) var id: String?
    @Option(help: "A finding's history (by id).") var finding: String?
    @Option(help: "A milestone's history (by id).") var milestone: String?
    @Option(help: "A note's history (by id).") var note: String?
    @Option(help: "A plan's whole history (by id).", completion: Completions.plans) var plan: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let named: [(String?, AuditEntity, String)] = [(finding, .finding, "--finding"), (milestone, .milestone, "--milestone"),
                                                       (note, .note, "--note"), (plan, .plan, "--plan")]
        let given = named.filter { $0.0 != nil }
        guard given.count + (id == nil ? 0 : 1) == 1 else {
            throw CLIError.usage("give exactly one of ID, --finding, --milestone, --note or --plan")
        }
        let reference = try id.map { try Parse.actionReference($0, option: "id") }
        let other = try given.first.map { (entity: $0.1, id: try Parse.id($0.0!, option: $0.2)) }
        let context = try Context.open(global)
        let events: [AuditEvent]
        if let reference {
            events = try context.store.history(entity: "action", id: try context.store.action(reference).id)
        } else if let other {
            let exists: Bool
            switch other.entity {
            case .finding: exists = try context.store.finding(id: other.id) != nil
            case .milestone: exists = try context.store.milestone(id: other.id) != nil
            case .note: exists = try context.store.note(id: other.id) != nil
            default: exists = try context.store.plan(id: other.id) != nil
            }
            guard exists else { throw CLIError(StoreError.notFound(entity: other.entity.rawValue, id: other.id)) }
            events = try context.store.history(entity: other.entity.rawValue, id: other.id)
        } else {
            events = []
        }
        if json { return try Output.printJSONArray(events) { JSONShapes.auditEvent($0) } }
        var table = TextTable([
            .init(title: "WHEN"), .init(title: "WHO", flexible: true), .init(title: "CHANGE", alignRight: true),
            .init(title: "WHAT", flexible: true, minWidth: 10),
        ])
        for event in events where !(event.kind?.isBookkeeping(column: event.field) ?? false) {
            table.add([Output.moment(event.at), event.byline, String(event.changeGroup), event.changeText])
        }
        try table.print(width: Output.terminalWidth)
    }
}
