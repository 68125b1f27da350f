import ArgumentParser
import ActionPlanModel
import ActionPlanReports
import ActionPlanOperations
import TerminalText

/// `compare --authority A`: an authority's latest judgements against a group's.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare an authority's latest judgements with its neighbours, its region or England.",
        discussion: """
            For each framework: the authority's latest headline grade and how the latest grades of \
            the group fall (count and share of each grade, of the authorities with one), with the \
            authorities of the group that have none in the database. --with neighbours (the \
            default) is the ten statistical neighbours of the shipped table; region, the other \
            authorities of its region; england, every other authority. --as-of counts only the \
            documents of visits that ended by that date (default: today). See docs/national.md.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("A DfE code or the authority's name.", valueName: "authority")) var authority: String
    @Option(name: .customLong("with"), help: ArgumentHelp("neighbours, region or england (default: neighbours).", valueName: "group"),
            completion: Completions.authorityGroups)
    var group: String = AuthorityGroup.neighbours.rawValue
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Count the documents up to this date (default: today).", valueName: "date"))
    var asOf: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let table = try AuthorityNames.table()
        let chosen = try AuthorityNames.authority(authority, option: "--authority", in: table)
        let group = try Parse.value(AuthorityGroup.self, self.group, option: "--with")
        let day = try asOf.map { try Parse.day($0, option: "--as-of") }
        let context = try Context.open(global)
        let plans = try AuthorityNames.plans(context)
        let comparison = AuthorityComparison(authority: chosen, group: group, plans: plans, table: table.authorities, asOf: day ?? context.today)
            .withThemes(rules: try ShippedFiles.themeRules(), plans: plans, findings: try context.store.findings(planId: nil, .includingArchived))
        if json { return try Output.printJSON(AuthorityJSON.comparison(comparison)) }
        try Output.print(Self.text(comparison, table: table.authorities, width: Output.terminalWidth))
    }

    static func text(_ c: AuthorityComparison, table: [LocalAuthority], width: Int?) -> String {
        let a = c.authority
        let groupName: String
        switch c.group {
        case .neighbours: groupName = "its \(c.members.count) statistical neighbours"
        case .region: groupName = "the \(c.members.count) other authorities of \(a.region.isEmpty ? "its region" : a.region)"
        case .england: groupName = "the \(c.members.count) other authorities of England"
        }
        var lines = ["\(a.name) (\(a.code)) against \(groupName), as of \(c.asOf.iso)"]
        let names = Dictionary(table.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        for entry in c.frameworks {
            let d = entry.distribution
            // A framework nobody in the comparison has a document of says nothing: one line.
            if entry.own == nil && d.graded == 0 && d.unread.isEmpty {
                lines += ["", "\(entry.framework.label): no document of \(a.name) or of the group"]
                continue
            }
            lines += ["", entry.framework.label]
            lines.append("  \(a.name): " + (entry.own.map { "\(AuthorityNames.headline($0)) (\($0.day.iso), plan \($0.planId))" } ?? "none in the database"))
            lines.append("  Group: \(d.graded) of \(d.total) with a grade" + (d.graded > 0 ? ", \(d.goodOrBetterPercent)% \(entry.framework.favourableWords)" : ""))
            lines += StatsText.gradeRows(d, indent: "    ")
            lines += StatsText.listed("  Headline not read", d.unread, names: names)
            lines += StatsText.listed("  None in the database", d.none, names: names)
        }
        if let themes = c.themes { lines += [""] + themeLines(themes, authority: a.name) }
        return lines.map { AuthorityNames.fit($0, width) }.joined(separator: "\n")
    }

    /// The themes part: per theme, the share of the authority's documents with it beside the
    /// group's, as whole percentages (`ThemeCounts.percent`).
    static func themeLines(_ t: AuthorityComparison.Themes, authority: String) -> [String] {
        var lines = ["Themes of the findings: share of documents (\(authority): \(t.own.plans), group: \(t.group.plans))"]
        guard t.own.plans + t.group.plans > 0 else { return lines + ["  no document of \(authority) or of the group"] }
        let nameWidth = t.own.entries.map { DisplayWidth.of($0.theme.name) }.max() ?? 0
        lines.append("  " + DisplayWidth.pad("Theme", to: nameWidth) + "  \("own".leftPadded(5))  \("group".leftPadded(5))")
        for (own, group) in zip(t.own.entries, t.group.entries) {
            let ownShare = t.own.plans == 0 ? "–" : "\(ThemeCounts.percent(own.plans, of: t.own.plans))%"
            let groupShare = t.group.plans == 0 ? "–" : "\(ThemeCounts.percent(group.plans, of: t.group.plans))%"
            lines.append("  " + DisplayWidth.pad(own.theme.name, to: nameWidth) + "  \(ownShare.leftPadded(5))  \(groupShare.leftPadded(5))")
        }
        return lines
    }
}

