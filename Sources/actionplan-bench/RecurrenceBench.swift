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

    init(arguments: [String]) {
        if let n = option("--authorities", in: arguments).flatMap(Int.init), n > 0 { authorities = n }
        if let n = option("--documents", in: arguments).flatMap(Int.init), n > 0 { documents = n }
        if let n = option("--findings", in: arguments).flatMap(Int.init), n > 0 { findings = n }
        if let n = option("--repeat", in: arguments).flatMap(Int.init), n > 0 { repeats = n }
    }

    func run() throws {
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
        let (one, oneCount) = try timed { try store.recurrences(planId: latest).count }
        let (every, everyCount) = try timed { try store.recurrences(planIds: all).count }
        print("\(authorities) authorities × \(documents) documents × \(findings) findings")
        print(String(format: "one plan (its %d findings against %d earlier documents): %.1f ms, %d findings raised before",
                     findings, documents - 1, one, oneCount))
        print(String(format: "every plan (%d): %.1f ms, %d findings raised before", all.count, every, everyCount))
    }
}
