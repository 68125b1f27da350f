import Foundation
import ActionPlanModel
import ActionPlanReports
import InspectionParser
import ActionPlanCore

/// `import --json` (with or without `--dry-run`): each document in the shapes every other JSON
/// output uses (docs/schema/import-dry-run-output.schema.json).
public enum ImportReport {
    public static func json(_ documents: [DryRunReport.Document], rules: RAGRules) -> JSONValue {
        .object([("documents", .array(documents.map { d in
            let e = d.extraction
            return JSONShapes.importDocument(file: d.file, kind: d.kind, title: e.title, authority: e.authority,
                                             authorityCode: e.authorityCode, authorityName: e.authorityName,
                                             letterDate: e.letterDate, received: d.received, visitDates: e.visitDates,
                                             inspectors: e.inspectors, draft: d.draft, judgements: e.judgements,
                                             counts: d.counts, context: e.context, earlierPriorityActionsRemain: e.earlierPriorityActionsRemain,
                                             warnings: e.warnings, planId: d.planId, rules: rules)
        }))])
    }
}

extension ImportReport {
    /// A plan as the store holds it, in the form of a draft, so that an import's JSON shows the
    /// ids and references the store gave.
    public static func storedDraft(_ planId: Int64, store: any PlanStore) throws -> PlanDraft? {
        guard let plan = try store.plan(id: planId) else { return nil }
        let actions = Dictionary(grouping: try store.actions(ActionQuery(planIds: [planId])), by: \.findingId)
        return PlanDraft(plan: plan, milestones: try store.milestones(planId: planId),
                         findings: try store.findings(planId: planId).map { FindingDraft(finding: $0, actions: actions[$0.id] ?? []) })
    }
}
