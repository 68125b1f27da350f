import Foundation
import ActionPlanModel
import ActionPlanCore

/// What `copy` copied.
public struct CopyResult: Sendable, Hashable {
    public var plans: Int
    public var actions: Int
    public var changeGroups: Int
    public var auditEvents: Int
}

/// Copies a whole database — plans, milestones, findings, actions, notes, the audit trail and
/// the holiday table, with their ids — into an empty database of either kind
/// (`actionplan copy --to`, and `backup` from PostgreSQL). The search indexes are rebuilt in
/// the destination. Everything is read in one snapshot and written in one transaction: a
/// copy that fails leaves the destination as it was. On PostgreSQL the source's policies
/// apply (a login copies what it may see) and writing another person's history takes a login
/// that bypasses row-level security (docs/server.md).
public enum StoreCopy {
    /// Each table with the columns copied, parents before children.
    static var tables: [(name: String, columns: [String])] {
        [("plan", RecordColumns.plan.map(\.name)),
         ("milestone", RecordColumns.milestone.map(\.name)),
         ("finding", RecordColumns.finding.map(\.name)),
         ("action", RecordColumns.action.map(\.name)),
         ("note", RecordColumns.note.map(\.name)),
         ("change_group", ["id", "who", "at", "summary", "undone_by", "undoes", "account"]),
         ("audit_event", ["id", "change_group", "at", "who", "entity", "entity_id", "field", "old_value", "new_value", "plan_id", "action_id"])]
    }

    public static func copy(from source: any SQLPlanStore, to destination: any SQLPlanStore) throws(StoreError) -> CopyResult {
        try source.read { from in
            try destination.transaction { to in
                let used = try to.int("SELECT count(*) FROM change_group") ?? 0
                let plans = try to.int("SELECT count(*) FROM plan") ?? 0
                if used > 0 || plans > 0 {
                    throw StoreError.invalid(field: "copy", message: "\(destination.path) is not empty (\(plans) plans, \(used) changes): copy into a new database")
                }
                var counts: [String: Int] = [:]
                for table in tables {
                    let list = table.columns.joined(separator: ", ")
                    let insert = "INSERT INTO \(table.name) (\(list)) VALUES (\(sqlMarks(table.columns.count)))"
                    var n = 0
                    for row in try from.rows("SELECT \(list) FROM \(table.name) ORDER BY id") {
                        try to.execute(insert, row.values, cached: true)
                        n += 1
                    }
                    counts[table.name] = n
                }
                try to.execute("DELETE FROM bank_holiday")
                for row in try from.rows("SELECT day, name FROM bank_holiday ORDER BY day") {
                    try to.execute("INSERT INTO bank_holiday(day, name) VALUES (?, ?)", row.values, cached: true)
                }
                try ActionSearchIndex.insert(to, where: "TRUE")
                if to.dialect == .postgresql {
                    // Identity columns go on from the highest id copied.
                    for table in tables {
                        try to.execute("""
                            SELECT setval(pg_get_serial_sequence('\(table.name)', 'id'), coalesce((SELECT max(id) FROM \(table.name)), 0) + 1, false)
                            """)
                    }
                }
                return (CopyResult(plans: counts["plan"] ?? 0, actions: counts["action"] ?? 0, changeGroups: counts["change_group"] ?? 0,
                                   auditEvents: counts["audit_event"] ?? 0), true)
            }
        }
    }
}
