import Foundation
import Testing
import TestSupport
import ActionPlanModel
@testable import ActionPlanReports

/// Runs the built `actionplan` binary against the fixed database.
struct ReportCLI {
    static var binary: String { BuiltProgram.actionplan }

    struct Result { let status: Int32; let stdout: String; let stderr: String; let data: Data }

    let directory: URL
    let database: String

    init(historyThrough day: Day? = nil) throws {
        directory = try StoreFixture.temporaryDirectory()
        database = try StoreFixture.build(through: day, in: directory)
    }

    private init(directory: URL, database: String) {
        self.directory = directory
        self.database = database
    }

    /// The same database copied (`copy --to`) into a new database of the test cluster.
    func onPostgres() throws -> ReportCLI {
        let location = try TestPostgresCluster.createDatabase("reports")
        let copied = try run(["copy", "--to", location])
        guard copied.status == 0 else { throw TestPostgresCluster.Failure(description: "copy --to failed: \(copied.stderr)") }
        return ReportCLI(directory: directory, database: location)
    }

    func run(_ arguments: [String], today: String = "2023-01-16") throws -> Result {
        let result = try BuiltProgram.run(ReportCLI.binary, arguments, environment: [
            "PATH": "/usr/bin:/bin", "HOME": directory.path, "ACTIONPLAN_DB": database, "ACTIONPLAN_TODAY": today,
            "ACTIONPLAN_USER": "tester", "SOURCE_DATE_EPOCH": StoreFixture.epoch, "TZ": "UTC", "LANG": "C.UTF-8",
        ], in: directory)
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr, data: result.data)
    }
}

@Suite(.serialized) struct CLIExportTests {
    static let formats = [("md", "cli-summary.md"), ("html", "cli-summary.html"), ("csv", "cli-actions.csv"),
                          ("json", "cli-summary.json"), ("ics", "cli-due-dates.ics")]

    @Test func everyFormatFromTheFixedDatabaseMatchesItsGolden() throws {
        let cli = try ReportCLI()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        for (format, golden) in Self.formats {
            let result = try cli.run(["export", "--format", format, "--as-of", StoreFixture.asOf.iso, "--since", StoreFixture.since.iso],
                                     today: "2023-03-01")
            #expect(result.status == 0, "export --format \(format) failed: \(result.stderr)")
            #expect(result.stderr.isEmpty)
            Golden.check(result.stdout, golden)
        }
    }

    /// The reports read the audit trail: the same history copied into PostgreSQL gives every
    /// format, as of a past date, byte for byte.
    @Test func everyFormatFromTheSameHistoryOnPostgreSQLMatchesTheSameGolden() throws {
        let sqlite = try ReportCLI()
        defer { try? FileManager.default.removeItem(at: sqlite.directory) }
        let cli = try sqlite.onPostgres()
        for (format, golden) in Self.formats {
            let result = try cli.run(["export", "--format", format, "--as-of", StoreFixture.asOf.iso, "--since", StoreFixture.since.iso],
                                     today: "2023-03-01")
            #expect(result.status == 0, "export --format \(format) failed on PostgreSQL: \(result.stderr)")
            Golden.check(result.stdout, golden)
        }
    }

    @Test func aPastAsOfDateGivesTheReportOfThatDay() throws {
        let later = try ReportCLI()
        let then = try ReportCLI(historyThrough: StoreFixture.asOf)
        defer { try? FileManager.default.removeItem(at: later.directory); try? FileManager.default.removeItem(at: then.directory) }
        for (format, _) in Self.formats {
            let args = ["export", "--format", format, "--as-of", StoreFixture.asOf.iso, "--since", StoreFixture.since.iso]
            let regenerated = try later.run(args, today: "2023-03-01")
            let original = try then.run(args, today: StoreFixture.asOf.iso)
            #expect(regenerated.status == 0 && original.status == 0)
            #expect(regenerated.stdout == original.stdout, "\(format) as of \(StoreFixture.asOf.iso) differs:\n\(Golden.diff(original.stdout, regenerated.stdout))")
        }
    }

