import Foundation
import ActionPlanModel

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
        var touchedActions = Set<Int64>()
        var versionRestored = Set<Int64>()
        // The action of each note, from the notes at hand and the notes' creation events.
        var noteActions: [Int64: Int64] = [:]
        for note in self.notes { noteActions[note.id] = note.actionId }
        for event in ordered where event.entity == "note" && event.field == "*" && noteActions[event.entityId] == nil {
            if let row = AuditRow(event.newValue ?? event.oldValue), let actionId = row.int("action_id") {
                noteActions[event.entityId] = Int64(actionId)
            }
        }

        for event in after.reversed() {
            let id = event.entityId
            let created = event.field == "*" && event.oldValue == nil
            let deleted = event.field == "*" && event.oldValue != nil
            switch event.entity {
            case "plan":
                if created { plans[id] = nil }
                else if deleted { if plans[id] == nil, let row = AuditRow(event.oldValue) { plans[id] = row.plan(id: id, at: event.at) } }
                else if var plan = plans[id] { AuditRow.apply(event.field, event.oldValue, to: &plan); plans[id] = plan }
            case "milestone":
                if created { milestones[id] = nil }
                else if deleted { if milestones[id] == nil, let row = AuditRow(event.oldValue) { milestones[id] = row.milestone(id: id) } }
                else if var milestone = milestones[id] { AuditRow.apply(event.field, event.oldValue, to: &milestone); milestones[id] = milestone }
            case "finding":
                if created { findings[id] = nil }
                else if deleted { if findings[id] == nil, let row = AuditRow(event.oldValue) { findings[id] = row.finding(id: id) } }
                else if var finding = findings[id] { AuditRow.apply(event.field, event.oldValue, to: &finding); findings[id] = finding }
            case "action":
                touchedActions.insert(id)
                if created { actions[id] = nil }
                else if deleted { if actions[id] == nil, let row = AuditRow(event.oldValue) { actions[id] = row.action(id: id, at: event.at, who: event.who) } }
                else if var action = actions[id] {
                    AuditRow.apply(event.field, event.oldValue, to: &action)
                    actions[id] = action
                    if event.field == "version" { versionRestored.insert(id) }
                }
            case "note":
                if let actionId = noteActions[id] { touchedActions.insert(actionId) }
                if created { notes[id] = nil }
                else if deleted { if notes[id] == nil, let row = AuditRow(event.oldValue) { notes[id] = row.note(id: id, at: event.at, who: event.who) } }
                else if var note = notes[id], event.field == "text", let old = event.oldValue { note.text = old; notes[id] = note }
            default:
                break
            }
        }

        // The store bumps an action's version and its updated-at once per change group that
        // touches it (a note included) without recording either: rebuild both from the groups.
        if !touchedActions.isEmpty {
            var laterGroups: [Int64: Set<Int64>] = [:]
            for event in after {
                if let id = ReportSnapshot.actionId(of: event, noteActions: noteActions), touchedActions.contains(id) {
                    laterGroups[id, default: []].insert(event.changeGroup)
                }
            }
            var lastTouch: [Int64: (Date, String)] = [:]
            for event in before {
                if let id = ReportSnapshot.actionId(of: event, noteActions: noteActions), touchedActions.contains(id) {
                    lastTouch[id] = (event.at, event.who)
                }
            }
            for id in touchedActions {
                guard var action = actions[id] else { continue }
                if let (at, who) = lastTouch[id] {
                    action.updatedAt = at
                    action.updatedBy = who
                } else {
                    action.updatedAt = action.createdAt
                }
                if !versionRestored.contains(id) {
                    action.version = max(1, action.version - (laterGroups[id]?.count ?? 0))
                }
                actions[id] = action
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
        return result
    }

    /// The action an event is about: its own id, or a note's action.
    static func actionId(of event: AuditEvent, noteActions: [Int64: Int64]) -> Int64? {
        switch event.entity {
        case "action": return event.entityId
        case "note": return noteActions[event.entityId]
        default: return nil
        }
    }

    /// Adds the notes whose creation the audit trail records but the snapshot lacks (the store
    /// hands over only the newest note of each action, which may be after the as-of date).
    private func addingNotes(from events: ArraySlice<AuditEvent>, through day: Day) -> ReportSnapshot {
        var known = Set(notes.map(\.id))
        let actionIds = Set(actions.map(\.id))
        var copy = self
        for event in events where event.entity == "note" && event.field == "*" && event.oldValue == nil {
            guard !known.contains(event.entityId), let row = AuditRow(event.newValue) else { continue }
            let note = row.note(id: event.entityId, at: event.at, who: event.who)
            guard note.day <= day, actionIds.contains(note.actionId) else { continue }
            known.insert(note.id)
            copy.notes.append(note)
        }
        return copy
    }
}

/// A row of the audit trail's JSON (snake_case column names), read tolerantly: numbers may be
/// numbers or text, booleans may be booleans, numbers or text.
struct AuditRow {
    let values: [String: Any]

    init?(_ json: String?) {
        guard let json, let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        values = object
    }

