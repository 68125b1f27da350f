import ArgumentParser
import ActionPlanCore
import ActionPlanSQL
import ActionPlanSQLite

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database, even while others are writing.",
        discussion: """
            Refuses to overwrite an existing file. The copy is an SQLite file on either backend: \
            from a PostgreSQL database it holds what your login may see, its history and the \
            holiday table (docs/server.md; pg_dump backs up the whole server).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file to write.", completion: Completions.databases) var file: String

    func run() throws {
        let context = try Context.open(global)
        if let store = context.store as? SQLitePlanStore {
            try store.backup(to: file)
        } else {
            _ = try StoreFiles.copyIntoNewFile(from: context.store, file: file)
        }
        try Output.print("backed up \(context.store.path) to \(file)")
    }
}
