import ArgumentParser
import ActionPlanPostgres
import Foundation
import ActionPlanCore
import ActionPlanSQLite

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the database, private or shared by a group.",
        discussion: """
            Without --group, creates the database (mode 0600) if it does not exist. With --group \
            GROUP, the database is shared by that group: its folder is made setgid and \
            group-writable for GROUP (created if needed), and the database, its lock file and \
            SQLite's -wal and -shm files are the group's with mode 0660. Every file the program \
            later makes in a folder set up this way is 0660 too. Run it again to share a \
            database that already exists. See "Sharing one database on a host" in docs/cli.md.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Share the database with this group (a name or a number).", valueName: "group"), completion: Completions.groups)
    var group: String?

    func run() throws {
        let path = try Context.databasePath(global, createDirectory: group == nil)
        if PostgresLocation.isPostgres(path) {
            if group != nil {
                throw CLIError.usage("--group: shares an SQLite file by its folder; on PostgreSQL give people roles with `actionplan grant` (docs/server.md)")
            }
            let context = try Context.open(global)
            let plans = try context.store.plans().count
            try Output.print("\(context.store.path) is ready (\(plans) plan\(plans == 1 ? "" : "s") you may see)")
            return
        }
        var changes: [String] = []
        var shared: SharedFolder.Group?
        if let group {
            guard let found = SharedFolder.group(named: group) else {
                throw CLIError.usage("--group: there is no group '\(group)' on this system")
            }
            guard SharedFolder.mayUse(found) else {
                throw CLIError.usage("--group: you are not a member of the group '\(found.name)': ask an administrator to add you")
            }
            do {
                changes = try SharedFolder.prepare(database: path, group: found)
            } catch {
                throw CLIError(error)
            }
            shared = found
        }
        let existed = FileManager.default.fileExists(atPath: path)
        let context = try Context.open(global)
        let plans = try context.store.plans().count
        for change in changes { print(change) }
        let state = existed ? "\(path) is ready (\(plans) plan\(plans == 1 ? "" : "s"))" : "created \(path)"
        if let shared {
            print("\(state): shared by the group \(shared.name), files 0660 in a setgid folder")
        } else {
            print("\(state)")
        }
    }
}