    @Test func writesAFileWithTheFormatFromItsExtensionAndExcelCSVHasABOM() throws {
        let cli = try ReportCLI()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let html = try cli.run(["export", "-o", "board.html"])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.hasPrefix("wrote board.html: html, 1 plan, 5 actions as of 2023-01-16"))
        let page = try String(contentsOf: cli.directory.appendingPathComponent("board.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        let csv = try cli.run(["export", "--format", "csv", "--excel"])
        #expect(Array(csv.data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(csv.stdout.contains("'=Refresh threshold guidance"), "the formula-like title is neutralised")
    }

    @Test func ownerAndPlanFilters() throws {
        let cli = try ReportCLI()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let csv = try cli.run(["export", "--format", "csv", "--owner", "service manager, mash", "--plan", "1", "--as-of", "2023-01-16"],
                              today: "2023-03-01")
        #expect(csv.status == 0)
        let rows = try RFC4180.parse(csv.stdout)
        #expect(rows.count == 2, "the header and the one action of that owner")
        #expect(rows.last?[CSVExport.header.firstIndex(of: "owner")!] == "Service Manager, MASH")
    }

    @Test(arguments: [
        (["export", "--format", "xml"], "unknown format 'xml'"),
        (["export", "--as-of", "2023-02-30"], "--as-of: '2023-02-30' is not a real date"),
        (["export", "--since", "2023-02-01", "--as-of", "2023-01-16"], "--since: 2023-02-01 is after the as-of date 2023-01-16"),
        (["export", "--excel"], "--excel: only for --format csv"),
        (["export", "--plan", "99"], "no plan with id 99"),
        (["export", "--plan", "x"], "--plan: 'x' is not an id"),
        (["export", "-o", "/nonexistent-folder/x.md"], "the folder /nonexistent-folder does not exist"),
        (["check", "--plan", "42"], "no plan with id 42"),
        (["milestone", "1", "--done", "2023-13-01"], "--done: '2023-13-01' is not a real date"),
        (["milestone", "1", "--done", "2099-01-01"], "is after today"),
        (["milestone", "77", "--done", "2023-01-10"], "no milestone with id 77"),
        (["milestone", "1"], "give --done DATE, --undone, --title or --due"),
    ])
    func badInputGetsOneLineAndANonZeroStatus(_ arguments: [String], _ message: String) throws {
        let cli = try ReportCLI()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let result = try cli.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "stderr was: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func checkPrintsFlagsAndExitsNonZeroOnlyWithStrict() throws {
        let cli = try ReportCLI(historyThrough: StoreFixture.asOf)
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let text = try cli.run(["check"])
        #expect(text.status == 0)
        Golden.check(text.stdout, "cli-check.txt")
        let json = try cli.run(["check", "--json"])
        #expect(json.status == 0)
        Golden.check(json.stdout, "cli-check.json")
        let strict = try cli.run(["check", "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stdout == text.stdout)
        #expect(strict.stderr.hasSuffix("SMART warnings with --strict\n"))
    }

    @Test func milestoneDoneIsRecordedAuditedAndReported() throws {
        let cli = try ReportCLI(historyThrough: StoreFixture.asOf)
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let listed = try cli.run(["milestone"])
        #expect(listed.stdout.contains("Final action plan to Ofsted and the DfE"))
        let done = try cli.run(["milestone", "2", "--done", "2023-01-16"])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout == "milestone 2 (Final action plan to Ofsted and the DfE) done 2023-01-16: on time\n")
        let report = try cli.run(["export", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: report.data) as? [String: Any]
        let plans = object?["plans"] as? [[String: Any]]
        let milestones = plans?.first?["milestones"] as? [[String: Any]]
        #expect(milestones?.first { $0["id"] as? Int == 2 }?["done"] as? String == "2023-01-16")
        let history = try cli.run(["undo"])
        #expect(history.status == 0, "the change can be undone: \(history.stderr)")
        let after = try cli.run(["milestone", "--json"])
        let rows = try JSONSerialization.jsonObject(with: after.data) as? [[String: Any]]
        let row = try #require(rows?.first { $0["id"] as? Int == 2 })
        #expect(row["done"] is NSNull, "the done date is cleared and printed as null: \(row)")
        #expect(row["plan_id"] as? Int == 1)
    }
}
