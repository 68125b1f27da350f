import ArgumentParser
import ActionPlanCore

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the database, even while others are writing.",
        discussion: "Refuses to overwrite an existing file."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file to write.", completion: Completions.databases) var file: String

    func run() throws {
        let context = try Context.open(global)
        try context.store.backup(to: file)
        try Output.print("backed up \(context.store.path) to \(file)")
    }
}
