import Foundation
import ActionPlanModel

/// The JSON shapes of the command line (documented in docs/cli.md). Keys are converted to
/// snake_case by `Output.json`.
struct ActionJSON: Encodable {
    let id: Int64
    let planId: Int64
    let findingId: Int64
    let findingRef: String?
    let category: String?
    let title: String
    let owner: String?
    let due: Day?
    let dueProvisional: Bool
    let dueRule: String?
    let originalDue: Day?
    let reprogramCount: Int
    let status: String
    let rag: String?
    let ragOverride: String?
    let ragReason: String?
    let successMeasure: String?
    let evidence: String?
    let workingDaysOverdue: Int
    let workingDaysRemaining: Int?
    let version: Int
    let createdAt: Date
    let updatedAt: Date
    let updatedBy: String

    // Spelled out so that a list of 100,000 actions skips the encoder's key conversion.
    enum CodingKeys: String, CodingKey {
        case id, title, owner, due, status, rag, evidence, version, category
        case planId = "plan_id", findingId = "finding_id", findingRef = "finding_ref", dueProvisional = "due_provisional"
        case dueRule = "due_rule", originalDue = "original_due", reprogramCount = "reprogram_count"
        case ragOverride = "rag_override", ragReason = "rag_reason", successMeasure = "success_measure"
        case workingDaysOverdue = "working_days_overdue", workingDaysRemaining = "working_days_remaining"
        case createdAt = "created_at", updatedAt = "updated_at", updatedBy = "updated_by"
    }

    init(_ action: Action, finding: Finding?, rules: RAGRules) {
        id = action.id
        planId = action.planId
        findingId = action.findingId
        findingRef = finding?.ref
        category = finding?.category.rawValue
        title = action.title
        owner = action.owner
        due = action.due
        dueProvisional = action.dueProvisional
        dueRule = action.dueRule?.code
        originalDue = action.originalDue
        reprogramCount = action.reprogramCount
        status = action.status.rawValue
        rag = rules.rag(action)?.rawValue
        ragOverride = action.ragOverride?.rawValue
        ragReason = action.ragReason
        successMeasure = action.successMeasure
        evidence = action.evidence
        workingDaysOverdue = action.status.isOpen ? rules.workingDaysOverdue(due: action.due) : 0
        workingDaysRemaining = action.due.map { rules.workingDaysRemaining(due: $0) }
        version = action.version
        createdAt = action.createdAt
        updatedAt = action.updatedAt
        updatedBy = action.updatedBy
    }
}

struct FindingJSON: Encodable {
    let id: Int64
    let planId: Int64
    let ref: String
    let category: String
    let timeframe: String
    let section: [String]
    let text: String

    init(_ finding: Finding) {
        id = finding.id
        planId = finding.planId
        ref = finding.ref
        category = finding.category.rawValue
        timeframe = finding.timeframe.rawValue
        section = finding.sectionPath
        text = finding.text
    }
}

struct NoteJSON: Encodable {
    let id: Int64
    let day: Day
    let author: String
    let text: String
    let createdAt: Date

    init(_ note: Note) {
        id = note.id
        day = note.day
        author = note.author
        text = note.text
        createdAt = note.createdAt
    }
}

struct AuditJSON: Encodable {
    let id: Int64
    let changeGroup: Int64
    let at: Date
    let who: String
    let entity: String
    let entityId: Int64
    let field: String
    let oldValue: String?
    let newValue: String?

    init(_ event: AuditEvent) {
        id = event.id
        changeGroup = event.changeGroup
        at = event.at
        who = event.who
        entity = event.entity
        entityId = event.entityId
        field = event.field
        oldValue = event.oldValue
        newValue = event.newValue
    }
}

struct MilestoneJSON: Encodable {
    let id: Int64
    let title: String
    let due: Day?
    let rule: String?
    let done: Day?
    let workingDaysRemaining: Int?

    init(_ milestone: Milestone, rules: RAGRules) {
        id = milestone.id
        title = milestone.title
        due = milestone.due
        rule = milestone.rule?.code
        done = milestone.done
        workingDaysRemaining = milestone.due.map { rules.workingDaysRemaining(due: $0) }
    }
}

struct PlanSummaryJSON: Encodable {
    struct Counts: Encodable {
        let total: Int
        let notStarted: Int
        let inProgress: Int
        let complete: Int
        let cancelled: Int
        let overdue: Int
    }
    struct BRAG: Encodable {
        let blue: Int
        let red: Int
        let amber: Int
        let green: Int
    }
    let id: Int64
    let title: String
    let authority: String
    let kind: String
    let letterDate: Day?
    let received: Day
    let counts: Counts
    let rag: BRAG
    let percentComplete: Int
    let nextMilestone: MilestoneJSON?

    init(_ plan: Plan, counts c: ProgressCounts, next: Milestone?, rules: RAGRules) {
        id = plan.id
        title = plan.title
        authority = plan.authority
        kind = plan.kind.rawValue
        letterDate = plan.letterDate
        received = plan.received
        counts = Counts(total: c.total, notStarted: c.count(.notStarted), inProgress: c.count(.inProgress),
                        complete: c.count(.complete), cancelled: c.count(.cancelled), overdue: c.overdue)
        rag = BRAG(blue: c.count(.blue), red: c.count(.red), amber: c.count(.amber), green: c.count(.green))
        percentComplete = c.percentComplete
        nextMilestone = next.map { MilestoneJSON($0, rules: rules) }
    }
}
