import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite

/// The same data and the same operations in Taskwarrior 2.6 and in actionplan: plans as
/// projects, owners and categories as tags, due dates as due.
struct TaskwarriorComparison {
    let bench: BenchmarkRun

    func run() throws {
        guard let task = which("task") else {
            print("\nTaskwarrior is not installed: run `make bench` (it installs the Debian package taskwarrior) or `apt-get install taskwarrior`.")
            return
        }
        print("")
        print("## Side by side with Taskwarrior")
        print("")
        print("| operation | items | actionplan | Taskwarrior | Taskwarrior ÷ actionplan |")
        print("|---|---|---|---|---|")
        for size in bench.taskwarriorSizes {
            let dir = "\(bench.workDirectory)/taskwarrior-\(size)"
            try? FileManager.default.removeItem(atPath: dir)
            try FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
            let rc = dir + "/taskrc"
            try """
                data.location=\(dir)/data
                confirmation=off
                verbose=nothing
                json.array=on
                recurrence=off
                hooks=off

                """.write(toFile: rc, atomically: true, encoding: .utf8)
            let env = ["TASKRC": rc, "TASKDATA": dir + "/data"]
            // Bulk loading: Taskwarrior imports the items' JSON; actionplan imports the same items
            // from a CSV with `import-sheet` into a new database (a new plan).
            let source = try bench.database(size)
            let json = dir + "/tasks.json"
            let csv = dir + "/actions.csv"
            let firstUUID = try Self.exportTasks(from: source, to: json, csv: csv)
            let ours = dir + "/actionplan.sqlite"
            let ourImport = try measure(bench.actionplan, ["import-sheet", csv, "--authority", "Northmoor", "--kind", "other", "--db", ours],
                                        environment: ["ACTIONPLAN_TODAY": bench.today])
            let theirImport = try measure(task, ["import", json], environment: env)
            row("import (import-sheet of a CSV; task import of JSON)", size, ourImport.status == 0 ? ourImport.seconds : nil,
                theirImport.status == 0 ? theirImport.seconds : nil)
            let pairs: [(String, [String], [String])] = [
                ("list overdue", ["list", "--overdue"], ["+OVERDUE", "list"]),
                ("text search", ["list", "--search", "chronologies"], ["/chronologies/", "list"]),
                ("JSON export", ["list", "--json"], ["export"]),
            ]
            for (name, ourArgs, theirArgs) in pairs {
                let mine = try bench.time(ourArgs, db: ours)?.0
                var theirs: [Double] = []
                for _ in 0..<bench.repeats {
                    let m = try measure(task, theirArgs, environment: env)
                    if m.status == 0 { theirs.append(m.seconds) }
                }
                row(name, size, mine, theirs.isEmpty ? nil : median(theirs))
            }
            var mine: [Double] = [], theirs: [Double] = []
            for n in 0..<bench.repeats {
                let status = n % 2 == 0 ? "in_progress" : "not_started"
                let m = try measure(bench.actionplan, ["update", "1", "--status", status, "--db", ours], environment: ["ACTIONPLAN_TODAY": bench.today])
                if m.status == 0 { mine.append(m.seconds) }
                let t = try measure(task, [firstUUID, n % 2 == 0 ? "start" : "stop"], environment: env)
                if t.status == 0 { theirs.append(t.seconds) }
            }
            row("change one status", size, mine.isEmpty ? nil : median(mine), theirs.isEmpty ? nil : median(theirs))
        }
    }

    private func row(_ name: String, _ size: Int, _ ours: Double?, _ theirs: Double?) {
        func ms(_ v: Double?) -> String { v.map { String(format: "%.0f ms", $0 * 1000) } ?? "failed" }
        let ratio = (ours != nil && theirs != nil && ours! > 0) ? String(format: "%.1f×", theirs! / ours!) : "-"
        print("| \(name) | \(size) | \(ms(ours)) | \(ms(theirs)) | \(ratio) |")
    }

    /// Writes the actions of a database as Taskwarrior's import JSON, and as a spreadsheet
    /// `import-sheet` reads (a finding reference unique across plans, the finding's text, the
    /// action, owner, due date and status); returns the first task's uuid. `actionplan-bench
    /// taskwarrior-files` writes them alone, to time either import by hand.
    static func exportTasks(from path: String, to file: String, csv: String) throws -> String {
        let store = try SQLitePlanStore(path: path)
        var findings: [Int64: Finding] = [:]
        for finding in try store.findings(planId: nil) { findings[finding.id] = finding }
        func tag(_ text: String) -> String {
            String(text.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "_" })
        }
        var tasks: [[String: Any]] = []
        var first = ""
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var sheet = "Ref,Finding,Action,Owner,Due date,Status\n"
        for action in try store.actions(.all) {
            let finding = findings[action.findingId]
            sheet += [quoted("\(action.planId)-\(finding?.ref ?? "")"), quoted(finding?.text ?? ""), quoted(action.title),
                      quoted(action.owner ?? ""), action.due?.iso ?? "", action.status.label].joined(separator: ",") + "\n"
            let uuid = String(format: "00000000-0000-4000-8000-%012llx", action.id)
            if first.isEmpty { first = uuid }
            var task: [String: Any] = [
                "uuid": uuid, "description": action.title, "project": "plan\(action.planId)",
                "entry": "20250101T000000Z",
                "tags": [tag(action.owner ?? "unowned"), findings[action.findingId]?.category.rawValue ?? "none"],
            ]
            if let due = action.due { task["due"] = due.iso.replacingOccurrences(of: "-", with: "") + "T000000Z" }
            switch action.status {
            case .complete: task["status"] = "completed"; task["end"] = "20260101T000000Z"
            case .cancelled: task["status"] = "deleted"; task["end"] = "20260101T000000Z"
            case .notStarted, .inProgress: task["status"] = "pending"
            }
            tasks.append(task)
        }
        let data = try JSONSerialization.data(withJSONObject: tasks)
        try data.write(to: URL(fileURLWithPath: file))
        try sheet.write(toFile: csv, atomically: true, encoding: .utf8)
        return first
    }
}
