import Foundation
import ActionPlanModel
import ActionPlanCore

/// Shaping a plan after import: moving an action, editing a finding, a plan, a milestone or a
/// note, and removal (a column, never a deletion), with the checks every write shares.
extension SQLPlanStore {
    /// The next reference under a finding ("P1.3"): never one an action of the plan has had,
    /// removed and moved-away actions included (the audit trail keeps every reference given).
    func nextActionRef(_ db: any SQLDatabase, finding: Finding) throws -> String {
        let highest = Self.highestActionNumbers(try actionRefs(db, planId: finding.planId))
        return "\(finding.ref).\((highest[finding.ref.uppercased()] ?? 0) + 1)"
    }

    /// Every reference an action of the plan has or had.
    func actionRefs(_ db: any SQLDatabase, planId: Int64) throws -> [String] {
        var refs = try db.strings("SELECT ref FROM action WHERE plan_id = ?", [planId])
        refs += try db.strings("""
            SELECT e.old_value FROM audit_event e WHERE e.entity = 'action' AND e.field = 'ref' AND e.plan_id = ? AND e.old_value IS NOT NULL
            """, [planId])
        return refs
    }

    /// The highest number under each finding reference (upper case) among action references
    /// ("P1.2" counts 2 for "P1"), in one pass: importing thousands of actions into a plan
    /// asks it once, not once an action.
    static func highestActionNumbers(_ refs: [String]) -> [String: Int] {
        var highest: [String: Int] = [:]
        for ref in refs {
            guard let dot = ref.lastIndex(of: "."), let number = Int(ref[ref.index(after: dot)...]) else { continue }
            let finding = ref[..<dot].uppercased()
            highest[finding] = max(highest[finding] ?? number, number)
        }
        return highest
    }

    /// Refuses a write to a removed record, or to one whose finding, action or plan was removed
    /// (`StoreError.removed` names the outermost).
    func refuseRemoved(_ db: any SQLDatabase, _ entity: AuditEntity, _ id: Int64) throws {
        let chain: String
        switch entity {
        case .plan: chain = "SELECT 'plan', p.id, p.removed FROM plan p WHERE p.id = ?"
        case .milestone: chain = """
            SELECT 'plan', p.id, p.removed FROM milestone m JOIN plan p ON p.id = m.plan_id WHERE m.id = ?
            UNION ALL SELECT 'milestone', m.id, m.removed FROM milestone m WHERE m.id = ?
            """
        case .finding: chain = """
            SELECT 'plan', p.id, p.removed FROM finding f JOIN plan p ON p.id = f.plan_id WHERE f.id = ?
            UNION ALL SELECT 'finding', f.id, f.removed FROM finding f WHERE f.id = ?
            """
        case .action: chain = """
            SELECT 'plan', p.id, p.removed FROM action a JOIN plan p ON p.id = a.plan_id WHERE a.id = ?
            UNION ALL SELECT 'finding', f.id, f.removed FROM action a JOIN finding f ON f.id = a.finding_id WHERE a.id = ?
            UNION ALL SELECT 'action', a.id, a.removed FROM action a WHERE a.id = ?
            """
        case .note: chain = """
            SELECT 'plan', p.id, p.removed FROM note n JOIN action a ON a.id = n.action_id JOIN plan p ON p.id = a.plan_id WHERE n.id = ?
            UNION ALL SELECT 'finding', f.id, f.removed FROM note n JOIN action a ON a.id = n.action_id JOIN finding f ON f.id = a.finding_id WHERE n.id = ?
            UNION ALL SELECT 'action', a.id, a.removed FROM note n JOIN action a ON a.id = n.action_id WHERE n.id = ?
            UNION ALL SELECT 'note', n.id, n.removed FROM note n WHERE n.id = ?
            """
        case .holiday: return
        }
        let marks = chain.filter { $0 == "?" }.count
        for row in try db.rows(chain, Array(repeating: id, count: marks)) {
            let r = Rows.Reader(row: row, table: row.string(0) ?? "", names: ["entity", "id", "removed"])
            if let removal = try r.removal(2) {
                throw StoreError.removed(entity: try r.string(0), id: try r.int64(1), removal: removal)
            }
        }
    }

