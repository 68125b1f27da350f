import Foundation
import ActionPlanModel
import ActionPlanCore

/// "Raised before": the findings of the same authority's earlier documents that raised the
/// same issue (docs/recurrence.md).
enum RecurrenceSearch {
    /// How many full-text candidates of the earlier documents each finding keeps, best bm25
    /// first, before `FindingSimilarity` re-ranks them (SQLite). An authority's earlier documents
    /// rarely hold more improvement findings than this that share any content word with one finding.
    static let candidates = 50
}

extension SQLPlanStore {
    public func recurrences(planId: Int64) throws -> [Int64: [Recurrence]] {
        try recurrences(planIds: [planId])
    }

    public func recurrences(planIds: [Int64]) throws -> [Int64: [Recurrence]] {
        if planIds.isEmpty { return [:] }
        let plans = try read { db in try Rows.all(db, "SELECT \(Rows.planSelection) FROM plan WHERE removed IS NULL", [], Rows.plan) }
        return try recurrences(planIds: planIds, among: plans)
    }

    public func recurrences(planIds: [Int64], among plans: [Plan]) throws -> [Int64: [Recurrence]] {
        if planIds.isEmpty { return [:] }
        let plans = plans.filter { $0.removed == nil }
        return try read { db in
            let asked = Set(planIds)
            var result: [Int64: [Recurrence]] = [:]
            var words: [Int64: FindingSimilarity.Words] = [:]
            let authorities = AuthorityIndex(plans)
            for plan in plans where asked.contains(plan.id) {
                let earlier = Self.earlierPlans(of: plan, in: authorities)
                if earlier.isEmpty { continue }
                let findings = try Rows.all(db, "SELECT \(Rows.findingSelection) FROM finding WHERE plan_id = ? AND removed IS NULL ORDER BY position, id",
                                            [plan.id], Rows.finding)
                result.merge(try Self.recurrences(db, of: findings, earlier: earlier, words: &words)) { a, _ in a }
            }
            return result
        }
    }

    public func recurrences(findingId: Int64) throws -> [Recurrence] {
        try read { db in
            guard let finding = try Rows.one(db, "SELECT \(Rows.findingSelection) FROM finding WHERE id = ?", [findingId], Rows.finding),
                  let plan = try Rows.one(db, "SELECT \(Rows.planSelection) FROM plan WHERE id = ?", [finding.planId], Rows.plan)
            else { return [] }
            let plans = try Rows.all(db, "SELECT \(Rows.planSelection) FROM plan WHERE removed IS NULL", [], Rows.plan)
            var words: [Int64: FindingSimilarity.Words] = [:]
            return try Self.recurrences(db, of: [finding], earlier: Self.earlierPlans(of: plan, in: plans), words: &words)[findingId] ?? []
        }
    }

    /// The plans of the same authority (`Plan.sameAuthority`) whose document is earlier
    /// (`Plan.documentDate`): the model's own rules.
    package static func earlierPlans(of plan: Plan, in plans: [Plan]) -> [Plan] {
        plans.filter { $0.id != plan.id && $0.removed == nil && $0.sameAuthority(as: plan) && $0.documentDate < plan.documentDate }
    }

    /// The same plans as `earlierPlans(of:in:)` over the index's plans, in their order,
    /// comparing `plan` only with the plans that may be of its authority.
    package static func earlierPlans(of plan: Plan, in index: AuthorityIndex) -> [Plan] {
        index.candidates(for: plan).filter { $0.id != plan.id && $0.removed == nil && index.sameAuthority($0, plan) && $0.documentDate < plan.documentDate }
    }

