import Foundation
import GRDB
import ActionPlanModel
import ActionPlanCore

extension SQLitePlanStore {
    public func createPlans(_ drafts: [PlanDraft], who: String, refusingDuplicates: Bool) throws -> [Int64] {
        guard !drafts.isEmpty else { return [] }
        for draft in drafts {
            try Validate.text(draft.plan.authority, field: "authority")
            try Validate.text(draft.plan.title, field: "title")
        }
        let summary = drafts.count == 1 ? "create plan \(drafts[0].plan.title)" : "create \(drafts.count) plans"
        return try write(summary, who: who) { change in
            var ids: [Int64] = []
            for (index, draft) in drafts.enumerated() {
                if refusingDuplicates, let hash = draft.plan.contentHash,
                   let existing = try Rows.one(change.db, "SELECT \(Rows.planSelection) FROM plan WHERE content_hash = ? ORDER BY id LIMIT 1",
                                               [hash], Rows.plan) {
                    throw StoreError.alreadyImported(index: index, planId: existing.id, title: existing.title)
                }
                ids.append(try insertPlan(draft, change: change))
            }
            return ids
        }
    }

    private func insertPlan(_ draft: PlanDraft, change: ChangeRecorder) throws -> Int64 {
        var plan = draft.plan
        let who = change.who
        plan.createdAt = change.at
        plan.createdBy = who
        let planId = try change.insert(plan, RecordColumns.plan, into: .plan, planId: { $0.id }).id
        for (index, draftMilestone) in draft.milestones.enumerated() {
            var milestone = draftMilestone
            milestone.planId = planId
            milestone.position = index
            _ = try change.insert(milestone, RecordColumns.milestone, into: .milestone, planId: { $0.planId })
        }
        for (index, draftFinding) in draft.findings.enumerated() {
            var finding = draftFinding.finding
            finding.planId = planId
            finding.position = index
            let findingId = try change.insert(finding, RecordColumns.finding, into: .finding, planId: { $0.planId }).id
            for (number, draftAction) in draftFinding.actions.enumerated() {
                var action = draftAction
                action.planId = planId
                action.findingId = findingId
                action.ref = "\(finding.ref).\(number + 1)"
                let actionId = try insertAction(action, change: change)
                try insertNotes(draftFinding.notes[number] ?? [], actionId: actionId, planId: planId, change: change)
            }
        }
        return planId
    }

    private func insertNotes(_ notes: [Note], actionId: Int64, planId: Int64, change: ChangeRecorder) throws {
        for draftNote in notes {
            var note = draftNote
            note.actionId = actionId
            note.createdAt = change.at
            note.text = note.text.trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try change.insert(note, RecordColumns.note, into: .note, planId: { _ in planId }, actionId: { $0.actionId })
        }
    }

    public func addFindings(_ drafts: [FindingDraft], planId: Int64, who: String) throws -> [Int64] {
        guard !drafts.isEmpty else { return [] }
        for draft in drafts {
            try Validate.text(draft.finding.text, field: "text")
            for action in draft.actions { try Validate.text(action.title, field: "title") }
            for note in draft.notes.values.joined() { try Validate.text(note.text, field: "note") }
        }
        guard try plan(id: planId) != nil else { throw StoreError.notFound(entity: "plan", id: planId) }
        let summary = drafts.count == 1 ? "add finding to plan \(planId)" : "add \(drafts.count) findings to plan \(planId)"
        return try write(summary, who: who) { change in
            try self.refuseRemoved(change.db, .plan, planId)
            var position = try Int.fetchOne(change.db, sql: "SELECT coalesce(max(position), -1) + 1 FROM finding WHERE plan_id = ?",
                                            arguments: [planId]) ?? 0
            var refs = Set(try String.fetchAll(change.db, sql: "SELECT upper(ref) FROM finding WHERE plan_id = ?", arguments: [planId]))
            var ids: [Int64] = []
            for draft in drafts {
                var finding = draft.finding
                finding.planId = planId
                finding.position = position
                position += 1
                if finding.ref.isEmpty || refs.contains(finding.ref.uppercased()) {
                    var number = 1
                    while refs.contains("\(finding.category.refPrefix)\(number)".uppercased()) { number += 1 }
                    finding.ref = "\(finding.category.refPrefix)\(number)"
                }
                refs.insert(finding.ref.uppercased())
                let findingId = try change.insert(finding, RecordColumns.finding, into: .finding, planId: { $0.planId }).id
                let stored = Finding(id: findingId, planId: planId, ref: finding.ref, category: finding.category, text: finding.text)
                for (number, draftAction) in draft.actions.enumerated() {
                    var action = draftAction
                    action.planId = planId
                    action.findingId = findingId
                    action.ref = try self.nextActionRef(change.db, finding: stored)
                    let actionId = try insertAction(action, change: change)
                    try insertNotes(draft.notes[number] ?? [], actionId: actionId, planId: planId, change: change)
                }
                ids.append(findingId)
            }
            return ids
        }
    }

