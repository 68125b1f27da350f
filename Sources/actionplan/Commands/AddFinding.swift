import ArgumentParser
import ActionPlanModel
import ActionPlanCore

struct AddFinding: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-finding",
        abstract: "Add a finding to a plan.",
        discussion: """
            Prints the new finding's id. Categories: \(FindingCategory.allCases.map(\.rawValue).joined(separator: ", ")). \
            Timeframes: \(Timeframe.allCases.map(\.rawValue).joined(separator: ", ")).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The plan's id.", completion: Completions.plans) var plan: String
    @Option(help: "The finding's category.", completion: Completions.categories) var category: String
    @Option(help: "The timescale the document gives.", completion: Completions.timeframes) var timeframe: String = "none"
    @Option(help: "The finding's text, verbatim.") var text: String
    @Option(help: "Where it sits in the document, parts separated by ' > '.") var section: String?
    @Option(help: "A reference (default: category letter and number, e.g. P2).") var ref: String?
    @Flag(help: "Print only the id.") var quiet = false

    func run() throws {
        let planId = try Parse.id(plan, option: "--plan")
        try Parse.typed(text, option: "--text", lines: true)
        if let section { try Parse.typed(section, option: "--section") }
        if let ref { try Parse.typed(ref, option: "--ref") }
        let category = try Parse.value(FindingCategory.self, self.category, option: "--category")
        let timeframe = try Parse.value(Timeframe.self, self.timeframe, option: "--timeframe")
        let path = (section ?? "").components(separatedBy: ">").flatMap { $0.components(separatedBy: "›") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let context = try Context.open(global)
        let finding = Finding(planId: planId, ref: ref ?? "", category: category, timeframe: timeframe,
                              sectionPath: path, text: text.trimmingCharacters(in: .whitespacesAndNewlines))
        let id = try context.store.addFinding(finding, who: context.who)
        try Output.print(quiet ? "\(id)" : "added finding \(id) to plan \(planId)")
    }
}
