import Foundation
import ActionPlanModel
import ActionPlanCore

/// Reads for a window of a long list: what the terminal UI shows first, without reading every
/// action into memory.
extension SQLPlanStore {
    /// The counts of a few plans (the rows of the plans screen in view).
    public func progressCounts(planIds: [Int64], rules: RAGRules) throws -> [Int64: ProgressCounts] {
        planIds.isEmpty ? [:] : try tally(planIds: planIds, rules: rules)
    }

    /// The counts of every plan (`plans`).
    public func progressCounts(rules: RAGRules) throws -> [Int64: ProgressCounts] {
        try tally(planIds: nil, rules: rules)
    }

    /// The counts of the plans named, or of all when nil. One plan may hold 100,000 actions, so
    /// no string is read: SQL turns each action into one integer (its plan, the position of its
    /// status and of its colour set by hand among the model's values, and whether it is overdue
    /// (`RAGRules.overdueIfDueBefore`) or due soon), and they are counted here (SQL's GROUP BY
    /// would sort every row first, several times slower).
    private func tally(planIds: [Int64]?, rules: RAGRules) throws -> [Int64: ProgressCounts] {
        let statuses = ActionStatus.allCases
        let colours = RAG.allCases
        // A value's position (from `first`) among the model's; 7 for one it does not know.
        func position(_ column: String, _ count: Int, first: Int) -> String {
            "CASE \(column) " + (0..<count).map { "WHEN ? THEN \($0 + first)" }.joined(separator: " ") + " ELSE 7 END"
        }
        let condition = Self.visible(["a", "f", "p"], plan: "p", .includingArchived, archivedAsked: true)
        let planCondition = planIds.map { "a.plan_id IN (" + Array(repeating: "?", count: $0.count).joined(separator: ",") + ") AND " } ?? ""
        let sql = """
            SELECT ((a.plan_id * 8 + (\(position("a.status", statuses.count, first: 0)))) * 8
                    + (CASE WHEN a.rag_override IS NULL THEN 0 ELSE \(position("a.rag_override", colours.count, first: 1)) END)) * 4
                   + (CASE WHEN a.due IS NOT NULL AND a.due < ? THEN 1 ELSE 0 END)
                   + (CASE WHEN a.due IS NOT NULL AND a.due >= ? AND a.due < ? THEN 2 ELSE 0 END)
            FROM action a JOIN finding f ON f.id = a.finding_id JOIN plan p ON p.id = a.plan_id
            WHERE \(planCondition)\(condition)
            """
        var arguments = sqlArguments(statuses.map(\.rawValue)) + sqlArguments(colours.map(\.rawValue))
        arguments += [rules.overdueIfDueBefore.iso, rules.today.iso, rules.dueWithinIfBefore(rules.dueSoonWindow).iso]
        if let planIds { arguments += sqlArguments(planIds) }
        return try read { db in
            var tally: [Int64: Int] = [:]
            try db.each(sql, arguments) { row in
                if let code = row.int64(0) { tally[code, default: 0] += 1 }
            }
            var counts: [Int64: ProgressCounts] = [:]
            for (code, count) in tally {
                let colour = Int((code >> 2) & 7), status = Int((code >> 5) & 7)
                guard statuses.indices.contains(status), colour == 0 || colours.indices.contains(colour - 1) else {
                    throw StoreError.failed("an action of plan \(code >> 8) has a status or a colour this program does not know")
                }
                let overdue = code & 1 != 0
                let override = colour == 0 ? nil : colours[colour - 1]
                let rag = RAGRules.rag(status: statuses[status], override: override, overdue: overdue, dueSoon: code & 2 != 0)
                counts[code >> 8, default: ProgressCounts()].add(status: statuses[status], rag: rag, overdue: overdue, count: count)
            }
            return counts
        }
    }
}

extension SQLPlanStore {
    /// The actions `actions(ActionQuery(planIds: [planId]))` lists, as SQL (`planCondition`
    /// selects the plan).
    private static func planActions(_ planCondition: String) -> String {
        """
        FROM action a JOIN finding f ON f.id = a.finding_id JOIN plan p ON p.id = a.plan_id
        WHERE \(planCondition) AND \(visible(["a", "f", "p"], plan: "p", .current, archivedAsked: true))
        """
    }

    public func findings(planId: Int64, offset: Int, limit: Int) throws -> [Finding] {
        let condition = Self.visible(["f", "p"], plan: "p", .current, archivedAsked: true)
        let columns = Rows.selection(RecordColumns.finding, alias: "f")
        return try read { db in
            try Rows.all(db, """
                SELECT \(columns) FROM finding f JOIN plan p ON p.id = f.plan_id
                WHERE f.plan_id = ? AND \(condition) ORDER BY f.position, f.id LIMIT ? OFFSET ?
                """, [planId, limit, offset], Rows.finding)
        }
    }

    public func actions(planId: Int64, afterId: Int64, limit: Int) throws -> [Action] {
        try read { db in
            try Rows.all(db, "SELECT \(Rows.actionSelection("a")) \(Self.planActions("a.plan_id = ?")) AND a.id > ? ORDER BY a.id LIMIT ?",
                         [planId, afterId, limit], Rows.action)
        }
    }

    public func actions(planId: Int64, findingIds: [Int64]) throws -> [Action] {
        guard !findingIds.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: findingIds.count).joined(separator: ",")
        // Through the index on finding_id (`+` keeps SQLite from walking the plan's every action).
        return try read { db in
            try Rows.all(db, """
                SELECT \(Rows.actionSelection("a")) \(Self.planActions("+a.plan_id = ? AND a.finding_id IN (\(marks))"))
                ORDER BY f.position, f.id, a.id
                """, sqlArguments([planId] + findingIds), Rows.action)
        }
    }
}
