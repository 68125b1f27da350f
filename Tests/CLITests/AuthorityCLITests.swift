import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// A database of a handful of real North East reports, imported once (`import --received
/// last-visit`) and copied for each test: the graded documents of Stockton-on-Tees (808),
/// Darlington (841) and Hartlepool (805) and one focused visit.
///
/// | file | framework | last visit day | headline |
/// |---|---|---|---|
/// | ilacs--stockton-on-tees--05-august-2016 | SIF | 2016-06-16 | Good |
/// | ilacs--stockton-on-tees--09-may-2023 | ILACS | 2023-03-17 | Requires improvement to be good |
/// | focused-visit--stockton-on-tees--31-january-2022 | — | 2021-12-08 | — |
/// | ilacs--darlington--21-may-2018 | SIF (its areas; the visit ended in 2018) | 2018-03-22 | Requires improvement to be good |
/// | ilacs--darlington--02-december-2022 | ILACS | 2022-10-21 | Good |
/// | ilacs--hartlepool--28-august-2018 | ILACS | 2018-07-27 | Good |
/// | ilacs--hartlepool--16-may-2024 | ILACS | 2024-03-22 | Outstanding |
/// | send--hartlepool--16-may-2023 | area SEND | 2023-03-17 | positive |
/// | send--darlington--04-february-2025 | area SEND | 2024-11-29 | inconsistent |
enum NorthEastReports {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")

    static let files = [
        "corpus-extra/ilacs--stockton-on-tees--05-august-2016.pdf", "corpus-extra/ilacs--stockton-on-tees--09-may-2023.pdf",
        "corpus-extra/focused-visit--stockton-on-tees--31-january-2022.pdf", "corpus-extra/ilacs--darlington--21-may-2018.pdf",
        "corpus-extra/ilacs--darlington--02-december-2022.pdf", "corpus-extra/ilacs--hartlepool--28-august-2018.pdf",
        "corpus-extra/ilacs--hartlepool--16-may-2024.pdf", "corpus-extra/send--hartlepool--16-may-2023.pdf",
        "corpus-extra/send--darlington--04-february-2025.pdf",
    ]

