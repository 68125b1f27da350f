import Foundation
import ActionPlanModel
@testable import ActionPlanSQLite
import ActionPlanCore

/// A `PlanStore` in memory, for screen tests before (and independently of) the SQLite store.
/// It keeps what the UI relies on: versions and stale refusal with who and when, an audit
/// trail, notes newest first, undo of one's own last change, and a change token.
final class InMemoryPlanStore: PlanStore, @unchecked Sendable {
    private let lock = NSLock()
    private var _plans: [Plan] = []
    private var _milestones: [Milestone] = []
    private var _findings: [Finding] = []
    private var _actions: [Int64: Action] = [:]
    private var _notes: [Note] = []
    private var _events: [AuditEvent] = []
    private var _groups: [ChangeGroup] = []
    /// What each change group replaced, so undo can put it back.
    private var before: [Int64: (actions: [Int64: Action?], notes: [Int64])] = [:]
    private var nextId: Int64 = 1
    private var token: Int64 = 0
    /// The clock of the fake: each write is one minute after the previous one.
    private var clock = Date(timeIntervalSince1970: 1_795_000_000)
    /// Counts reads of all actions, so tests can check what a frame costs.
    private(set) var actionQueries = 0
    /// The last query of `actions`, so tests can check what a screen asks for.
    private(set) var lastActionQuery: ActionQuery?

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private func newId() -> Int64 {
        defer { nextId += 1 }
        return nextId
    }

    private func tick() -> Date {
        clock = clock.addingTimeInterval(60)
        return clock
    }

    private func openGroup(_ who: String, _ summary: String) -> ChangeGroup {
        let g = ChangeGroup(id: newId(), who: who, at: tick(), summary: summary)
        _groups.append(g)
        before[g.id] = ([:], [])
        token += 1
        return g
    }

    private func audit(_ g: ChangeGroup, _ entity: String, _ id: Int64, _ field: String, _ old: String?, _ new: String?) {
        _events.append(AuditEvent(id: newId(), changeGroup: g.id, at: g.at, who: g.who, entity: entity, entityId: id,
                                  field: field, oldValue: old, newValue: new))
    }

    // MARK: Reading

    func plans() throws -> [Plan] { locked { _plans } }
    func plan(id: Int64) throws -> Plan? { locked { _plans.first { $0.id == id } } }
    func milestones(planId: Int64?) throws -> [Milestone] { locked { _milestones.filter { planId == nil || $0.planId == planId } } }
    func findings(planId: Int64?) throws -> [Finding] { locked { _findings.filter { planId == nil || $0.planId == planId } } }
    func finding(id: Int64) throws -> Finding? { locked { _findings.first { $0.id == id } } }

    func actions(_ query: ActionQuery) throws -> [Action] {
        locked {
            actionQueries += 1
            lastActionQuery = query
            return _actions.values.filter { a in
                if let p = query.planIds, !p.contains(a.planId) { return false }
                if let f = query.findingId, a.findingId != f { return false }
                if let s = query.statuses, !s.contains(a.status) { return false }
                if let o = query.owner, a.owner != o { return false }
                return true
            }.sorted { $0.id < $1.id }
        }
    }

    func action(planId: Int64, ref: String) throws -> Action? {
        try actions(ActionQuery(planIds: [planId])).first { $0.ref.lowercased() == ref.lowercased() }
    }

    func action(id: Int64) throws -> Action? { locked { _actions[id] } }

    func notes(actionId: Int64) throws -> [Note] {
        locked { _notes.filter { $0.actionId == actionId }.sorted { ($0.day, $0.id) > ($1.day, $1.id) } }
    }

    func latestNotes(actionIds: [Int64]?) throws -> [Int64: Note] {
        locked {
            var result: [Int64: Note] = [:]
            for n in _notes where actionIds == nil || actionIds!.contains(n.actionId) {
                if let old = result[n.actionId], (old.day, old.id) > (n.day, n.id) { continue }
                result[n.actionId] = n
            }
            return result
        }
    }

    func history(entity: String, id: Int64) throws -> [AuditEvent] {
        locked {
            let noteIds = Set(_notes.filter { entity == "action" && $0.actionId == id }.map(\.id))
            return _events.filter { ($0.entity == entity && $0.entityId == id) || ($0.entity == "note" && noteIds.contains($0.entityId)) }
        }
    }

    func auditEvents(since: Date?) throws -> [AuditEvent] { locked { _events.filter { since == nil || $0.at >= since! } } }
    func owners() throws -> [String] { locked { Array(Set(_actions.values.compactMap(\.owner))).sorted() } }
    func holidayTable() throws -> HolidayTable { .rulesOnly }
    func changeToken() throws -> Int64 { locked { token } }
    func plan(contentHash: String) throws -> Plan? { locked { _plans.first { $0.contentHash == contentHash } } }

    // MARK: Writing

    func createPlan(_ draft: PlanDraft, who: String) throws -> Int64 {
        try locked {
            let g = openGroup(who, "create plan")
            var plan = draft.plan
            plan.id = newId()
            _plans.append(plan)
            for var m in draft.milestones {
                m.id = newId()
                m.planId = plan.id
                _milestones.append(m)
            }
            for fd in draft.findings {
                var f = fd.finding
                f.id = newId()
                f.planId = plan.id
                _findings.append(f)
                for var a in fd.actions {
                    a.id = newId()
                    a.findingId = f.id
                    a.planId = plan.id
                    _actions[a.id] = a
                    audit(g, "action", a.id, "*", nil, a.title)
                }
            }
            if _plans.count > 1_000_000 { throw StoreError.failed("too many plans") }
            return plan.id
        }
    }

