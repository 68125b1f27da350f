import ArgumentParser
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show every recorded change of an action and its notes.",
        discussion: """
            Who, when, which field, old value and new value, oldest first. The version and \
            last-changed stamps the store keeps itself are left out of the text; --json has every event.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The action: its id (12) or its plan and reference (2/P1.2).", completion: Completions.actions) var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let reference = try Parse.actionReference(id, option: "id")
        let context = try Context.open(global)
        let actionId = try context.store.action(reference).id
        let events = try context.store.history(entity: "action", id: actionId)
        if json { return try Output.printJSONArray(events) { JSONShapes.auditEvent($0) } }
        var table = TextTable([
            .init(title: "WHEN"), .init(title: "WHO", flexible: true), .init(title: "CHANGE", alignRight: true),
            .init(title: "WHAT", flexible: true, minWidth: 10),
        ])
        for event in events where !(event.kind?.isBookkeeping(column: event.field) ?? false) {
            table.add([StoreError.format(event.at), event.byline, String(event.changeGroup), event.changeText])
        }
        try Output.print(table.render(width: Output.terminalWidth))
    }
}
