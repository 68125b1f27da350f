import Foundation
import Testing
import TestSupport
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite
@testable import TerminalUI

/// One plan with a complete, a cancelled, an overdue, a hand-coloured and two provisional
/// actions, one due soon and one due a little later: every output — `plans`, `list`, `show`, the dashboard, the plan screen and the md,
/// html, csv, json and ics exports — gives the same counts and the same wording.
@Suite(.serialized) struct ConsistencyTests {
    static let today = "2026-11-23"
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/samples/northmoor-focused-visit.txt")

    struct Database {
        let directory: URL
        var path: String { directory.appendingPathComponent("plans.sqlite").path }
        var environment: [String: String] {
            ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
             "ACTIONPLAN_DB": path, "ACTIONPLAN_TODAY": ConsistencyTests.today, "ACTIONPLAN_USER": "qa", "LANG": "C.UTF-8",
             "TZ": "UTC", "SOURCE_DATE_EPOCH": "1795000000"]
        }

        @discardableResult
        func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let result = try BuiltProgram.run(BuiltProgram.actionplan, arguments, environment: environment, in: directory, stdin: nil)
            #expect(result.status == 0, "actionplan \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
            return result.stdout
        }

        func json(_ arguments: [String]) throws -> Any { try JSONSerialization.jsonObject(with: Data(try run(arguments).utf8)) }
    }

    /// The plan: P1.1 in progress and overdue (red); P2.1 untouched, its provisional date in 6
    /// working days (amber, due soon); W1.1 complete (blue); W2.1 cancelled; W3.1 set amber by
    /// hand, provisional; W4.1 due in 16 working days (green: due soon in no window but a
    /// 20-day one).
    static func makeDatabase() throws -> Database {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("actionplan-consistency-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = Database(directory: directory)
        try db.run(["import", samples.path, "--received", "2026-09-01"])
        try db.run(["update", "1/P1.1", "--status", "in_progress", "--due", "2026-11-10", "--note", "Slipping"])
        try db.run(["update", "1/W1.1", "--status", "complete", "--evidence", "Audit report"])
        try db.run(["update", "1/W2.1", "--status", "cancelled"])
        try db.run(["update", "1/W3.1", "--rag", "amber", "--reason", "Recruitment delayed"])
        try db.run(["update", "1/W4.1", "--due", "2026-12-15"])
        return db
    }

    /// What the plan is, by the model's own rules: the one truth the outputs must agree with.
    static let expected = (total: 6, active: 5, complete: 1, cancelled: 1, overdue: 1, percent: 20,
                           blue: 1, red: 1, amber: 2, green: 1, overdueRef: "P1.1", overdueDays: 9,
                           dueSoonRef: "P2.1", laterRef: "W4.1")

    @Test func everyOutputGivesTheSameCountsAndWording() throws {
        let db = try Self.makeDatabase()
        defer { try? FileManager.default.removeItem(at: db.directory) }
        let e = Self.expected

        // The store and the model agree with the expectation (so the expectation is not made up).
        let store = try SQLitePlanStore(path: db.path)
        let calendar = WorkingDayCalendar(holidays: try store.holidayTable())
        let rules = RAGRules(calendar: calendar, today: Day(iso: Self.today)!)
        let counts = ProgressCounts(try store.actions(.all), rules: rules)
        let modelCounts: [Int] = [counts.total, counts.active, counts.count(.complete), counts.count(.cancelled), counts.overdue,
                                  counts.percentComplete, counts.count(.blue), counts.count(.red), counts.count(.amber), counts.count(.green)]
        let wanted: [Int] = [e.total, e.active, e.complete, e.cancelled, e.overdue, e.percent, e.blue, e.red, e.amber, e.green]
        #expect(modelCounts == wanted)
        let standing = "\(e.overdueDays) wd overdue"
        #expect(rules.standing(due: Day(iso: "2026-11-10")).text == standing)

        // plans, text and JSON.
        let plans = try db.run(["plans"])
        #expect(plans.contains("\(e.percent)%") && plans.contains("\(e.blue)/\(e.red)/\(e.amber)/\(e.green)"), "plans: \(plans)")
        let plansJSON = try #require(try db.json(["plans", "--json"]) as? [[String: Any]])
        let totals = try #require(plansJSON.first?["totals"] as? [String: Any])
        Self.checkCounts(totals, "plans --json")

        // list, text and JSON: one colour per action, the overdue one's standing worded once.
        let list = try db.run(["list"])
        let overdueLine = try #require(list.split(separator: "\n").first { $0.contains(e.overdueRef) })
        #expect(overdueLine.contains(standing), "list: \(overdueLine)")
        let listJSON = try #require(try db.json(["list", "--json"]) as? [[String: Any]])
        #expect(listJSON.count == e.total)
        let rags = listJSON.compactMap { $0["rag"] as? String }
        let listRAG: [Int] = ["blue", "red", "amber", "green"].map { c in rags.filter { $0 == c }.count }
        #expect(listRAG == wanted.suffix(4).map { $0 })
        #expect(listJSON.filter { ($0["working_days_overdue"] as? Int ?? 0) > 0 }.count == e.overdue)
        #expect(listJSON.first { $0["ref"] as? String == e.overdueRef }?["working_days_overdue"] as? Int == e.overdueDays)

        // show.
        let show = try db.run(["show", "1/\(e.overdueRef)"])
        #expect(show.contains("Action \(e.overdueRef)") && show.contains(standing), "show: \(show)")

        // The exports.
        let md = try db.run(["export", "--format", "md"])
        #expect(md.contains("**\(e.percent)% complete**"), "md")
        #expect(md.contains("| Blue | \(e.blue) |") && md.contains("| Red | \(e.red) |") && md.contains("| Amber | \(e.amber) |")
                && md.contains("| Green | \(e.green) |"), "md BRAG")
        #expect(md.contains("| \(e.overdueRef) |"), "md names the overdue action by its reference")
        let dueSoon = try #require(md.components(separatedBy: "### Due in the next \(RAGRules.defaultDueSoonWindow) working days").dropFirst().first)
            .components(separatedBy: "###")[0]
        #expect(dueSoon.contains("| \(e.dueSoonRef) |") && !dueSoon.contains("| \(e.laterRef) |"), "md due soon: \(dueSoon)")
        let html = try db.run(["export", "--format", "html"])
        #expect(html.contains("\(e.percent)% complete"), "html")
        #expect(html.contains(">\(e.overdueRef)<"), "html names the overdue action by its reference")
        let exportJSON = try #require(try db.json(["export", "--format", "json"]) as? [String: Any])
        let planEntry = try #require((exportJSON["plans"] as? [[String: Any]])?.first)
        Self.checkCounts(try #require(planEntry["totals"] as? [String: Any]), "export json")
        let csv = Self.csvRows(try db.run(["export", "--format", "csv"]))
        let header = csv[0]
        let ragColumn = try #require(header.firstIndex(of: "rag"))
        let csvRags = csv.dropFirst().filter { $0.count == header.count }.map { $0[ragColumn] }
        let csvRAG: [Int] = ["blue", "red", "amber", "green"].map { c in csvRags.filter { $0 == c }.count }
        #expect(csvRAG == wanted.suffix(4).map { $0 }, "csv")
        #expect(csv.count - 1 == e.total, "csv: one row per action")
        let ics = try db.run(["export", "--format", "ics"])
        let exportDueSoon = try #require(planEntry["due_soon"] as? [Int], "due_soon lists action ids")
        let exportActions = try #require(planEntry["actions"] as? [[String: Any]])
        let refOfId = Dictionary(exportActions.compactMap { a in (a["id"] as? Int).map { ($0, a["ref"] as? String ?? "") } },
                                 uniquingKeysWith: { a, _ in a })
        #expect(exportDueSoon.map { refOfId[$0] } == [e.dueSoonRef], "export json due soon")
        let openWithDates = e.total - e.complete - e.cancelled
        #expect(ics.components(separatedBy: "SUMMARY:Due:").count - 1 == openWithDates, "ics: one entry per open action")

        // The terminal UI on the same file: the plan screen and the dashboard.
        let context = UIContext(store: store, who: "qa", today: Day(iso: Self.today)!, calendar: calendar, now: { Date() })
        let app = App(context: context, width: 120, height: 40)
        press(app, "<Enter>")
        let planScreen = app.render().text
        #expect(planScreen.contains("\(e.percent)% complete") || planScreen.contains("\(e.percent)%"), "plan screen: \(planScreen)")
        #expect(planScreen.contains("B\(e.blue) R\(e.red) A\(e.amber) G\(e.green)"), "plan screen BRAG")
        #expect(planScreen.contains("\(e.overdue) overdue"), "plan screen overdue")
        #expect(planScreen.contains(standing), "plan screen standing")
        press(app, "D")
        let dashboard = app.render().text
        #expect(dashboard.contains("\(e.total) actions · \(e.percent)% complete · \(e.overdue) overdue"), "dashboard: \(dashboard)")
        #expect(dashboard.contains("Due in the next \(RAGRules.defaultDueSoonWindow) working days (1)"), "dashboard due soon")
        let share = { (n: Int) in "\(Int((Double(n) * 100 / Double(e.active)).rounded()))%" }
        for (label, n) in [("Blue", e.blue), ("Red", e.red), ("Amber", e.amber), ("Green", e.green)] {
            let line = dashboard.split(separator: "\n").first { $0.contains(" \(label) ") }
            #expect(line?.contains(share(n)) == true, "dashboard \(label): \(String(describing: line))")
        }
    }

    /// RFC 4180 rows (quoted fields may hold commas, quotes and line breaks).
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(field); field = ""
            } else if c == "\r" { continue
            } else if c == "\n" { row.append(field); rows.append(row); row = []; field = ""
            } else { field.unicodeScalars.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    static func checkCounts(_ totals: [String: Any], _ output: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let e = expected
        #expect(totals["total"] as? Int == e.total && totals["active"] as? Int == e.active, "\(output)", sourceLocation: sourceLocation)
        #expect(totals["percent_complete"] as? Int == e.percent && totals["overdue"] as? Int == e.overdue, "\(output)", sourceLocation: sourceLocation)
        let rag = totals["by_rag"] as? [String: Int]
        #expect(rag == ["blue": e.blue, "red": e.red, "amber": e.amber, "green": e.green], "\(output)", sourceLocation: sourceLocation)
        let status = totals["by_status"] as? [String: Int]
        #expect(status?["complete"] == e.complete && status?["cancelled"] == e.cancelled, "\(output)", sourceLocation: sourceLocation)
    }
}
