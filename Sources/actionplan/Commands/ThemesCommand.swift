import ArgumentParser
import ActionPlanModel
import ActionPlanCore
import ActionPlanOperations
import InspectionParser
import TerminalText

struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "How often each theme comes back in the findings, by year, region and kind of document.",
        discussion: """
            Each improvement finding is tagged with the themes whose rules match its text (the rules \
            are in the shipped Data/themes.txt; docs/themes.md gives the themes, the rule format and \
            how well the rules agree with a person reading the findings). A document counts once for \
            a theme when any of its findings has it; a finding counts once for each theme it has. \
            Every plan that is not removed counts, archived plans included. A document's year is the \
            year of its letter date (else its last visit day, else its received date); its region is \
            its authority's in the shipped table of authorities. The tables by year, region and kind \
            show the share of the group's documents with each theme, by the theme numbers of the \
            first table.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only documents about authorities in this region (as the table of authorities names it: \"North East\").")
    var region: String?
    @Option(help: ArgumentHelp("Only documents dated in this year or later.", valueName: "year")) var since: String?
    @Option(help: "Only documents of this kind.", completion: Completions.kinds) var kind: String?
    @Option(help: ArgumentHelp("Read the themes and rules from this file instead of the shipped ones.", valueName: "file"),
            completion: .file())
    var rules: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        // Every option is checked before the database is opened: a bad one changes nothing.
        let authorities = ShippedFiles.localAuthorities()
        var filter = ThemeReport.Filter()
        if let region {
            do { filter.region = try ThemeReport.region(region, in: authorities, field: "--region") } catch { throw error.cliError }
        }
        if let since { filter.since = try Parse.year(since, option: "--since") }
        if let kind { filter.kind = try Parse.value(DocumentKind.self, kind, option: "--kind") }
        let themeRules = try rules.map { try ShippedFiles.themeRules(file: $0) } ?? ShippedFiles.themeRules()
        let context = try Context.open(global)
        let report = try ThemeReport(store: context.store, rules: themeRules, authorities: authorities, filter: filter)
        if json { return try Output.printJSON(report.json) }
        try Output.print(ThemesText.render(report, width: Output.terminalWidth))
    }
}

/// The text of `actionplan themes`: the themes with their counts, then the share of documents
/// with each theme by year, by region and by kind, the themes named by their numbers.
enum ThemesText {
    static func render(_ report: ThemeReport, width: Int?) -> String {
        let total = report.total
        var scope: [String] = []
        if let region = report.filter.region { scope.append("region \(region)") }
        if let since = report.filter.since { scope.append("since \(since)") }
        if let kind = report.filter.kind { scope.append("kind \(kind.rawValue)") }
        let scopeText = scope.isEmpty ? "" : " (" + scope.joined(separator: ", ") + ")"
        guard total.plans > 0 else {
            return "No documents\(scopeText). Import inspection reports with `actionplan import FILE…`."
        }
        var out = prose("Themes of \(count(total.plans, "document"))\(scopeText), \(count(total.findings, "improvement finding")).\n"
                        + "A document counts once for a theme any of its findings has; a finding counts once for each of its themes.", width)
        out.append("")
        var table = TextTable([
            .init(title: "#", alignRight: true), .init(title: "THEME", flexible: true, minWidth: 12),
            .init(title: "DOCUMENTS", alignRight: true), .init(title: "%", alignRight: true),
            .init(title: "FINDINGS", alignRight: true), .init(title: "%", alignRight: true),
        ])
        for (number, entry) in total.entries.enumerated() {
            table.add([String(number + 1), entry.theme.name, String(entry.plans), percent(entry.plans, of: total.plans),
                       String(entry.findings), percent(entry.findings, of: total.findings)])
        }
        table.add(["", "No theme", "", "", String(total.untaggedFindings), percent(total.untaggedFindings, of: total.findings)])
        out.append(table.render(width: width))
        let groups: [(title: String, heading: String, rows: [(String, ThemeCounts)])] = [
            ("By year of the document", "YEAR", report.byYear.map { (String($0.year), $0.counts) }),
            ("By region", "REGION", report.byRegion.map { ($0.region ?? "(not in the table)", $0.counts) }),
            ("By kind of document", "KIND", report.byKind.map { ($0.kind.rawValue, $0.counts) }),
        ]
        for group in groups {
            out.append("")
            out += prose("\(group.title): % of the documents with each theme", width)
            out.append(shares(heading: group.heading, rows: group.rows, themes: total.entries.count, width: width))
        }
        return out.joined(separator: "\n")
    }

    /// A table of groups against theme numbers, split into several tables of fewer themes when
    /// the width cannot hold them all.
    static func shares(heading: String, rows: [(String, ThemeCounts)], themes: Int, width: Int?) -> String {
        let fixed = 10 + 2 + 4 + 2  // the group's column at its narrowest, DOCS, separators
        let perTheme = 5           // "100" and two spaces
        let fit = width.map { max(1, ($0 - fixed) / perTheme) } ?? themes
        var blocks: [String] = []
        var start = 0
        while start < themes {
            let range = start..<min(themes, start + fit)
            var table = TextTable([.init(title: heading, flexible: true, minWidth: 10), .init(title: "DOCS", alignRight: true)]
                                  + range.map { .init(title: String($0 + 1), alignRight: true, minWidth: 3) })
            for (name, counts) in rows {
                table.add([name, String(counts.plans)] + range.map { String(ThemeCounts.percent(counts.entries[$0].plans, of: counts.plans)) })
            }
            blocks.append(table.render(width: width))
            start = range.upperBound
        }
        return blocks.joined(separator: "\n\n")
    }

    /// Text wrapped to the width, if there is one.
    static func prose(_ text: String, _ width: Int?) -> [String] {
        guard let width else { return [text] }
        return DisplayWidth.wrap(text, width: width)
    }

    static func percent(_ part: Int, of whole: Int) -> String { "\(ThemeCounts.percent(part, of: whole))%" }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
