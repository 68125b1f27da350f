import Foundation
import ActionPlanModel
import ActionPlanCore

/// Everything a report is built from: the stored plans as they are now, with their audit
/// trail so that an earlier date can be reproduced.
///
/// The reports library does no I/O: the command line or the terminal UI reads these from the
/// store and passes them in.
public struct ReportSnapshot: Sendable {
    public var plans: [Plan]
    public var milestones: [Milestone]
    public var findings: [Finding]
    public var actions: [Action]
    /// At least the newest note of each action; all of them is fine. Notes the audit trail
    /// records are added when a past date is reproduced.
    public var notes: [Note]
    /// The audit trail, in any order. Reproducing an earlier date needs every event after it;
    /// the "changes since" section needs every event after the since date.
    public var auditEvents: [AuditEvent]
    /// Where each finding was raised before, by finding id (`PlanStore.recurrences(planIds:)`),
    /// for the board pack's "Recurring findings"; empty when not read.
    public var recurrences: [Int64: [Recurrence]] = [:]

    public init(plans: [Plan], milestones: [Milestone], findings: [Finding], actions: [Action],
                notes: [Note] = [], auditEvents: [AuditEvent] = []) {
        self.plans = plans
        self.milestones = milestones
        self.findings = findings
        self.actions = actions
        self.notes = notes
        self.auditEvents = auditEvents
    }

    /// A snapshot from the store's `latestNotes` dictionary.
    public init(plans: [Plan], milestones: [Milestone], findings: [Finding], actions: [Action],
                latestNotes: [Int64: Note], auditEvents: [AuditEvent] = []) {
        self.init(plans: plans, milestones: milestones, findings: findings, actions: actions,
                  notes: latestNotes.values.sorted { $0.id < $1.id }, auditEvents: auditEvents)
    }

    /// What a report shows: nothing removed (a removed plan's or finding's records go with it)
    /// and no archived plan unless `archived` names it. The store hands removed records over
    /// only so that a past date can be rebuilt; every report filters through here.
    public func visible(archived wanted: Set<Int64> = []) -> ReportSnapshot {
        let planIds = Set(plans.filter { $0.removed == nil && (!$0.archived || wanted.contains($0.id)) }.map(\.id))
        let findingIds = Set(findings.filter { $0.removed == nil && planIds.contains($0.planId) }.map(\.id))
        let actions = actions.filter { $0.removed == nil && planIds.contains($0.planId) && findingIds.contains($0.findingId) }
        let actionIds = Set(actions.map(\.id))
        var shown = ReportSnapshot(plans: plans.filter { planIds.contains($0.id) },
                                   milestones: milestones.filter { $0.removed == nil && planIds.contains($0.planId) },
                                   findings: findings.filter { findingIds.contains($0.id) },
                                   actions: actions,
                                   notes: notes.filter { $0.removed == nil && actionIds.contains($0.actionId) },
                                   auditEvents: auditEvents)
        shown.recurrences = recurrences.filter { findingIds.contains($0.key) }
        return shown
    }

