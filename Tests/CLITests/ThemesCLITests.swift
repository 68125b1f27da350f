import Foundation
import Testing

/// `actionplan themes` (docs/themes.md): the themes of the findings counted over the plans, by
/// year, region and kind, on a database of the invented sample letters (an authority the table
/// does not know) and the real seed letters of Stockton-on-Tees and Middlesbrough (North East).
@Suite struct ThemesCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seeds = root.deletingLastPathComponent().appendingPathComponent("shared/seeds")

    /// The demo's four Northmoor plans, then Stockton-on-Tees 2010 and 2022, Middlesbrough 2010
    /// and Stockton-on-Tees's 2010 safeguarding and looked after children inspection.
    func database() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok(["demo"])
        for prefix in ["000_", "001_", "003_", "004_"] {
            let name = try #require(try FileManager.default.contentsOfDirectory(atPath: Self.seeds.path).first { $0.hasPrefix(prefix) })
            try cli.ok(["import", Self.seeds.appendingPathComponent(name).path, "--received", "last-visit"])
        }
        return cli
    }

    func json(_ cli: CLIRunner, _ arguments: [String]) throws -> [String: Any] {
        try #require(try cli.json(["themes", "--json"] + arguments) as? [String: Any])
    }

    /// The plans of a group (or the total) that have a theme, and the plans counted.
    func plans(_ counts: Any?, theme: String) throws -> (with: Int, of: Int) {
        let counts = try #require(counts as? [String: Any])
        let entries = try #require(counts["themes"] as? [[String: Any]])
        let entry = try #require(entries.first { $0["id"] as? String == theme })
        return (try #require(entry["plans"] as? Int), try #require(counts["plans"] as? Int))
    }

    @Test func theTextListsEveryThemeWithItsCountsThenTheSharesByYearRegionAndKind() throws {
        let cli = try database()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let text = try cli.ok(["themes"], environment: ["COLUMNS": "100"])
        #expect(text.hasPrefix("Themes of 8 documents, "), "\(text)")
        #expect(text.contains(" 1  Management oversight and supervision"))
        #expect(text.contains("12  Health and education"))
        #expect(text.contains("No theme"))
        for heading in ["By year of the document", "By region", "By kind of document"] { #expect(text.contains(heading)) }
        #expect(text.contains("\n2010     3 "), "three of the seeds are of 2010")
        #expect(text.contains("North East") && text.contains("(not in the table)"), "Northmoor is invented")
        #expect(text.contains("unannounced-inspection"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 100 }, "fits the width")

        // A narrow terminal: the theme columns go on in a second table rather than past the edge.
        let narrow = try cli.ok(["themes"], environment: ["COLUMNS": "50"])
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 50 }, "\(narrow)")
        #expect(narrow.contains("YEAR  DOCS") && narrow.contains("  12"))
    }

    @Test func theJSONCountsAddUpAcrossYearsRegionsAndKinds() throws {
        let cli = try database()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let all = try json(cli, [])
        let total = try #require(all["total"] as? [String: Any])
        let themes = try #require(all["themes"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(themes.count == 12 && themes.first == "oversight")
        #expect(total["plans"] as? Int == 8)
        for (key, label) in [("by_year", "year"), ("by_region", "region"), ("by_kind", "kind")] {
            let groups = try #require(all[key] as? [[String: Any]])
            for theme in themes + [""] {
                let sum = try groups.map { try theme.isEmpty ? plans($0["counts"], theme: "oversight").of : plans($0["counts"], theme: theme).with }.reduce(0, +)
                let whole = try theme.isEmpty ? plans(total, theme: "oversight").of : plans(total, theme: theme).with
                #expect(sum == whole, "\(key): the \(label) groups' plans\(theme.isEmpty ? "" : " with \(theme)") add up to \(sum), the total is \(whole)")
            }
        }
        let regions = try #require(all["by_region"] as? [[String: Any]])
        #expect(regions.map { $0["region"] as? String } == ["North East", nil], "the table's regions, then plans it does not know")
        let years = try #require(all["by_year"] as? [[String: Any]]).compactMap { $0["year"] as? Int }
        #expect(years == years.sorted() && years.first == 2010)
    }

    @Test func filtersNarrowThePlansAndManagementOversightRunsThroughTheNorthEastSeeds() throws {
        let cli = try database()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let northEast = try json(cli, ["--region", "north-east"])
        #expect((northEast["filter"] as? [String: Any])?["region"] as? String == "North East", "the table's spelling")
        // The issue's story: oversight named in 2010 (both letters) and again in 2022.
        let oversight = try plans(northEast["total"], theme: "oversight")
        #expect(oversight.with == 4 && oversight.of == 4, "\(oversight)")
        let since = try json(cli, ["--region", "North East", "--since", "2020", "--kind", "focused-visit"])
        let focused = try plans(since["total"], theme: "oversight")
        #expect(focused.with == 1 && focused.of == 1, "the 2022 focused visit alone: \(focused)")
        let filter = try #require(since["filter"] as? [String: Any])
        #expect(filter["since"] as? Int == 2020 && filter["kind"] as? String == "focused-visit")
        let none = try cli.ok(["themes", "--since", "2100"])
        #expect(none == "No documents (since 2100). Import inspection reports with `actionplan import FILE…`.\n")
    }

    @Test func archivedPlansCountAndRemovedOnesDoNot() throws {
        let cli = try database()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        try cli.ok(["archive", "5"])
        #expect(try plans(try json(cli, [])["total"], theme: "oversight").of == 8, "an archived plan is history: it counts")
        try cli.ok(["remove", "--plan", "5", "--reason", "imported twice"])
        #expect(try plans(try json(cli, [])["total"], theme: "oversight").of == 7)
    }

    @Test func badOptionsAreRefusedInOneLineBeforeTheDatabaseIsOpened() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let region = try cli.run(["themes", "--region", "Narnia"])
        #expect(region.status == 64, "\(region.stderr)")
        #expect(region.stderr == "actionplan: unknown --region 'Narnia': expected one of East Midlands, East of England, London, North East, North West, South East, South West, West Midlands, Yorkshire and the Humber\n")
        let kind = try cli.run(["themes", "--kind", "letter"])
        #expect(kind.status == 64 && kind.stderr.contains("unknown --kind 'letter': expected one of unannounced-inspection, focused-visit"))
        let since = try cli.run(["themes", "--since", "last year"])
        #expect(since.status == 64 && since.stderr == "actionplan: --since: 'last year' is not a year: expected a year from 1900 to 2200\n")
        let missing = try cli.run(["themes", "--rules", cli.directory.appendingPathComponent("nope.txt").path])
        #expect(missing.status == 66 && missing.stderr.contains("cannot read the themes file"))
        let bad = cli.directory.appendingPathComponent("bad.txt")
        try Data("theme: oversight\nname: Oversight\nabout: Managers.\nmach: supervision\n".utf8).write(to: bad)
        let badRules = try cli.run(["themes", "--rules", bad.path])
        #expect(badRules.status == 65)
        #expect(badRules.stderr == "actionplan: themes file \(bad.path): line 4: unknown key 'mach': expected one of theme, name, about, match, except\n")
        #expect(!FileManager.default.fileExists(atPath: cli.database), "no database was created")
    }

    @Test func showGivesTheFindingsThemesUnderItsText() throws {
        let cli = try database()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        // Plan 6 is the 2022 focused visit: "…managerial oversight, timely case allocation, and supervision."
        let shown = try cli.ok(["show", "6/P3.1"])
        // Under the finding's text (after where it was raised before, when it was).
        let finding = try #require(shown.components(separatedBy: "\n\n").first { $0.hasPrefix("Finding P3 ") })
        #expect(finding.hasSuffix("\n  Themes: Management oversight and supervision"), "\(shown)")
        #expect(!(try cli.ok(["show", "6/P1.1"])).contains("Themes:"), "no line when no theme matches")
    }

    @Test func rulesFromAFileReplaceTheShippedOnes() throws {
        let cli = try database()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let file = cli.directory.appendingPathComponent("mine.txt")
        try Data("theme: chronologies\nname: Chronologies\nabout: Histories.\nmatch: chronolog*\n".utf8).write(to: file)
        let mine = try json(cli, ["--rules", file.path])
        #expect((mine["themes"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["chronologies"])
    }
}
