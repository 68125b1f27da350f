import Foundation
import Testing
import TestSupport

/// `make install` into a temporary prefix with the debug build the tests already have (the
/// Makefile's own `install-files` step, so no release build runs inside `make test`): the
/// manual page renders without a warning and names every subcommand and option the program
/// has, and the bash completion loads and completes.
@Suite(.serialized) struct InstallTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The installed tree, once for the suite.
    struct Installed {
        let prefix: URL
        let home: URL
        var page: URL { prefix.appendingPathComponent("share/man/man1/actionplan.1") }
        var bash: URL { prefix.appendingPathComponent("share/bash-completion/completions/actionplan") }
        var environment: [String: String] {
            ["PATH": prefix.appendingPathComponent("bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
             "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "LANG": "C.UTF-8"]
        }
    }

    static func install() throws -> Installed {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("actionplan-install-\(UUID().uuidString)")
        let home = root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("config"), withIntermediateDirectories: true)
        let installed = Installed(prefix: root.appendingPathComponent("prefix"), home: home)
        let built = URL(fileURLWithPath: BuiltProgram.actionplan).deletingLastPathComponent().path
        let result = try BuiltProgram.run("/usr/bin/env", [
            "make", "-s", "-C", repository.path, "install-files", "CONFIG=debug", "BUILT=\(built)",
            "GENERATED=\(root.appendingPathComponent("generated").path)", "PREFIX=\(installed.prefix.path)",
        ], environment: installed.environment)
        try #require(result.status == 0, "make install-files failed: \(result.stderr)\(result.stdout)")
        return installed
    }

    func run(_ executable: String, _ arguments: [String], _ installed: Installed, extra: [String: String] = [:]) throws -> BuiltProgram.Result {
        try BuiltProgram.run(executable, arguments, environment: installed.environment.merging(extra) { $1 }, in: installed.home)
    }

    @Test func installPutsTheProgramThePageAndTheThreeCompletionsUnderThePrefix() throws {
        let installed = try Self.install()
        for path in ["bin/actionplan", "share/man/man1/actionplan.1", "share/bash-completion/completions/actionplan",
                     "share/zsh/site-functions/_actionplan", "share/fish/vendor_completions.d/actionplan.fish"] {
            #expect(FileManager.default.fileExists(atPath: installed.prefix.appendingPathComponent(path).path), "\(path) is installed")
        }
        let version = try run("/usr/bin/env", ["actionplan", "--version"], installed)
        #expect(version.status == 0 && version.stdout == "0.1.0\n", "the installed program runs from PATH")
        let removed = try BuiltProgram.run("/usr/bin/env", ["make", "-s", "-C", Self.repository.path, "uninstall", "PREFIX=\(installed.prefix.path)"],
                                           environment: installed.environment)
        #expect(removed.status == 0, "make uninstall: \(removed.stderr)")
        let left = try FileManager.default.subpathsOfDirectory(atPath: installed.prefix.path).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: installed.prefix.path + "/" + path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        #expect(left == [], "make uninstall leaves no file")
    }

    @Test func theManualPageRendersWithoutWarningsAndNamesEverySubcommandAndOption() throws {
        let installed = try Self.install()
        let rendered = try run("/usr/bin/env", ["man", "-l", installed.page.path], installed, extra: ["MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"])
        #expect(rendered.status == 0)
        #expect(rendered.stderr == "", "man -l warns: \(rendered.stderr)")
        let strict = try run("/usr/bin/env", ["groff", "-man", "-Tutf8", "-ww", "-z", installed.page.path], installed)
        #expect(strict.status == 0 && strict.stderr == "", "groff -ww warns: \(strict.stderr)")
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "GLOBAL OPTIONS", "COMMANDS", "FILES", "ENVIRONMENT", "EXIT STATUS"] {
            #expect(rendered.stdout.contains("\n\(section)\n"), "the page has \(section)")
        }
        for variable in ["ACTIONPLAN_DB", "ACTIONPLAN_USER", "XDG_CONFIG_HOME", "EDITOR", "TZ"] {
            #expect(rendered.stdout.contains(variable), "ENVIRONMENT names \(variable)")
        }
        #expect(rendered.stdout.contains("config.toml"), "FILES names the configuration file")
        for status in ["64", "74", "78"] { #expect(rendered.stdout.contains("\n       \(status) "), "EXIT STATUS lists \(status)") }

        // Every subcommand and every option the program's own help has.
        let dump = try run("/usr/bin/env", ["actionplan", "--experimental-dump-help"], installed)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let command = try #require(json["command"] as? [String: Any])
        let subcommands = try #require(command["subcommands"] as? [[String: Any]])
        let roff = try String(contentsOf: installed.page, encoding: .utf8)
        var named = 0
        for subcommand in subcommands {
            let name = try #require(subcommand["commandName"] as? String)
            guard name != "help" else { continue }
            #expect(roff.contains(".SS \"actionplan \(name.replacingOccurrences(of: "-", with: "\\-"))"), "the page has a section for \(name)")
            #expect(rendered.stdout.contains("actionplan \(name)"), "the rendered page names \(name)")
            for argument in subcommand["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool != false {
                guard let preferred = argument["preferredName"] as? [String: Any], let option = preferred["name"] as? String else { continue }
                let typed = (preferred["kind"] as? String == "long" ? "\\-\\-" : "\\-") + option.replacingOccurrences(of: "-", with: "\\-")
                #expect(roff.contains("\\fB\(typed)\\fR"), "the page describes \(name)'s option \(option)")
            }
            named += 1
        }
        #expect(named >= 20, "every subcommand: \(named)")
    }

    /// Runs the installed bash completion for a command line as bash-completion would (the
    /// function with the command, the current word and the previous one) and gives what it offers.
    func complete(_ line: String, _ installed: Installed, extra: [String: String] = [:]) throws -> (offered: [String], stderr: String) {
        let script = """
            source "$1" || exit 1
            COMP_LINE="$2"; COMP_POINT=${#COMP_LINE}
            read -ra COMP_WORDS <<< "$COMP_LINE"
            [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _actionplan "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try run("/bin/bash", ["-c", script, "bash", installed.bash.path, line], installed, extra: extra)
        #expect(result.status == 0, "completing \(line): \(result.stderr)")
        return (result.stdout.split(separator: "\n").map(String.init), result.stderr)
    }

    @Test func theBashCompletionLoadsAndOffersTheVocabularyFilesAndIds() throws {
        let installed = try Self.install()
        let loaded = try run("/bin/bash", ["-c", "source \"$1\" && complete -p actionplan", "bash", installed.bash.path], installed)
        #expect(loaded.status == 0 && loaded.stderr == "", "sourcing the completion: \(loaded.stderr)")
        #expect(loaded.stdout.contains("-F _actionplan actionplan"), "complete -p actionplan: \(loaded.stdout)")

        #expect(try complete("actionplan list --status ", installed).offered == ["not_started", "in_progress", "complete", "cancelled"])
        #expect(try complete("actionplan update 3 --rag ", installed).offered == ["red", "amber", "green", "auto"])
        #expect(try complete("actionplan new-plan --kind focused", installed).offered == ["focused-visit"])
        #expect(try complete("actionplan export --format ", installed).offered == ["md", "html", "csv", "json", "ics", "xlsx", "pdf"])
        #expect(try complete("actionplan li", installed).offered == ["list"])

        // Ids from the database; nothing, silently, and nothing created, when there is none.
        let database = installed.home.appendingPathComponent("plans.sqlite").path
        let missing = try complete("actionplan show ", installed, extra: ["ACTIONPLAN_DB": database])
        #expect(missing.offered == [] && missing.stderr == "")
        #expect(!FileManager.default.fileExists(atPath: database), "completion creates no database")
        let cli = ["ACTIONPLAN_DB": database, "ACTIONPLAN_TODAY": "2026-11-23", "ACTIONPLAN_USER": "tester"]
        let plan = try run("/usr/bin/env", ["actionplan", "new-plan", "--authority", "Northmoor", "--kind", "focused-visit", "--quiet"], installed, extra: cli)
        let finding = try run("/usr/bin/env", ["actionplan", "add-finding", "--plan", plan.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                                               "--category", "priority_action", "--text", "Oversight.", "--quiet"], installed, extra: cli)
        _ = try run("/usr/bin/env", ["actionplan", "add-action", "--finding", finding.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                                     "--title", "Audit", "--quiet"], installed, extra: cli)
        #expect(try complete("actionplan show ", installed, extra: ["ACTIONPLAN_DB": database]).offered == ["1", "1/P1.1"])
        #expect(try complete("actionplan history --db \(database) 1/", installed).offered == ["1/P1.1"], "--db on the line is read")
        #expect(try complete("actionplan list --plan ", installed, extra: ["ACTIONPLAN_DB": database]).offered == ["1"])
        let damaged = installed.home.appendingPathComponent("not-a-database.sqlite")
        try Data("not SQLite at all".utf8).write(to: damaged)
        let refused = try complete("actionplan show ", installed, extra: ["ACTIONPLAN_DB": damaged.path])
        #expect(refused.offered == [] && refused.stderr == "", "a file that is not a database offers nothing, silently")
    }
}
