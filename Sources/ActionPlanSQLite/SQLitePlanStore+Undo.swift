import Foundation
import GRDB
import ActionPlanModel
import ActionPlanCore

extension SQLitePlanStore {
    static let undoableTables: Set<String> = ["plan", "milestone", "finding", "action", "note"]

    /// Reverts `who`'s last change group that is neither undone nor itself an undo, so that
    /// repeated undos walk back through that person's changes.
    ///
    /// Refused when a later change that still stands (not undone, not an undo of something
    /// later) touched a row the group touched, or anything inside a row the group created.
    public func undoLast(who: String) throws -> UndoResult {
        try write("undo", who: who) { change in
            let db = change.db
            guard let target = try Row.fetchOne(db, sql: """
                SELECT * FROM change_group WHERE who = ? AND undone_by IS NULL AND undoes IS NULL AND id < ?
                ORDER BY id DESC LIMIT 1
                """, arguments: [who, change.group]).map(Rows.group) else {
                throw StoreError.nothingToUndo(who: who)
            }
            let events = try Row.fetchAll(db, sql: "SELECT * FROM audit_event WHERE change_group = ? ORDER BY id",
                                          arguments: [target.id])
            var touched = Set<String>()
            var createdActions: [Int64] = [], createdPlans: [Int64] = []
            for row in events {
                let entity: String = row["entity"], id: Int64 = row["entity_id"], field: String = row["field"]
                touched.insert("\(entity):\(id)")
                if field == "*" && entity == "action" { createdActions.append(id) }
                if field == "*" && entity == "plan" { createdPlans.append(id) }
            }
            let later = try Row.fetchAll(db, sql: """
                SELECT e.*, g.who AS group_who, g.at AS group_at FROM audit_event e JOIN change_group g ON g.id = e.change_group
                WHERE e.change_group > ? AND e.change_group < ? AND g.undone_by IS NULL AND (g.undoes IS NULL OR g.undoes < ?)
                ORDER BY e.id
                """, arguments: [target.id, change.group, target.id])
            for row in later {
                let entity: String = row["entity"], id: Int64 = row["entity_id"]
                let actionId: Int64? = row["action_id"], planId: Int64? = row["plan_id"]
                let blocks = touched.contains("\(entity):\(id)")
                    || (actionId.map { createdActions.contains($0) } ?? false)
                    || (planId.map { createdPlans.contains($0) } ?? false)
                if blocks {
                    throw StoreError.undoBlocked(group: target.id, by: row["group_who"], at: Rows.date(row, "group_at"),
                                                 entity: entity, id: id)
                }
            }
            var restored: [String] = []
            var bumpActions = Set<Int64>()
            for row in events.reversed() {
                let entity: String = row["entity"], id: Int64 = row["entity_id"], field: String = row["field"]
                let old: String? = row["old_value"], new: String? = row["new_value"]
                let planId: Int64? = row["plan_id"], actionId: Int64? = row["action_id"]
                if entity == "holiday" && field == "table" {
                    try restoreHolidays(from: old, db: db)
                    try change.record("holiday", 0, field: "table", old: new, new: old)
                    restored.append("bank holidays")
                    continue
                }
                guard Self.undoableTables.contains(entity), field == "*" || field.allSatisfy({ $0.isLowercase || $0 == "_" }) else {
                    throw StoreError.failed("cannot undo change \(target.id): it holds an unknown field \(entity).\(field)")
                }
                if field == "*" {
                    guard old == nil else { continue }
                    try db.execute(sql: "DELETE FROM \(entity) WHERE id = ?", arguments: [id])
                    try change.record(entity, id, field: "*", old: new, new: nil, planId: planId, actionId: actionId)
                    restored.append("removed \(entity) \(id)")
                    bumpActions.remove(id)
                } else {
                    try db.execute(sql: "UPDATE \(entity) SET \(field) = ? WHERE id = ?", arguments: [old, id])
                    try change.record(entity, id, field: field, old: new, new: old, planId: planId, actionId: actionId)
                    restored.append("\(entity) \(id) \(field)")
                    if entity == "action" { bumpActions.insert(id) }
                }
            }
            for id in bumpActions {
                try db.execute(sql: "UPDATE action SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
                               arguments: [change.timestamp, who, id])
            }
            try db.execute(sql: "UPDATE change_group SET undone_by = ? WHERE id = ?", arguments: [change.group, target.id])
            try db.execute(sql: "UPDATE change_group SET undoes = ?, summary = ? WHERE id = ?",
                           arguments: [target.id, "undo \(target.id): \(target.summary)", change.group])
            var undone = target
            undone.undoneBy = change.group
            return UndoResult(undone: undone, restored: restored)
        }
    }

    private func restoreHolidays(from json: String?, db: Database) throws {
        try db.execute(sql: "DELETE FROM bank_holiday")
        guard let data = json?.data(using: .utf8),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: String] else { return }
        for (day, name) in object {
            try db.execute(sql: "INSERT INTO bank_holiday(day, name) VALUES (?, ?)", arguments: [day, name])
        }
    }
}