    /// One full-text query for all of `findings`: each finding's search terms are an FTS5 query
    /// (`"a" OR "b" …`) in a JSON list that the query joins against the index, restricted to the
    /// findings of the same authority's earlier plans, keeping each finding's best
    /// `recurrenceCandidates` by bm25; then every candidate is scored by `FindingSimilarity`.
    /// `words` keeps each finding's words made ready for comparison, across the plans of one read.
    static func recurrences(_ db: any SQLDatabase, of findings: [Finding], earlier: [Plan],
                            words: inout [Int64: FindingSimilarity.Words]) throws -> [Int64: [Recurrence]] {
        let asked = findings.filter { $0.category.isImprovement && $0.removed == nil }
        if asked.isEmpty || earlier.isEmpty { return [:] }
        if db.dialect == .postgresql { return try everyCandidate(db, of: asked, earlier: earlier, words: &words) }

        var queries: [[String]] = []
        for finding in asked {
            let terms = FindingSimilarity.searchTerms(finding.text)
            if terms.isEmpty { continue }
            queries.append([String(finding.id), terms.map { "\"\($0)\"" }.joined(separator: " OR ")])
        }
        if queries.isEmpty { return [:] }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: queries), as: UTF8.self)
        let planIds = earlier.map(\.id)
        let sql = """
            WITH asked(source, query) AS (
                SELECT CAST(json_extract(value, '$[0]') AS INTEGER), json_extract(value, '$[1]') FROM json_each(?)
            ),
            hits AS (
                SELECT asked.source AS source, finding_search.rowid AS id, bm25(finding_search) AS rank
                FROM asked JOIN finding_search ON finding_search MATCH asked.query
            ),
            ranked AS (
                SELECT hits.source, f.id, f.ref, f.category, f.text, f.plan_id,
                       row_number() OVER (PARTITION BY hits.source ORDER BY hits.rank, f.id) AS n
                FROM hits JOIN finding f ON f.id = hits.id
                WHERE f.removed IS NULL AND f.category <> 'strength' AND f.plan_id IN (\(sqlMarks(planIds.count)))
            )
            SELECT source, id, ref, category, text, plan_id FROM ranked WHERE n <= ?
            """
        let arguments = [json] + sqlArguments(planIds) + [RecurrenceSearch.candidates]
        let byPlan = Dictionary(uniqueKeysWithValues: earlier.map { ($0.id, $0) })
        let texts = Dictionary(uniqueKeysWithValues: asked.map { ($0.id, $0.text) })
        func wordsOf(_ id: Int64, _ text: String) -> FindingSimilarity.Words {
            if let known = words[id] { return known }
            let made = FindingSimilarity.Words(text)
            words[id] = made
            return made
        }
        var result: [Int64: [Recurrence]] = [:]
        for row in try db.rows(sql, arguments) {
            let r = Rows.Reader(row: row, table: "finding", names: ["source", "id", "ref", "category", "text", "plan_id"])
            let source = try r.int64(0), id = try r.int64(1), text = try r.string(4)
            guard let sourceText = texts[source], let earlierPlan = byPlan[try r.int64(5)] else { continue }
            let score = FindingSimilarity.score(wordsOf(source, sourceText), wordsOf(id, text))
            guard FindingSimilarity.isRecurrence(score) else { continue }
            result[source, default: []].append(Recurrence(findingId: id, ref: try r.string(2), category: try r.raw(3), text: text,
                                                          planId: earlierPlan.id, kind: earlierPlan.kind,
                                                          date: earlierPlan.documentDate, score: score))
        }
        for key in result.keys { result[key]?.sort(by: Recurrence.newestFirst) }
        return result
    }

    /// PostgreSQL has no bm25: every improvement finding of the earlier plans is a candidate and
    /// `FindingSimilarity` alone decides (an authority's earlier documents hold a few hundred
    /// findings at most). It can only find what SQLite's top-50 cut would drop, never less.
    static func everyCandidate(_ db: any SQLDatabase, of asked: [Finding], earlier: [Plan],
                               words: inout [Int64: FindingSimilarity.Words]) throws -> [Int64: [Recurrence]] {
        let planIds = earlier.map(\.id)
        let candidates = try Rows.all(db, """
            SELECT \(Rows.findingSelection) FROM finding
            WHERE removed IS NULL AND category <> 'strength' AND plan_id IN (\(sqlMarks(planIds.count))) ORDER BY id
            """, sqlArguments(planIds), Rows.finding)
        let byPlan = Dictionary(uniqueKeysWithValues: earlier.map { ($0.id, $0) })
        func wordsOf(_ finding: Finding) -> FindingSimilarity.Words {
            if let known = words[finding.id] { return known }
            let made = FindingSimilarity.Words(finding.text)
            words[finding.id] = made
            return made
        }
        var result: [Int64: [Recurrence]] = [:]
        for source in asked {
            for candidate in candidates {
                guard let earlierPlan = byPlan[candidate.planId] else { continue }
                let score = FindingSimilarity.score(wordsOf(source), wordsOf(candidate))
                guard FindingSimilarity.isRecurrence(score) else { continue }
                result[source.id, default: []].append(Recurrence(findingId: candidate.id, ref: candidate.ref, category: candidate.category,
                                                                 text: candidate.text, planId: earlierPlan.id, kind: earlierPlan.kind,
                                                                 date: earlierPlan.documentDate, score: score))
            }
        }
        for key in result.keys { result[key]?.sort(by: Recurrence.newestFirst) }
        return result
    }
}

/// The plans of one read, found by authority without comparing every pair (a board pack of
/// 2,000 plans asked 4 million case-insensitive comparisons of `Plan.sameAuthority`). Only a
/// necessary condition is indexed; `Plan.sameAuthority` still decides: plans with the same
/// authority code, plans whose name is the same ASCII text ignoring case, and every plan whose
/// name is not ASCII (Foundation's case folding may equal it to an ASCII name: "ß" and "ss").
package struct AuthorityIndex {
    package let plans: [Plan]
    private var byCode: [String: [Int]] = [:]
    private var byASCIIName: [String: [Int]] = [:]
    private var notASCII: [Int] = []
    /// The `asciiKey` of each ASCII name of the plans.
    private var keys: [String: String] = [:]

    package init(_ plans: [Plan]) {
        self.plans = plans
        for (index, plan) in plans.enumerated() {
            if let code = plan.authorityCode { byCode[code, default: []].append(index) }
            if let key = Self.asciiKey(plan.authority) {
                byASCIIName[key, default: []].append(index)
                keys[plan.authority] = key
            } else {
                notASCII.append(index)
            }
        }
    }

    /// The name lowercased when it is all ASCII (where ignoring case is exactly that), else nil.
    static func asciiKey(_ name: String) -> String? {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        return String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// `Plan.sameAuthority`, without Foundation's comparison when both names are ASCII (where
    /// ignoring case is comparing the lowercased bytes).
    package func sameAuthority(_ a: Plan, _ b: Plan) -> Bool {
        if let code = a.authorityCode, let otherCode = b.authorityCode { return code == otherCode }
        if let x = keys[a.authority] ?? Self.asciiKey(a.authority), let y = keys[b.authority] ?? Self.asciiKey(b.authority) { return x == y }
        return a.sameAuthority(as: b)
    }

    /// Every plan that may be of `plan`'s authority, in the order of `plans`.
    package func candidates(for plan: Plan) -> [Plan] {
        var found = Set<Int>()
        if let code = plan.authorityCode { found.formUnion(byCode[code] ?? []) }
        if let key = Self.asciiKey(plan.authority) {
            found.formUnion(byASCIIName[key] ?? [])
            found.formUnion(notASCII)
        } else {
            // A name that is not ASCII may equal any name ignoring case.
            return plans
        }
        return found.sorted().map { plans[$0] }
    }
}
