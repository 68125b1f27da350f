import Foundation
import ActionPlanModel
import ActionPlanCore
@testable import ActionPlanReports

/// A plan's life written as a script: every change updates the rows and records audit events
/// the way the store does (one event per changed column, old and new values as text, a created
/// row as a JSON object of its columns), so a test knows both the history and the state at
/// every moment.
struct ScriptedHistory {
    var plans: [Int64: Plan] = [:]
    var milestones: [Int64: Milestone] = [:]
    var findings: [Int64: Finding] = [:]
    var actions: [Int64: Action] = [:]
    var notes: [Int64: Note] = [:]
    var events: [AuditEvent] = []
    private var nextId: [String: Int64] = [:]
    private var group: Int64 = 0

    static func at(_ iso: String, _ time: String = "09:00") -> Date {
        let day = Day(iso: iso)!
        let parts = time.split(separator: ":").map { Int($0)! }
        return Date(timeIntervalSince1970: Double(day.dayNumber * 86_400 + parts[0] * 3600 + parts[1] * 60))
    }

    private mutating func id(_ entity: String) -> Int64 {
        let n = (nextId[entity] ?? 0) + 1
        nextId[entity] = n
        return n
    }

    private mutating func record(_ at: Date, _ who: String, _ entity: String, _ id: Int64, _ field: String,
                                 _ old: String?, _ new: String?) {
        events.append(AuditEvent(id: Int64(events.count + 1), changeGroup: group, at: at, who: who, entity: entity,
                                 entityId: id, field: field, oldValue: old, newValue: new))
    }

    @discardableResult
    mutating func createPlan(_ title: String, authority: String, kind: DocumentKind, letter: String, received: String,
                             at: Date, who: String) -> Int64 {
        group += 1
        let pid = id("plan")
        let plan = Plan(id: pid, title: title, authority: authority, kind: kind, letterDate: Day(iso: letter),
                        received: Day(iso: received)!, sourceFile: "\(kind.rawValue).txt", createdAt: at, createdBy: who)
        plans[pid] = plan
        record(at, who, "plan", pid, "*", nil, RecordSnapshot.make(plan, RecordColumns.plan))
        return pid
    }

    @discardableResult
    mutating func addMilestone(plan: Int64, _ title: String, due: String, rule: DeadlineRule, at: Date, who: String) -> Int64 {
        let mid = id("milestone")
        milestones[mid] = Milestone(id: mid, planId: plan, title: title, due: Day(iso: due), rule: rule)
        record(at, who, "milestone", mid, "*", nil, RecordSnapshot.make(milestones[mid]!, RecordColumns.milestone))
        return mid
    }

    mutating func setMilestoneDone(_ mid: Int64, _ done: String?, at: Date, who: String) {
        group += 1
        let old = milestones[mid]!.done?.iso
        milestones[mid]!.done = done.flatMap { Day(iso: $0) }
        record(at, who, "milestone", mid, "done", old, done)
    }

    @discardableResult
    mutating func addFinding(plan: Int64, ref: String, _ category: FindingCategory, section: [String], _ text: String,
                             at: Date, who: String) -> Int64 {
        let fid = id("finding")
        let position = findings.values.filter { $0.planId == plan }.count + 1
        findings[fid] = Finding(id: fid, planId: plan, ref: ref, category: category, sectionPath: section, text: text,
                                position: position)
        record(at, who, "finding", fid, "*", nil, RecordSnapshot.make(findings[fid]!, RecordColumns.finding))
        return fid
    }

    @discardableResult
    mutating func addAction(finding: Int64, _ title: String, owner: String? = nil, due: String? = nil,
                            provisional: Bool = false, status: ActionStatus = .notStarted, measure: String? = nil,
                            evidence: String? = nil, at: Date, who: String, newGroup: Bool = false) -> Int64 {
        if newGroup { group += 1 }
        let aid = id("action")
        let f = findings[finding]!
        let action = Action(id: aid, findingId: finding, planId: f.planId, title: title, owner: owner, due: due.flatMap { Day(iso: $0) },
                            dueProvisional: provisional, status: status, successMeasure: measure, evidence: evidence,
                            createdAt: at, updatedAt: at, updatedBy: who,
                            ref: "\(f.ref).\(actions.values.filter { $0.findingId == finding }.count + 1)")
        actions[aid] = action
        record(at, who, "action", aid, "*", nil, RecordSnapshot.make(action, RecordColumns.action))
        return aid
    }

    /// Changes an action as the store does: a moved due date keeps the original and counts
    /// the move; every changed column is one event, the version and the last-changed stamps
    /// included.
    mutating func update(_ aid: Int64, at: Date, who: String, _ change: (inout Action) -> Void) {
        group += 1
        let before = actions[aid]!
        var after = before
        change(&after)
        if after.due != before.due, before.due != nil, after.due != nil {
            if after.originalDue == nil { after.originalDue = before.due }
            after.reprogramCount += 1
            after.dueProvisional = false
        }
        after.version += 1
        after.updatedAt = at
        after.updatedBy = who
        recordChanges(aid, from: before, to: after, at: at, who: who)
        actions[aid] = after
    }

    @discardableResult
    mutating func addNote(_ aid: Int64, _ text: String, day: String? = nil, at: Date, who: String) -> Int64 {
        group += 1
        let nid = id("note")
        let noteDay = day.flatMap { Day(iso: $0) } ?? Clockless(timeZone: TimeZone(identifier: "UTC")!).day(of: at)
        notes[nid] = Note(id: nid, actionId: aid, author: who, day: noteDay, createdAt: at, text: text)
        record(at, who, "note", nid, "*", nil, RecordSnapshot.make(notes[nid]!, RecordColumns.note))
        // As the store does: a note is a change of its action.
        let before = actions[aid]!
        actions[aid]!.version += 1
        actions[aid]!.updatedAt = at
        actions[aid]!.updatedBy = who
        recordChanges(aid, from: before, to: actions[aid]!, at: at, who: who)
        return nid
    }

    private mutating func recordChanges(_ aid: Int64, from before: Action, to after: Action, at: Date, who: String) {
        for column in RecordColumns.action where column.text(before) != column.text(after) {
            record(at, who, "action", aid, column.name, column.text(before), column.text(after))
        }
    }

    /// The snapshot as the store would hand it over now: current rows, the newest note of each
    /// action only, every event.
    func snapshot(allNotes: Bool = false) -> ReportSnapshot {
        let latest = ReportSnapshot(plans: [], milestones: [], findings: [], actions: [], notes: Array(notes.values)).latestNotes()
        return ReportSnapshot(plans: plans.values.sorted { $0.id < $1.id },
                              milestones: milestones.values.sorted { $0.id < $1.id },
                              findings: findings.values.sorted { $0.id < $1.id },
                              actions: actions.values.sorted { $0.id < $1.id },
                              notes: allNotes ? notes.values.sorted { $0.id < $1.id } : latest.values.sorted { $0.id < $1.id },
                              auditEvents: events)
    }
}
