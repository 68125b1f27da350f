import Foundation
import ActionPlanModel
import ActionPlanCore

/// The progress of one or more plans at a date, as the improvement board reads it: milestones,
/// counts by status and colour, exceptions, overdue and due-soon lists, changes since a date,
/// owners and coverage, and the board pack's parts: the register of every action under its
/// finding, each owner's actions and the SMART warnings. Every renderer (Markdown, HTML, CSV,
/// JSON, iCalendar) draws from it.
public struct ProgressSummary: Sendable {
    public var asOf: Day
    public var since: Day?
    public var owner: String?
    public var generatedAt: Date
    public var dueSoonWindow: Int
    /// The working-day calendar the summary counted with (reminders count with it too).
    public var calendar: WorkingDayCalendar
    public var timeZone: TimeZone
    public var calendarId: String
    public var reminderWorkingDays: Int?
    public var plans: [PlanSummary]
    /// All the plans' actions together.
    public var overall: ProgressCounts
    /// The actions and milestones with a due date removed from the plans covered (for the
    /// calendar, which must cancel what it showed before); empty for a report of a past date.
    public var withdrawn: [Withdrawn] = []

    /// What a report says under its title, in order: the changes-since date, the owner, when it
    /// was generated and the legends. `owner` escapes the owner's name for the format (it is
    /// typed text); the rest is the program's own wording.
    public func scope(owner escape: (String) -> String = { $0 }) -> [String] {
        var scope: [String] = []
        if let since { scope.append("Changes since \(since.longDescription)") }
        if let owner { scope.append("Owner: \(escape(owner))") }
        scope.append("Generated \(Moment.readable(generatedAt))")
        scope.append(DueStanding.legend)
        scope.append(RAGRules.setByHandLegend)
        scope.append(Action.provisionalDueLegend)
        return scope
    }