    func addFinding(_ finding: Finding, who: String) throws -> Int64 {
        locked {
            _ = openGroup(who, "add finding")
            var f = finding
            f.id = newId()
            _findings.append(f)
            return f.id
        }
    }

    func addAction(_ action: Action, who: String) throws -> Int64 {
        try locked {
            guard _findings.contains(where: { $0.id == action.findingId }) else {
                throw StoreError.notFound(entity: "finding", id: action.findingId)
            }
            let g = openGroup(who, "add action")
            var a = action
            a.id = newId()
            a.version = 1
            _actions[a.id] = a
            before[g.id]!.actions[a.id] = .some(nil)
            audit(g, "action", a.id, "*", nil, a.title)
            return a.id
        }
    }

    func updateAction(id: Int64, changes: ActionChanges, expectVersion: Int?, who: String, today: Day) throws -> Action {
        try locked {
            guard var a = _actions[id] else { throw StoreError.notFound(entity: "action", id: id) }
            if let expected = expectVersion, expected != a.version {
                throw StoreError.stale(entity: "action", id: id, expected: expected, current: a.version, by: a.updatedBy, at: a.updatedAt)
            }
            if let title = changes.title, title.trimmingCharacters(in: .whitespaces).isEmpty {
                throw StoreError.invalid(field: "title", message: "cannot be empty")
            }
            let g = openGroup(who, "update \(id)")
            before[g.id]!.actions[id] = .some(a)
            let old = a
            if let v = changes.title { a.title = v; audit(g, "action", id, "title", old.title, v) }
            if let v = changes.status { a.status = v; audit(g, "action", id, "status", old.status.rawValue, v.rawValue) }
            if let v = changes.owner { a.owner = v; audit(g, "action", id, "owner", old.owner, v) }
            if let v = changes.due {
                if a.due != nil, a.due != v {
                    if a.originalDue == nil { a.originalDue = a.due }
                    a.reprogramCount += 1
                }
                a.due = v
                a.dueProvisional = false
                a.dueRule = nil
                audit(g, "action", id, "due", old.due?.iso, v?.iso)
            }
            if let v = changes.successMeasure { a.successMeasure = v; audit(g, "action", id, "success_measure", old.successMeasure, v) }
            if let v = changes.evidence { a.evidence = v; audit(g, "action", id, "evidence", old.evidence, v) }
            if let v = changes.ragOverride {
                a.ragOverride = v?.rag
                a.ragReason = v?.reason
                audit(g, "action", id, "rag_override", old.ragOverride?.rawValue, v?.rag.rawValue)
            }
            if let text = changes.note {
                let note = Note(id: newId(), actionId: id, author: who, day: today, createdAt: g.at, text: text)
                _notes.append(note)
                before[g.id]!.notes.append(note.id)
                audit(g, "note", note.id, "*", nil, text)
            }
            a.version += 1
            a.updatedAt = g.at
            a.updatedBy = who
            _actions[id] = a
            return a
        }
    }

    func updatePlan(id: Int64, received: Day?, title: String?, who: String) throws -> Plan {
        try locked {
            guard let i = _plans.firstIndex(where: { $0.id == id }) else { throw StoreError.notFound(entity: "plan", id: id) }
            _ = openGroup(who, "update plan \(id)")
            if let received { _plans[i].received = received }
            if let title { _plans[i].title = title }
            return _plans[i]
        }
    }

    func setMilestoneDone(id: Int64, done: Day?, who: String) throws -> Milestone {
        try locked {
            guard let i = _milestones.firstIndex(where: { $0.id == id }) else { throw StoreError.notFound(entity: "milestone", id: id) }
            _ = openGroup(who, "milestone \(id)")
            _milestones[i].done = done
            return _milestones[i]
        }
    }

    func undoLast(who: String) throws -> UndoResult {
        try locked {
            guard let gi = _groups.lastIndex(where: { $0.who == who && $0.undoneBy == nil && $0.undoes == nil }),
                  let saved = before[_groups[gi].id] else {
                throw StoreError.nothingToUndo(who: who)
            }
            let group = _groups[gi]
            for later in _groups[(gi + 1)...] where later.undoes == nil {
                if let touched = before[later.id]?.actions.keys.first(where: { saved.actions[$0] != nil }) {
                    throw StoreError.undoBlocked(group: group.id, by: later.who, at: later.at, entity: "action", id: touched)
                }
            }
            let undo = openGroup(who, "undo \(group.id)")
            _groups[_groups.count - 1].undoes = group.id
            _groups[gi].undoneBy = undo.id
            var restored: [String] = []
            for (id, old) in saved.actions {
                if let old {
                    var back = old
                    back.version = (_actions[id]?.version ?? old.version) + 1
                    back.updatedAt = undo.at
                    back.updatedBy = who
                    _actions[id] = back
                } else {
                    _actions[id] = nil
                }
                restored.append("action \(id)")
            }
            _notes.removeAll { saved.notes.contains($0.id) }
            return UndoResult(undone: group, restored: restored)
        }
    }

    func replaceHolidays(_ holidays: [BankHoliday], who: String) throws -> [MovedDeadline] { [] }
    func backup(to path: String) throws { throw StoreError.failed("the in-memory store cannot back up") }
}