    public func addFinding(_ finding: Finding, who: String) throws -> Int64 {
        try Validate.text(finding.text, field: "text")
        guard try plan(id: finding.planId) != nil else { throw StoreError.notFound(entity: "plan", id: finding.planId) }
        return try write("add finding to plan \(finding.planId)", who: who) { change in
            try self.refuseRemoved(change.db, .plan, finding.planId)
            var finding = finding
            let next = try Int.fetchOne(change.db, sql: "SELECT coalesce(max(position), -1) + 1 FROM finding WHERE plan_id = ?",
                                        arguments: [finding.planId]) ?? 0
            finding.position = next
            if finding.ref.isEmpty {
                let count = try Int.fetchOne(change.db, sql: "SELECT count(*) FROM finding WHERE plan_id = ? AND category = ?",
                                             arguments: [finding.planId, finding.category.rawValue]) ?? 0
                finding.ref = "\(finding.category.refPrefix)\(count + 1)"
            }
            return try change.insert(finding, RecordColumns.finding, into: .finding, planId: { $0.planId }).id
        }
    }

    public func addAction(_ action: Action, who: String) throws -> Int64 {
        try Validate.text(action.title, field: "title")
        guard let finding = try finding(id: action.findingId) else {
            throw StoreError.notFound(entity: "finding", id: action.findingId)
        }
        return try write("add action to finding \(finding.id)", who: who) { change in
            try self.refuseRemoved(change.db, .finding, finding.id)
            var action = action
            action.planId = finding.planId
            action.ref = try self.nextActionRef(change.db, finding: finding)
            return try insertAction(action, change: change)
        }
    }

    /// The next reference under a finding ("P1.3"): never one an action of the plan has had,
    /// removed and moved-away actions included (the audit trail keeps every reference given).
    func nextActionRef(_ db: Database, finding: Finding) throws -> String {
        var refs = try String.fetchAll(db, sql: "SELECT ref FROM action WHERE plan_id = ?", arguments: [finding.planId])
        refs += try String.fetchAll(db, sql: """
            SELECT e.old_value FROM audit_event e WHERE e.entity = 'action' AND e.field = 'ref' AND e.plan_id = ? AND e.old_value IS NOT NULL
            """, arguments: [finding.planId])
        let prefix = finding.ref.uppercased() + "."
        let highest = refs.filter { $0.uppercased().hasPrefix(prefix) }
            .compactMap { Int($0.dropFirst(prefix.count)) }.max() ?? 0
        return "\(finding.ref).\(highest + 1)"
    }

