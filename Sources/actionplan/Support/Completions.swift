import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanReports
import ActionPlanSQLite
import ActionPlanOperations

/// What bash, zsh and fish offer after each option and argument (`actionplan
/// --generate-completion-script SHELL`, installed by `make install`). The words come from the
/// model's own vocabulary types, so a new status or format is offered without a change here; ids
/// come from the database, read by `SQLitePlanStore.completionNames` (never created, never an error).
enum Completions {
    /// Every raw value of a vocabulary type, as typed on the command line.
    static func words<T: CaseIterable & RawRepresentable>(_ type: T.Type) -> CompletionKind where T.RawValue == String {
        .list(T.allCases.map(\.rawValue))
    }

    static var statuses: CompletionKind { words(ActionStatus.self) }
    static var colours: CompletionKind { words(RAG.self) }
    /// What `update --rag` takes: a colour that may be set by hand, or `auto` to go back to the derived one.
    static var colourOverrides: CompletionKind { .list(RAG.overridable.map(\.rawValue) + ["auto"]) }
    static var categories: CompletionKind { words(FindingCategory.self) }
    static var timeframes: CompletionKind { words(Timeframe.self) }
    static var kinds: CompletionKind { words(DocumentKind.self) }
    static var formats: CompletionKind { .list(Export.formatNames) }
    /// The groups `compare --with` takes.
    static var authorityGroups: CompletionKind { words(AuthorityGroup.self) }
    /// The regions of the shipped table, for `stats --region`.
    static var regions: CompletionKind { .list(AuthorityNames.regions(ShippedFiles.localAuthorities())) }
    /// The page `national -o` writes.
    static var htmlFiles: CompletionKind { .file(extensions: ["html"]) }
    /// A file `export -o` writes: one of the report formats' extensions.
    static var reportFiles: CompletionKind { .file(extensions: Export.formatNames) }
    /// A document `import` reads (`-` is standard input).
    static var documents: CompletionKind { .file(extensions: ["pdf", "txt"]) }
    /// A holiday feed (`holidays --update`): the GOV.UK JSON.
    static var holidayFeeds: CompletionKind { .file(extensions: ["json"]) }
    /// A database or a backup of one: any file.
    static var databases: CompletionKind { .file() }
    /// The system's groups, for `init --group`.
    static var groups: CompletionKind { .shellCommand("getent group | cut -d: -f1") }

    /// Action ids and `PLAN/REF` names from the database the command line names.
    static var actions: CompletionKind { .custom { words, _, prefix in names(words: words, prefix: prefix, plans: false) } }
    /// Plan ids from the database the command line names.
    static var plans: CompletionKind { .custom { words, _, prefix in names(words: words, prefix: prefix, plans: true) } }

    /// The names in the database `--db` in `words` names (else `ACTIONPLAN_DB`, the configuration
    /// file, the default), starting with `prefix`; nothing when any of that fails.
    static func names(words: [String], prefix: String, plans: Bool) -> [String] {
        var given: [String] = []
        for (index, word) in words.enumerated() {
            if word == "--db", index + 1 < words.count { given = ["--db", unquoted(words[index + 1])] }
            if word.hasPrefix("--db=") { given = ["--db", unquoted(String(word.dropFirst(5)))] }
        }
        guard let options = try? GlobalOptions.parse(given),
              let path = try? Context.databasePath(options, createDirectory: false) else { return [] }
        let wanted = unquoted(prefix).lowercased()
        return SQLitePlanStore.completionNames(path: path, plans: plans).filter { $0.lowercased().hasPrefix(wanted) }
    }

    /// A shell word as typed, without the quotes around it and with `~/` as the home folder (the
    /// shells pass the words verbatim).
    static func unquoted(_ word: String) -> String {
        var text = word
        if text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first {
            text = String(text.dropFirst().dropLast())
        } else if let first = text.first, first == "'" || first == "\"" {
            text = String(text.dropFirst())
        }
        if text.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] { text = home + text.dropFirst(1) }
        return text
    }
}
