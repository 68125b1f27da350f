import ArgumentParser
import ActionPlanModel
import ActionPlanCore

struct EditFinding: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit-finding",
        abstract: "Correct a finding: its text, category, timescale or section.",
        discussion: """
            For a finding the importer garbled. The change is audited (the old text stays in the \
            history) and can be undone. The finding keeps its reference (P1) when its category changes, \
            so the names its actions carry stay valid. --section takes the headings outermost first, \
            separated by ">" ("Areas for improvement > Within three months"); --section "" clears it.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The finding's id (as `show` and `list --json` give it).") var id: String
    @Option(help: "The finding's text, verbatim from the document.") var text: String?
    @Option(help: "priority_action, area_for_improvement, area_for_development, recommendation or other.", completion: Completions.categories) var category: String?
    @Option(help: "The timescale the document sets (immediate, within_3_months, …).", completion: Completions.timeframes) var timeframe: String?
    @Option(help: "Where it sits in the document: \"A > B\".") var section: String?

    func run() throws {
        let findingId = try Parse.id(id, option: "id")
        var changes = FindingChanges()
        if let text { changes.text = try Parse.typed(text, option: "--text", lines: true) }
        if let category { changes.category = try Parse.value(FindingCategory.self, category, option: "--category") }
        if let timeframe { changes.timeframe = try Parse.value(Timeframe.self, timeframe, option: "--timeframe") }
        if let section {
            try Parse.typed(section, option: "--section")
            changes.sectionPath = section.split(whereSeparator: { $0 == ">" || $0 == "›" })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        guard !changes.isEmpty else { throw CLIError.usage("nothing to change: give at least one of --text, --category, --timeframe, --section") }
        let context = try Context.open(global)
        let finding = try context.store.updateFinding(id: findingId, changes: changes, who: context.who)
        try Output.print("finding \(finding.id) (\(finding.planId)/\(finding.ref)): \(finding.category.label), \(finding.timeframe.label)")
    }
}
