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

    public func isOverdue(_ action: Action) -> Bool {
        action.status.isOpen && workingDaysOverdue(due: action.due) > 0
    }

    /// Open and due within `window` working days from today (today included), not overdue.
    public func isDueWithin(_ action: Action, workingDays window: Int) -> Bool {
        guard action.status.isOpen, let due = action.due, due >= today else { return false }
        return calendar.workingDays(from: today, to: due) <= window
    }

    public func derivedRAG(_ action: Action) -> RAG? {
        switch action.status {
        case .complete: return .blue
        case .cancelled: return nil
        case .notStarted, .inProgress: break
        }
        if isOverdue(action) { return .red }
        if action.status == .notStarted, isDueWithin(action, workingDays: amberWindow) { return .amber }
        return .green
    }

    /// The colour shown: the override if one is set on an open action, else the derived one.
    public func rag(_ action: Action) -> RAG? {
        switch action.status {
        case .complete: return .blue
        case .cancelled: return nil
        case .notStarted, .inProgress: return action.ragOverride ?? derivedRAG(action)
        }
    }
}
