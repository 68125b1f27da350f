import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanCore

struct NewPlan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-plan",
        abstract: "Create an empty plan by hand.",
        discussion: "Prints the new plan's id. Kinds: \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "The local authority.") var authority: String
    @Option(help: "The kind of source document.", completion: Completions.kinds) var kind: String
    @Option(help: "The date of the letter or report, YYYY-MM-DD.") var letterDate: String?
    @Option(help: "The date it was received, YYYY-MM-DD (default: the letter date, else today).") var received: String?
    @Option(help: "A title (default: kind, authority and date).") var title: String?
    @Flag(help: "Print only the id.") var quiet = false

    func run() throws {
        let kind = try Parse.value(DocumentKind.self, self.kind, option: "--kind")
        try Parse.typed(authority, option: "--authority")
        if let title { try Parse.typed(title, option: "--title") }
        let letter = try letterDate.map { try Parse.day($0, option: "--letter-date") }
        let receivedDay = try received.map { try Parse.day($0, option: "--received") }
        guard !authority.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CLIError.usage("--authority: is empty: expected the name of the authority")
        }
        let context = try Context.open(global)
        let start = receivedDay ?? letter ?? context.today
        let name = title ?? "\(kind.label) — \(authority)" + (letter.map { ", \($0.longDescription)" } ?? "")
        let plan = Plan(title: name, authority: authority.trimmingCharacters(in: .whitespaces), kind: kind,
                        letterDate: letter, received: start, createdAt: Date(), createdBy: context.who)
        let id = try context.store.createPlan(PlanDraft(plan: plan), who: context.who)
        try Output.print(quiet ? "\(id)" : "created plan \(id): \(name)")
    }
}
