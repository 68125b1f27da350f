import Foundation
import GRDB
import ActionPlanModel
import ActionPlanCore

extension SQLitePlanStore {
    public func createPlan(_ draft: PlanDraft, who: String) throws -> Int64 {
        let plan = draft.plan
        try Validate.text(plan.authority, field: "authority")
        try Validate.text(plan.title, field: "title")
        return try write("create plan \(plan.title)", who: who) { change in
            let db = change.db
            try db.execute(sql: """
                INSERT INTO plan(title, authority, kind, letter_date, received, visit_dates, inspectors, source_file,
                                 content_hash, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [plan.title, plan.authority, plan.kind.rawValue, plan.letterDate?.iso, plan.received.iso,
                                 Rows.json(plan.visitDates.map(\.iso)), Rows.json(plan.inspectors), plan.sourceFile,
                                 plan.contentHash, change.timestamp, who])
            let planId = db.lastInsertedRowID
            try change.recordCreated("plan", planId, planId: planId, actionId: nil)
            for (index, milestone) in draft.milestones.enumerated() {
                try db.execute(sql: "INSERT INTO milestone(plan_id, title, due, rule, done, position) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [planId, milestone.title, milestone.due?.iso, milestone.rule?.code,
                                           milestone.done?.iso, index])
                try change.recordCreated("milestone", db.lastInsertedRowID, planId: planId, actionId: nil)
            }
            for (index, draftFinding) in draft.findings.enumerated() {
                var finding = draftFinding.finding
                finding.planId = planId
                finding.position = index
                let findingId = try insertFinding(finding, change: change)
                for var action in draftFinding.actions {
                    action.planId = planId
                    action.findingId = findingId
                    _ = try insertAction(action, change: change)
                }
            }
            return planId
        }
    }

    public func addFinding(_ finding: Finding, who: String) throws -> Int64 {
        try Validate.text(finding.text, field: "text")
        guard try plan(id: finding.planId) != nil else { throw StoreError.notFound(entity: "plan", id: finding.planId) }
        return try write("add finding to plan \(finding.planId)", who: who) { change in
            var finding = finding
            let next = try Int.fetchOne(change.db, sql: "SELECT coalesce(max(position), -1) + 1 FROM finding WHERE plan_id = ?",
                                        arguments: [finding.planId]) ?? 0
            finding.position = next
            if finding.ref.isEmpty {
                let count = try Int.fetchOne(change.db, sql: "SELECT count(*) FROM finding WHERE plan_id = ? AND category = ?",
                                             arguments: [finding.planId, finding.category.rawValue]) ?? 0
                finding.ref = "\(finding.category.refPrefix)\(count + 1)"
            }
            return try insertFinding(finding, change: change)
        }
    }

    public func addAction(_ action: Action, who: String) throws -> Int64 {
        try Validate.text(action.title, field: "title")
        guard let finding = try finding(id: action.findingId) else {
            throw StoreError.notFound(entity: "finding", id: action.findingId)
        }
        return try write("add action to finding \(finding.id)", who: who) { change in
            var action = action
            action.planId = finding.planId
            return try insertAction(action, change: change)
        }
    }

    private func insertFinding(_ finding: Finding, change: ChangeRecorder) throws -> Int64 {
        try change.db.execute(sql: """
            INSERT INTO finding(plan_id, ref, category, timeframe, section_path, text, source_location, position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [finding.planId, finding.ref, finding.category.rawValue, finding.timeframe.rawValue,
                             Rows.json(finding.sectionPath), finding.text, finding.sourceLocation, finding.position])
        let id = change.db.lastInsertedRowID
        try change.recordCreated("finding", id, planId: finding.planId, actionId: nil)
        return id
    }

    private func insertAction(_ action: Action, change: ChangeRecorder) throws -> Int64 {
        try change.db.execute(sql: """
            INSERT INTO action(finding_id, plan_id, title, owner, due, due_provisional, due_rule, original_due, reprogram_count,
                               status, rag_override, rag_reason, success_measure, evidence, version, created_at, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
            """, arguments: [action.findingId, action.planId, action.title, Validate.clean(action.owner), action.due?.iso,
                             action.dueProvisional, action.dueRule?.code, action.originalDue?.iso, action.reprogramCount,
                             action.status.rawValue, action.ragOverride?.rawValue, action.ragReason,
                             Validate.clean(action.successMeasure), Validate.clean(action.evidence),
                             change.timestamp, change.timestamp, change.who])
        let id = change.db.lastInsertedRowID
        try change.recordCreated("action", id, planId: action.planId, actionId: id)
        return id
    }

    public func updateAction(id: Int64, changes: ActionChanges, expectVersion: Int?, who: String, today: Day) throws -> Action {
        if let title = changes.title { try Validate.text(title, field: "title") }
        if let note = changes.note { try Validate.text(note, field: "note") }
        if case .some(.some(let override)) = changes.ragOverride {
            guard RAG.overridable.contains(override.rag) else {
                throw StoreError.invalid(field: "rag", message: "'\(override.rag.rawValue)' cannot be set by hand: expected red, amber or green")
            }
            try Validate.text(override.reason, field: "reason", what: "a reason for the colour")
        }
        return try write("update action \(id)", who: who) { change in
            let db = change.db
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Rows.actionSelection("action")) FROM action WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound(entity: "action", id: id)
            }
            let current = Rows.action(row)
            if let expectVersion, expectVersion != current.version {
                throw StoreError.stale(entity: "action", id: id, expected: expectVersion, current: current.version,
                                       by: current.updatedBy, at: current.updatedAt)
            }
            var next = current
            if let title = changes.title { next.title = title.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let status = changes.status { next.status = status }
            if let owner = changes.owner { next.owner = Validate.clean(owner) }
            if let measure = changes.successMeasure { next.successMeasure = Validate.clean(measure) }
            if let evidence = changes.evidence { next.evidence = Validate.clean(evidence) }
            if let override = changes.ragOverride {
                next.ragOverride = override?.rag
                next.ragReason = override.map { $0.reason.trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            if let due = changes.due {
                if due != current.due, let old = current.due {
                    next.originalDue = current.originalDue ?? old
                    next.reprogramCount = current.reprogramCount + 1
                }
                next.due = due
                // A person has set the date: it is no longer a provisional, rule-derived one.
                next.dueProvisional = false
                next.dueRule = nil
            }
            let changed = try self.recordActionChanges(from: current, to: next, change: change)
            if let text = changes.note {
                try db.execute(sql: "INSERT INTO note(action_id, author, day, created_at, text) VALUES (?, ?, ?, ?, ?)",
                               arguments: [id, who, today.iso, change.timestamp, text.trimmingCharacters(in: .whitespacesAndNewlines)])
                try change.recordCreated("note", db.lastInsertedRowID, planId: current.planId, actionId: id)
            }
            if changed || changes.note != nil {
                try db.execute(sql: "UPDATE action SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
                               arguments: [change.timestamp, who, id])
            }
            return Rows.action(try Row.fetchOne(db, sql: "SELECT \(Rows.actionSelection("action")) FROM action WHERE id = ?", arguments: [id])!)
        }
    }

    /// Writes the changed columns of an action and an audit event for each. Returns whether
    /// anything changed.
    func recordActionChanges(from old: Action, to new: Action, change: ChangeRecorder) throws -> Bool {
        let columns: [(String, String?, String?)] = [
            ("title", old.title, new.title),
            ("status", old.status.rawValue, new.status.rawValue),
            ("owner", old.owner, new.owner),
            ("due", old.due?.iso, new.due?.iso),
            ("due_provisional", old.dueProvisional ? "1" : "0", new.dueProvisional ? "1" : "0"),
            ("due_rule", old.dueRule?.code, new.dueRule?.code),
            ("original_due", old.originalDue?.iso, new.originalDue?.iso),
            ("reprogram_count", String(old.reprogramCount), String(new.reprogramCount)),
            ("rag_override", old.ragOverride?.rawValue, new.ragOverride?.rawValue),
            ("rag_reason", old.ragReason, new.ragReason),
            ("success_measure", old.successMeasure, new.successMeasure),
            ("evidence", old.evidence, new.evidence),
        ]
        var changed = false
        for (column, before, after) in columns where before != after {
            try change.db.execute(sql: "UPDATE action SET \(column) = ? WHERE id = ?", arguments: [after, old.id])
            try change.record("action", old.id, field: column, old: before, new: after, planId: old.planId, actionId: old.id)
            changed = true
        }
        return changed
    }

    public func updatePlan(id: Int64, received: Day?, title: String?, who: String) throws -> Plan {
        if let title { try Validate.text(title, field: "title") }
        let result: Plan? = try write("update plan \(id)", who: who) { change in
            guard let plan = try Row.fetchOne(change.db, sql: "SELECT * FROM plan WHERE id = ?", arguments: [id]).map(Rows.plan) else {
                throw StoreError.notFound(entity: "plan", id: id)
            }
            if let title, title != plan.title {
                try change.db.execute(sql: "UPDATE plan SET title = ? WHERE id = ?", arguments: [title, id])
                try change.record("plan", id, field: "title", old: plan.title, new: title, planId: id)
            }
            if let received, received != plan.received {
                try change.db.execute(sql: "UPDATE plan SET received = ? WHERE id = ?", arguments: [received.iso, id])
                try change.record("plan", id, field: "received", old: plan.received.iso, new: received.iso, planId: id)
                // Deadlines derived from the received date move with it, visibly.
                let calendar = WorkingDayCalendar(holidays: try self.holidayTable(change.db))
                _ = try self.recomputeDerivedDates(planFilter: id, calendar: calendar, change: change)
            }
            return try Row.fetchOne(change.db, sql: "SELECT * FROM plan WHERE id = ?", arguments: [id]).map(Rows.plan)
        }
        if let result { return result }
        guard let plan = try plan(id: id) else { throw StoreError.notFound(entity: "plan", id: id) }
        return plan
    }

    public func setMilestoneDone(id: Int64, done: Day?, who: String) throws -> Milestone {
        let result: Milestone? = try write("milestone \(id) done", who: who) { change in
            guard let milestone = try Row.fetchOne(change.db, sql: "SELECT * FROM milestone WHERE id = ?", arguments: [id]).map(Rows.milestone) else {
                throw StoreError.notFound(entity: "milestone", id: id)
            }
            if milestone.done != done {
                try change.db.execute(sql: "UPDATE milestone SET done = ? WHERE id = ?", arguments: [done?.iso, id])
                try change.record("milestone", id, field: "done", old: milestone.done?.iso, new: done?.iso, planId: milestone.planId)
            }
            return try Row.fetchOne(change.db, sql: "SELECT * FROM milestone WHERE id = ?", arguments: [id]).map(Rows.milestone)
        }
        if let result { return result }
        guard let milestone = try milestones(planId: nil).first(where: { $0.id == id }) else {
            throw StoreError.notFound(entity: "milestone", id: id)
        }
        return milestone
    }

    public func replaceHolidays(_ holidays: [BankHoliday], who: String) throws -> [MovedDeadline] {
        guard !holidays.isEmpty else { throw StoreError.invalid(field: "holidays", message: "the new table is empty") }
        let moved: [MovedDeadline]? = try write("replace bank holidays", who: who) { change in
            let db = change.db
            let oldRows = try Row.fetchAll(db, sql: "SELECT day, name FROM bank_holiday ORDER BY day")
            let oldTable = Self.holidayJSON(oldRows.map { ($0["day"] as String, $0["name"] as String) })
            let newTable = Self.holidayJSON(holidays.map { ($0.day.iso, $0.name) })
            if oldTable == newTable { return [] }
            try db.execute(sql: "DELETE FROM bank_holiday")
            for holiday in holidays {
                try db.execute(sql: "INSERT OR REPLACE INTO bank_holiday(day, name) VALUES (?, ?)", arguments: [holiday.day.iso, holiday.name])
            }
            try change.record("holiday", 0, field: "table", old: oldTable, new: newTable)
            let calendar = WorkingDayCalendar(holidays: HolidayTable(holidays: holidays))
            return try self.recomputeDerivedDates(planFilter: nil, calendar: calendar, change: change)
        }
        return moved ?? []
    }

    func holidayTable(_ db: Database) throws -> HolidayTable {
        let rows = try Row.fetchAll(db, sql: "SELECT day, name FROM bank_holiday ORDER BY day")
        return HolidayTable(holidays: rows.compactMap { row in Rows.day(row, "day").map { BankHoliday(day: $0, name: row["name"]) } })
    }

    static func holidayJSON(_ pairs: [(String, String)]) -> String {
        let object = Dictionary(pairs, uniquingKeysWith: { a, _ in a })
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Recomputes every open action's and every pending milestone's rule-derived due date;
    /// records each one that moves.
    func recomputeDerivedDates(planFilter: Int64?, calendar: WorkingDayCalendar, change: ChangeRecorder) throws -> [MovedDeadline] {
        let db = change.db
        var received: [Int64: Day] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, received FROM plan") {
            if let day = Rows.day(row, "received") { received[row["id"]] = day }
        }
        var moved: [MovedDeadline] = []
        let actionRows = try Row.fetchAll(db, sql: """
            SELECT \(Rows.actionSelection("action")) FROM action WHERE due_rule IS NOT NULL AND status IN ('not_started', 'in_progress')
            AND (? IS NULL OR plan_id = ?) ORDER BY id
            """, arguments: [planFilter, planFilter])
        for row in actionRows {
            let action = Rows.action(row)
            guard let rule = action.dueRule, let start = received[action.planId], let old = action.due else { continue }
            let new = rule.due(received: start, calendar: calendar)
            guard new != old else { continue }
            try db.execute(sql: "UPDATE action SET due = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
                           arguments: [new.iso, change.timestamp, change.who, action.id])
            try change.record("action", action.id, field: "due", old: old.iso, new: new.iso, planId: action.planId, actionId: action.id)
            moved.append(MovedDeadline(entity: "action", id: action.id, title: action.title, oldDue: old, newDue: new))
        }
        let milestoneRows = try Row.fetchAll(db, sql: """
            SELECT * FROM milestone WHERE rule IS NOT NULL AND done IS NULL AND (? IS NULL OR plan_id = ?) ORDER BY id
            """, arguments: [planFilter, planFilter])
        for row in milestoneRows {
            let milestone = Rows.milestone(row)
            guard let rule = milestone.rule, let start = received[milestone.planId], let old = milestone.due else { continue }
            let new = rule.due(received: start, calendar: calendar)
            guard new != old else { continue }
            try db.execute(sql: "UPDATE milestone SET due = ? WHERE id = ?", arguments: [new.iso, milestone.id])
            try change.record("milestone", milestone.id, field: "due", old: old.iso, new: new.iso, planId: milestone.planId)
            moved.append(MovedDeadline(entity: "milestone", id: milestone.id, title: milestone.title, oldDue: old, newDue: new))
        }
        return moved
    }
}

/// Checks of values a person typed.
enum Validate {
    static func text(_ value: String, field: String, what: String = "some text") throws(StoreError) {
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalid(field: field, message: "is empty: expected \(what)")
        }
        if value.utf8.count > 100_000 {
            throw .invalid(field: field, message: "is longer than 100,000 bytes")
        }
    }

    /// Trimmed text, or nil for nothing or only spaces.
    static func clean(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
