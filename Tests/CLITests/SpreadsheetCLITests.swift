import Foundation
import Testing

/// `export --format xlsx` and `import-sheet` through the real binary.
@Suite struct SpreadsheetCLITests {
    static let samples = SchemaValidationTests.samples

    @Test func theWorkbookIsWrittenOnlyToAFilePrivatelyAndNeverOverAnother() throws {
        let cli = try CLIRunner()
        try cli.ok(["demo"])
        let toTerminal = try cli.run(["export", "--format", "xlsx"])
        #expect(toTerminal.status == 64)
        #expect(toTerminal.stderr.hasPrefix("actionplan: --format xlsx: an Excel workbook is a binary file: give one with -o FILE.xlsx"))
        #expect(toTerminal.stdout.isEmpty, "nothing binary reaches the terminal")
        let path = cli.directory.appendingPathComponent("board.xlsx").path
        let out = try cli.ok(["export", "-o", path])
        #expect(out.hasPrefix("wrote \(path): xlsx, "), "the format comes from the extension")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.prefix(2) == Data("PK".utf8), "a zip package")
        let again = try cli.run(["export", "-o", path])
        #expect(again.status == 73 && again.stderr.contains("already exists: add --force"))
        try cli.ok(["export", "-o", path, "--force"])
    }

    @Test func aDryRunShowsTheColumnsAndWritesNothing() throws {
        let cli = try CLIRunner()
        let csv = Self.samples.appendingPathComponent("stockton-focused-visit-2022-action-plan.csv").path
        let out = try cli.ok(["import-sheet", csv, "--authority", "Stockton-on-Tees", "--kind", "focused-visit", "--dry-run"])
        #expect(out.contains("headings on row 4"))
        #expect(out.contains("\"Lead officer\"") && out.contains("→ owner"))
        #expect(out.contains("would create a new plan \"Focused visit — Stockton-on-Tees (from stockton-focused-visit-2022-action-plan.csv)\" with 5 findings, 7 actions"))
        #expect(!FileManager.default.fileExists(atPath: cli.database), "a dry run into a new plan does not even create the database")
    }

    @Test func anImportedSheetExportsAndImportsBackToTheSameActions() throws {
        let cli = try CLIRunner(today: "2023-01-16")
        let xlsx = Self.samples.appendingPathComponent("stockton-2010-improvement-plan.xlsx").path
        let created = try cli.ok(["import-sheet", xlsx, "--authority", "Stockton-on-Tees", "--kind", "slac-inspection", "--received", "2010-10-22"])
        #expect(created.contains("created plan 1: "))
        let csv = cli.directory.appendingPathComponent("plan1.csv").path
        try cli.ok(["export", "--plan", "1", "-o", csv])
        try cli.ok(["import-sheet", csv, "--authority", "Stockton-on-Tees", "--kind", "slac-inspection", "--map", "plan_title=ignore"])
        let workbook = cli.directory.appendingPathComponent("plan1.xlsx").path
        try cli.ok(["export", "--plan", "1", "-o", workbook])
        try cli.ok(["import-sheet", workbook, "--plan", "1", "--dry-run"])
        try cli.ok(["import-sheet", workbook, "--authority", "Stockton-on-Tees", "--kind", "slac-inspection"])
        let lists = try (1...3).map { plan -> [[String: String]] in
            let items = try #require(try cli.json(["list", "--json", "--plan", String(plan)]) as? [[String: Any]])
            return items.map { item in
                var kept: [String: String] = [:]
                for key in ["ref", "title", "owner", "due", "status", "rag", "rag_override", "success_measure", "evidence", "finding_text"] {
                    kept[key] = item[key].map { "\($0)" } ?? "nil"
                }
                return kept
            }
        }
        #expect(lists[0].count == 6)
        #expect(lists[1] == lists[0], "the CSV export brings back the same actions")
        #expect(lists[2] == lists[0], "the workbook brings back the same actions")
    }

    @Test func anUnreadableDateRefusesTheWholeSheetNamingTheRow() throws {
        let cli = try CLIRunner()
        try cli.ok(["new-plan", "--authority", "Northmoor", "--kind", "other", "--quiet"])
        let before = try cli.snapshot()
        let file = cli.directory.appendingPathComponent("plan.csv")
        try "Action,Owner,Deadline\nAudit supervision,Head of QA,31/03/2027\nRecruit IROs,Service Manager,next spring\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try cli.run(["import-sheet", file.path, "--plan", "1"])
        #expect(result.status == 65)
        #expect(result.stderr == "actionplan: \(file.path): row 3, Deadline (C): 'next spring' is not a date: expected YYYY-MM-DD, 31/12/2026, 31 Dec 2026, December 2026, an Excel date, or a timescale (Immediately, Within 3 months, Within 20 working days) (nothing imported)\n")
        #expect(try cli.snapshot() == before, "nothing was written")
        let unknown = try cli.run(["import-sheet", file.path, "--plan", "1", "--map", "Deadline=when"])
        #expect(unknown.status == 64 && unknown.stderr.contains("--map: unknown field 'when'"))
        let neither = try cli.run(["import-sheet", file.path])
        #expect(neither.status == 64)
    }
}
