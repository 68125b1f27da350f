/// Counts of a set of actions by status and by colour, and how far they are complete.
public struct ProgressCounts: Hashable, Sendable, Codable {
    public var total = 0
    public var byStatus: [ActionStatus: Int] = [:]
    public var byRAG: [RAG: Int] = [:]
    public var overdue = 0

    public init() {}

    public init<S: Sequence>(_ actions: S, rules: RAGRules) where S.Element == Action {
        for action in actions { add(action, rules: rules) }
    }

    public mutating func add(_ action: Action, rules: RAGRules) {
        add(status: action.status, rag: rules.rag(action), overdue: rules.isOverdue(action), count: 1)
    }

    /// Adds `count` actions that share a status, a colour and whether they are overdue.
    public mutating func add(status: ActionStatus, rag: RAG?, overdue isOverdue: Bool, count: Int) {
        total += count
        byStatus[status, default: 0] += count
        if let rag { byRAG[rag, default: 0] += count }
        if isOverdue && status.isOpen { overdue += count }
    }

    public func count(_ status: ActionStatus) -> Int { byStatus[status] ?? 0 }
    public func count(_ rag: RAG) -> Int { byRAG[rag] ?? 0 }

    /// Actions that count towards completion: all but the cancelled ones.
    public var active: Int { total - count(.cancelled) }

    /// Complete actions as a whole percentage of the active ones (0 when there are none).
    public var percentComplete: Int {
        guard active > 0 else { return 0 }
        return Int((Double(count(.complete)) * 100 / Double(active)).rounded(.down))
    }

    /// A status's share of the active actions as a whole percentage; nil for cancelled, which
    /// is not part of the plan any more.
    public func share(_ status: ActionStatus) -> Int? {
        status == .cancelled ? nil : percent(count(status))
    }

    /// A colour's share of the active actions as a whole percentage.
    public func share(_ rag: RAG) -> Int { percent(count(rag)) }

    /// A share of the active actions (cancelled ones do not count: they have no colour and
    /// are not to be delivered) as a whole percentage, for tables ("40%"); every screen and
    /// report shows colour and status shares through this.
    public func percent(_ part: Int) -> Int {
        guard active > 0 else { return 0 }
        return Int((Double(part) * 100 / Double(active)).rounded())
    }
}

/// The milestone of a plan that comes next: the earliest one not yet done.
public func nextMilestone(_ milestones: [Milestone]) -> Milestone? {
    milestones.filter { $0.done == nil && $0.due != nil }.min { $0.due! < $1.due! }
}
