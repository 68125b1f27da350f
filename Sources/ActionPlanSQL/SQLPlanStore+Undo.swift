import Foundation
import ActionPlanModel
import ActionPlanCore

extension SQLPlanStore {
    /// Reverts `who`'s last change group that is neither undone nor itself an undo, so that
    /// repeated undos walk back through that person's changes.
    ///
    /// Refused when a later change that still stands (not undone, not an undo of something
    /// later) touched a row the group touched, or anything inside a row the group created.
    /// Bookkeeping columns (an action's version and who changed it last) are not set back:
    /// a version only goes up, so the undo bumps it like any change.
    public func undoLast(who: String) throws -> UndoResult {
        try write("undo", who: who) { change in
            let db = change.db
            // Only the same person on the same operating-system account: a name given with --as
            // does not let one account undo another's work. Groups recorded before accounts were
            // (NULL) go by the name alone.
            guard let target = try Rows.one(db, """
                SELECT \(Rows.groupColumns) FROM change_group WHERE who = ? AND undone_by IS NULL AND undoes IS NULL AND id < ?
                AND \(account == nil ? "TRUE" : "(account IS NULL OR account = ?)")
                ORDER BY id DESC LIMIT 1
                """, [who, change.group] + (account.map { [$0] } ?? []), Rows.group) else {
                throw StoreError.nothingToUndo(who: who)
            }
            let events = try Rows.all(db, "SELECT \(Rows.auditColumns), e.plan_id, e.action_id FROM \(Rows.auditSource) WHERE e.change_group = ? ORDER BY e.id",
                                      [target.id]) { row in (event: try Rows.audit(row), planId: row.int64(10), actionId: row.int64(11)) }
            var touched = Set<String>()
            var createdActions = Set<Int64>(), createdPlans = Set<Int64>()
            for (event, _, _) in events {
                touched.insert("\(event.entity):\(event.entityId)")
                if event.isCreation && event.kind == .action { createdActions.insert(event.entityId) }
                if event.isCreation && event.kind == .plan { createdPlans.insert(event.entityId) }
            }
            let later = try Rows.all(db, """
                SELECT e.entity, e.entity_id, e.plan_id, e.action_id, g.who, g.at FROM audit_event e JOIN change_group g ON g.id = e.change_group
                WHERE e.change_group > ? AND e.change_group < ? AND g.undone_by IS NULL AND (g.undoes IS NULL OR g.undoes < ?)
                ORDER BY e.id
                """, [target.id, change.group, target.id]) { row in row.copy() }
            for row in later {
                let entity = row.string(0) ?? "", id = row.int64(1) ?? 0
                let planId = row.int64(2), actionId = row.int64(3)
                let blocks = touched.contains("\(entity):\(id)")
                    || (actionId.map { createdActions.contains($0) } ?? false)
                    || (planId.map { createdPlans.contains($0) } ?? false)
                if blocks {
                    let r = Rows.Reader(row: row, table: "change_group", names: ["entity", "entity_id", "plan_id", "action_id", "who", "at"])
                    throw StoreError.undoBlocked(group: target.id, by: try r.string(4), at: try r.date(5), entity: entity, id: id)
                }
            }
            var restored: [String] = []
            var bumpActions: [Int64: Int64] = [:]
            for (event, planId, actionId) in events.reversed() {
                let id = event.entityId
                guard let kind = event.kind else {
                    throw StoreError.failed("cannot undo change \(target.id): it holds an unknown kind of record '\(event.entity)'")
                }
                if kind == .holiday {
                    guard event.field == "table" else { continue }
                    try restoreHolidays(from: event.oldValue, db: db)
                    try change.record("holiday", 0, field: "table", old: event.newValue, new: event.oldValue)
                    restored.append("bank holidays")
                    continue
                }
                if event.field == "*" {
                    guard event.isCreation else { continue }
                    // Recorded while the row (and its plan) still exists, so that a shared database's
                    // policies can tell whose plan the event is about; children go before parents.
                    try change.record(kind.rawValue, id, field: "*", old: event.newValue, new: nil, planId: planId, actionId: actionId)
                    try change.changeOne("DELETE FROM \(kind.rawValue) WHERE id = ?", [id], entity: kind.rawValue, id: id)
                    restored.append("removed \(kind.rawValue) \(id)")
                    bumpActions[id] = nil
                    continue
                }
                guard kind.columnNames.contains(event.field) else {
                    throw StoreError.failed("cannot undo change \(target.id): it holds an unknown field \(event.entity).\(event.field)")
                }
                if kind.isBookkeeping(column: event.field) { continue }
                try change.changeOne("UPDATE \(kind.rawValue) SET \(event.field) = ? WHERE id = ?", [event.oldValue, id], entity: kind.rawValue, id: id)
                try change.record(kind.rawValue, id, field: event.field, old: event.newValue, new: event.oldValue,
                                  planId: planId, actionId: actionId)
                restored.append("\(kind.rawValue) \(id) \(event.field)")
                if kind == .action, let planId { bumpActions[id] = planId }
                if kind == .note, let actionId, let planId { bumpActions[actionId] = planId }
            }
            // Removing a note changes its action as much as adding one did.
            for (event, planId, actionId) in events where event.kind == .note && event.isCreation {
                if let actionId, let planId, try db.int("SELECT count(*) FROM action WHERE id = ?", [actionId]) == 1 {
                    bumpActions[actionId] = planId
                }
            }
            for (actionId, planId) in bumpActions.sorted(by: { $0.key < $1.key }) {
                try change.touch(actionId: actionId, planId: planId)
            }
            try db.execute("UPDATE change_group SET undone_by = ? WHERE id = ?", [change.group, target.id])
            try db.execute("UPDATE change_group SET undoes = ?, summary = ? WHERE id = ?",
                           [target.id, "undo \(target.id): \(target.summary)", change.group])
            var undone = target
            undone.undoneBy = change.group
            return UndoResult(undone: undone, restored: restored)
        }
    }

    private func restoreHolidays(from json: String?, db: any SQLDatabase) throws {
        try db.execute("DELETE FROM bank_holiday")
        guard let data = json?.data(using: .utf8),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: String] else { return }
        for (day, name) in object {
            try db.execute("INSERT INTO bank_holiday(day, name) VALUES (?, ?)", [day, name])
        }
    }
}