    /// Refuses a write to a removed record, or to one whose finding, action or plan was removed
    /// (`StoreError.removed` names the outermost).
    func refuseRemoved(_ db: Database, _ entity: AuditEntity, _ id: Int64) throws {
        let chain: String
        switch entity {
        case .plan: chain = "SELECT 'plan', p.id, p.removed FROM plan p WHERE p.id = ?1"
        case .milestone: chain = """
            SELECT 'plan', p.id, p.removed FROM milestone m JOIN plan p ON p.id = m.plan_id WHERE m.id = ?1
            UNION ALL SELECT 'milestone', m.id, m.removed FROM milestone m WHERE m.id = ?1
            """
        case .finding: chain = """
            SELECT 'plan', p.id, p.removed FROM finding f JOIN plan p ON p.id = f.plan_id WHERE f.id = ?1
            UNION ALL SELECT 'finding', f.id, f.removed FROM finding f WHERE f.id = ?1
            """
        case .action: chain = """
            SELECT 'plan', p.id, p.removed FROM action a JOIN plan p ON p.id = a.plan_id WHERE a.id = ?1
            UNION ALL SELECT 'finding', f.id, f.removed FROM action a JOIN finding f ON f.id = a.finding_id WHERE a.id = ?1
            UNION ALL SELECT 'action', a.id, a.removed FROM action a WHERE a.id = ?1
            """
        case .note: chain = """
            SELECT 'plan', p.id, p.removed FROM note n JOIN action a ON a.id = n.action_id JOIN plan p ON p.id = a.plan_id WHERE n.id = ?1
            UNION ALL SELECT 'finding', f.id, f.removed FROM note n JOIN action a ON a.id = n.action_id JOIN finding f ON f.id = a.finding_id WHERE n.id = ?1
            UNION ALL SELECT 'action', a.id, a.removed FROM note n JOIN action a ON a.id = n.action_id WHERE n.id = ?1
            UNION ALL SELECT 'note', n.id, n.removed FROM note n WHERE n.id = ?1
            """
        case .holiday: return
        }
        for row in try Row.fetchAll(db, sql: chain, arguments: [id]) {
            let r = Rows.Reader(row: row, table: row[0], names: ["entity", "id", "removed"])
            if let removal = try r.removal(2) {
                throw StoreError.removed(entity: try r.string(0), id: try r.int64(1), removal: removal)
            }
        }
    }

    private func insertAction(_ action: Action, change: ChangeRecorder) throws -> Int64 {
        var action = action
        action.owner = Validate.clean(action.owner)
        action.successMeasure = Validate.clean(action.successMeasure)
        action.evidence = Validate.clean(action.evidence)
        action.version = 1
        action.createdAt = change.at
        action.updatedAt = change.at
        action.updatedBy = change.who
        return try change.insert(action, RecordColumns.action, into: .action, planId: { $0.planId }, actionId: { $0.id }).id
    }

    public func updateAction(id: Int64, changes: ActionChanges, expectVersion: Int?, who: String, today: Day) throws -> Action {
        try Self.check(changes)
        return try write("update action \(id)", who: who) { change in
            try self.apply(changes, toAction: id, expectVersion: expectVersion, today: today, change: change)
        }
    }

    public func updateActions(ids: [Int64], changes: ActionChanges, expectVersions: [Int64: Int]?, who: String, today: Day) throws -> [Action] {
        try Self.check(changes)
        var seen = Set<Int64>()
        let unique = ids.filter { seen.insert($0).inserted }
        guard !unique.isEmpty else { return [] }
        if unique.count == 1 {
            return [try updateAction(id: unique[0], changes: changes, expectVersion: expectVersions?[unique[0]], who: who, today: today)]
        }
        let summary = "update actions " + unique.map(String.init).joined(separator: ", ")
        // When every action already had those values, nothing is recorded and the group rolls back.
        return try write(summary, who: who) { change in
            try unique.map { id in
                try self.apply(changes, toAction: id, expectVersion: expectVersions?[id], today: today, change: change)
            }
        }
    }

    /// Refuses changes no action may take, before any transaction starts.
    static func check(_ changes: ActionChanges) throws(StoreError) {
        if let title = changes.title { try Validate.text(title, field: "title") }
        if let note = changes.note { try Validate.text(note, field: "note") }
        if case .some(.some(let override)) = changes.ragOverride {
            guard RAG.overridable.contains(override.rag) else {
                throw StoreError.invalid(field: "rag", message: "'\(override.rag.rawValue)' cannot be set by hand: expected red, amber or green")
            }
            try Validate.text(override.reason, field: "reason", what: "a reason for the colour")
        }
    }

