import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanReports
import ActionPlanOperations

/// `national`: the national picture as an HTML page with SVG charts.
struct National: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "national",
        abstract: "Write the national picture of latest judgements as an HTML page with charts.",
        discussion: """
            One self-contained HTML page (no script, nothing fetched): for each framework, the \
            shares of the latest headline grades in England and in each region, as bar charts with \
            their figures; with --authority, that authority's grades against its statistical \
            neighbours, its region and England first. Counted as `stats` counts (docs/national.md). \
            Writes to standard output unless -o.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date the figures are at (default: today).", valueName: "date"))
    var asOf: String?
    @Option(help: ArgumentHelp("Also compare this authority (DfE code or name) with its groups.", valueName: "authority"))
    var authority: String?
    @Option(name: .short, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"), completion: Completions.htmlFiles)
    var output: String?
    @Flag(help: "Replace the -o file if it exists (without it, an existing file is refused).") var force = false

    func run() throws {
        let table = try AuthorityNames.table()
        let chosen = try authority.map { try AuthorityNames.authority($0, option: "--authority", in: table) }
        let day = try asOf.map { try Parse.day($0, option: "--as-of") }
        // An existing -o file is refused by ReportExport.write, with export's words.
        if output?.isEmpty == true { throw CLIError.usage("-o: is empty: expected a file name") }
        let context = try Context.open(global)
        let plans = try AuthorityNames.plans(context)
        let asOfDay = day ?? context.today
        let england = JudgementStatistics(plans: plans, table: table.authorities, asOf: asOfDay, region: nil)
        let regions = AuthorityNames.regions(table).map {
            JudgementStatistics(plans: plans, table: table.authorities, asOf: asOfDay, region: $0)
        }
        let comparisons = chosen.map { a in
            AuthorityGroup.allCases.map { AuthorityComparison(authority: a, group: $0, plans: plans, table: table.authorities, asOf: asOfDay) }
        } ?? []
        let page = NationalReport.render(england: england, regions: regions, comparisons: comparisons)
        if let output {
            try ReportExport.write(page, to: output, replacing: force)
            try Output.print("wrote \(output): html, the national picture as of \(asOfDay.iso)")
        } else {
            try Output.write(page)
        }
    }
}
