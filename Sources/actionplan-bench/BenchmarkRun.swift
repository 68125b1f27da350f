import Foundation
import ActionPlanModel
import ActionPlanCore
#if canImport(Glibc)
import Glibc
#endif

/// One measured run of a child process.
struct Measurement {
    let seconds: Double
    let maxRSSKiB: Int
    let status: Int32
    /// User and system CPU time of the process: what a busy shared machine changes least.
    var cpuSeconds: Double = 0
}

/// Runs a program with an argument list (no shell), its output sent to /dev/null, and
/// measures its wall time and peak memory (from `wait4`'s rusage).
func measure(_ program: String, _ arguments: [String], environment: [String: String] = [:], stdinPath: String? = nil) throws -> Measurement {
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    let rc = posix_spawn(&pid, program, &actions, nil, argv, envp)
    guard rc == 0 else { throw StoreError.failed("cannot start \(program): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    return Measurement(seconds: seconds, maxRSSKiB: Int(usage.ru_maxrss), status: exitStatus, cpuSeconds: cpu)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// `actionplan-bench run`: every figure of docs/benchmarks.md.
struct BenchmarkRun {
    var sizes = [1_000, 10_000, 100_000]
    var taskwarriorSizes = [10_000, 50_000]
    /// Sizes copied into PostgreSQL (issue 13), when a server is given (PostgresBench).
    var postgresSizes = [10_000, 100_000]
    var repeats = 5
    var workDirectory = ".build/bench"
    /// Sizes of the parser's scale test, in MB.
    var parserSizes = [1, 10, 40]
    /// `--quick` (the smoke test of `make test`): tiny sizes, one run, a few documents.
    var quick = false
    let today = "2026-11-23"

    init(arguments: [String]) {
        if let text = option("--sizes", in: arguments) { sizes = text.split(separator: ",").compactMap { Int($0) } }
        if let text = option("--taskwarrior", in: arguments) { taskwarriorSizes = text.split(separator: ",").compactMap { Int($0) } }
        if let text = option("--postgres", in: arguments) { postgresSizes = text.split(separator: ",").compactMap { Int($0) } }
        if let text = option("--repeat", in: arguments), let n = Int(text), n > 0 { repeats = n }
        if let dir = option("--dir", in: arguments) { workDirectory = dir }
        if arguments.contains("--quick") {
            quick = true
            sizes = [200]
            taskwarriorSizes = []
            postgresSizes = [200]
            repeats = 1
            parserSizes = [1]
        }
    }

    var actionplan: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("actionplan").path
    }

    func database(_ size: Int, history: Bool = true) throws -> String {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let path = "\(workDirectory)/actions-\(size).sqlite"
        if !FileManager.default.fileExists(atPath: path) {
            _ = try DatabaseGenerator(actions: size, today: Day(iso: today)!, seed: 42).generate(path: path, holidays: try shippedHolidays())
        }
        return path
    }

    /// The median time and the peak memory over the repeats; nil when the command failed.
    func time(_ arguments: [String], db: String) throws -> (Double, Int)? {
        try timeWithCPU(arguments, db: db).map { ($0.seconds, $0.peak) }
    }

    /// The median wall time, the median CPU time and the peak memory over the repeats.
    func timeWithCPU(_ arguments: [String], db: String) throws -> (seconds: Double, cpu: Double, peak: Int)? {
        var times: [Double] = [], cpu: [Double] = []
        var peak = 0
        for _ in 0..<repeats {
            let m = try measure(actionplan, arguments + ["--db", db], environment: ["ACTIONPLAN_TODAY": today, "COLUMNS": "120"])
            guard m.status == 0 else { return nil }
            times.append(m.seconds)
            cpu.append(m.cpuSeconds)
            peak = max(peak, m.maxRSSKiB)
        }
        return (median(times), median(cpu), peak)
    }

    /// Whether the binary has a subcommand (it is listed in `--help`).
    /// First frame and key-to-frame latency of the terminal UI, headless, at each size and on
    /// one plan holding every action.
    func terminalUI() throws {
        print("")
        print("## Terminal UI, headless (cell buffer, 120×40)")
        print("")
        var databases = sizes.map { ("\($0) actions", try? database($0)) }
        if let largest = sizes.max() { databases.append(("\(largest) actions in one plan", try? singlePlanDatabase(largest))) }
        var rows: [String: [String]] = [:]
        var firstFrames: [String] = []
        var memory: [String] = []
        var names: [String] = []
        for (_, db) in databases {
            guard let db else { firstFrames.append("failed"); memory.append("failed"); continue }
            // The same session in a child process, for its peak memory.
            let session = try measure(CommandLine.arguments[0], ["tui", "--db", db])
            memory.append(session.status == 0 ? String(format: "%.0f MiB", Double(session.maxRSSKiB) / 1024) : "failed")
            let result = try TUIBench(path: db, today: Day(iso: today)!, repeats: repeats).run()
            firstFrames.append(String(format: "%.1f ms (CPU %.1f)", result.firstFrame, result.firstFrameCPU))
            for (name, value) in result.latencies {
                if !names.contains(name) { names.append(name) }
                let cpu = result.cpu[name] ?? (.nan, .nan)
                rows[name, default: []].append(String(format: "%.2f / %.2f ms (CPU %.2f / %.2f)", value.p50, value.p99, cpu.p50, cpu.p99))
            }
        }
        print("| measure | " + databases.map(\.0).joined(separator: " | ") + " |")
        print("|---|" + databases.map { _ in "---|" }.joined())
        print("| first frame (open the database, build, draw) | " + firstFrames.joined(separator: " | ") + " |")
        print("| peak memory of the whole session (every key below) | " + memory.joined(separator: " | ") + " |")
        for name in names.sorted() { print("| key to frame p50 / p99: \(name) | " + rows[name, default: []].joined(separator: " | ") + " |") }
    }

    /// Commands that read nothing: `--version`, and `deadline` with no database (the shipped
    /// holiday file is then read) and with one (its own table).
    func startUp() throws {
        print("| start-up | time | memory |")
        print("|---|---|---|")
        let missing = "\(workDirectory)/no-such-database.sqlite"
        try? FileManager.default.removeItem(atPath: missing)
        let runs: [(String, [String])] = [
            ("`--version`", ["--version"]),
            ("`deadline 2026-11-23 --working-days 20`, no database", ["deadline", "2026-11-23", "--working-days", "20", "--db", missing]),
            ("`deadline 2026-11-23 --working-days 20`, a database of \(sizes.min() ?? 1_000) actions",
             ["deadline", "2026-11-23", "--working-days", "20", "--db", try database(sizes.min() ?? 1_000)]),
        ]
        for (name, arguments) in runs {
            var times: [Double] = [], cpu: [Double] = []
            var peak = 0
            for _ in 0..<max(repeats, 10) {
                let m = try measure(actionplan, arguments, environment: ["ACTIONPLAN_TODAY": today])
                if m.status == 0 { times.append(m.seconds); cpu.append(m.cpuSeconds); peak = max(peak, m.maxRSSKiB) }
            }
            let cell = times.isEmpty ? "failed"
                : String(format: "%.1f ms (CPU %.1f) | %.0f MiB", median(times) * 1000, median(cpu) * 1000, Double(peak) / 1024)
            print("| \(name) | \(cell) |")
        }
        print("")
    }

    /// The board pack printed to PDF by WeasyPrint (outside actionplan: it renders the HTML
    /// export), at each size up to 10,000 actions, once each (it takes minutes beyond).
    func printedPack() throws {
        guard which("weasyprint") != nil else { print("\nPDF: WeasyPrint is not installed (Debian package weasyprint)."); return }
        let pdf = "\(workDirectory)/export.pdf"
        var cells: [String] = []
        for size in sizes {
            guard size <= 10_000 else { cells.append("not measured"); continue }
            let m = try measure(actionplan, ["export", "--format", "pdf", "-o", pdf, "--force", "--db", try database(size)],
                                environment: ["ACTIONPLAN_TODAY": today])
            cells.append(m.status == 0 ? String(format: "%.1f s, %.0f MiB", m.seconds, Double(m.maxRSSKiB) / 1024) : "failed")
        }
        print("| `export pdf` (WeasyPrint, one run) | " + cells.joined(separator: " | ") + " |")
    }

    func singlePlanDatabase(_ size: Int) throws -> String {
        let path = "\(workDirectory)/one-plan-\(size).sqlite"
        if !FileManager.default.fileExists(atPath: path) {
            var generator = DatabaseGenerator(actions: size, today: Day(iso: today)!, seed: 7)
            generator.singlePlan = true
            generator.history = false
            _ = try generator.generate(path: path, holidays: try shippedHolidays())
        }
        return path
    }

    func supports(_ subcommand: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: actionplan)
        process.arguments = ["--help"]
        let pipe = Pipe()
        process.standardOutput = pipe
        guard (try? process.run()) != nil else { return false }
        let help = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return help.contains("  \(subcommand) ")
    }

    func run() throws {
        print("# actionplan benchmarks")
        print("")
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB; median of \(repeats) runs; times in ms (wall, and user + system CPU time); memory is peak RSS in MiB")
        print("")
        try startUp()
        let xlsx = "\(workDirectory)/export.xlsx"
        var commands: [(String, [String])] = [
            ("plans", ["plans"]),
            ("list --overdue", ["list", "--overdue"]),
            ("list --due-within 10", ["list", "--due-within", "10"]),
            ("list --search", ["list", "--search", "chronologies"]),
            ("list --search (2 letters)", ["list", "--search", "zo"]),
            ("list --owner", ["list", "--owner", "Jo Bloggs"]),
            ("list --status", ["list", "--status", "in_progress"]),
            ("list", ["list"]),
            ("list --json", ["list", "--json"]),
            ("list --csv", ["list", "--csv"]),
        ]
        if supports("export") {
            for format in ["md", "html", "csv", "json", "ics"] { commands.append(("export \(format)", ["export", "--format", format])) }
            commands.append(("export xlsx", ["export", "--format", "xlsx", "-o", xlsx, "--force"]))
        }
        print("| command | " + sizes.map { "\($0) actions" }.joined(separator: " | ") + " |")
        print("|---|" + sizes.map { _ in "---|" }.joined())
        var results: [String: [String]] = [:]
        for size in sizes {
            let started = Date()
            let db = try database(size)
            FileHandle.standardError.write(Data("database of \(size) ready in \(Int(Date().timeIntervalSince(started))) s\n".utf8))
            for (name, args) in commands {
                let cell = try timeWithCPU(args, db: db).map {
                    String(format: "%.0f ms (CPU %.0f), %.0f MiB", $0.seconds * 1000, $0.cpu * 1000, Double($0.peak) / 1024)
                } ?? "failed"
                results[name, default: []].append(cell)
            }
        }
        for (name, _) in commands { print("| `\(name)` | " + results[name, default: []].joined(separator: " | ") + " |") }
        try printedPack()
        if !postgresSizes.isEmpty { try PostgresBench(bench: self).run() }
        try terminalUI()
        try ImportBench(bench: self).run()
        try BatchImportBench(bench: self).run()
        if !taskwarriorSizes.isEmpty { try TaskwarriorComparison(bench: self).run() }
    }
}
