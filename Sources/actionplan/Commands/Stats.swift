import ArgumentParser
import ActionPlanModel
import ActionPlanReports
import TerminalText

/// `stats --as-of DATE`: how the latest judgements of England's (or a region's) authorities fall.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count the authorities by their latest judgement at a date, per framework.",
        discussion: """
            For each framework: how many authorities' latest headline judgement at the date is \
            outstanding, good, requires improvement or inadequate (area SEND: its three outcomes), \
            with percentages of the authorities that have one, how many have a latest document whose \
            headline was not read, and how many have none. A document counts from the last day of \
            its visit (else its letter date), as Ofsted's figures count the inspections carried out \
            by the date. The authorities counted are those of the shipped table that existed at the \
            date. docs/national.md compares these figures with Ofsted's.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date the figures are at (default: today).", valueName: "date"))
    var asOf: String?
    @Option(help: ArgumentHelp("Count only the authorities of this region (as the table names it).", valueName: "region"),
            completion: Completions.regions)
    var region: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let table = try AuthorityNames.table()
        let day = try asOf.map { try Parse.day($0, option: "--as-of") }
        let region = try self.region.map { try AuthorityNames.region($0, option: "--region", in: table) }
        let context = try Context.open(global)
        let statistics = JudgementStatistics(plans: try AuthorityNames.plans(context), table: table.authorities,
                                             asOf: day ?? context.today, region: region)
        if json { return try Output.printJSON(AuthorityJSON.statistics(statistics)) }
        var lines = ["Latest judgements as at \(statistics.asOf.longDescription), \(region ?? "England") (\(statistics.authorities.count) authorities)"]
        for d in statistics.frameworks {
            lines += ["", "\(d.framework.label): \(d.graded) graded" + (d.graded > 0 ? ", \(d.goodOrBetterPercent)% \(d.framework.favourableWords)" : "")]
            lines += StatsText.gradeRows(d, indent: "  ")
            let width = StatsText.labelWidth(d.framework)
            lines.append("  " + DisplayWidth.pad(StatsText.notRead, to: width) + String(d.unread.count).leftPadded(5))
            lines.append("  " + DisplayWidth.pad("None", to: width) + String(d.none.count).leftPadded(5))
        }
        try Output.print(lines.map { AuthorityNames.fit($0, Output.terminalWidth) }.joined(separator: "\n"))
    }
}

/// How `stats` and `compare` write a distribution as text.
enum StatsText {
    /// The width of the label column of a framework's rows.
    static func labelWidth(_ framework: InspectionFramework) -> Int {
        (framework.scale.map(\.label) + [notRead]).map(DisplayWidth.of).max() ?? 20
    }

    static let notRead = "Headline not read"

    /// One line per grade of the framework's scale: label, count, percentage of the graded.
    static func gradeRows(_ d: GradeDistribution, indent: String) -> [String] {
        d.framework.scale.map { grade in
            indent + DisplayWidth.pad(grade.label, to: labelWidth(d.framework)) + String(d.count(grade)).leftPadded(5)
                + (d.graded > 0 ? "\(d.percent(grade))%".leftPadded(6) : "")
        }
    }

    /// "  None in the database (3): Darlington, Durham, Gateshead", or nothing for an empty list.
    static func listed(_ title: String, _ codes: [String], names: [String: String]) -> [String] {
        codes.isEmpty ? [] : ["\(title) (\(codes.count)): " + codes.map { names[$0] ?? $0 }.joined(separator: ", ")]
    }
}

extension String {
    /// The text with spaces before it to `width` characters (numbers in a column).
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
