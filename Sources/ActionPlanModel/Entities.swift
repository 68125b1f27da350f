import Foundation

/// Why, when and by whom an item was taken out of a plan. A removed item leaves every list,
/// screen and report; its row and its history stay, and `undo` brings it back.
public struct Removal: Hashable, Sendable, Codable {
    public var at: Date
    public var by: String
    public var reason: String

    public init(at: Date, by: String, reason: String) {
        self.at = at
        self.by = by
        self.reason = reason
    }
}

/// The response to one source document.
public struct Plan: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var title: String
    public var authority: String
    public var kind: DocumentKind
    public var letterDate: Day?
    /// The date the letter was received; deadlines count from it. Defaults to the letter date.
    public var received: Day
    public var visitDates: [Day]
    public var inspectors: [String]
    /// The file the plan was imported from, if any.
    public var sourceFile: String?
    /// A hash of the imported text, so the same document is not imported twice.
    public var contentHash: String?
    public var createdAt: Date
    public var createdBy: String
    /// The authority's DfE code from the shipped table of local authorities ("808"); nil when
    /// the table does not know the name the document gives.
    public var authorityCode: String?
    /// What the document says about the plan that is not a finding ("The areas for priority
    /// action set at the last focused visit … remain."), verbatim.
    public var context: [String]
    /// The authority as the document words it ("Durham County Council"), when the plan's
    /// `authority` is the table's canonical name for it.
    public var authorityAsWritten: String?
    /// The document says the priority actions of the authority's earlier visit still stand: this
    /// plan goes on from that one (`earlierPlan(in:)`).
    public var earlierActionsRemain: Bool
    /// Put away once delivered or superseded: hidden from the plans screen, the lists and the
    /// reports unless asked for, still whole and changeable.
    public var archived: Bool
    public var removed: Removal?
    /// The received date is an estimate (the last day of the visit, `import --received
    /// last-visit`), not the day the letter arrived: every screen and report says so.
    public var receivedEstimated: Bool = false
    /// The graded judgements of the source document, in its order ("Overall effectiveness":
    /// "Requires improvement to be good"): context for the board, not tracked.
    public var judgements: [Judgement]

    public init(id: Int64 = 0, title: String, authority: String, kind: DocumentKind, letterDate: Day?,
                received: Day, visitDates: [Day] = [], inspectors: [String] = [], sourceFile: String? = nil,
                contentHash: String? = nil, createdAt: Date, createdBy: String, authorityCode: String? = nil,
                context: [String] = [], authorityAsWritten: String? = nil, earlierActionsRemain: Bool = false,
                archived: Bool = false, removed: Removal? = nil, judgements: [Judgement] = []) {
        self.id = id
        self.judgements = judgements
        self.archived = archived
        self.removed = removed
        self.authorityAsWritten = authorityAsWritten
        self.earlierActionsRemain = earlierActionsRemain
        self.authorityCode = authorityCode
        self.context = context
        self.title = title
        self.authority = authority
        self.kind = kind
        self.letterDate = letterDate
        self.received = received
        self.visitDates = visitDates
        self.inspectors = inspectors
        self.sourceFile = sourceFile
        self.contentHash = contentHash
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

extension Plan {
    /// What follows the received date wherever it is shown: "" or " (estimated: the last day of the visit)".
    public var receivedNote: String { receivedEstimated ? " (estimated: the last day of the visit)" : "" }

    /// The date the document is placed in time by: the date it prints, else the last day of its
    /// visit, else the received date. What "earlier" compares for recurring findings, and the
    /// year themes are counted by.
    public var documentDate: Day { letterDate ?? visitDates.max() ?? received }

    /// The document in a history, "2014 peer review" (see `DocumentKind.historyName`).
    public var historyLabel: String { kind.historyLabel(documentDate) }

    /// Whether another plan is about the same authority: by code when both have one, else by
    /// name without regard to case.
    public func sameAuthority(as other: Plan) -> Bool {
        if let code = authorityCode, let otherCode = other.authorityCode { return code == otherCode }
        return authority.caseInsensitiveCompare(other.authority) == .orderedSame
    }

    /// The plan this one goes on from when its document says the earlier priority actions
    /// remain: the same authority's latest plan received before it.
    public func earlierPlan(in plans: [Plan]) -> Plan? {
        guard earlierActionsRemain else { return nil }
        return plans.filter { $0.id != id && sameAuthority(as: $0) && $0.received < received }
            .max { ($0.received, $0.id) < ($1.received, $1.id) }
    }
}

/// A graded judgement of a source document: the area judged, with the part of the document it
/// belongs to when there are several ("Looked after children › Overall effectiveness"), and the
/// grade as the document words it ("Grade 2 (good)", "Requires improvement to be good").
public struct Judgement: Hashable, Sendable, Codable {
    public var area: String
    public var grade: String

    public init(area: String, grade: String) {
        self.area = area
        self.grade = grade
    }
}

/// A statutory or stated milestone of a plan, such as "final action plan to Ofsted".
public struct Milestone: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var planId: Int64
    public var title: String
    public var due: Day?
    /// The rule the due date came from, if it was derived (see `DeadlineRule.code`).
    public var rule: DeadlineRule?
    /// The date the milestone was met (e.g. the plan was submitted), once recorded.
    public var done: Day?
    /// Order within the plan.
    public var position: Int
    public var removed: Removal?

    public init(id: Int64 = 0, planId: Int64, title: String, due: Day?, rule: DeadlineRule?, done: Day? = nil, position: Int = 0,
                removed: Removal? = nil) {
        self.id = id
        self.removed = removed
        self.planId = planId
        self.title = title
        self.due = due
        self.rule = rule
        self.done = done
        self.position = position
    }
}

