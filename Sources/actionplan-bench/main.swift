import Foundation
import ActionPlanModel
import ActionPlanData
import ActionPlanCore

/// actionplan-bench: benchmarks (`run`), the database generator (`generate`) and the writer
/// used by the robustness tests (`writer`). See docs/benchmarks.md.
func usage() -> Never {
    FileHandle.standardError.write(Data("""
        usage: actionplan-bench generate --db PATH --actions N [--today YYYY-MM-DD] [--seed S] [--no-history] [--single-plan]
               actionplan-bench writer --db PATH --tag TAG --count N [--optimistic] [--seed S]
               actionplan-bench tui --db PATH
               actionplan-bench parser-scale [--sizes 1,10,40]
               actionplan-bench recurrence [--authorities 12] [--documents 10] [--findings 20] [--repeat 5] [--db PATH]
               actionplan-bench run [--sizes 1000,10000,100000] [--repeat N] [--taskwarrior 10000,50000] [--postgres 10000,100000] [--quick]
               actionplan-bench postgres [--postgres 10000,100000] [--repeat N]   (needs ACTIONPLAN_TEST_PG: scripts/with-postgres)
               actionplan-bench taskwarrior-files --db PATH --dir DIR   (DIR/actions.csv and DIR/tasks.json of the comparison)

        """.utf8))
    exit(64)
}

func option(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func shippedHolidays() throws -> [BankHoliday] {
    guard let url = ShippedData.bankHolidaysURL else { throw StoreError.failed("shipped holidays not found") }
    return try HolidayTable.parseFeed(Data(contentsOf: url))
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let mode = arguments.first else { usage() }
do {
    switch mode {
    case "generate":
        guard let path = option("--db", in: arguments), let n = option("--actions", in: arguments).flatMap(Int.init), n > 0 else { usage() }
        let today = option("--today", in: arguments).flatMap(Day.init(iso:)) ?? Day(iso: "2026-11-23")!
        let seed = option("--seed", in: arguments).flatMap(UInt64.init) ?? 1
        if FileManager.default.fileExists(atPath: path) { throw StoreError.failed("\(path) exists: generate writes a new file") }
        let started = Date()
        var generator = DatabaseGenerator(actions: n, today: today, seed: seed)
        generator.history = !arguments.contains("--no-history")
        // Every finding in one plan: the terminal UI's stress case (`run` makes it with
        // --seed 7 --no-history).
        generator.singlePlan = arguments.contains("--single-plan")
        let made = try generator.generate(path: path, holidays: try shippedHolidays())
        print("generated \(made.actions) actions in \(made.plans) plans in \(String(format: "%.1f", Date().timeIntervalSince(started))) s: \(path)")
    case "writer":
        guard let path = option("--db", in: arguments), let tag = option("--tag", in: arguments),
              let count = option("--count", in: arguments).flatMap(Int.init) else { usage() }
        try Writer(path: path, tag: tag, count: count, optimistic: arguments.contains("--optimistic"),
                   seed: option("--seed", in: arguments).flatMap(UInt64.init) ?? 1).run()
    case "tui":
        guard let path = option("--db", in: arguments) else { usage() }
        let result = try TUIBench(path: path, today: Day(iso: "2026-11-23")!, repeats: 3).run()
        print(String(format: "first frame %.1f ms (CPU of the UI thread %.1f ms)", result.firstFrame, result.firstFrameCPU))
        for (name, value) in result.latencies.sorted(by: { $0.key < $1.key }) {
            let cpu = result.cpu[name] ?? (.nan, .nan)
            print(String(format: "%@: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d keys); CPU of the UI thread p50 %.2f ms, p99 %.2f ms",
                         name, value.p50, value.p99, value.max, value.count, cpu.p50, cpu.p99))
        }
    case "parser-scale":
        let sizes = (option("--sizes", in: arguments) ?? "1,10,40").split(separator: ",").compactMap { Int($0) }
        printParserScale(megabytes: sizes)
    case "recurrence":
        try RecurrenceBench(arguments: Array(arguments.dropFirst())).run()
    case "run":
        try BenchmarkRun(arguments: Array(arguments.dropFirst())).run()
    case "taskwarrior-files":
        // The comparison's bulk-loading inputs alone: `import-sheet DIR/actions.csv` and `task import DIR/tasks.json`.
        guard let path = option("--db", in: arguments), let dir = option("--dir", in: arguments) else { usage() }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try TaskwarriorComparison.exportTasks(from: path, to: dir + "/tasks.json", csv: dir + "/actions.csv")
        print("\(dir)/actions.csv, \(dir)/tasks.json")
    case "postgres":
        // The PostgreSQL table of `run` alone.
        try PostgresBench(bench: BenchmarkRun(arguments: Array(arguments.dropFirst()))).run()
    default:
        usage()
    }
} catch let error as StoreError {
    FileHandle.standardError.write(Data("actionplan-bench: \(error.message)\n".utf8))
    exit(1)
} catch {
    FileHandle.standardError.write(Data("actionplan-bench: \(error)\n".utf8))
    exit(1)
}
