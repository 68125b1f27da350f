import ArgumentParser
import ActionPlanModel
import ActionPlanCore

struct EditNote: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit-note",
        abstract: "Correct the text of a progress note you wrote.",
        discussion: """
            Only the note's author may change it (exit status 77 otherwise); the old text stays in the \
            history, and `undo` puts it back. `show ID` lists an action's notes with their ids. To take \
            a note away, `remove --note ID --reason TEXT`.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The note's id.") var id: String
    @Option(help: "The new text.") var text: String

    func run() throws {
        let noteId = try Parse.id(id, option: "id")
        try Parse.typed(text, option: "--text", lines: true)
        let context = try Context.open(global)
        let note = try context.store.updateNote(id: noteId, text: text, who: context.who)
        try Output.print("note \(note.id) of action \(note.actionId) changed")
    }
}
