import Foundation
import Testing

/// Issue 15: Stockton-on-Tees was told that managers' oversight of front-line work was not good
/// enough in January 2010, again by the 2014 peer diagnostic and again at the October 2022
/// focused visit. Imported from the seeds, the 2022 finding says so in `show` and in the board pack.
@Suite struct RecurrenceCLITests {
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/seeds")

    @Test func stocktonsManagementOversightWasRaisedIn2014And2010() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        // The 2022 visit first: what is earlier is decided by the documents' dates, not the order of import.
        for seed in ["001_a6e9d9517e171bff.txt", "000_3199b7f6aa17b452.txt", "002_b41f2e86072d2e46.txt", "004_3d4d5f29d94d8549.txt"] {
            try cli.ok(["import", Self.seeds.appendingPathComponent(seed).path])
        }
        let plans = try cli.ok(["plans"])
        #expect(plans.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("1 ") }?.contains("2022-10-26") == true, "plan 1 is the 2022 visit:\n\(plans)")

        let show = try cli.ok(["show", "1/P3.1"])
        #expect(show.contains("The quality and effectiveness of managerial oversight, timely case allocation, and supervision."))
        let raised = try #require(show.split(separator: "\n").first { $0.contains("Raised before:") }, "show says nothing of it:\n\(show)")
        #expect(raised.contains("2014 peer review (C5)") && raised.contains("2010 inspection ("), "\(raised)")
        #expect(raised.range(of: "2014")!.lowerBound < raised.range(of: "2010")!.lowerBound, "newest first: \(raised)")

        let pack = try cli.ok(["export", "--plan", "1", "--format", "md"])
        let section = try #require(pack.components(separatedBy: "### Recurring findings").dropFirst().first, "no Recurring findings section")
        let row = try #require(section.split(separator: "\n").first { $0.hasPrefix("| P3 |") }, "P3 is not listed:\n\(section.prefix(800))")
        #expect(row.contains("2014 peer review") && row.contains("2010 inspection"), "\(row)")
        let html = try cli.ok(["export", "--plan", "1", "--format", "html"])
        #expect(html.contains("<h3>Recurring findings</h3>"))

        // The earliest document has nothing before it; the CSV export is as it was.
        #expect(!(try cli.ok(["export", "--plan", "2", "--format", "md"])).contains("Recurring findings"))
        #expect(!(try cli.ok(["export", "--plan", "1", "--format", "csv"])).contains("Raised before"))
    }
}
