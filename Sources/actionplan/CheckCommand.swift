import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanReports
import ActionPlanCore
import ActionPlanOperations

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check plans as an inspector would (SMART).",
        discussion: """
            Lists, per plan, improvement findings with no open or complete action, and actions \
            with no owner, no or a provisional due date, no success measure, a measure with no \
            number or target, complete without evidence, open with no note for more than 31 days, \
            or a due date moved more than once. Each line gives the rule id, the action or \
            finding, and the reason. These are warnings: the exit status is 0 unless --strict \
            and something is flagged (then 1).

            Rules: \(SMARTRule.allCases.map(\.rawValue).joined(separator: ", ")).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this plan (repeatable).", completion: Completions.plans) var plan: [String] = []
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Exit with status 1 when anything is flagged.") var strict = false

    func run() throws {
        let context = try Context.open(global)
        let planIds = try PlanSelection.ids(plan, store: context.store)
        let report = try PlanCheck.run(store: context.store, planIds: planIds, today: context.today, timeZone: TimeZone.current)
        if json {
            try Output.write(report.json())
        } else {
            // The text quotes titles: sanitised as every text for people.
            try Output.write(TerminalSafe.visible(report.text()))
        }
        if strict && !report.isClean {
            let n = report.flagCount
            throw CLIError("\(n) SMART warning\(n == 1 ? "" : "s") with --strict", status: .failure)
        }
    }
}
