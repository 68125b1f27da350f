import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite
import TerminalUI

/// The terminal UI driven headlessly: the same `App` the ncurses driver runs, with its frames
/// drawn into the cell buffer. Times exclude the copy to the terminal (ncurses' own cost).
struct TUIBench {
    let path: String
    let today: Day
    let repeats: Int

    struct Result {
        var firstFrame: Double
        var firstFrameCPU: Double
        var latencies: [String: (p50: Double, p99: Double, max: Double, count: Int)]
        /// The main thread's CPU time per key, p50 and p99.
        var cpu: [String: (p50: Double, p99: Double)]
    }

    func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    func makeApp() throws -> App {
        let store = try SQLitePlanStore(path: path)
        let calendar = WorkingDayCalendar(holidays: try store.holidayTable())
        let context = UIContext(store: store, who: "bench", today: today, calendar: calendar, now: { Date() })
        let app = App(context: context, width: 120, height: 40)
        _ = app.render()
        return app
    }

    func run() throws -> Result {
        var starts: [Double] = []
        var startsCPU: [Double] = []
        for _ in 0..<repeats {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let c0 = TUIBench.threadCPU()
            _ = try makeApp()
            starts.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            startsCPU.append(TUIBench.threadCPU() - c0)
        }
        let app = try makeApp()
        var samples: [String: [Double]] = [:]
        var cpu: [String: [Double]] = [:]
        func press(_ name: String, _ event: Event) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let c0 = TUIBench.threadCPU()
            _ = app.handle(event)
            _ = app.render()
            samples[name, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            cpu[name, default: []].append(TUIBench.threadCPU() - c0)
        }
        for _ in 0..<200 { press("move (plans screen)", .key(.char("j"))) }
        for _ in 0..<30 {
            press("open a plan", .key(.enter))
            press("back to plans", .key(.escape))
        }
        // A large plan opens on its first findings and reads the rest in the background: how
        // long until all of it is read and drawn.
        press("open a plan, and read all of it", .key(.enter))
        let t0 = DispatchTime.now().uptimeNanoseconds
        app.finishReading()
        _ = app.render()
        samples["open a plan, and read all of it"]![0] += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        press("back to plans", .key(.escape))
        press("open a plan", .key(.enter))
        for _ in 0..<200 { press("move (plan screen)", .key(.char("j"))) }
        for _ in 0..<20 {
            press("search (each key)", .key(.char("/")))
            for c in "audit" { press("search (each key)", .key(.char(c))) }
            press("search (each key)", .key(.enter))
        }
        for _ in 0..<30 {
            press("filter overdue on/off", .key(.char("f")))
            press("filter overdue on/off", .key(.char("o")))
        }
        var result = Result(firstFrame: median(starts), firstFrameCPU: median(startsCPU), latencies: [:], cpu: [:])
        for (name, values) in samples {
            result.latencies[name] = (percentile(values, 0.5), percentile(values, 0.99), values.max() ?? .nan, values.count)
        }
        for (name, values) in cpu { result.cpu[name] = (percentile(values, 0.5), percentile(values, 0.99)) }
        return result
    }

    /// The CPU time of the calling thread in ms: what a key costs the UI's own thread, whatever
    /// else the shared machine runs (the wall time above counts waiting for a core too).
    static func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
    }
}