    /// The position after a plan's last finding or milestone: where an added one goes.
    func nextPosition(_ db: any SQLDatabase, in table: AuditEntity, planId: Int64) throws -> Int {
        try db.int("SELECT coalesce(max(position), -1) + 1 FROM \(table.rawValue) WHERE plan_id = ?", [planId]) ?? 0
    }

    public func moveAction(id: Int64, toFinding findingId: Int64, who: String) throws -> Action {
        try write("move action \(id) to finding \(findingId)", who: who) { change in
            let db = change.db
            guard let current = try Rows.one(db, "SELECT \(Rows.actionSelectionPlain) FROM action WHERE id = ?", [id], Rows.action) else {
                throw StoreError.notFound(entity: "action", id: id)
            }
            guard let target = try Rows.one(db, "SELECT \(Rows.findingSelection) FROM finding WHERE id = ?", [findingId], Rows.finding) else {
                throw StoreError.notFound(entity: "finding", id: findingId)
            }
            try self.refuseRemoved(db, .action, id)
            try self.refuseRemoved(db, .finding, findingId)
            guard target.planId == current.planId else {
                throw StoreError.invalid(field: "finding", message: "finding \(findingId) is in plan \(target.planId), action \(id) in plan \(current.planId): an action moves only within its plan")
            }
            guard target.id != current.findingId else { return current }
            var next = current
            next.findingId = target.id
            next.ref = try self.nextActionRef(db, finding: target)
            _ = try change.update(from: current, to: next, RecordColumns.action, table: .action, id: id, planId: current.planId, actionId: id)
            try change.touch(actionId: id, planId: current.planId)
            return try Rows.one(db, "SELECT \(Rows.actionSelectionPlain) FROM action WHERE id = ?", [id], Rows.action)!
        }
    }

