import ArgumentParser
import Foundation
import ActionPlanCore
import ActionPlanSQL
import ActionPlanSQLite
import ActionPlanPostgres

/// `copy --to DB`: the whole database into an empty one of either kind (docs/server.md).
struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy the whole database (plans, history, holiday table) into an empty database of either kind.",
        discussion: """
            DB is a new SQLite file or an empty PostgreSQL database (postgresql://…). Ids, versions \
            and the whole history are kept, so `history` and `export --format json` give the same \
            on both. Everything is written in one transaction: a copy that fails leaves DB empty. \
            Into PostgreSQL, the history keeps the names it was written under, which only a login \
            that bypasses row-level security may write (the server's owner, docs/server.md); out of \
            PostgreSQL, the copy holds what your login may see.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("to"), help: ArgumentHelp("The database to copy into: a new file, or an empty postgresql:// database.", valueName: "db"))
    var destination: String

    func run() throws {
        let context = try Context.open(global)
        if context.store.path == destination {
            throw CLIError("copy: --to names the database itself: name another", status: .usage)
        }
        let result: CopyResult
        var shown = destination
        if PostgresLocation.isPostgres(destination) {
            let target = try StoreFiles.openEmpty(destination)
            shown = target.path
            do {
                result = try StoreCopy.copy(from: context.store, to: target)
            } catch StoreError.notAllowed(let login, _) {
                throw CLIError("copy: the login \(login) may not write other people's history into \(target.path): "
                               + "copy as the database's owner with BYPASSRLS (docs/server.md); nothing was copied", status: .noPermission)
            } catch {
                throw CLIError(error)
            }
        } else {
            result = try StoreFiles.copyIntoNewFile(from: context.store, file: destination)
        }
        try Output.print("copied \(context.store.path) to \(shown): "
                         + "\(result.plans) plan\(result.plans == 1 ? "" : "s"), \(result.actions) action\(result.actions == 1 ? "" : "s"), "
                         + "\(result.changeGroups) change\(result.changeGroups == 1 ? "" : "s") in the history")
    }
}
