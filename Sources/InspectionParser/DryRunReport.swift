import Foundation
import ActionPlanModel

/// What `actionplan import --dry-run` shows of each document: what the letter says and the plan
/// as it would be (or was) stored. A value only: the JSON is written with the shapes every other
/// output uses (`ImportReport` in ActionPlanOperations, docs/schema/import-dry-run-output).
public struct DryRunReport: Sendable {
    public var documents: [Document]

    public init(documents: [Document]) { self.documents = documents }

    public struct Document: Sendable {
        public var file: String?
        public var kind: DocumentKind
        public var title: String?
        /// The authority as the document words it.
        public var authority: String?
        /// Its DfE code and canonical name from the local-authority table (nil when unknown).
        public var authorityCode: String?
        public var authorityName: String?
        public var letterDate: Day?
        /// nil when nothing says when the deadlines start (no letter date, none given).
        public var received: Day?
        public var visitDates: [Day]
        public var inspectors: [String]
        /// The plan as it would be stored; with no start for the deadlines, its due dates are nil.
        public var draft: PlanDraft
        public var judgements: [Judgement]
        /// Findings by category, and improvement findings by timescale ("timeframe:within_3_months").
        public var counts: [String: Int]
        /// Statements that are not findings, kept as the plan's context.
        public var context: [String]
        public var earlierPriorityActionsRemain: Bool
        public var warnings: [String]
        /// The plan created from the document (nil in a dry run).
        public var planId: Int64?
    }
}

extension DryRunReport.Document {
    /// The report entry for one document: the extraction as the planner would import it.
    ///
    /// `receivedGiven` is the date received given by the user. When it is nil and the document
    /// prints no letter date, nothing says when the deadlines start: the received date and every
    /// due date are nil (the draft's dates, counted from a fallback, are not shown).
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
        var shown = draft
        if undated {
            for i in shown.milestones.indices { shown.milestones[i].due = nil }
            for f in shown.findings.indices {
                for a in shown.findings[f].actions.indices { shown.findings[f].actions[a].due = nil }
            }
        }
        self.draft = shown
        self.judgements = e.judgements
        var counts: [String: Int] = [:]
        for f in e.findings { counts[f.category.rawValue, default: 0] += 1 }
        for f in e.findings where f.category.isImprovement { counts["timeframe:" + f.timeframe.rawValue, default: 0] += 1 }
        self.counts = counts
        self.context = e.context
        self.earlierPriorityActionsRemain = e.earlierPriorityActionsRemain
        self.warnings = e.warnings
    }
}
