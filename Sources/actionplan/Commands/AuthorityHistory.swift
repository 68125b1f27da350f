import ArgumentParser
import ActionPlanModel
import ActionPlanReports
import ActionPlanCore

/// `authority A`: one authority's timeline.
struct AuthorityHistory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authority",
        abstract: "Show one authority's history: its documents, judgements and findings.",
        discussion: """
            AUTHORITY is a DfE code (808), a name or another name as `authorities` shows them, in \
            any case (stockton-on-tees). The documents are in the order they count (the last day \
            of the visit, else the letter date), each with its framework and judgements when it is \
            graded and its improvement findings (reference, category, text; the text is cut to the \
            terminal's width), each followed by where the authority's earlier documents raised the \
            same issue (Raised before: …, docs/recurrence.md). An unknown name is refused with the nearest name of the table.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("A DfE code or the authority's name.", valueName: "authority")) var authority: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let table = try AuthorityNames.table()
        let chosen = try AuthorityNames.authority(authority, option: "AUTHORITY", in: table)
        let context = try Context.open(global)
        let plans = try AuthorityNames.plans(context)
        let own = plans.filter { $0.authorityCode == chosen.code }
        var findings: [Finding] = []
        for plan in own { findings += try context.store.findings(planId: plan.id, .includingArchived) }
        let timeline = AuthorityTimeline(authority: chosen, plans: own, findings: findings)
        let latest = LatestJudgements(plans: own)
        let recurrences = try context.store.recurrences(planIds: own.map(\.id))
        if json { return try Output.printJSON(AuthorityJSON.timeline(timeline, latest: latest, recurrences: recurrences)) }
        try Output.print(Self.text(timeline, latest: latest, recurrences: recurrences, width: Output.terminalWidth))
    }

    /// The timeline as lines for a terminal.
    static func text(_ timeline: AuthorityTimeline, latest: LatestJudgements, recurrences: [Int64: [Recurrence]], width: Int?) -> String {
        let a = timeline.authority
        var lines = ["\(a.name) (\(a.code))" + (a.region.isEmpty ? "" : " · \(a.region)") + AuthorityNames.lifetime(a)]
        if timeline.entries.isEmpty {
            lines.append("No plans for \(a.name) yet. Import its reports with `actionplan import REPORT.pdf`.")
            return lines.joined(separator: "\n")
        }
        let documents = latest.latest(a.code)
        lines.append("Latest: " + (documents.isEmpty ? "no graded inspection" : documents.map(AuthorityNames.latestLine).joined(separator: "; ")))
        for entry in timeline.entries {
            lines.append("")
            let plan = entry.plan
            // A graded document is named by its framework: the SIF and ILACS share a kind.
            if let graded = entry.graded {
                lines.append("\(plan.inspectedOn.iso)  \(graded.framework.shortLabel) inspection · plan \(plan.id) · \(AuthorityNames.headline(graded))")
            } else {
                lines.append("\(plan.inspectedOn.iso)  \(plan.kind.label) · plan \(plan.id)")
            }
            for j in entry.graded?.subJudgements ?? [] { lines.append("    \(j.area): \(j.written)") }
            if entry.findings.isEmpty { lines.append("    no improvement findings") }
            for finding in entry.findings { lines += findingLines(finding, raisedBefore: recurrences[finding.finding.id] ?? []) }
        }
        return lines.map { AuthorityNames.fit($0, width) }.joined(separator: "\n")
    }

    /// A finding's lines: its reference, category and text on one line (cut to the width), and
    /// below it where the authority's earlier documents raised it ("Raised before: …").
    static func findingLines(_ f: TimelineFinding, raisedBefore: [Recurrence]) -> [String] {
        let text = f.finding.text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return ["  \(f.finding.ref)  \(f.finding.category.label): \(text)"]
            + (Recurrence.raisedBefore(raisedBefore).map { ["      \($0)"] } ?? [])
    }
}