    public func updateFinding(id: Int64, changes: FindingChanges, who: String) throws -> Finding {
        if let text = changes.text { try Validate.text(text, field: "text") }
        if let path = changes.sectionPath { for part in path { try Validate.text(part, field: "section") } }
        return try write("edit finding \(id)", who: who) { change in
            guard let current = try Rows.one(change.db, "SELECT \(Rows.findingSelection) FROM finding WHERE id = ?", [id], Rows.finding) else {
                throw StoreError.notFound(entity: "finding", id: id)
            }
            try self.refuseRemoved(change.db, .finding, id)
            var next = current
            if let text = changes.text { next.text = text.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let category = changes.category { next.category = category }
            if let timeframe = changes.timeframe { next.timeframe = timeframe }
            if let path = changes.sectionPath { next.sectionPath = path.map { $0.trimmingCharacters(in: .whitespaces) } }
            _ = try change.update(from: current, to: next, RecordColumns.finding, table: .finding, id: id, planId: current.planId)
            return next
        }
    }

    public func updatePlan(id: Int64, changes: PlanChanges, who: String) throws -> Plan {
        if let title = changes.title { try Validate.text(title, field: "title") }
        if let authority = changes.authority { try Validate.text(authority, field: "authority") }
        let summary = changes.archived.map { $0 ? "archive plan \(id)" : "unarchive plan \(id)" } ?? "update plan \(id)"
        return try write(summary, who: who) { change in
            guard let current = try Rows.one(change.db, "SELECT \(Rows.planSelection) FROM plan WHERE id = ?", [id], Rows.plan) else {
                throw StoreError.notFound(entity: "plan", id: id)
            }
            try self.refuseRemoved(change.db, .plan, id)
            var next = current
            if let title = changes.title { next.title = title.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let authority = changes.authority { next.authority = authority.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let kind = changes.kind { next.kind = kind }
            if let archived = changes.archived { next.archived = archived }
            if let received = changes.received { next.received = received }
            _ = try change.update(from: current, to: next, RecordColumns.plan, table: .plan, id: id, planId: id)
            if next.received != current.received {
                // Deadlines derived from the received date move with it, visibly.
                let calendar = WorkingDayCalendar(holidays: try self.holidayTable(change.db))
                _ = try self.recomputeDerivedDates(planFilter: id, calendar: calendar, change: change)
            }
            return next
        }
    }

    public func addMilestone(_ milestone: Milestone, who: String) throws -> Int64 {
        try Validate.text(milestone.title, field: "title")
        guard try plan(id: milestone.planId) != nil else { throw StoreError.notFound(entity: "plan", id: milestone.planId) }
        return try write("add milestone to plan \(milestone.planId)", who: who) { change in
            try self.refuseRemoved(change.db, .plan, milestone.planId)
            var milestone = milestone
            milestone.title = milestone.title.trimmingCharacters(in: .whitespacesAndNewlines)
            milestone.position = try self.nextPosition(change.db, in: .milestone, planId: milestone.planId)
            milestone.removed = nil
            return try change.insert(milestone, RecordColumns.milestone, into: .milestone, planId: { $0.planId }).id
        }
    }

    public func updateMilestone(id: Int64, changes: MilestoneChanges, who: String) throws -> Milestone {
        if let title = changes.title { try Validate.text(title, field: "title") }
        let summary = changes.title == nil && changes.due == nil ? "milestone \(id) done" : "update milestone \(id)"
        return try write(summary, who: who) { change in
            guard let current = try Rows.one(change.db, "SELECT \(Rows.milestoneSelection) FROM milestone WHERE id = ?", [id], Rows.milestone) else {
                throw StoreError.notFound(entity: "milestone", id: id)
            }
            try self.refuseRemoved(change.db, .milestone, id)
            var next = current
            if let title = changes.title { next.title = title.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let due = changes.due, due != current.due {
                // A person has set the date: it no longer follows a rule.
                next.due = due
                next.rule = nil
            }
            if let done = changes.done { next.done = done }
            _ = try change.update(from: current, to: next, RecordColumns.milestone, table: .milestone, id: id, planId: current.planId)
            return next
        }
    }

    public func updateNote(id: Int64, text: String, who: String) throws -> Note {
        try Validate.text(text, field: "note")
        return try write("edit note \(id)", who: who) { change in
            guard let current = try Rows.one(change.db, "SELECT \(Rows.noteSelection) FROM note WHERE id = ?", [id], Rows.note) else {
                throw StoreError.notFound(entity: "note", id: id)
            }
            try self.refuseRemoved(change.db, .note, id)
            guard current.author == who else { throw StoreError.notYours(entity: "note", id: id, owner: current.author) }
            var next = current
            next.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let planId = try change.db.int64("SELECT plan_id FROM action WHERE id = ?", [current.actionId])
            if try change.update(from: current, to: next, RecordColumns.note, table: .note, id: id, planId: planId, actionId: current.actionId),
               let planId {
                try change.touch(actionId: current.actionId, planId: planId)
            }
            return next
        }
    }

    public func remove(_ entity: AuditEntity, id: Int64, reason: String, who: String) throws {
        try Validate.text(reason, field: "reason", what: "why it is removed")
        guard AuditEntity.rowTables.contains(entity) else {
            throw StoreError.invalid(field: "remove", message: "\(entity.rawValue) records cannot be removed")
        }
        let _: Void? = try write("remove \(entity.rawValue) \(id)", who: who) { change in
            let db = change.db
            guard try db.row("SELECT 1 FROM \(entity.rawValue) WHERE id = ?", [id]) != nil else {
                throw StoreError.notFound(entity: entity.rawValue, id: id)
            }
            try self.refuseRemoved(db, entity, id)
            let removal = Removal(at: change.at, by: who, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines))
            let text = RemovalText.text(removal)
            try change.changeOne("UPDATE \(entity.rawValue) SET removed = ? WHERE id = ?", [text, id], entity: entity.rawValue, id: id)
            var planId: Int64?
            var actionId: Int64?
            switch entity {
            case .plan: planId = id
            case .milestone, .finding, .action:
                planId = try db.int64("SELECT plan_id FROM \(entity.rawValue) WHERE id = ?", [id])
                if entity == .action { actionId = id }
            case .note:
                actionId = try db.int64("SELECT action_id FROM note WHERE id = ?", [id])
                planId = try actionId.flatMap { try db.int64("SELECT plan_id FROM action WHERE id = ?", [$0]) }
            case .holiday: break
            }
            try change.record(entity.rawValue, id, field: "removed", old: nil, new: text, planId: planId, actionId: actionId)
            if entity == .action || entity == .note, let actionId, let planId { try change.touch(actionId: actionId, planId: planId) }
        }
    }
}
