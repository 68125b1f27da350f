import ArgumentParser
import ActionPlanModel
import ActionPlanReports

/// `authorities`: every authority that has plans, with its plans and latest judgements.
struct Authorities: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authorities",
        abstract: "List the authorities that have plans, with their latest judgements.",
        discussion: """
            One block per authority of the shipped table that has at least one plan: its DfE code, \
            name and region, its latest graded document in each framework (ILACS, the single \
            inspection framework, the 2009–2013 safeguarding and looked after children inspections, \
            area SEND) with the headline grade and every sub-judgement, and its plans by date. \
            Plans whose authority the table does not know are not listed. See docs/national.md.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let context = try Context.open(global)
        let table = try AuthorityNames.table()
        let plans = try AuthorityNames.plans(context)
        let latest = LatestJudgements(plans: plans)
        var byCode: [String: [Plan]] = [:]
        for plan in plans { if let code = plan.authorityCode { byCode[code, default: []].append(plan) } }
        let listed = table.authorities.filter { byCode[$0.code] != nil }.sorted { $0.name < $1.name }
        if json {
            return try Output.printJSONArray(listed) { AuthorityJSON.summary($0, plans: byCode[$0.code] ?? [], latest: latest) }
        }
        if listed.isEmpty {
            try Output.print("No plan names an authority of the table yet. Import a report with `actionplan import REPORT.pdf`.")
            return
        }
        let width = Output.terminalWidth
        var lines: [String] = []
        for authority in listed {
            if !lines.isEmpty { lines.append("") }
            lines.append("\(authority.code)  \(authority.name)" + (authority.region.isEmpty ? "" : " · \(authority.region)") + AuthorityNames.lifetime(authority))
            for document in latest.latest(authority.code) {
                lines.append("  " + AuthorityNames.latestLine(document))
                for j in document.subJudgements { lines.append("      \(j.area): \(j.written)") }
            }
            let own = Plan.inHistoryOrder(byCode[authority.code] ?? [])
            lines.append("  plans:")
            for plan in own { lines.append("      \(plan.inspectedOn.iso)  #\(plan.id)  \(plan.kind.rawValue)") }
        }
        try Output.print(lines.map { AuthorityNames.fit($0, width) }.joined(separator: "\n"))
    }
}