    /// Applies `changes` to one action inside a change group.
    func apply(_ changes: ActionChanges, toAction id: Int64, expectVersion: Int?, today: Day, change: ChangeRecorder) throws -> Action {
        let db = change.db
        guard let current = try Rows.one(db, "SELECT \(Rows.actionSelectionPlain) FROM action WHERE id = ?", [id], Rows.action) else {
            throw StoreError.notFound(entity: "action", id: id)
        }
        try refuseRemoved(db, .action, id)
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
        if let due = changes.due { next.setDue(due) }
        var changed = try change.update(from: current, to: next, RecordColumns.action, table: .action, id: id,
                                        planId: current.planId, actionId: id)
        if let text = changes.note {
            let note = Note(actionId: id, author: change.who, day: today, createdAt: change.at,
                            text: text.trimmingCharacters(in: .whitespacesAndNewlines))
            _ = try change.insert(note, RecordColumns.note, into: .note, planId: { _ in current.planId }, actionId: { $0.actionId })
            changed = true
        }
        if changed { try change.touch(actionId: id, planId: current.planId) }
        return try Rows.one(db, "SELECT \(Rows.actionSelectionPlain) FROM action WHERE id = ?", [id], Rows.action)!
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
            milestone.position = try Int.fetchOne(change.db, sql: "SELECT coalesce(max(position), -1) + 1 FROM milestone WHERE plan_id = ?",
                                                  arguments: [milestone.planId]) ?? 0
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
            let planId = try Int64.fetchOne(change.db, sql: "SELECT plan_id FROM action WHERE id = ?", arguments: [current.actionId])
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
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM \(entity.rawValue) WHERE id = ?", arguments: [id]) != nil else {
                throw StoreError.notFound(entity: entity.rawValue, id: id)
            }
            try self.refuseRemoved(db, entity, id)
            let removal = Removal(at: change.at, by: who, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines))
            let text = RemovalText.text(removal)
            try db.execute(sql: "UPDATE \(entity.rawValue) SET removed = ? WHERE id = ?", arguments: [text, id])
            var planId: Int64?
            var actionId: Int64?
            switch entity {
            case .plan: planId = id
            case .milestone, .finding, .action:
                planId = try Int64.fetchOne(db, sql: "SELECT plan_id FROM \(entity.rawValue) WHERE id = ?", arguments: [id])
                if entity == .action { actionId = id }
            case .note:
                actionId = try Int64.fetchOne(db, sql: "SELECT action_id FROM note WHERE id = ?", arguments: [id])
                planId = try actionId.flatMap { try Int64.fetchOne(db, sql: "SELECT plan_id FROM action WHERE id = ?", arguments: [$0]) }
            case .holiday: break
            }
            try change.record(entity.rawValue, id, field: "removed", old: nil, new: text, planId: planId, actionId: actionId)
            if entity == .action || entity == .note, let actionId, let planId { try change.touch(actionId: actionId, planId: planId) }
        }
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
        let holidays = try Rows.all(db, "SELECT day, name FROM bank_holiday ORDER BY day") { row in
            let r = Rows.Reader(row: row, table: "bank_holiday", names: ["day", "name"])
            return BankHoliday(day: try r.day(0), name: try r.string(1))
        }
        return HolidayTable(holidays: holidays)
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
        for plan in try Rows.all(db, "SELECT \(Rows.planSelection) FROM plan", [], Rows.plan) { received[plan.id] = plan.received }
        var moved: [MovedDeadline] = []
        let actions = try Rows.all(db, """
            SELECT \(Rows.actionSelectionPlain) FROM action WHERE due_rule IS NOT NULL AND status IN ('not_started', 'in_progress')
            AND (? IS NULL OR plan_id = ?) ORDER BY id
            """, [planFilter, planFilter], Rows.action)
        for action in actions {
            guard let rule = action.dueRule, let start = received[action.planId], let old = action.due else { continue }
            let new = rule.due(received: start, calendar: calendar)
            guard new != old else { continue }
            var next = action
            next.due = new
            _ = try change.update(from: action, to: next, RecordColumns.action, table: .action, id: action.id,
                                  planId: action.planId, actionId: action.id)
            try change.touch(actionId: action.id, planId: action.planId)
            moved.append(MovedDeadline(entity: "action", id: action.id, title: action.title, oldDue: old, newDue: new))
        }
        let milestones = try Rows.all(db, """
            SELECT \(Rows.milestoneSelection) FROM milestone WHERE rule IS NOT NULL AND done IS NULL AND (? IS NULL OR plan_id = ?) ORDER BY id
            """, [planFilter, planFilter], Rows.milestone)
        for milestone in milestones {
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
