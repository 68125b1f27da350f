import ArgumentParser
import ActionPlanModel
import ActionPlanCore

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show every recorded change of an action and its notes.",
        discussion: "Who, when, which field, old value and new value, oldest first."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The action's id.") var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let actionId = try Parse.id(id, option: "id")
        let context = try Context.open(global)
        guard try context.store.action(id: actionId) != nil else {
            throw CLIError(StoreError.notFound(entity: "action", id: actionId))
        }
        let events = try context.store.history(entity: "action", id: actionId)
        if json { return try Output.printJSON(events.map(AuditJSON.init)) }
        var table = TextTable([
            .init(title: "WHEN"), .init(title: "WHO", flexible: true), .init(title: "CHANGE", alignRight: true),
            .init(title: "WHAT", flexible: true, minWidth: 10),
        ])
        for event in events {
            let what: String
            if event.field == "*" {
                what = event.oldValue == nil ? "created \(event.entity) \(event.entityId)" : "removed \(event.entity) \(event.entityId)"
            } else {
                what = "\(event.field): \(event.oldValue ?? "∅") → \(event.newValue ?? "∅")"
            }
            table.add([StoreError.format(event.at), event.who, String(event.changeGroup), what])
        }
        print(table.render(width: Output.terminalWidth))
    }
}