/// One point from the source document, verbatim.
public struct Finding: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var planId: Int64
    /// A short reference, unique within the plan ("P1", "D3").
    public var ref: String
    public var category: FindingCategory
    public var timeframe: Timeframe
    /// Where the finding sits in the document, outermost first.
    public var sectionPath: [String]
    public var text: String
    /// Where in the source it came from ("line 120"), if known.
    public var sourceLocation: String?
    /// Order within the plan.
    public var position: Int
    /// The body the document makes responsible ("Bury Council and NHS Greater Manchester ICB",
    /// from an area SEND "Responsible body" table); nil when it names none.
    public var ownerBody: String?
    /// The sub-items of a nested list item, in order (the text holds them too, after the lead-in).
    public var subItems: [String]
    /// Taken out of the plan (a duplicate, a garbled import); its actions go with it.
    public var removed: Removal?

    public init(id: Int64 = 0, planId: Int64, ref: String, category: FindingCategory, timeframe: Timeframe = .none,
                sectionPath: [String] = [], text: String, sourceLocation: String? = nil, position: Int = 0,
                ownerBody: String? = nil, subItems: [String] = [], removed: Removal? = nil) {
        self.id = id
        self.removed = removed
        self.ownerBody = ownerBody
        self.subItems = subItems
        self.planId = planId
        self.ref = ref
        self.category = category
        self.timeframe = timeframe
        self.sectionPath = sectionPath
        self.text = text
        self.sourceLocation = sourceLocation
        self.position = position
    }

    /// "Looked after children › Areas for improvement › Within three months".
    public var section: String { sectionPath.joined(separator: " › ") }
}

