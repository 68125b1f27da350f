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

    public init(finding: Finding, actions: [Action] = []) {
        self.finding = finding
        self.actions = actions
    }
}