    /// The imported database, made once for every test of the suite.
    static let database: Result<Data, TestFailure> = {
        do {
            let cli = try CLIRunner()
            defer { try? FileManager.default.removeItem(at: cli.directory) }
            let paths = try files.map { name -> String in
                let url = shared.appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: url.path) else { throw TestFailure("\(url.path) is missing") }
                return url.path
            }
            let result = try cli.run(["import"] + paths + ["--jobs", "2", "--received", "last-visit"])
            guard result.status == 0 else { return .failure(TestFailure("import failed: \(result.stderr)")) }
            return .success(try Data(contentsOf: URL(fileURLWithPath: cli.database)))
        } catch {
            return .failure(TestFailure("\(error)"))
        }
    }()

    /// A runner with its own copy of the imported database.
    static func runner() throws -> CLIRunner {
        let cli = try CLIRunner()
        try database.get().write(to: URL(fileURLWithPath: cli.database))
        return cli
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@Suite(.serialized) struct AuthorityCLITests {
    static let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/schema")

    func expectSchema(_ text: String, _ schema: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONDocument {
        let document = try JSONDocument.parse(text)
        let errors = JSONSchemaValidator(directory: Self.schemas).errors(document, file: schema)
        #expect(errors.isEmpty, "does not follow \(schema):\n\(errors.prefix(10).joined(separator: "\n"))", sourceLocation: sourceLocation)
        return document
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    // MARK: authorities

    @Test func authoritiesListsEachAuthorityWithItsLatestJudgementsPerFrameworkAndItsPlans() throws {
        let cli = try NorthEastReports.runner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let text = try cli.ok(["authorities"])
        let blocks = text.components(separatedBy: "\n\n")
        #expect(blocks.count == 3, "three authorities: \(text)")
        #expect(blocks[0].hasPrefix("841  Darlington · North East\n  ILACS: Good (2022-10-21, plan "), "\(blocks[0])")
        let stockton = try #require(blocks.first { $0.hasPrefix("808  Stockton-on-Tees · North East") })
        #expect(stockton.contains("  ILACS: Requires improvement (2023-03-17, plan "))
        #expect(stockton.contains("  SIF: Good (2016-06-16, plan "))
        #expect(stockton.contains("      Children looked after and achieving permanence: Requires improvement"), "SIF sub-judgements")
        #expect(stockton.contains("      The impact of leaders on social work practice with children and families: Requires improvement to be good"))
        let plans = stockton.components(separatedBy: "  plans:\n")[1].split(separator: "\n").map { String($0.dropFirst(6).prefix(10)) }
        #expect(plans == ["2016-06-16", "2021-12-08", "2023-03-17"], "plans by date: \(plans)")
        let hartlepool = try #require(blocks.first { $0.hasPrefix("805  Hartlepool") })
        #expect(hartlepool.contains("  ILACS: Outstanding (2024-03-22, plan ") && hartlepool.contains("  Area SEND: Positive experiences and outcomes (2023-03-17"))

        let json = try cli.ok(["authorities", "--json"])
        guard case .array(let entries) = try expectSchema(json, "authorities-output.schema.json") else { Issue.record("not an array"); return }
        #expect(entries.count == 3)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let darlington = try #require(list.first { ($0["authority"] as? [String: Any])?["code"] as? String == "841" })
        let latest = try #require(darlington["latest"] as? [[String: Any]])
        #expect(latest.map { $0["framework"] as? String } == ["ilacs", "sif", "area-send"])
        #expect(latest.map { $0["headline"] as? String } == ["good", "requires-improvement", "inconsistent"])
        #expect((darlington["plans"] as? [[String: Any]])?.map { $0["framework"] as? String } == ["sif", "ilacs", "area-send"])
    }

    @Test func authoritiesOnADatabaseWithoutAuthoritiesSaysHowToImport() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        _ = try cli.seedPlan()
        #expect(try cli.ok(["authorities"]).contains("No plan names an authority of the table yet"))
        #expect(try cli.ok(["authorities", "--json"]) == "[]\n")
        let bad = try cli.run(["authorities", "--region", "London"])
        #expect(bad.status == 64 && bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
    }

    // MARK: authority A

    @Test func authorityShowsTheDocumentsInDateOrderWithJudgementsAndFindings() throws {
        let cli = try NorthEastReports.runner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let text = try cli.ok(["authority", "STOCKTON-ON-TEES"])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "Stockton-on-Tees (808) · North East")
        #expect(lines[1].hasPrefix("Latest: ILACS: Requires improvement (2023-03-17, plan "))
        let heads = lines.filter { $0.first?.isNumber == true }
        #expect(heads.map { String($0.prefix(10)) } == ["2016-06-16", "2021-12-08", "2023-03-17"])
        #expect(heads[0].contains("  SIF inspection · plan ") && heads[0].hasSuffix(" · Good"))
        #expect(heads[1].contains("  Focused visit · plan "))
        #expect(lines.contains { $0.hasPrefix("  R1  Recommendation: Improve the quality of supervision") })
        #expect(lines.contains { $0.hasPrefix("  W3  What needs to improve: Frontline management oversight") })
        // Named by code, by another name, and cut to a narrow terminal's width.
        #expect(try cli.ok(["authority", "808"]) == text)
        let narrow = try cli.ok(["authority", "stockton on tees"], environment: ["COLUMNS": "50"])
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 50 }, "every line fits 50 columns")
        #expect(narrow.contains("…"))
        #expect(try cli.ok(["authority", "Bristol"]).contains("No plans for Bristol, City of yet"), "the table's other name")

        let json = try cli.ok(["authority", "808", "--json"])
        _ = try expectSchema(json, "authority-output.schema.json")
        let root = try object(json)
        let timeline = try #require(root["timeline"] as? [[String: Any]])
        #expect(timeline.map { $0["date"] as? String } == ["2016-06-16", "2021-12-08", "2023-03-17"])
        #expect(timeline[1]["graded"] is NSNull, "a focused visit grades nothing")
        let findings = try #require(timeline[2]["findings"] as? [[String: Any]])
        #expect(findings.count == 4 && (findings[2]["finding"] as? [String: Any])?["ref"] as? String == "W3")
        // Which findings recur: each earlier finding named is of an earlier document of the timeline.
        let earlierPlans = timeline.prefix(2).compactMap { ($0["plan"] as? [String: Any])?["id"] as? Int }
        let raised = findings.flatMap { ($0["raised_before"] as? [[String: Any]]) ?? [] }
        #expect(!raised.isEmpty, "the 2023 inspection raises again what the earlier documents raised")
        #expect(raised.allSatisfy { ($0["plan"] as? Int).map(earlierPlans.contains) == true && ($0["date"] as? String ?? "9") < "2023-03-17" })
        #expect((timeline[0]["findings"] as? [[String: Any]])?.allSatisfy { ($0["raised_before"] as? [Any])?.isEmpty == true } == true,
                "the first document raises nothing before")
        // The text says the same: one "Raised before" line under each finding that recurs.
        let recurring = timeline.flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }.filter { ($0["raised_before"] as? [Any])?.isEmpty == false }
        #expect(lines.filter { $0.hasPrefix("      Raised before: ") }.count == recurring.count)
    }

    @Test func anUnknownAuthorityIsOneLineWithTheNearestNameAndCreatesNothing() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        for arguments in [["authority", "Stokton"], ["compare", "--authority", "Stokton"], ["national", "--authority", "Stokton"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.status)")
            #expect(result.stderr.hasSuffix("unknown authority 'Stokton': did you mean Stockton-on-Tees (808)?\n"), "\(arguments): \(result.stderr)")
        }
        let far = try cli.run(["authority", "Atlantis Borough"])
        #expect(far.status == 64 && far.stderr.contains("give a DfE code or a name as `actionplan authorities` lists them"))
        let control = try cli.run(["authority", "Stock\u{1B}[2Jton"])
        #expect(control.status == 64 && control.stderr.contains("\\x1b") && !control.stderr.contains("\u{1B}"))
        #expect(try cli.run(["authority"]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: cli.database), "nothing was created")
    }

    // MARK: compare

    @Test func compareGivesTheAuthoritysGradeAgainstTheGroupsDistribution() throws {
        let cli = try NorthEastReports.runner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let text = try cli.ok(["compare", "--authority", "808", "--with", "region", "--as-of", "2024-03-31"])
        #expect(text.hasPrefix("Stockton-on-Tees (808) against the 11 other authorities of North East, as of 2024-03-31\n"))
        let ilacs = try #require(text.components(separatedBy: "\n\n").first { $0.hasPrefix("ILACS (2018–)") })
        #expect(ilacs.contains("  Stockton-on-Tees: Requires improvement (2023-03-17, plan "))
        // Darlington good (2022), Hartlepool outstanding (its visit of March 2024 ended by the date).
        #expect(ilacs.contains("  Group: 2 of 11 with a grade, 100% good or outstanding"), "\(ilacs)")
        #expect(ilacs.contains("  None in the database (9): "), "\(ilacs)")
        #expect(text.contains("Safeguarding and looked after children (2009–2013): no document of Stockton-on-Tees or of the group"))
        // The themes of the findings, the authority's documents beside the group's.
        let themes = try #require(text.components(separatedBy: "\n\n").last)
        #expect(themes.hasPrefix("Themes of the findings: share of documents (Stockton-on-Tees: "), "\(themes)")
        #expect(themes.contains("  Management oversight and supervision "), "\(themes)")

        let json = try cli.ok(["compare", "--authority", "Hartlepool", "--as-of", "2024-03-21", "--json"])
        _ = try expectSchema(json, "compare-output.schema.json")
        let root = try object(json)
        #expect(root["with"] as? String == "neighbours" && root["as_of"] as? String == "2024-03-21")
        let frameworks = try #require(root["frameworks"] as? [[String: Any]])
        let own = try #require(frameworks.first?["own"] as? [String: Any])
        #expect(own["headline"] as? String == "good", "on 21 March 2024 Hartlepool's latest ILACS was of 2018")
        let members = try #require(root["members"] as? [[String: Any]])
        #expect(members.count == 10, "ten statistical neighbours")
        // Hartlepool's own documents up to the date, counted as `themes` counts them.
        let themeCounts = try #require(root["themes"] as? [String: Any])
        let ownThemes = try #require(themeCounts["own"] as? [String: Any])
        let hartlepool = try object(try cli.ok(["authority", "Hartlepool", "--json"]))
        let documents = try #require(hartlepool["timeline"] as? [[String: Any]])
        let counted = documents.filter { ($0["date"] as? String).map { $0 <= "2024-03-21" } ?? false }
        #expect(ownThemes["plans"] as? Int == counted.count, "\(ownThemes) against \(counted.count) documents up to the date")
        #expect((ownThemes["themes"] as? [[String: Any]])?.count == 12, "every theme of the shipped rules")
        let england = try object(try cli.ok(["compare", "--authority", "805", "--with", "england", "--as-of", "2024-03-31", "--json"]))
        let group = try #require((england["frameworks"] as? [[String: Any]])?.first?["group"] as? [String: Any])
        #expect(group["authorities"] as? Int == 152 && group["graded"] as? Int == 2 && (group["none"] as? [Any])?.count == 150)
    }

    @Test func compareRefusesBadOptionsInOneLine() throws {
        let cli = try NorthEastReports.runner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        for (arguments, message) in [
            (["compare", "--authority", "808", "--with", "county"], "unknown --with 'county': expected one of neighbours, region, england"),
            (["compare", "--authority", "808", "--as-of", "2024-02-30"], "--as-of: '2024-02-30' is not a real date"),
            (["compare"], "Missing expected argument '--authority <authority>'"),
        ] {
            let result = try cli.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }

    // MARK: stats

    /// The figures of `stats` against the ones worked out by hand from the table of
    /// `NorthEastReports` (a document counts from the last day of its visit):
    ///
    /// As at 31 March 2024, North East (12 authorities):
    /// - ILACS: Stockton RI (2023-03-17), Darlington good (2022-10-21), Hartlepool outstanding
    ///   (2024-03-22): 1 outstanding, 1 good, 1 RI, 0 inadequate; 3 graded, 9 none; 2 of 3
    ///   good or outstanding = 67%; each grade 1 of 3 = 33%.
    /// - SIF: Stockton good (2016), Darlington RI (2018): 1 good, 1 RI; 10 none; 50%.
    /// - SLAC: 12 none.
    /// - Area SEND: Hartlepool positive (2023-03-17); Darlington's visit ended in November 2024,
    ///   after the date: 1 positive, 11 none, 100%.
    /// As at 21 March 2024, Hartlepool's ILACS is its 2018 one (good): 2 good, 1 RI, 67%.
    /// England at 31 March 2024: 153 authorities, ILACS 3 graded and 150 none.
    @Test func statsReproducesTheFiguresWorkedOutByHand() throws {
        let cli = try NorthEastReports.runner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        func figures(_ arguments: [String]) throws -> [String: (counts: [String: Int], percents: [String: Int], good: Int, none: Int, graded: Int)] {
            let json = try cli.ok(["stats", "--json"] + arguments)
            _ = try expectSchema(json, "stats-output.schema.json")
            var out: [String: (counts: [String: Int], percents: [String: Int], good: Int, none: Int, graded: Int)] = [:]
            for f in try #require(try object(json)["frameworks"] as? [[String: Any]]) {
                let grades = try #require(f["grades"] as? [[String: Any]])
                out[try #require(f["framework"] as? String)] = (
                    Dictionary(uniqueKeysWithValues: grades.map { ($0["grade"] as! String, $0["count"] as! Int) }),
                    Dictionary(uniqueKeysWithValues: grades.map { ($0["grade"] as! String, $0["percent"] as! Int) }),
                    f["good_or_better_percent"] as! Int, (f["none"] as! [Any]).count, f["graded"] as! Int)
            }
            return out
        }
        let march = try figures(["--as-of", "2024-03-31", "--region", "north east"])
        #expect(march["ilacs"]!.counts == ["outstanding": 1, "good": 1, "requires-improvement": 1, "inadequate": 0])
        #expect(march["ilacs"]!.percents == ["outstanding": 33, "good": 33, "requires-improvement": 33, "inadequate": 0])
        #expect(march["ilacs"]!.good == 67 && march["ilacs"]!.none == 9 && march["ilacs"]!.graded == 3)
        #expect(march["sif"]!.counts == ["outstanding": 0, "good": 1, "requires-improvement": 1, "inadequate": 0])
        #expect(march["sif"]!.good == 50 && march["sif"]!.none == 10)
        #expect(march["slac"]!.graded == 0 && march["slac"]!.none == 12)
        #expect(march["area-send"]!.counts == ["positive": 1, "inconsistent": 0, "systemic-failings": 0])
        #expect(march["area-send"]!.good == 100 && march["area-send"]!.none == 11)
        let before = try figures(["--as-of", "21/03/2024", "--region", "North East"])
        #expect(before["ilacs"]!.counts == ["outstanding": 0, "good": 2, "requires-improvement": 1, "inadequate": 0])
        #expect(before["ilacs"]!.good == 67)
        let england = try figures(["--as-of", "31 Mar 2024"])
        #expect(england["ilacs"]!.graded == 3 && england["ilacs"]!.none == 150)

        let text = try cli.ok(["stats", "--as-of", "2024-03-31", "--region", "North East"])
        #expect(text.hasPrefix("Latest judgements as at 31 March 2024, North East (12 authorities)\n\nILACS (2018–): 3 graded, 67% good or outstanding\n"))
        #expect(text.contains("  Outstanding             1   33%\n  Good                    1   33%\n"), "\(text)")
        #expect(text.contains("Area SEND (2023–): 1 graded, 100% positive"))
    }

    @Test func statsRefusesABadDateOrRegionInOneLine() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        for (arguments, message) in [
            (["stats", "--as-of", "yesterday-ish"], "--as-of: 'yesterday-ish' is not a real date"),
            (["stats", "--region", "Wessex"], "--region: unknown region 'Wessex': expected one of East Midlands, East of England, London,"),
            (["stats", "--as-of"], "Missing value for '--as-of <date>'"),
        ] {
            let result = try cli.run(arguments)
            #expect(result.status == 64 && result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1,
                    "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: cli.database), "nothing was created")
    }

    // MARK: national

    @Test func nationalWritesOneSelfContainedPageWithCharts() throws {
        let cli = try NorthEastReports.runner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let page = cli.directory.appendingPathComponent("national.html").path
        let said = try cli.ok(["national", "--as-of", "2024-03-31", "--authority", "Stockton-on-Tees", "-o", page])
        #expect(said == "wrote \(page): html, the national picture as of 2024-03-31\n")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<h2>Stockton-on-Tees (808)</h2>"))
        #expect(html.contains("<svg class=\"grades\""))
        #expect(html.contains("North East") && html.contains("Statistical neighbours"))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("src="), "no script, nothing fetched")
        let parser = XMLParser(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        #expect(parser.parse(), "the page is well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        let again = try cli.run(["national", "-o", page])
        #expect(again.status == 73 && again.stderr.contains("already exists: add --force"))
        #expect(try cli.ok(["national", "--as-of", "2024-03-31"]).hasPrefix("<!DOCTYPE html>"))
    }
}
