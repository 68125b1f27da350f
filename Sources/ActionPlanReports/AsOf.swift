import Foundation
import ActionPlanModel
import ActionPlanCore

extension ReportSnapshot {
    /// The snapshot as it stood at the end of `day`: every audit event after that day is
    /// rolled back (a changed field gets its old value, a row created later disappears, a row
    /// deleted later comes back), and the events after it are dropped.
    ///
    /// The audit trail records old and new values as text: dates `YYYY-MM-DD`, enums by raw
    /// value, null as nil; a created or deleted row as a JSON object of its columns.
    public func asOf(_ day: Day, timeZone: TimeZone) -> ReportSnapshot {
        let cutoff = Clockless(timeZone: timeZone).start(of: day.adding(days: 1))
        let ordered = auditEvents.sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        let split = ordered.firstIndex { $0.at >= cutoff } ?? ordered.count
        let before = ordered[..<split]
        let after = ordered[split...]
        if after.isEmpty {
            var copy = self
            copy.auditEvents = Array(before)
            copy.notes = notes.filter { $0.createdAt < cutoff && $0.day <= day }
            return copy.addingNotes(from: before, through: day)
        }

        var plans = Dictionary(self.plans.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var milestones = Dictionary(self.milestones.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var findings = Dictionary(self.findings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var actions = Dictionary(self.actions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var notes = Dictionary(self.notes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        // Each later event is rolled back through the column definitions the store wrote it
        // with: a changed column gets its old text, a created row goes, a removed row returns
        // from its snapshot. Versions and last-changed stamps are recorded like any column.
        for event in after.reversed() {
            let id = event.entityId
            switch event.kind {
            case .plan: AsOfReplay.undo(event, in: &plans, RecordColumns.plan, blank: AsOfReplay.blankPlan)
            case .milestone: AsOfReplay.undo(event, in: &milestones, RecordColumns.milestone, blank: AsOfReplay.blankMilestone)
            case .finding: AsOfReplay.undo(event, in: &findings, RecordColumns.finding, blank: AsOfReplay.blankFinding)
            case .action: AsOfReplay.undo(event, in: &actions, RecordColumns.action, blank: AsOfReplay.blankAction)
            case .note: AsOfReplay.undo(event, in: &notes, RecordColumns.note, blank: AsOfReplay.blankNote)
            case .holiday, nil: _ = id
            }
        }

        let keptPlans = Set(plans.keys)
        var result = ReportSnapshot(
            plans: plans.values.sorted { $0.id < $1.id },
            milestones: milestones.values.filter { keptPlans.contains($0.planId) }.sorted { $0.id < $1.id },
            findings: findings.values.filter { keptPlans.contains($0.planId) }.sorted { $0.id < $1.id },
            actions: actions.values.filter { keptPlans.contains($0.planId) }.sorted { $0.id < $1.id },
            notes: notes.values.filter { $0.createdAt < cutoff && $0.day <= day && actions[$0.actionId] != nil }
                .sorted { $0.id < $1.id },
            auditEvents: Array(before))
        result = result.addingNotes(from: before, through: day)
        result.recurrences = recurrences
        return result
    }

    /// Adds the notes whose creation the audit trail records but the snapshot lacks (the store
    /// hands over only the newest note of each action, which may be after the as-of date).
    private func addingNotes(from events: ArraySlice<AuditEvent>, through day: Day) -> ReportSnapshot {
        var known = Set(notes.map(\.id))
        let actionIds = Set(actions.map(\.id))
        // Notes removed by then (and not brought back) stay out.
        var removedThen: [Int64: Bool] = [:]
        for event in events where event.kind == .note && event.field == "removed" { removedThen[event.entityId] = event.newValue != nil }
        var copy = self
        for event in events where event.kind == .note && event.isCreation {
            guard !known.contains(event.entityId), removedThen[event.entityId] != true,
                  let note = AsOfReplay.created(event.newValue, RecordColumns.note, blank: AsOfReplay.blankNote) else { continue }
            guard note.day <= day, actionIds.contains(note.actionId) else { continue }
            known.insert(note.id)
            copy.notes.append(note)
        }
        return copy
    }
}

/// Rolling one audit event back on a set of records.
enum AsOfReplay {
    static func undo<R>(_ event: AuditEvent, in records: inout [Int64: R], _ columns: [RecordColumn<R>], blank: R) {
        let id = event.entityId
        if event.isCreation {
            records[id] = nil
        } else if event.isRemoval {
            if records[id] == nil, let values = RecordSnapshot.values(event.oldValue) {
                records[id] = RecordSnapshot.apply(values, to: blank, columns).record
            }
        } else if var record = records[id] {
            _ = RecordSnapshot.set(event.field, event.oldValue, on: &record, columns)
            records[id] = record
        }
    }

    /// A record created from a snapshot: what the snapshot lacks stays as here.
    static func created<R>(_ json: String?, _ columns: [RecordColumn<R>], blank: R) -> R? {
        guard let values = RecordSnapshot.values(json) else { return nil }
        return RecordSnapshot.apply(values, to: blank, columns).record
    }

    static let epoch = Date(timeIntervalSince1970: 0)
    static let blankPlan = Plan(title: "", authority: "", kind: .other, letterDate: nil, received: Day(dayNumber: 0),
                                createdAt: epoch, createdBy: "")
    static let blankMilestone = Milestone(planId: 0, title: "", due: nil, rule: nil)
    static let blankFinding = Finding(planId: 0, ref: "", category: .recommendation, text: "")
    static let blankAction = Action(findingId: 0, planId: 0, title: "", createdAt: epoch, updatedAt: epoch, updatedBy: "")
    static let blankNote = Note(actionId: 0, author: "", day: Day(dayNumber: 0), createdAt: epoch, text: "")
}
