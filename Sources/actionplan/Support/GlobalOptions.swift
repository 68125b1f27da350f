import ArgumentParser
import Foundation

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    /// The options that take a value and may stand before the subcommand as well as after it.
    static let valued: Set<String> = ["--db", "--as", "--today"]

    /// The arguments with the global options given before the subcommand moved after it, so
    /// that `actionplan --db X list` means `actionplan list --db X`. Only a run of global
    /// options at the start followed by a subcommand name is moved; anything else is left for
    /// the parser to judge.
    static func movingLeadingOptions(_ arguments: [String], subcommands: () -> Set<String>) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if let equals = argument.firstIndex(of: "="), valued.contains(String(argument[..<equals])) {
                leading.append(argument)
                index += 1
            } else if valued.contains(argument), index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else {
                break
            }
        }
        // The subcommands' names only when options lead (naming them costs a few milliseconds of start-up).
        guard !leading.isEmpty, index < arguments.count, subcommands().contains(arguments[index]) else { return arguments }
        return [arguments[index]] + leading + arguments[(index + 1)...]
    }

    @Option(name: .customLong("db"), help: ArgumentHelp("The database file (default: $ACTIONPLAN_DB, else database in the configuration file, else $XDG_DATA_HOME/actionplan/actionplan.sqlite).", valueName: "path"), completion: Completions.databases)
    var database: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Who is making the change, and whose actions are mine (default: $ACTIONPLAN_USER, else name in the configuration file, else the OS user).", valueName: "user"))
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
