/// Derives an action's RAG colour and its standing against its due date.
///
/// - complete → blue; cancelled → none;
/// - a hand-set colour (with a reason) wins over the derived one;
/// - overdue (at least one working day past the due date) → red;
/// - due within 10 working days and not started → amber;
/// - otherwise green.
public struct RAGRules: Sendable {
    public let calendar: WorkingDayCalendar
    public let today: Day
    /// The one "due soon" window, in working days: an open action not started and due within
    /// it is amber, and every "due soon" list, filter and count (reports, dashboard, terminal
    /// UI) uses it.
    public static let defaultDueSoonWindow = 10
    public var dueSoonWindow: Int = RAGRules.defaultDueSoonWindow

    public init(calendar: WorkingDayCalendar, today: Day) {
        self.calendar = calendar
        self.today = today
    }

    /// Working days past the due date (0 when not overdue or no due date). A due date on a
    /// Friday is 1 working day overdue on the Monday after, not on the Saturday.
    public func workingDaysOverdue(due: Day?) -> Int {
        guard let due, due < today else { return 0 }
        return calendar.workingDays(from: due, to: today)
    }

    /// Working days from today until the due date (0 on the day; negative once past).
    public func workingDaysRemaining(due: Day) -> Int { calendar.workingDays(from: today, to: due) }

    /// Where a due date stands against today, in working days.
    public func standing(due: Day?) -> DueStanding {
        guard let due else { return .noDate }
        if due == today { return .dueToday }
        if due > today { return .remaining(workingDaysRemaining(due: due)) }
        let late = workingDaysOverdue(due: due)
        return late == 0 ? .justPast : .overdue(late)
    }

    public func isOverdue(_ action: Action) -> Bool {
        action.status.isOpen && workingDaysOverdue(due: action.due) > 0
    }

    /// Open and due within `window` working days from today (today included), not overdue.
    public func isDueWithin(_ action: Action, workingDays window: Int) -> Bool {
        guard action.status.isOpen, let due = action.due, due >= today else { return false }
        return calendar.workingDays(from: today, to: due) <= window
    }

    /// Open and due within the due-soon window: what every "due soon" list shows.
    public func isDueSoon(_ action: Action) -> Bool { isDueWithin(action, workingDays: dueSoonWindow) }

    /// An open action is overdue exactly when its due date is before this day: the last
    /// working day on or before today (at least one working day must have passed since the
    /// due date). Lets a store select overdue actions with a date comparison.
    public var overdueIfDueBefore: Day { calendar.workingDay(onOrBefore: today) }

    /// An open action is due within `window` working days exactly when today ≤ due < this day
    /// (the working day after the window).
    public func dueWithinIfBefore(_ window: Int) -> Day { calendar.addingWorkingDays(window + 1, to: today) }

    public func derivedRAG(_ action: Action) -> RAG? {
        guard action.status.isOpen else { return RAGRules.rag(status: action.status, override: nil, overdue: false, dueSoon: false) }
        return RAGRules.rag(status: action.status, override: nil, overdue: isOverdue(action),
                            dueSoon: isDueWithin(action, workingDays: dueSoonWindow))
    }

    /// The mark every report and screen puts after a colour a person set: "Amber*".
    public static let setByHandMark = "*"
    /// What the mark means, for the legend of a report.
    public static let setByHandLegend = "*: colour set by hand, with its reason"

    /// Whether the colour shown was set by a person (an override on an open action).
    public static func isSetByHand(_ action: Action) -> Bool { action.ragOverride != nil && action.status.isOpen }

    /// The colour shown: the override if one is set on an open action, else the derived one.
    public func rag(_ action: Action) -> RAG? {
        switch action.status {
        case .complete: return .blue
        case .cancelled: return nil
        case .notStarted, .inProgress: return action.ragOverride ?? derivedRAG(action)
        }
    }

    /// The same colour from facts a store can compute in a query: the status, the override,
    /// whether the action is overdue and whether it is due within the amber window.
    public static func rag(status: ActionStatus, override: RAG?, overdue: Bool, dueSoon: Bool) -> RAG? {
        switch status {
        case .complete: return .blue
        case .cancelled: return nil
        case .notStarted, .inProgress:
            if let override { return override }
            if overdue { return .red }
            if status == .notStarted && dueSoon { return .amber }
            return .green
        }
    }
}

/// A due date against today, as the command line and the terminal UI both word it.
public enum DueStanding: Hashable, Sendable {
    /// What "wd" means, for the legend of any report a board reads.
    public static let legend = "wd: working days (weekends and bank holidays do not count)"

    case noDate
    case dueToday
    /// Working days left (after today, up to and including the due date).
    case remaining(Int)
    /// Past, but no working day has passed since (a Friday date seen on the Saturday).
    case justPast
    /// Working days past the due date.
    case overdue(Int)

    /// "in 3 wd", "due today", "2 wd overdue", "due", "no date".
    public var text: String {
        switch self {
        case .noDate: return "no date"
        case .dueToday: return "due today"
        case .remaining(let n): return "in \(n) wd"
        case .justPast: return "due"
        case .overdue(let n): return "\(n) wd overdue"
        }
    }
}

/// Where a milestone stands: met (on time or how late) or, while open, its due date's standing.
public enum MilestoneStanding: Hashable, Sendable {
    case done(on: Day, workingDaysLate: Int?)
    case open(DueStanding)

    /// "done 2023-01-30, on time", "done 2023-02-10, 4 wd late", "done 2023-01-30" (no due date),
    /// or an open one's "in 12 wd", "due today", "3 wd overdue", "no date". The one wording of
    /// a milestone's standing for every screen, list and report.
    public var text: String {
        switch self {
        case .done(let day, nil): return "done \(day.iso)"
        case .done(let day, .some(0)): return "done \(day.iso), on time"
        case .done(let day, .some(let late)): return "done \(day.iso), \(late) wd late"
        case .open(let standing): return standing.text
        }
    }
}

extension RAGRules {
    public func standing(of milestone: Milestone) -> MilestoneStanding {
        if let done = milestone.done {
            guard let due = milestone.due else { return .done(on: done, workingDaysLate: nil) }
            return .done(on: done, workingDaysLate: done <= due ? 0 : calendar.workingDays(from: due, to: done))
        }
        return .open(standing(due: milestone.due))
    }
}

extension Action {
    /// What the `~` of `dueText` means, for the legend of a report.
    public static let provisionalDueLegend = "~: a provisional due date, from a default"

    /// The due date as listed: `~` marks a provisional one (from a default); "—" when none.
    public var dueText: String {
        guard let due else { return "—" }
        return (dueProvisional ? "~" : "") + due.iso
    }
}
