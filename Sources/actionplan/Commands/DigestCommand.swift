import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports
import ActionPlanOperations

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Each owner's overdue actions, those due soon and what is missing, ready to paste into an email.",
        discussion: """
            For each owner (or only --owner, matched as every owner match is: case and accents \
            ignored, whole words), lists the open actions past their due date, those due within N \
            working days (default: the due-soon window), and the SMART check's warnings on their \
            actions. Actions without an owner come last. --format md or html for a richer email, ics \
            for the listed actions as calendar entries with reminders.
            """
    )

    enum Format: String, CaseIterable, ExpressibleByArgument { case text, md, html, ics }

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this owner.") var owner: String?
    @Option(parsing: .unconditional, help: "Due within this many working days (default: the due-soon window).") var within: String?
    @Option(help: "Only this plan (repeatable).", completion: Completions.plans) var plan: [String] = []
    @Option(help: "text, md, html or ics.") var format: Format = .text

    func run() throws {
        if let owner {
            try Parse.typed(owner, option: "--owner")
            if owner.trimmingCharacters(in: .whitespaces).isEmpty { throw CLIError.usage("--owner: is empty: expected an owner's name") }
        }
        var window: Int?
        if let within {
            guard let n = Int(within.trimmingCharacters(in: .whitespaces)), (0...10_000).contains(n) else {
                throw CLIError.usage("--within: '\(within)' is not a count of working days: expected a whole number from 0")
            }
            window = n
        }
        let context = try Context.open(global)
        let planIds = try PlanSelection.ids(plan, store: context.store)
        let days = window ?? context.rules.dueSoonWindow
        var options = ReportOptions(asOf: context.today, planIds: planIds, timeZone: TimeZone.current,
                                    generatedAt: try ReportExport.generatedAt(), dueSoonWindow: context.rules.dueSoonWindow,
                                    asOfIsToday: true)
        options.calendarId = try context.store.databaseIdentity()
        let snapshot = try ReportExport.load(context.store, history: false)
        let summary = ProgressSummary(snapshot: snapshot, calendar: context.calendar, options: options)
        let smart = SMARTCheck.run(snapshot.visible(archived: Set(planIds ?? [])), planIds: planIds, today: context.today,
                                   timeZone: TimeZone.current)
        let digest = Digest(summary: summary, smart: smart, within: days, owner: owner)
        switch format {
        case .text: try Output.write(digest.text())
        case .md: try Output.write(digest.markdown())
        case .html: try Output.write(digest.html())
        case .ics: try Output.write(digest.calendar(summary))
        }
    }
}