    /// What a summary works out besides each plan's actions (with their colour, standing and
    /// latest note), milestones and totals, which every format reads.
    public struct Contents: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// The board's figures: by section and category, exceptions, overdue, due soon, changes
        /// since, owners, coverage and completions.
        public static let figures = Contents(rawValue: 1)
        /// The board pack's parts: the register, the SMART warnings and the recurring findings.
        public static let pack = Contents(rawValue: 2)
        public static let all: Contents = [.figures, .pack]
    }

    /// Builds the summary: reproduces the snapshot at the as-of date, then filters and counts.
    public init(snapshot: ReportSnapshot, calendar: WorkingDayCalendar, options: ReportOptions) {
        asOf = options.asOf
        since = options.since
        owner = options.owner
        generatedAt = options.generatedAt
        dueSoonWindow = options.dueSoonWindow
        self.calendar = calendar
        timeZone = options.timeZone
        calendarId = options.calendarId
        reminderWorkingDays = options.reminderWorkingDays
        // An archived plan is reported when asked for by id.
        let named = Set(options.planIds ?? [])
        let now = (options.asOfIsToday ? snapshot : snapshot.asOf(options.asOf, timeZone: options.timeZone)).visible(archived: named)
        var rules = RAGRules(calendar: calendar, today: options.asOf)
        rules.dueSoonWindow = options.dueSoonWindow

        let figures = options.contents.contains(.figures), pack = options.contents.contains(.pack)
        var earlierRAG: [Int64: RAG?]? = nil
        if figures, let since = options.since, since <= options.asOf {
            let dayBefore = since.adding(days: -1)
            let then = snapshot.asOf(dayBefore, timeZone: options.timeZone).visible(archived: named)
            // The same window then as now, or a colour would seem to change when only the window did.
            var thenRules = RAGRules(calendar: calendar, today: dayBefore)
            thenRules.dueSoonWindow = options.dueSoonWindow
            var map: [Int64: RAG?] = [:]
            for action in then.actions { map[action.id] = thenRules.rag(action) }
            earlierRAG = map
        }

        let wanted = options.planIds.map(Set.init)
        if options.asOfIsToday {
            withdrawn = snapshot.withdrawn(archived: named).filter { entry in
                guard wanted?.contains(entry.plan.id) ?? true else { return false }
                guard let query = options.owner else { return true }
                if case .action(let action) = entry.item { return OwnerMatch.matches(action.owner, query) }
                return false
            }
        }
        let findingsByPlan = Dictionary(grouping: now.findings, by: \.planId)
        let actionsByPlan = Dictionary(grouping: now.actions, by: \.planId)
        let milestonesByPlan = Dictionary(grouping: now.milestones, by: \.planId)
        let latest = now.latestNotes()
        let clock = Clockless(timeZone: options.timeZone)
        let eventsByAction = figures ? Dictionary(grouping: now.auditEvents.filter { $0.entity == "action" }, by: \.entityId) : [:]
        let sinceStart = options.since.map { clock.start(of: $0) }
        // The same flags as `actionplan check`, on the plans as they stood at the as-of date.
        let smart = pack ? SMARTCheck.run(now, planIds: options.planIds, today: options.asOf, timeZone: options.timeZone)
            : SMARTReport(today: options.asOf, plans: [])
        let flagsByPlan = Dictionary(smart.plans.map { ($0.plan.id, $0.flags) }, uniquingKeysWith: +)

        var plans: [PlanSummary] = []
        var overall = ProgressCounts()
        for plan in now.plans.sorted(by: { $0.id < $1.id }) where wanted?.contains(plan.id) ?? true {
            let findings = (findingsByPlan[plan.id] ?? []).sorted { ($0.position, $0.id) < ($1.position, $1.id) }
            let findingById = Dictionary(findings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let order = Dictionary(findings.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            let allActions = (actionsByPlan[plan.id] ?? []).sorted {
                (order[$0.findingId] ?? Int.max, $0.id) < (order[$1.findingId] ?? Int.max, $1.id)
            }
            let actions = options.owner.map { query in allActions.filter { OwnerMatch.matches($0.owner, query) } } ?? allActions
            let lines = actions.map { action in
                ActionLine(action: action, finding: findingById[action.findingId], rules: rules, latestNote: latest[action.id])
            }
            var summary = PlanSummary(plan: plan)
            summary.milestones = (milestonesByPlan[plan.id] ?? [])
                .sorted { ($0.due ?? Day(dayNumber: Int.max / 4), $0.id) < ($1.due ?? Day(dayNumber: Int.max / 4), $1.id) }
                .map { MilestoneLine(milestone: $0, rules: rules) }
            summary.actions = lines
            for line in lines {
                summary.totals.add(line)
                overall.add(line)
            }
            if figures {
                summary.bySection = ProgressSummary.groups(lines) { $0.finding?.section ?? "" }
                    .map { SectionProgress(section: $0.key, counts: $0.counts) }
                summary.byCategory = ProgressSummary.groups(lines) { $0.finding?.category.rawValue ?? "" }
                    .compactMap { group in
                        FindingCategory(rawValue: group.key).map { CategoryProgress(category: $0, counts: group.counts) }
                    }
                    .sorted { FindingCategory.allCases.firstIndex(of: $0.category)! < FindingCategory.allCases.firstIndex(of: $1.category)! }
                summary.exceptions = lines.filter { $0.rag == .red || $0.rag == .amber }.sorted {
                    ($0.rag == .red ? 0 : 1, -$0.workingDaysOverdue, $0.action.due ?? Day(dayNumber: 1 << 40), $0.action.id)
                        < ($1.rag == .red ? 0 : 1, -$1.workingDaysOverdue, $1.action.due ?? Day(dayNumber: 1 << 40), $1.action.id)
                }
                summary.overdue = lines.filter { $0.workingDaysOverdue > 0 && $0.action.status.isOpen }.sorted {
                    (-$0.workingDaysOverdue, $0.action.id) < (-$1.workingDaysOverdue, $1.action.id)
                }
                summary.dueSoon = lines.filter { rules.isDueSoon($0.action) }.sorted {
                    ($0.action.due!, $0.action.id) < ($1.action.due!, $1.action.id)
                }
                summary.owners = ProgressSummary.owners(lines)
                let covered = Set(allActions.lazy.filter { $0.status != .cancelled }.map(\.findingId))
                summary.coverage = findings.filter { $0.category.isImprovement && !covered.contains($0.id) }
                summary.completions = ProgressSummary.completions(actions: actions, events: eventsByAction, clock: clock)
                if let since = options.since, let sinceStart, let earlierRAG {
                    summary.changes = ProgressSummary.changes(since: since, start: sinceStart, lines: lines,
                                                              events: eventsByAction, earlierRAG: earlierRAG, clock: clock)
                } else if let since = options.since {
                    summary.changes = ChangeSummary(since: since)
                }
            }
            if pack {
                let linesByFinding = Dictionary(grouping: lines, by: \.action.findingId)
                // Every finding with its actions; an improvement finding with none is listed too
                // (a gap the board should see), unless the report is one owner's.
                summary.register = findings.compactMap { finding in
                    let own = linesByFinding[finding.id] ?? []
                    if own.isEmpty && (options.owner != nil || !finding.category.isImprovement) { return nil }
                    return RegisterEntry(finding: finding, actions: own)
                }
                let shown = Set(lines.map(\.action.id))
                // One owner's report keeps that owner's actions' flags and the plan's findings' flags
                // (coverage is the plan's, as in the coverage section).
                summary.smartFlags = (flagsByPlan[plan.id] ?? []).filter { flag in flag.actionId.map(shown.contains) ?? true }
                summary.recurring = findings.compactMap { finding in
                    guard finding.category.isImprovement, let found = now.recurrences[finding.id], !found.isEmpty else { return nil }
                    return RecurringFinding(finding: finding, recurrences: found)
                }
            }
            plans.append(summary)
        }
        self.plans = plans
        self.overall = overall
    }

    /// A summary of no plan, with the options' dates and settings, to `append` parts to.
    public static func empty(calendar: WorkingDayCalendar, options: ReportOptions) -> ProgressSummary {
        ProgressSummary(snapshot: ReportSnapshot(plans: [], milestones: [], findings: [], actions: []), calendar: calendar, options: options)
    }

    /// Adds the plans of `part`, a summary of the next plans in id order made with the same
    /// options (a report written plan by plan, `ReportExport`), keeping of each only what the
    /// parts of a report before and after the plans read: the plan, its milestones and totals
    /// (the cover, the overall figures, the workbook's summary sheet, the calendar's name), and
    /// the overall counts and withdrawn entries as one summary of every plan would have them.
    public mutating func append(outlineOf part: ProgressSummary) {
        append(part, outline: true)
    }

    /// Adds the plans of `part`, as `append(outlineOf:)` does, keeping everything of them: the
    /// summary of every plan, as one summary of all of them would be.
    public mutating func append(_ part: ProgressSummary) {
        append(part, outline: false)
    }

    private mutating func append(_ part: ProgressSummary, outline: Bool) {
        for plan in part.plans {
            guard outline else { plans.append(plan); continue }
            var kept = PlanSummary(plan: plan.plan)
            kept.milestones = plan.milestones
            kept.totals = plan.totals
            plans.append(kept)
        }
        overall.add(part.overall)
        // Actions first, then milestones, each in plan order, as `ReportSnapshot.withdrawn` lists them.
        func isAction(_ entry: Withdrawn) -> Bool {
            if case .action = entry.item { return true }
            return false
        }
        let split = withdrawn.firstIndex { !isAction($0) } ?? withdrawn.endIndex
        withdrawn.insert(contentsOf: part.withdrawn.filter(isAction), at: split)
        withdrawn += part.withdrawn.filter { !isAction($0) }
    }

    static func ownerKey(_ owner: String) -> String { OwnerMatch.key(owner) }

    /// The authorities of the plans reported, each once, in plan order (the pack's cover).
    public var authorities: [String] {
        var seen = Set<String>()
        return plans.map(\.plan.authority).filter { seen.insert($0).inserted }
    }

    private static func groups(_ lines: [ActionLine], key: (ActionLine) -> String) -> [(key: String, counts: ProgressCounts)] {
        var order: [String] = []
        var index: [String: Int] = [:]
        var counts: [ProgressCounts] = []
        for line in lines {
            let k = key(line)
            let i: Int
            if let known = index[k] { i = known } else {
                i = counts.count
                index[k] = i
                order.append(k)
                counts.append(ProgressCounts())
            }
            counts[i].add(line)
        }
        return order.enumerated().map { ($1, counts[$0]) }
    }

    private static func owners(_ lines: [ActionLine]) -> [OwnerProgress] {
        var byKey: [String: OwnerProgress] = [:]
        // A plan has a few owners and many actions: each name is folded once.
        var keys: [String: String] = [:]
        for line in lines {
            let name = line.action.owner?.trimmed ?? ""
            let key: String
            if let known = keys[name] { key = known } else {
                key = ownerKey(name)
                keys[name] = key
            }
            // Changed in place: a copy taken out of the dictionary would copy its actions at every append.
            byKey[key, default: OwnerProgress(owner: name.isEmpty ? nil : name)].add(line)
        }
        // Named owners by name without case, then the actions nobody owns.
        return byKey.sorted { a, b in
            switch (a.value.owner, b.value.owner) {
            case (nil, _): return false
            case (_, nil): return true
            case let (x?, y?): return (a.key, x) < (b.key, y)
            }
        }.map(\.value)
    }

    /// The running count of complete actions, from the audit trail's status changes (and the
    /// creation of actions that were complete from the start).
    private static func completions(actions: [Action], events: [Int64: [AuditEvent]], clock: Clockless) -> [CompletionPoint] {
        var deltas: [Day: Int] = [:]
        for action in actions {
            guard let history = events[action.id] else { continue }
            var createdAt: Date? = nil
            var firstStatusWasComplete: Bool? = nil
            for event in history {
                if event.field == "status" {
                    let was = event.oldValue == ActionStatus.complete.rawValue
                    let now = event.newValue == ActionStatus.complete.rawValue
                    if firstStatusWasComplete == nil { firstStatusWasComplete = was }
                    if was != now { deltas[clock.day(of: event.at), default: 0] += now ? 1 : -1 }
                } else if event.field == "*", event.oldValue == nil {
                    createdAt = event.at
                }
            }
            // The status an action was created with is the old value of its first status change,
            // or, with none, its status now: no need to read the created row.
            if let createdAt, firstStatusWasComplete ?? (action.status == .complete) {
                deltas[clock.day(of: createdAt), default: 0] += 1
            }
        }
        var running = 0
        return deltas.keys.sorted().map { day in
            running += deltas[day]!
            return CompletionPoint(day: day, complete: running)
        }
    }

    private static func changes(since: Day, start: Date, lines: [ActionLine], events: [Int64: [AuditEvent]],
                                earlierRAG: [Int64: RAG?], clock: Clockless) -> ChangeSummary {
        var result = ChangeSummary(since: since)
        for line in lines {
            let action = line.action
            let recent = (events[action.id] ?? []).filter { $0.at >= start }
            if let created = recent.first(where: { $0.field == "*" && $0.oldValue == nil }) {
                result.newActions.append(ChangedAction(line: line, day: clock.day(of: created.at), who: created.who))
            }
            if action.status == .complete,
               let done = recent.last(where: { $0.field == "status" && $0.newValue == ActionStatus.complete.rawValue }) {
                result.completed.append(ChangedAction(line: line, day: clock.day(of: done.at), who: done.who))
            }
            // A move counts when the store counted it as a reprogram (`Action.setDue`): confirming a
            // provisional date, or a rule-derived date following the holiday table, is no slippage.
            let reprogramGroups = Set(recent.filter { $0.field == "reprogram_count" }.map(\.changeGroup))
            let moves = recent.filter {
                $0.field == "due" && reprogramGroups.contains($0.changeGroup) && $0.oldValue != nil && $0.newValue != nil && $0.oldValue != $0.newValue
            }
            if let first = moves.first, let last = moves.last, let oldDue = first.oldValue.flatMap({ Day(iso: $0) }),
               action.due != oldDue {
                result.reprogrammed.append(Reprogramming(line: line, oldDue: oldDue, newDue: action.due, times: moves.count,
                                                         day: clock.day(of: last.at), who: last.who))
            }
            if let before = earlierRAG[action.id], before != line.rag {
                result.ragChanges.append(RAGChange(line: line, from: before, to: line.rag))
            }
        }
        result.completed.sort { ($0.day, $0.line.action.id) < ($1.day, $1.line.action.id) }
        result.newActions.sort { ($0.day, $0.line.action.id) < ($1.day, $1.line.action.id) }
        result.reprogrammed.sort { ($0.day, $0.line.action.id) < ($1.day, $1.line.action.id) }
        return result
    }
}

/// One plan's part of a summary.
public struct PlanSummary: Sendable {
    public var plan: Plan
    public var milestones: [MilestoneLine] = []
    public var totals = ProgressCounts()
    public var bySection: [SectionProgress] = []
    public var byCategory: [CategoryProgress] = []
    /// Red and amber actions, red first, most overdue first.
    public var exceptions: [ActionLine] = []
    /// Open actions past their due date, most overdue first.
    public var overdue: [ActionLine] = []
    /// Open actions due within the window (today included), soonest first.
    public var dueSoon: [ActionLine] = []
    /// What changed since the since date; nil without one.
    public var changes: ChangeSummary?
    public var owners: [OwnerProgress] = []
    /// Improvement findings with no open or complete action.
    public var coverage: [Finding] = []
    /// Every action of the plan (of the owner, when filtered), in finding order.
    public var actions: [ActionLine] = []
    /// Running count of complete actions by day, from the audit trail.
    public var completions: [CompletionPoint] = []
    /// The action register: each finding in the document's order with its actions (of the
    /// owner, when filtered); an improvement finding with no action is listed with none.
    public var register: [RegisterEntry] = []
    /// The SMART check's flags (`SMARTCheck`, as `actionplan check` gives them) at the as-of date.
    public var smartFlags: [SMARTFlag] = []
    /// The improvement findings the same authority's earlier documents raised before, in the
    /// document's order (the board pack's "Recurring findings").
    public var recurring: [RecurringFinding] = []

    public init(plan: Plan) { self.plan = plan }
}

/// A finding of a plan and where the same authority's earlier documents raised it.
public struct RecurringFinding: Sendable {
    public var finding: Finding
    /// Newest document first (`Recurrence.newestFirst`).
    public var recurrences: [Recurrence]
}

/// One finding of the register and its actions, in the order they were added.
public struct RegisterEntry: Sendable {
    public var finding: Finding
    public var actions: [ActionLine]
}

/// An action with what a report says about it at the as-of date.
public struct ActionLine: Sendable {
    public var action: Action
    public var finding: Finding?
    public var rag: RAG?
    /// Working days past due (0 when not overdue).
    public var workingDaysOverdue: Int
    /// Working days until due (negative once past); nil without a due date.
    public var workingDaysRemaining: Int?
    public var latestNote: Note?
    /// Where an open action's due date stands ("in 3 wd", "2 wd overdue"); nil once it is
    /// complete or cancelled.
    public var dueStanding: DueStanding?

    /// The due date as a register lists it: "~2023-01-20" (provisional) with its standing while
    /// open, "2023-01-06, 6 wd overdue"; "—" without a date.
    public var dueWithStanding: String {
        guard action.due != nil else { return dueStanding == nil ? "—" : "— (\(DueStanding.noDate.text))" }
        return action.dueText + (dueStanding.map { ", \($0.text)" } ?? "")
    }

    /// Who is accountable, as a board reads it: the owner, with the body the document makes
    /// responsible for the finding when it names one ("Head of SEND · body: Bury Council and
    /// NHS Greater Manchester ICB"); "(no owner)" when there is neither.
    public var accountable: String {
        let body = finding?.ownerBody.map { "body: \($0)" }
        switch (action.owner, body) {
        case (let owner?, let body?): return "\(owner) · \(body)"
        case (let owner?, nil): return owner
        case (nil, let body?): return "(no owner) · \(body)"
        case (nil, nil): return "(no owner)"
        }
    }

    /// The colour as a report writes it: "Amber", or "Amber* (reason)" when a person set it.
    public var colourText: String {
        guard let rag else { return "—" }
        guard RAGRules.isSetByHand(action) else { return rag.label }
        return rag.label + RAGRules.setByHandMark + (action.ragReason.map { " (\($0))" } ?? "")
    }

    /// The action's name in every report: its stored reference ("P1.2"); for an action whose
    /// past state predates stored references, its finding's.
    public var ref: String { action.ref.isEmpty ? (finding?.ref ?? "—") : action.ref }

    public init(action: Action, finding: Finding?, rules: RAGRules, latestNote: Note?) {
        self.action = action
        self.finding = finding
        rag = rules.rag(action)
        // Open actions only, as RAGRules.isOverdue counts them.
        workingDaysOverdue = action.status.isOpen ? rules.workingDaysOverdue(due: action.due) : 0
        workingDaysRemaining = action.due.map { rules.workingDaysRemaining(due: $0) }
        dueStanding = action.status.isOpen ? rules.standing(due: action.due) : nil
        self.latestNote = latestNote
    }
}

/// A milestone and where it stands at the as-of date.
public struct MilestoneLine: Sendable {
    public var milestone: Milestone
    /// Working days from the as-of date to the due date (negative once past); nil when done
    /// or without a due date.
    public var workingDaysRemaining: Int?

    public enum State: String, Sendable { case done, overdue, due, undated }
    public var state: State {
        if milestone.done != nil { return .done }
        guard let remaining = workingDaysRemaining else { return .undated }
        return remaining < 0 ? .overdue : .due
    }

    public init(milestone: Milestone, rules: RAGRules) {
        self.milestone = milestone
        standing = rules.standing(of: milestone).text
        if milestone.done == nil, let due = milestone.due {
            workingDaysRemaining = rules.workingDaysRemaining(due: due)
        } else {
            workingDaysRemaining = nil
        }
    }

    /// "in 12 wd", "due today", "3 wd overdue", "done 2022-11-20, on time": `MilestoneStanding`.
    public let standing: String
}

public struct SectionProgress: Sendable {
    /// The finding's section path joined with " › " (empty when the document gives none).
    public var section: String
    public var counts: ProgressCounts
}

public struct CategoryProgress: Sendable {
    public var category: FindingCategory
    public var counts: ProgressCounts
}

public struct OwnerProgress: Sendable {
    /// nil for actions nobody owns.
    public var owner: String?
    public var open = 0
    public var overdue = 0
    public var complete = 0
    public var cancelled = 0
    /// The owner's actions, in finding order.
    public var actions: [ActionLine] = []

    /// Counts an action of this owner and keeps it.
    mutating func add(_ line: ActionLine) {
        actions.append(line)
        switch line.action.status {
        case .notStarted, .inProgress:
            open += 1
            if line.workingDaysOverdue > 0 { overdue += 1 }
        case .complete: complete += 1
        case .cancelled: cancelled += 1
        }
    }
}

public struct CompletionPoint: Sendable, Hashable {
    public var day: Day
    /// Actions complete at the end of the day.
    public var complete: Int
}

/// What changed between the since date and the as-of date.
public struct ChangeSummary: Sendable {
    public var since: Day
    public var completed: [ChangedAction] = []
    public var reprogrammed: [Reprogramming] = []
    /// Actions whose colour at the as-of date differs from their colour the day before `since`.
    public var ragChanges: [RAGChange] = []
    public var newActions: [ChangedAction] = []

    public var isEmpty: Bool { completed.isEmpty && reprogrammed.isEmpty && ragChanges.isEmpty && newActions.isEmpty }
}

public struct ChangedAction: Sendable {
    public var line: ActionLine
    public var day: Day
    public var who: String
}

public struct Reprogramming: Sendable {
    public var line: ActionLine
    /// The due date before the first change in the period.
    public var oldDue: Day
    /// The due date at the as-of date.
    public var newDue: Day?
    /// How many times it moved in the period.
    public var times: Int
    public var day: Day
    public var who: String
}

public struct RAGChange: Sendable {
    public var line: ActionLine
    public var from: RAG?
    public var to: RAG?
}

extension ProgressCounts {
    /// Adds another set of counts (the overall figures of plans summarised apart).
    mutating func add(_ other: ProgressCounts) {
        total += other.total
        for (status, n) in other.byStatus { byStatus[status, default: 0] += n }
        for (rag, n) in other.byRAG { byRAG[rag, default: 0] += n }
        overdue += other.overdue
    }

    /// Counts an action whose colour and standing are already worked out (the same result as
    /// `add(_:rules:)`, without working them out again).
    mutating func add(_ line: ActionLine) {
        total += 1
        byStatus[line.action.status, default: 0] += 1
        if let rag = line.rag { byRAG[rag, default: 0] += 1 }
        if line.workingDaysOverdue > 0 { overdue += 1 }
    }
}
