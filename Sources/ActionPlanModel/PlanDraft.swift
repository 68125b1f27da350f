/// A whole plan to be created at once (by import or by the demo): the plan, its milestones,
/// and its findings, each with the actions to create for it. Ids are assigned by the store.
public struct PlanDraft: Sendable, Hashable {
    public var plan: Plan
    public var milestones: [Milestone]
    public var findings: [FindingDraft]

    public init(plan: Plan, milestones: [Milestone] = [], findings: [FindingDraft] = []) {
        self.plan = plan
        self.milestones = milestones
        self.findings = findings
    }
}

/// A finding of a `PlanDraft` with the actions to create for it.
public struct FindingDraft: Sendable, Hashable {
    public var finding: Finding
    public var actions: [Action]
    /// Progress notes to create with the actions, by the action's index in `actions` (an
    /// imported spreadsheet's "Progress update"). The store sets each note's action and moment.
    public var notes: [Int: [Note]]

    public init(finding: Finding, actions: [Action] = [], notes: [Int: [Note]] = [:]) {
        self.finding = finding
        self.actions = actions
        self.notes = notes
    }
}
