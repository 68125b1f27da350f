import ActionPlanModel
import ActionPlanCore
import ActionPlanOperations
import InspectionParser
import TerminalText

/// What the authority commands (`authorities`, `authority`, `compare`, `stats`, `national`)
/// share: the shipped table, an authority or region named on the command line, the plans read
/// once, and how a grade looks in a line of text.
enum AuthorityNames {
    /// The shipped table of local authorities; refused (status 74) when the installation lacks it.
    static func table() throws -> LocalAuthorityTable {
        let table = ShippedFiles.localAuthorities()
        if table.isEmpty {
            throw CLIError("the local-authority table that ships with actionplan is missing: reinstall actionplan", status: .ioError)
        }
        return table
    }

    /// The authority a person named (code, name or other name, any case), or a one-line refusal
    /// (status 64) with the nearest name of the table when there is one.
    static func authority(_ text: String, option: String, in table: LocalAuthorityTable) throws -> LocalAuthority {
        try Parse.typed(text, option: option)
        if let found = table.named(text) { return found }
        var message = "\(option): unknown authority '\(text)'"
        if let near = table.nearest(to: text) {
            message += ": did you mean \(near.name) (\(near.code))?"
        } else {
            message += ": give a DfE code or a name as `actionplan authorities` lists them"
        }
        throw CLIError.usage(message)
    }

    /// A region named as the table names it ("north east", "London"), or a refusal listing them.
    static func region(_ text: String, option: String, in table: LocalAuthorityTable) throws -> String {
        try Parse.typed(text, option: option)
        let regions = regions(table)
        let wanted = text.trimmingCharacters(in: .whitespaces)
        if let found = regions.first(where: { $0.caseInsensitiveCompare(wanted) == .orderedSame }) { return found }
        throw CLIError.usage("\(option): unknown region '\(text)': expected one of \(regions.joined(separator: ", "))")
    }

    /// The regions of the table, in alphabetical order.
    static func regions(_ table: LocalAuthorityTable) -> [String] {
        Set(table.authorities.map(\.region).filter { !$0.isEmpty }).sorted()
    }

    /// Every plan, archived ones too: an authority's history is all its documents.
    static func plans(_ context: Context) throws -> [Plan] {
        try context.store.plans(.includingArchived)
    }

    /// " (from 2021-04-01)", " (until 2021-04-01)" for an authority made or ended by a
    /// reorganisation; empty for one that has always existed.
    static func lifetime(_ a: LocalAuthority) -> String {
        if let ended = a.ended { return " (until \(ended.iso))" }
        if let started = a.started { return " (from \(started.iso))" }
        return ""
    }

    /// "Good", "Requires improvement", "not read" for a document whose headline was not read.
    static func headline(_ document: GradedDocument) -> String {
        document.headline?.label ?? "headline not read"
    }

    /// "ILACS: Good (2023-03-24, plan 12)".
    static func latestLine(_ document: GradedDocument) -> String {
        "\(document.framework.shortLabel): \(headline(document)) (\(document.day.iso), plan \(document.planId))"
    }

    /// A line cut to the terminal's width (not cut when standard output is not a terminal).
    static func fit(_ line: String, _ width: Int?) -> String {
        guard let width else { return line }
        return DisplayWidth.truncate(line, to: max(width, 20))
    }
}
