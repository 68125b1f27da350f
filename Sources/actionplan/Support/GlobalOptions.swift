import ArgumentParser
import Foundation

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The database file (default: $ACTIONPLAN_DB, else $XDG_DATA_HOME/actionplan/actionplan.sqlite).", valueName: "path"))
    var database: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Who is making the change (default: the OS user).", valueName: "user"))
    var user: String?

    @Option(help: ArgumentHelp("The date to treat as today, YYYY-MM-DD (default: $ACTIONPLAN_TODAY, else the local date).", valueName: "date"))
    var today: String?

    /// Who is recorded on every change and printed by `history`: `--as`, else
    /// `ACTIONPLAN_USER` (as `Context.resolveWho` reads them), refused with a control character.
    func validate() throws {
        if let user, !user.trimmingCharacters(in: .whitespaces).isEmpty {
            if let message = Parse.refusal(user, lines: false) { throw ValidationError("--as: \(message)") }
        } else if let user = Context.environment["ACTIONPLAN_USER"], !user.isEmpty,
                  let message = Parse.refusal(user, lines: false) {
            throw ValidationError("ACTIONPLAN_USER: \(message)")
        }
    }
}
