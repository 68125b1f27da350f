import Foundation
import ActionPlanCore
#if canImport(Glibc)
import Glibc
#endif

/// Many documents: `actionplan import FILE… --jobs N` of every PDF of ../shared/corpus and
/// ../shared/corpus-extra into a new database, against `pdftotext -layout` alone on the same
/// files, N at once. The import is at its target when it takes no more than 1.2× as long:
/// the parsing and the writing hide behind the conversion.
struct BatchImportBench {
    let bench: BenchmarkRun
    var jobs = 2

    var pdfs: [String] {
        let shared = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent().appendingPathComponent("shared")
        return ["corpus", "corpus-extra"].flatMap { folder -> [String] in
            let dir = shared.appendingPathComponent(folder).path
            return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".pdf") }.sorted()
                .map { "\(dir)/\($0)" }
        }
    }

    /// Runs every argument list of `program`, at most `jobs` at once; the wall time, or nil when one failed.
    static func parallel(_ program: String, _ runs: [[String]], jobs: Int) throws -> Double? {
        let start = DispatchTime.now().uptimeNanoseconds
        var running = 0
        var next = 0
        var failed = false
        while next < runs.count || running > 0 {
            while running < jobs && next < runs.count {
                let argv: [UnsafeMutablePointer<CChar>?] = ([program] + runs[next]).map { strdup($0) } + [nil]
                defer { argv.forEach { free($0) } }
                var actions = posix_spawn_file_actions_t()
                posix_spawn_file_actions_init(&actions)
                defer { posix_spawn_file_actions_destroy(&actions) }
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
                var pid: pid_t = 0
                let rc = posix_spawn(&pid, program, &actions, nil, argv, environ)
                guard rc == 0 else { throw StoreError.failed("cannot start \(program): \(String(cString: strerror(rc)))") }
                running += 1
                next += 1
            }
            var status: Int32 = 0
            let pid = wait(&status)
            if pid < 0 { if errno == EINTR { continue }; break }
            running -= 1
            if status != 0 { failed = true }
        }
        return failed ? nil : Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    func run() throws {
        let files = bench.quick ? Array(pdfs.prefix(4)) : pdfs
        guard let pdftotext = which("pdftotext"), !files.isEmpty else {
            print("\nMany documents: skipped (no pdftotext, or no PDFs in ../shared/corpus and ../shared/corpus-extra).")
            return
        }
        print("")
        print("## Many documents")
        print("")
        print("| \(files.count) PDFs, \(jobs) at once | median of \(bench.repeats) |")
        print("|---|---|")
        var alone: [Double] = [], whole: [Double] = []
        var statuses = Set<Int32>()
        let db = "\(bench.workDirectory)/batch-import.sqlite"
        for _ in 0..<bench.repeats {
            if let t = try Self.parallel(pdftotext, files.map { ["-layout", $0, "/dev/null"] }, jobs: jobs) { alone.append(t) }
            for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            let m = try measure(bench.actionplan, ["import"] + files + ["--jobs", String(jobs), "--received", "last-visit", "--db", db],
                                environment: ["ACTIONPLAN_TODAY": bench.today])
            // A document refused (not an inspection report) ends the batch with its status; the time still counts.
            whole.append(m.seconds)
            statuses.insert(m.status)
        }
        func cell(_ values: [Double]) -> String { values.isEmpty ? "failed" : String(format: "%.2f s", median(values)) }
        print("| `pdftotext -layout` alone | \(cell(alone)) |")
        let exit = statuses.sorted().map(String.init).joined(separator: ", ")
        print("| `actionplan import FILE… --jobs \(jobs) --received last-visit` (new database; exit \(exit)) | \(cell(whole)) |")
        if !alone.isEmpty && !whole.isEmpty {
            print("| import ÷ pdftotext (target ≤ 1.2×) | \(String(format: "%.2f×", median(whole) / median(alone))) |")
        }
    }
}