    /// The actions and milestones with a due date that a report no longer shows because they, or
    /// their finding or plan, were removed (with the removal that took them away), in the plans
    /// a report covers: not archived unless `archived` names it. A calendar that imported them
    /// earlier is told they are cancelled (`ICalendarExport`).
    public func withdrawn(archived wanted: Set<Int64> = []) -> [Withdrawn] {
        let plansById = Dictionary(plans.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let findingsById = Dictionary(findings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func covered(_ planId: Int64) -> Plan? {
            guard let plan = plansById[planId], !plan.archived || wanted.contains(planId) else { return nil }
            return plan
        }
        var out: [Withdrawn] = []
        for action in actions where action.due != nil {
            guard let plan = covered(action.planId) else { continue }
            guard let removal = action.removed ?? findingsById[action.findingId]?.removed ?? plan.removed else { continue }
            out.append(Withdrawn(item: .action(action), plan: plan, removal: removal))
        }
        for milestone in milestones where milestone.due != nil {
            guard let plan = covered(milestone.planId), let removal = milestone.removed ?? plan.removed else { continue }
            out.append(Withdrawn(item: .milestone(milestone), plan: plan, removal: removal))
        }
        return out
    }

    /// The newest note of each action: the latest day, then the latest written.
    public func latestNotes() -> [Int64: Note] {
        var latest: [Int64: Note] = [:]
        for note in notes {
            if let current = latest[note.actionId], !ReportSnapshot.isNewer(note, than: current) { continue }
            latest[note.actionId] = note
        }
        return latest
    }

    static func isNewer(_ a: Note, than b: Note) -> Bool {
        if a.day != b.day { return a.day > b.day }
        if a.createdAt != b.createdAt { return a.createdAt > b.createdAt }
        return a.id > b.id
    }
}

/// What a progress summary covers.
public struct ReportOptions: Sendable {
    /// The date the report describes; a past date reproduces the plan as it was then.
    public var asOf: Day
    /// With a date, the report lists what changed from that day to the as-of date.
    public var since: Day?
    /// Only these plans (all plans when nil).
    public var planIds: [Int64]?
    /// Only the actions of this owner (compared without case).
    public var owner: String?
    /// The zone in which an audit moment falls on a day (the local zone of the users).
    public var timeZone: TimeZone
    /// The moment the report is made, printed in its footer and stamped on calendar entries.
    public var generatedAt: Date
    /// "Due soon" window, in working days.
    public var dueSoonWindow: Int
    /// True when the as-of date is today: the snapshot is already the state to report, and
    /// nothing is rolled back (even if the audit clock and the given today disagree).
    public var asOfIsToday: Bool
    /// What tells this database's calendar entries from another's (`PlanStore.databaseIdentity`).
    public var calendarId: String = "local"
    /// Calendar reminders this many working days before each due date (nil: none).
    public var reminderWorkingDays: Int? = ReportOptions.defaultReminderWorkingDays
    /// What the summary works out beyond each plan's actions, milestones and totals (all of it
    /// unless a format reads less: `ReportFormat.summaryContents`).
    public var contents: ProgressSummary.Contents = .all

    /// The reminder of a calendar entry when none is asked for otherwise, in working days.
    public static let defaultReminderWorkingDays = 5

    public init(asOf: Day, since: Day? = nil, planIds: [Int64]? = nil, owner: String? = nil,
                timeZone: TimeZone = TimeZone(identifier: "UTC")!, generatedAt: Date, dueSoonWindow: Int = RAGRules.defaultDueSoonWindow,
                asOfIsToday: Bool = false) {
        self.asOf = asOf
        self.since = since
        self.planIds = planIds
        self.owner = owner
        self.timeZone = timeZone
        self.generatedAt = generatedAt
        self.dueSoonWindow = dueSoonWindow
        self.asOfIsToday = asOfIsToday
    }
}

/// Days and moments in a time zone, without `Calendar` (cheap enough for 100,000 rows).
struct Clockless: Sendable {
    let timeZone: TimeZone

    /// The day a moment falls on.
    func day(of date: Date) -> Day {
        let seconds = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        return Day(dayNumber: Int((seconds / 86_400).rounded(.down)))
    }

    /// The first moment of a day.
    func start(of day: Day) -> Date {
        let naive = Double(day.dayNumber) * 86_400
        var guess = Date(timeIntervalSince1970: naive - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: naive))))
        guess = Date(timeIntervalSince1970: naive - Double(timeZone.secondsFromGMT(for: guess)))
        return guess
    }
}

extension String {
    /// Without leading and trailing white space (Swift-native: no bridging to NSString, which
    /// matters for 100,000 rows).
    var trimmed: String {
        guard let first, let last, first.isWhitespace || last.isWhitespace else { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// Fixed text forms of moments, independent of the locale.
public enum Moment {
    /// `2026-11-22 14:03 UTC`.
    public static func readable(_ date: Date) -> String {
        let (day, h, m, _) = parts(date)
        return "\(day.iso) \(two(h)):\(two(m)) UTC"
    }

    /// `20261122T140300Z` (iCalendar).
    static func compact(_ date: Date) -> String {
        let (day, h, m, s) = parts(date)
        return "\(compact(day))T\(two(h))\(two(m))\(two(s))Z"
    }

    static func compact(_ day: Day) -> String {
        let y = String(day.year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + two(day.month) + two(day.day)
    }

    private static func parts(_ date: Date) -> (Day, Int, Int, Int) {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let dayNumber = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let rest = total - dayNumber * 86_400
        return (Day(dayNumber: dayNumber), rest / 3600, (rest % 3600) / 60, rest % 60)
    }

    private static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
}

/// An action or milestone taken out of the reports by a removal (`ReportSnapshot.withdrawn`).
public struct Withdrawn: Sendable {
    public enum Item: Sendable {
        case action(Action)
        case milestone(Milestone)
    }
    public var item: Item
    /// Its plan (itself perhaps removed).
    public var plan: Plan
    /// The removal that took it away: its own, else its finding's, else its plan's.
    public var removal: Removal
}
