import Foundation
import ActionPlanModel
import ActionPlanCore

/// The reads of a report written plan by plan (`ReportExport`): a part's plans, milestones,
/// findings and completion events at once, so that a report of 2,000 plans makes a few dozen
/// queries rather than one per plan, and never holds every row of the database.
extension SQLPlanStore {
    /// How many ids one statement carries (well within SQLite's and PostgreSQL's limits).
    static var idsInOneStatement: Int { 500 }

    public func milestones(planIds: [Int64], _ visibility: Visibility) throws -> [Milestone] {
        let condition = Self.visible(["m", "p"], plan: "p", visibility, archivedAsked: true)
        let columns = Rows.selection(RecordColumns.milestone, alias: "m")
        return try chunked(planIds.sorted()) { db, ids in
            try Rows.all(db, """
                SELECT \(columns) FROM milestone m JOIN plan p ON p.id = m.plan_id
                WHERE m.plan_id IN (\(sqlMarks(ids.count))) AND \(condition) ORDER BY m.plan_id, m.position, m.id
                """, sqlArguments(ids), Rows.milestone)
        }
    }

    public func findings(planIds: [Int64], _ visibility: Visibility) throws -> [Finding] {
        let condition = Self.visible(["f", "p"], plan: "p", visibility, archivedAsked: true)
        let columns = Rows.selection(RecordColumns.finding, alias: "f")
        return try chunked(planIds.sorted()) { db, ids in
            try Rows.all(db, """
                SELECT \(columns) FROM finding f JOIN plan p ON p.id = f.plan_id
                WHERE f.plan_id IN (\(sqlMarks(ids.count))) AND \(condition) ORDER BY f.plan_id, f.position, f.id
                """, sqlArguments(ids), Rows.finding)
        }
    }

    public func completionEvents(actionIds: [Int64]) throws -> [AuditEvent] {
        // As `completionEvents()`: the creation's snapshot is not read (NULL), through the index
        // on (entity, entity_id).
        let columns = Rows.auditColumns.replacingOccurrences(of: "e.new_value", with: "CASE WHEN e.field = '*' THEN NULL ELSE e.new_value END")
        let events = try chunked(actionIds.sorted()) { db, ids in
            try Rows.all(db, """
                SELECT \(columns) FROM \(Rows.auditSource)
                WHERE e.entity = 'action' AND e.entity_id IN (\(sqlMarks(ids.count)))
                  AND (e.field = 'status' OR (e.field = '*' AND e.old_value IS NULL))
                """, sqlArguments(ids), Rows.audit)
        }
        // In the order of the trail, as `completionEvents()` gives them.
        return events.sorted { $0.id < $1.id }
    }

    /// The rows of a query run over the ids a few hundred at a time, in one read, in the order
    /// of the ids' chunks.
    private func chunked<T>(_ ids: [Int64], _ query: (any SQLDatabase, [Int64]) throws -> [T]) throws -> [T] {
        if ids.isEmpty { return [] }
        return try read { db in
            var result: [T] = []
            for start in stride(from: 0, to: ids.count, by: Self.idsInOneStatement) {
                result += try query(db, Array(ids[start..<min(start + Self.idsInOneStatement, ids.count)]))
            }
            return result
        }
    }
}
