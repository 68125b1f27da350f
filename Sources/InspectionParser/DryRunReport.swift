import Foundation
import ActionPlanModel

/// What `actionplan import --dry-run` shows of each document: what the letter says and the plan
/// as it would be (or was) stored. A value only: the JSON is written with the shapes every other
/// output uses (`ImportReport` in ActionPlanOperations, docs/schema/import-dry-run-output).
public struct DryRunReport: Sendable {
    public var documents: [Document]

    public init(documents: [Document]) { self.documents = documents }

    /// One document: what the letter says (its extraction) and the plan as it would be (or
    /// was) stored.
    public struct Document: Sendable {
        public var extraction: Extraction
        public var file: String?
        /// nil when nothing says when the deadlines start (no letter date, none given).
        public var received: Day?
        /// The plan as it would be stored; with no start for the deadlines, its due dates are nil.
        public var draft: PlanDraft
        /// Findings by category, and improvement findings by timescale ("timeframe:within_3_months").
        public var counts: [String: Int]
        /// The plan created from the document (nil in a dry run).
        public var planId: Int64?

        public var kind: DocumentKind { draft.plan.kind }
    }
}

extension Extraction {
    /// Nothing says when the deadlines start: the document prints no letter date and no date
    /// received, and none was given. Such a document is refused by a real import and shown
    /// with null dates by a dry run.
    public func isUndated(receivedGiven: Day?) -> Bool {
        receivedGiven == nil && received == nil && letterDate == nil
    }
}

extension DryRunReport.Document {
    /// The report entry for one document: the extraction as the planner would import it.
    ///
    /// `receivedGiven` is the date received given by the user. When it is nil and the document
    /// prints no letter date, nothing says when the deadlines start: the received date and every
    /// due date are nil (the draft's dates, counted from a fallback, are not shown).
    public init(extraction e: Extraction, draft: PlanDraft, file: String? = nil, planId: Int64? = nil, receivedGiven: Day? = nil) {
        let undated = e.isUndated(receivedGiven: receivedGiven)
        self.extraction = e
        self.planId = planId
        self.file = file ?? e.fileName
        self.received = undated ? nil : draft.plan.received
        var shown = draft
        if undated {
            for i in shown.milestones.indices { shown.milestones[i].due = nil }
            for f in shown.findings.indices {
                for a in shown.findings[f].actions.indices { shown.findings[f].actions[a].due = nil }
            }
        }
        self.draft = shown
        var counts: [String: Int] = [:]
        for f in e.findings { counts[f.category.rawValue, default: 0] += 1 }
        for f in e.findings where f.category.isImprovement { counts["timeframe:" + f.timeframe.rawValue, default: 0] += 1 }
        self.counts = counts
    }
}
