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
    /// "Due soon" window for amber, in working days.
    public var amberWindow: Int = 10

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
                            dueSoon: isDueWithin(action, workingDays: amberWindow))
    }

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

extension Action {
    /// The due date as listed: `~` marks a provisional one (from a default); "—" when none.
    public var dueText: String {
        guard let due else { return "—" }
        return (dueProvisional ? "~" : "") + due.iso
    }
}
