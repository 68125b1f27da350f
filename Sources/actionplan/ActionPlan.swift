import ArgumentParser
import Foundation
import ActionPlanCore

/// The `actionplan` command.
struct ActionPlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actionplan",
        abstract: "Track an improvement plan after an Ofsted inspection.",
        discussion: """
            Turns the findings of an inspection letter into actions with owners, deadlines counted \
            in working days and status, and keeps the plan honest until the next inspection. \
            Every change is audited and can be undone. See docs/cli.md.
            """,
        version: "0.1.0",
        subcommands: [
            Plans.self, NewPlan.self, EditPlan.self, AddFinding.self, AddAction.self, ListActions.self, Show.self, History.self,
            Update.self, Undo.self, Deadline.self, Holidays.self, Backup.self, Restore.self,
            Init.self,
            Export.self, Check.self, MilestoneCommand.self, TUI.self, Import.self, Demo.self,
        ],
        defaultSubcommand: TUI.self
    )
}

@main
enum Main {
    static func main() {
        do {
            var command = try ActionPlan.parseAsRoot()
            try command.run()
        } catch {
            exit(report(error))
        }
    }

    /// Prints one line on standard error for a failure (the full text for `--help`) and gives
    /// the exit status.
    static func report(_ error: any Error) -> Int32 {
        if let failure = error as? CLIError {
            FileHandle.standardError.write(Data("actionplan: \(failure.message)\n".utf8))
            return failure.status.rawValue
        }
        if let failure = error as? StoreError {
            let cli = CLIError(failure)
            FileHandle.standardError.write(Data("actionplan: \(cli.message)\n".utf8))
            return cli.status.rawValue
        }
        let code = ActionPlan.exitCode(for: error)
        if code == .success {
            ActionPlan.exit(withError: error)
        }
        let message = ActionPlan.message(for: error).split(separator: "\n").first.map(String.init) ?? "failed"
        FileHandle.standardError.write(Data("actionplan: \(message) (see actionplan help)\n".utf8))
        return code.rawValue
    }
}