/// What the authority will do about a finding.
public struct Action: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var findingId: Int64
    public var planId: Int64
    public var title: String
    public var owner: String?
    public var due: Day?
    /// True when the due date came from a default, not from the document or a person.
    public var dueProvisional: Bool
    /// The rule the due date was derived from; nil once a person set it.
    public var dueRule: DeadlineRule?
    /// The first due date, kept once the due date is reprogrammed.
    public var originalDue: Day?
    /// How many times the due date was changed after it was first set.
    public var reprogramCount: Int
    public var status: ActionStatus
    public var ragOverride: RAG?
    public var ragReason: String?
    public var successMeasure: String?
    public var evidence: String?
    /// Incremented by every change; an edit made against an older version is refused.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var updatedBy: String
    /// The action's name within its plan, "P1.2": its finding's reference and its number under
    /// that finding. Given by the store when the action is added and never reused, so the name
    /// a person reads on one screen is the name every other screen, list and export uses.
    public var ref: String
    public var removed: Removal?

    public init(id: Int64 = 0, findingId: Int64, planId: Int64, title: String, owner: String? = nil, due: Day? = nil,
                dueProvisional: Bool = false, dueRule: DeadlineRule? = nil, originalDue: Day? = nil,
                reprogramCount: Int = 0, status: ActionStatus = .notStarted, ragOverride: RAG? = nil,
                ragReason: String? = nil, successMeasure: String? = nil, evidence: String? = nil, version: Int = 1,
                createdAt: Date, updatedAt: Date, updatedBy: String, ref: String = "", removed: Removal? = nil) {
        self.id = id
        self.removed = removed
        self.ref = ref
        self.findingId = findingId
        self.planId = planId
        self.title = title
        self.owner = owner
        self.due = due
        self.dueProvisional = dueProvisional
        self.dueRule = dueRule
        self.originalDue = originalDue
        self.reprogramCount = reprogramCount
        self.status = status
        self.ragOverride = ragOverride
        self.ragReason = ragReason
        self.successMeasure = successMeasure
        self.evidence = evidence
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

extension Action {
    /// A person sets the due date. Changing a date a person set or the document stated is a
    /// reprogram (counted, and the first such date kept as `originalDue`); confirming or changing
    /// a provisional default is not, so the board's "reprogrammed" list shows real slippage.
    public mutating func setDue(_ day: Day?) {
        if day != due, let old = due, !dueProvisional {
            originalDue = originalDue ?? old
            reprogramCount += 1
        }
        due = day
        dueProvisional = false
        dueRule = nil
    }
}

/// A dated progress note on an action.
public struct Note: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var actionId: Int64
    public var author: String
    /// The day the note is about (today unless given).
    public var day: Day
    public var createdAt: Date
    public var text: String
    public var removed: Removal?

    public init(id: Int64 = 0, actionId: Int64, author: String, day: Day, createdAt: Date, text: String, removed: Removal? = nil) {
        self.id = id
        self.removed = removed
        self.actionId = actionId
        self.author = author
        self.day = day
        self.createdAt = createdAt
        self.text = text
    }
}

/// One recorded change of one field (or the creation or deletion of a row).
public struct AuditEvent: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var changeGroup: Int64
    public var at: Date
    public var who: String
    /// `plan`, `milestone`, `finding`, `action`, `note`, `holiday`.
    public var entity: String
    public var entityId: Int64
    /// A column name, or `*` for the creation or deletion of the whole row.
    public var field: String
    public var oldValue: String?
    public var newValue: String?
    /// The operating-system account that ran the command (`who` is the name it gave, which
    /// `--as` or `ACTIONPLAN_USER` can set); nil for changes recorded before accounts were.
    public var account: String?

    public init(id: Int64 = 0, changeGroup: Int64, at: Date, who: String, entity: String, entityId: Int64,
                field: String, oldValue: String?, newValue: String?, account: String? = nil) {
        self.id = id
        self.account = account
        self.changeGroup = changeGroup
        self.at = at
        self.who = who
        self.entity = entity
        self.entityId = entityId
        self.field = field
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

/// One command's changes, undone together.
public struct ChangeGroup: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var who: String
    public var at: Date
    /// What the command was ("update 12", "import letter.pdf").
    public var summary: String
    /// The group that undid this one, if any.
    public var undoneBy: Int64?
    /// The group this one undid, if it is an undo.
    public var undoes: Int64?
    /// The operating-system account that made it (nil before accounts were recorded).
    public var account: String?

    public init(id: Int64 = 0, who: String, at: Date, summary: String, undoneBy: Int64? = nil, undoes: Int64? = nil,
                account: String? = nil) {
        self.id = id
        self.account = account
        self.who = who
        self.at = at
        self.summary = summary
        self.undoneBy = undoneBy
        self.undoes = undoes
    }
}
