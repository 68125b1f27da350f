import ArgumentParser
import Foundation
import ActionPlanCore
import ActionPlanSQLite

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database's content with a backup's, safely while others have it open.",
        discussion: """
            Checks that BACKUP is an actionplan database this version can read and is not damaged, \
            keeps the database as it is in FILE.before-restore-DATE beside it, then writes the \
            backup into the database with SQLite's backup API in one transaction. Never copy a \
            backup over the file by hand: a -wal beside it would be replayed into the copy. People \
            who have the plans open see the restored plans at their next refresh; a change they \
            save is checked against the restored versions.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup to restore (a file written by `actionplan backup`).", completion: Completions.databases) var backup: String

    func run() throws {
        guard FileManager.default.fileExists(atPath: backup) else {
            throw CLIError("restore: \(backup): no such file", status: .noInput)
        }
        let context = try Context.open(global)
        guard let store = context.store as? SQLitePlanStore else {
            throw CLIError("restore: \(context.store.path) is a PostgreSQL database: restore it with `actionplan copy` from the backup "
                           + "into a new database, or with pg_restore (docs/server.md)", status: .usage)
        }
        let result: RestoreResult
        do {
            result = try store.restore(from: backup)
        } catch {
            throw CLIError(error)
        }
        let last = result.lastChange.map { ", last change \(StoreError.format($0))" } ?? ""
        print("restored \(context.store.path) from \(backup): \(result.plans) plan\(result.plans == 1 ? "" : "s"), "
              + "\(result.actions) action\(result.actions == 1 ? "" : "s")\(last)")
        print("the database as it was is kept in \(result.previous)")
    }
}
