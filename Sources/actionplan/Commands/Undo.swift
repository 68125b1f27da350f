import ArgumentParser
import ActionPlanCore

struct Undo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Revert your last change.",
        discussion: """
            Reverts the last change group of the current user (--as, else the OS user) that is not \
            already undone. Repeat to go further back. Refused when someone changed the same rows since.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try Context.open(global)
        let result = try context.store.undoLast(who: context.who)
        try Output.print("undid change \(result.undone.id) (\(result.undone.summary)): \(result.restored.count) field\(result.restored.count == 1 ? "" : "s") restored")
    }
}
