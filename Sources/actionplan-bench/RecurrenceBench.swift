import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite

/// `actionplan-bench recurrence`: the time of "raised before" (`PlanStore.recurrences`) on an
/// archive of many documents per authority whose findings share their vocabulary (the worst
/// case for the full-text candidates: every finding of an earlier document shares words with
/// every other). docs/benchmarks.md.
struct RecurrenceBench {
    var authorities = 12
    var documents = 10
    var findings = 20
    var repeats = 5
    /// A real database to measure instead of the generated archive (every plan of it).
    var path: String?

    init(arguments: [String]) {
        if let n = option("--authorities", in: arguments).flatMap(Int.init), n > 0 { authorities = n }
        if let n = option("--documents", in: arguments).flatMap(Int.init), n > 0 { documents = n }
        if let n = option("--findings", in: arguments).flatMap(Int.init), n > 0 { findings = n }
        if let n = option("--repeat", in: arguments).flatMap(Int.init), n > 0 { repeats = n }
        path = option("--db", in: arguments)
    }

    func timed(_ body: () throws -> Int) rethrows -> (Double, Int) {
        var times: [Double] = []
        var count = 0
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            count = try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return (median(times), count)
    }

    func run() throws {
        if let path {
            let store = try SQLitePlanStore(path: path)
            let plans = try store.plans(.includingArchived)
            let findings = try store.findings(planId: nil, .includingArchived).filter(\.category.isImprovement).count
            let (every, count) = try timed { try store.recurrences(planIds: plans.map(\.id)).count }
            var slowest = (0.0, Int64(0))
            for plan in plans {
                let (ms, _) = try timed { try store.recurrences(planId: plan.id).count }
                if ms > slowest.0 { slowest = (ms, plan.id) }
            }
            print("\(path): \(plans.count) plans, \(findings) improvement findings")
            print(String(format: "every plan: %.1f ms, %d findings raised before; the slowest plan (%lld): %.1f ms", every, count, slowest.1, slowest.0))
            return
        }
        let store = try SQLitePlanStore.inMemory()
        var random = SeededRandom(seed: 15)
        let topics = DatabaseGenerator.topics, verbs = DatabaseGenerator.verbs
        var latest: Int64 = 0
        for a in 0..<authorities {
            for d in 0..<documents {
                let day = Day(iso: "2010-01-15")!.adding(days: d * 365 + a)
                let plan = Plan(title: "Inspection \(a)-\(d)", authority: "Authority \(a)", kind: d % 2 == 0 ? .ilacsInspection : .focusedVisit,
                                letterDate: day, received: day, createdAt: Date(timeIntervalSince1970: 0), createdBy: "bench")
                let drafts = (0..<findings).map { f in
                    let text = "\(verbs[Int(random.next() % UInt64(verbs.count))]) \(topics[Int(random.next() % UInt64(topics.count))]) "
                        + "and \(topics[Int(random.next() % UInt64(topics.count))]) for children in need."
                    return FindingDraft(finding: Finding(planId: 0, ref: "W\(f + 1)", category: .whatNeedsToImprove, text: text))
                }
                latest = try store.createPlan(PlanDraft(plan: plan, findings: drafts), who: "bench")
            }
        }
        let all = try store.plans(.includingArchived).map(\.id)
        let (one, oneCount) = try timed { try store.recurrences(planId: latest).count }
        let (every, everyCount) = try timed { try store.recurrences(planIds: all).count }
        print("\(authorities) authorities × \(documents) documents × \(findings) findings")
        print(String(format: "one plan (its %d findings against %d earlier documents): %.1f ms, %d findings raised before",
                     findings, documents - 1, one, oneCount))
        print(String(format: "every plan (%d): %.1f ms, %d findings raised before", all.count, every, everyCount))
    }
}