    func string(_ key: String) -> String? {
        switch values[key] {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    func int(_ key: String) -> Int? {
        switch values[key] {
        case let n as NSNumber: return n.intValue
        case let s as String: return Int(s)
        default: return nil
        }
    }

    func bool(_ key: String) -> Bool? {
        switch values[key] {
        case let n as NSNumber: return n.boolValue
        case let s as String: return AuditRow.bool(s)
        default: return nil
        }
    }

    func day(_ key: String) -> Day? { string(key).flatMap { Day(iso: $0) } }

    func date(_ key: String) -> Date? {
        switch values[key] {
        case let n as NSNumber: return Date(timeIntervalSince1970: n.doubleValue)
        case let s as String:
            if let date = Timestamp.parse(s) { return date }
            if let seconds = Double(s) { return Date(timeIntervalSince1970: seconds) }
            return AuditRow.sqliteFormatter.date(from: s)
        default: return nil
        }
    }

    static let sqliteFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"
        return f
    }()

    static func bool(_ text: String?) -> Bool? {
        switch text?.lowercased() {
        case "1", "true", "yes": return true
        case "0", "false", "no": return false
        default: return nil
        }
    }

    func plan(id: Int64, at: Date) -> Plan {
        Plan(id: id, title: string("title") ?? "", authority: string("authority") ?? "",
             kind: string("kind").flatMap(DocumentKind.init(rawValue:)) ?? .other, letterDate: day("letter_date"),
             received: day("received") ?? day("letter_date") ?? Day(year: 2000, month: 1, day: 1)!,
             sourceFile: string("source_file"), createdAt: date("created_at") ?? at, createdBy: string("created_by") ?? "")
    }

    func milestone(id: Int64) -> Milestone {
        Milestone(id: id, planId: Int64(int("plan_id") ?? 0), title: string("title") ?? "", due: day("due"),
                  rule: string("rule").flatMap(DeadlineRule.init(code:)), done: day("done"))
    }

    func finding(id: Int64) -> Finding {
        var finding = Finding(id: id, planId: Int64(int("plan_id") ?? 0), ref: string("ref") ?? "",
                              category: string("category").flatMap(FindingCategory.init(rawValue:)) ?? .recommendation,
                              timeframe: string("timeframe").flatMap(Timeframe.init(rawValue:)) ?? .none,
                              text: string("text") ?? "", sourceLocation: string("source_location"),
                              position: int("position") ?? 0)
        if let path = string("section_path") { AuditRow.apply("section_path", path, to: &finding) }
        return finding
    }

    func action(id: Int64, at: Date, who: String) -> Action {
        var action = Action(id: id, findingId: Int64(int("finding_id") ?? 0), planId: Int64(int("plan_id") ?? 0),
                            title: string("title") ?? "", createdAt: date("created_at") ?? at,
                            updatedAt: date("updated_at") ?? at, updatedBy: string("updated_by") ?? who)
        for key in ["status", "owner", "due", "due_provisional", "due_rule", "original_due", "reprogram_count",
                    "rag_override", "rag_reason", "success_measure", "evidence", "version"] {
            if values[key] != nil { AuditRow.apply(key, string(key), to: &action) }
        }
        return action
    }

    func note(id: Int64, at: Date, who: String) -> Note {
        let created = date("created_at") ?? at
        return Note(id: id, actionId: Int64(int("action_id") ?? 0), author: string("author") ?? who,
                    day: day("day") ?? Clockless(timeZone: TimeZone(identifier: "UTC")!).day(of: created),
                    createdAt: created, text: string("text") ?? "")
    }

    /// Sets one column of an action from its audit text.
    static func apply(_ field: String, _ value: String?, to action: inout Action) {
        switch field {
        case "status": if let v = value, let s = ActionStatus(rawValue: v) { action.status = s }
        case "owner": action.owner = value
        case "due": action.due = value.flatMap { Day(iso: $0) }
        case "due_provisional": action.dueProvisional = bool(value) ?? false
        case "due_rule": action.dueRule = value.flatMap { DeadlineRule(code: $0) }
        case "original_due": action.originalDue = value.flatMap { Day(iso: $0) }
        case "reprogram_count": action.reprogramCount = value.flatMap { Int($0) } ?? 0
        case "rag_override": action.ragOverride = value.flatMap { RAG(rawValue: $0) }
        case "rag_reason": action.ragReason = value
        case "success_measure": action.successMeasure = value
        case "evidence": action.evidence = value
        case "title": if let v = value { action.title = v }
        case "version": if let v = value.flatMap({ Int($0) }) { action.version = v }
        case "finding_id": if let v = value.flatMap({ Int64($0) }) { action.findingId = v }
        default: break
        }
    }

    static func apply(_ field: String, _ value: String?, to milestone: inout Milestone) {
        switch field {
        case "due": milestone.due = value.flatMap { Day(iso: $0) }
        case "done": milestone.done = value.flatMap { Day(iso: $0) }
        case "rule": milestone.rule = value.flatMap { DeadlineRule(code: $0) }
        case "title": if let v = value { milestone.title = v }
        default: break
        }
    }

    static func apply(_ field: String, _ value: String?, to plan: inout Plan) {
        switch field {
        case "received": if let v = value.flatMap({ Day(iso: $0) }) { plan.received = v }
        case "title": if let v = value { plan.title = v }
        default: break
        }
    }

    static func apply(_ field: String, _ value: String?, to finding: inout Finding) {
        switch field {
        case "text": if let v = value { finding.text = v }
        case "ref": if let v = value { finding.ref = v }
        case "category": if let v = value, let c = FindingCategory(rawValue: v) { finding.category = c }
        case "timeframe": if let v = value, let t = Timeframe(rawValue: v) { finding.timeframe = t }
        case "section_path":
            // Stored as a JSON array of strings, or as the " › "-joined text.
            if let v = value {
                if let data = v.data(using: .utf8), let parts = try? JSONSerialization.jsonObject(with: data) as? [String] {
                    finding.sectionPath = parts
                } else {
                    finding.sectionPath = v.isEmpty ? [] : v.components(separatedBy: " › ")
                }
            }
        default: break
        }
    }
}
