import Foundation
import ActionPlanModel

/// The JSON printed by `actionplan import --dry-run --json`: what would be imported, one entry
/// per document. The keys of issue 3 are fixed; a few more are added (title, line, due_rule,
/// counts, warnings). Missing dates are `null`.
public struct DryRunReport: Encodable, Sendable {
    public var documents: [Document]

    public init(documents: [Document]) { self.documents = documents }

    public struct Document: Encodable, Sendable {
        public var file: String?
        public var kind: DocumentKind
        public var title: String?
        /// The authority as the document words it.
        public var authority: String?
        /// Its DfE code and canonical name from the local-authority table (nil when unknown).
        public var authorityCode: String?
        public var authorityName: String?
        public var letterDate: Day?
        public var received: Day?
        public var visitDates: [Day]
        public var inspectors: [String]
        public var milestones: [MilestoneEntry]
        public var findings: [FindingEntry]
        public var judgements: [JudgementEntry]
        public var counts: [String: Int]
        /// Statements that are not findings, kept as the plan's context.
        public var context: [String]
        public var earlierPriorityActionsRemain: Bool
        public var warnings: [String]
        /// The plan created from the document (absent in a dry run).
        public var planId: Int64?

        enum CodingKeys: String, CodingKey {
            case file, kind, title, authority, received, inspectors, milestones, findings, judgements, counts, warnings, context
            case planId = "plan_id"
            case authorityCode = "authority_code"
            case authorityName = "authority_name"
            case earlierPriorityActionsRemain = "earlier_priority_actions_remain"
            case letterDate = "letter_date"
            case visitDates = "visit_dates"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(file, forKey: .file)
            try c.encode(kind.rawValue, forKey: .kind)
            try c.encode(title, forKey: .title)
            try c.encode(authority, forKey: .authority)
            try c.encode(authorityCode, forKey: .authorityCode)
            try c.encode(authorityName, forKey: .authorityName)
            try c.encode(letterDate?.iso, forKey: .letterDate)
            try c.encode(received?.iso, forKey: .received)
            try c.encode(visitDates.map(\.iso), forKey: .visitDates)
            try c.encode(inspectors, forKey: .inspectors)
            try c.encode(milestones, forKey: .milestones)
            try c.encode(findings, forKey: .findings)
            try c.encode(judgements, forKey: .judgements)
            try c.encode(counts, forKey: .counts)
            try c.encode(context, forKey: .context)
            try c.encode(earlierPriorityActionsRemain, forKey: .earlierPriorityActionsRemain)
            try c.encode(warnings, forKey: .warnings)
            try c.encodeIfPresent(planId, forKey: .planId)
        }
    }

    public struct MilestoneEntry: Encodable, Sendable {
        public var title: String
        public var due: Day?
        public var rule: DeadlineRule?

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(title, forKey: .title)
            try c.encode(due?.iso, forKey: .due)
            try c.encode(rule?.code, forKey: .rule)
        }
        enum Keys: String, CodingKey { case title, due, rule }
    }

    public struct FindingEntry: Encodable, Sendable {
        public var ref: String
        public var category: FindingCategory
        public var timeframe: Timeframe
        public var section: [String]
        public var text: String
        public var line: Int
        public var due: Day?
        public var dueProvisional: Bool
        public var dueRule: DeadlineRule?
        /// The responsible body of an area SEND table row.
        public var ownerBody: String?
        /// The sub-items of a nested list item.
        public var subItems: [String]

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(ref, forKey: .ref)
            try c.encode(category.rawValue, forKey: .category)
            try c.encode(timeframe.rawValue, forKey: .timeframe)
            try c.encode(section.joined(separator: " › "), forKey: .section)
            try c.encode(section, forKey: .sectionPath)
            try c.encode(text, forKey: .text)
            try c.encode(line, forKey: .line)
            try c.encode(due?.iso, forKey: .due)
            try c.encode(dueProvisional, forKey: .dueProvisional)
            try c.encode(dueRule?.code, forKey: .dueRule)
            try c.encode(ownerBody, forKey: .ownerBody)
            try c.encode(subItems, forKey: .subItems)
        }
        enum Keys: String, CodingKey {
            case ref, category, timeframe, section, text, line, due
            case ownerBody = "owner_body"
            case subItems = "sub_items"
            case sectionPath = "section_path"
            case dueProvisional = "due_provisional"
            case dueRule = "due_rule"
        }
    }

    public struct JudgementEntry: Encodable, Sendable {
        public var area: String
        public var grade: String
    }
}

extension DryRunReport.Document {
    /// The report entry for one document: the extraction as the planner would import it.
    ///
    /// `receivedGiven` is the date received given by the user. When it is nil and the document
    /// prints no letter date, nothing says when the deadlines start: the received date and every
    /// due date are null (the draft's dates, counted from a fallback, are not shown).
    public init(extraction e: Extraction, draft: PlanDraft, file: String? = nil, planId: Int64? = nil, receivedGiven: Day? = nil) {
        let undated = receivedGiven == nil && e.received == nil && e.letterDate == nil
        self.planId = planId
        self.file = file ?? e.fileName
        self.kind = draft.plan.kind
        self.title = e.title
        self.authority = e.authority
        self.authorityCode = e.authorityCode
        self.authorityName = e.authorityName
        self.letterDate = e.letterDate
        self.received = undated ? nil : draft.plan.received
        self.visitDates = e.visitDates
        self.inspectors = e.inspectors
        self.milestones = draft.milestones.map { DryRunReport.MilestoneEntry(title: $0.title, due: undated ? nil : $0.due, rule: $0.rule) }
        self.findings = zip(e.findings, draft.findings).map { f, d in
            let action = d.actions.first
            return DryRunReport.FindingEntry(ref: f.ref, category: f.category, timeframe: f.timeframe, section: f.sectionPath,
                                             text: f.text, line: f.line, due: undated ? nil : action?.due,
                                             dueProvisional: action?.dueProvisional ?? false, dueRule: action?.dueRule,
                                             ownerBody: f.ownerBody, subItems: f.subItems)
        }
        self.judgements = e.judgements.map { DryRunReport.JudgementEntry(area: $0.area, grade: $0.grade) }
        var counts: [String: Int] = [:]
        for f in e.findings { counts[f.category.rawValue, default: 0] += 1 }
        for f in e.findings where f.category.isImprovement { counts["timeframe:" + f.timeframe.rawValue, default: 0] += 1 }
        self.counts = counts
        self.context = e.context
        self.earlierPriorityActionsRemain = e.earlierPriorityActionsRemain
        self.warnings = e.warnings
    }
}

extension DryRunReport {
    /// The report as pretty-printed JSON with sorted keys (stable output for diffs and tests).
    public func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else { return "{\"documents\": []}" }
        return text
    }
}
