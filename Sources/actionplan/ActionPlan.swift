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
            Update.self, EditFinding.self, Move.self, Remove.self, EditNote.self, Archive.self, Unarchive.self, Undo.self, Deadline.self, Holidays.self, Backup.self, Restore.self,
            Init.self,
            Export.self, DigestCommand.self, Check.self, MilestoneCommand.self, TUI.self, Import.self, Demo.self,
            ImportSheet.self, ThemesCommand.self,
            Authorities.self, AuthorityHistory.self, Compare.self, Stats.self, National.self,
            CopyCommand.self, Grant.self, Revoke.self, Grants.self,
        ],
        defaultSubcommand: TUI.self
    )
}

@main
enum Main {
    static func main() {
        do {
            let given = Array(CommandLine.arguments.dropFirst())
            // `--version` alone, without building the parser (what start-up costs most; the
            // same text ArgumentParser prints).
            if given == ["--version"], case let version = ActionPlan.configuration.version, !version.isEmpty {
                try Output.write(version + "\n")
                return
            }
            let arguments = GlobalOptions.movingLeadingOptions(given) {
                Set(ActionPlan.configuration.subcommands.map { $0._commandName })
            }
            var command = try ActionPlan.parseAsRoot(arguments)
            try command.run()
            try Output.finish()
        } catch {
            exit(report(error))
        }
    }

    /// Prints one line on standard error for a failure (the full text for `--help`, on
    /// standard output) and gives the exit status. Every message goes through
    /// `Output.error`, which shows control characters visibly: a message may quote what
    /// was typed or stored.
    static func report(_ error: any Error) -> Int32 {
        if let failure = error as? CLIError {
            Output.error(failure.message)
            return failure.status.rawValue
        }
        if let failure = error as? StoreError {
            let cli = CLIError(failure)
            Output.error(cli.message)
            return cli.status.rawValue
        }
        let code = ActionPlan.exitCode(for: error)
        if code == .success {
            // --help and --version: the text on standard output, written (and checked) as any output.
            do {
                let text = ActionPlan.fullMessage(for: error)
                if !text.isEmpty { try Output.write(text + "\n") }
                try Output.finish()
            } catch {
                return report(error)
            }
            return code.rawValue
        }
        let message = ActionPlan.message(for: error).split(separator: "\n").first.map(String.init) ?? "failed"
        Output.error("\(message) (see actionplan help)")
        return code.rawValue
    }
}
