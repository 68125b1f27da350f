import Foundation
import ActionPlanModel
import ActionPlanCore

extension SQLPlanStore {
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
        let findings = draft.findings.enumerated().map { index, draftFinding in
            var finding = draftFinding.finding
            finding.planId = planId
            finding.position = index
            return finding
        }
        _ = try insertFindings(draft.findings, as: findings, planId: planId, change: change) { finding, number in "\(finding.ref).\(number + 1)" }
        return planId
    }

    /// Writes new findings of one plan with their actions and notes (an import's bulk): every
    /// finding, then every action, then every note, each table in multi-row statements
    /// (`ChangeRecorder.insertAll`), and then their creation events in the order one row at a
    /// time would have written them — each finding, then each of its actions followed by its
    /// notes — so the rows, their ids and the audit trail are what they were when each row was
    /// inserted on its own. `ref` names the action `number` (from 0) of a finding. 500 findings
    /// at a time, each batch whole before the next, so an import of 50,000 actions holds one
    /// batch's rows and snapshots at once, not all of them.
    private func insertFindings(_ drafts: [FindingDraft], as findings: [Finding], planId: Int64, change: ChangeRecorder,
                                ref: (Finding, Int) throws -> String) throws -> [Int64] {
        let batch = 500
        var ids: [Int64] = []
        for start in stride(from: 0, to: drafts.count, by: batch) {
            let end = min(start + batch, drafts.count)
            ids += try insertFindingBatch(Array(drafts[start..<end]), as: Array(findings[start..<end]), planId: planId, change: change, ref: ref)
        }
        return ids
    }

    private func insertFindingBatch(_ drafts: [FindingDraft], as findings: [Finding], planId: Int64, change: ChangeRecorder,
                                    ref: (Finding, Int) throws -> String) throws -> [Int64] {
        let (stored, findingCreations) = try change.insertAll(findings, RecordColumns.finding, into: .finding, planId: { $0.planId })
        var actions: [Action] = []
        for (draft, finding) in zip(drafts, stored) {
            for (number, draftAction) in draft.actions.enumerated() {
                var action = draftAction
                action.planId = planId
                action.findingId = finding.id
                action.ref = try ref(finding, number)
                actions.append(Self.newAction(action, change: change))
            }
        }
        let (storedActions, actionCreations) = try change.insertAll(actions, RecordColumns.action, into: .action,
                                                                    planId: { $0.planId }, actionId: { $0.id })
        var notes: [Note] = []
        var actionIndex = 0
        for draft in drafts {
            for number in draft.actions.indices {
                notes += (draft.notes[number] ?? []).map { Self.newNote($0, actionId: storedActions[actionIndex].id, change: change) }
                actionIndex += 1
            }
        }
        let (_, noteCreations) = try change.insertAll(notes, RecordColumns.note, into: .note, planId: { _ in planId }, actionId: { $0.actionId })
        var creations: [ChangeRecorder.Creation] = []
        creations.reserveCapacity(findingCreations.count + actionCreations.count + noteCreations.count)
        actionIndex = 0
        var noteIndex = 0
        for (index, draft) in drafts.enumerated() {
            creations.append(findingCreations[index])
            for number in draft.actions.indices {
                creations.append(actionCreations[actionIndex])
                actionIndex += 1
                let count = draft.notes[number]?.count ?? 0
                creations += noteCreations[noteIndex..<(noteIndex + count)]
                noteIndex += count
            }
        }
        try change.recordCreations(creations)
        return stored.map(\.id)
    }

    /// A note as the store writes it under `actionId`.
    private static func newNote(_ draft: Note, actionId: Int64, change: ChangeRecorder) -> Note {
        var note = draft
        note.actionId = actionId
        note.createdAt = change.at
        note.text = Validate.trimmed(note.text)
        return note
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
            var position = try self.nextPosition(change.db, in: .finding, planId: planId)
            var refs = Set(try change.db.strings("SELECT upper(ref) FROM finding WHERE plan_id = ?", [planId]))
            var findings: [Finding] = []
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
                findings.append(finding)
            }
            // The plan's action references are read once; each one given counts for the next.
            var highest = Self.highestActionNumbers(try self.actionRefs(change.db, planId: planId))
            return try self.insertFindings(drafts, as: findings, planId: planId, change: change) { finding, _ in
                let number = (highest[finding.ref.uppercased()] ?? 0) + 1
                highest[finding.ref.uppercased()] = number
                return "\(finding.ref).\(number)"
            }
        }
    }

    public func addFinding(_ finding: Finding, who: String) throws -> Int64 {
        try Validate.text(finding.text, field: "text")
        guard try plan(id: finding.planId) != nil else { throw StoreError.notFound(entity: "plan", id: finding.planId) }
        return try write("add finding to plan \(finding.planId)", who: who) { change in
            try self.refuseRemoved(change.db, .plan, finding.planId)
            var finding = finding
            let next = try self.nextPosition(change.db, in: .finding, planId: finding.planId)
            finding.position = next
            if finding.ref.isEmpty {
                let count = try change.db.int("SELECT count(*) FROM finding WHERE plan_id = ? AND category = ?",
                                                  [finding.planId, finding.category.rawValue]) ?? 0
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

    private func insertAction(_ action: Action, change: ChangeRecorder) throws -> Int64 {
        try change.insert(Self.newAction(action, change: change), RecordColumns.action, into: .action, planId: { $0.planId }, actionId: { $0.id }).id
    }

    /// An action as the store first writes it: cleaned texts, version 1, stamped by the change.
    private static func newAction(_ draft: Action, change: ChangeRecorder) -> Action {
        var action = draft
        action.owner = Validate.clean(action.owner)
        action.successMeasure = Validate.clean(action.successMeasure)
        action.evidence = Validate.clean(action.evidence)
        action.version = 1
        action.createdAt = change.at
        action.updatedAt = change.at
        action.updatedBy = change.who
        return action
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

    public func replaceHolidays(_ holidays: [BankHoliday], who: String) throws -> [MovedDeadline] {
        guard !holidays.isEmpty else { throw StoreError.invalid(field: "holidays", message: "the new table is empty") }
        let moved: [MovedDeadline]? = try write("replace bank holidays", who: who) { change in
            let db = change.db
            let oldRows = try db.rows("SELECT day, name FROM bank_holiday ORDER BY day")
            let oldTable = Self.holidayJSON(oldRows.map { ($0.string(0) ?? "", $0.string(1) ?? "") })
            let newTable = Self.holidayJSON(holidays.map { ($0.day.iso, $0.name) })
            if oldTable == newTable { return [] }
            try db.execute("DELETE FROM bank_holiday")
            for holiday in holidays {
                try db.execute("INSERT INTO bank_holiday(day, name) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET name = excluded.name", [holiday.day.iso, holiday.name])
            }
            try change.record("holiday", 0, field: "table", old: oldTable, new: newTable)
            let calendar = WorkingDayCalendar(holidays: HolidayTable(holidays: holidays))
            return try self.recomputeDerivedDates(planFilter: nil, calendar: calendar, change: change)
        }
        return moved ?? []
    }

    func holidayTable(_ db: any SQLDatabase) throws -> HolidayTable {
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
            AND \(planFilter == nil ? "TRUE" : "plan_id = ?") ORDER BY id
            """, planFilter.map { [$0] } ?? [], Rows.action)
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
            SELECT \(Rows.milestoneSelection) FROM milestone WHERE rule IS NOT NULL AND done IS NULL AND \(planFilter == nil ? "TRUE" : "plan_id = ?") ORDER BY id
            """, planFilter.map { [$0] } ?? [], Rows.milestone)
        for milestone in milestones {
            guard let rule = milestone.rule, let start = received[milestone.planId], let old = milestone.due else { continue }
            let new = rule.due(received: start, calendar: calendar)
            guard new != old else { continue }
            try change.changeOne("UPDATE milestone SET due = ? WHERE id = ?", [new.iso, milestone.id], entity: "milestone", id: milestone.id)
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
        guard let trimmed = value.map(trimmed), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// `value` without white space or line breaks at either end (`.whitespacesAndNewlines`).
    /// Most values begin and end with a visible ASCII character, which is not one: they are
    /// returned as they are, without Foundation's bridging (an import trims every field).
    static func trimmed(_ value: String) -> String {
        func visible(_ byte: UInt8?) -> Bool { byte.map { $0 > 0x20 && $0 < 0x7F } ?? false }
        if visible(value.utf8.first) && visible(value.utf8.last) { return value }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
