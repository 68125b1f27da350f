import Foundation
import ActionPlanModel
import ActionPlanCore

/// The one JSON shape of each entity — plan, finding, action, note, milestone, audit event and
/// progress counts — used by every JSON output (`list`, `show`, `history`, `milestone`,
/// `plans`, `export --format json`, `import --json`), and the one set of CSV columns of an
/// action (`list --csv`, `export --format csv`).
///
/// Each shape has a JSON Schema in docs/schema/ (the tests validate every output against it).
/// Every key is always present, in a fixed order, `null` when there is no value. Days are
/// `YYYY-MM-DD`; moments are `Timestamp.format` (UTC with milliseconds). Enumerations are the
/// raw values typed on the command line. An id of 0 is a record not stored yet (an import
/// dry run) and is written as `null`.
public enum JSONShapes {
    public static func plan(_ p: Plan) -> JSONValue {
        .object([
            ("id", id(p.id)),
            ("title", .string(p.title)),
            ("authority", .string(p.authority)),
            ("kind", .string(p.kind.rawValue)),
            ("letter_date", day(p.letterDate)),
            ("received", .string(p.received.iso)),
            ("received_estimated", .bool(p.receivedEstimated)),
            ("visit_dates", .array(p.visitDates.map { .string($0.iso) })),
            ("inspectors", .array(p.inspectors.map { .string($0) })),
            ("source_file", .string(p.sourceFile)),
            ("created_at", moment(p.createdAt)),
            ("created_by", .string(p.createdBy)),
            ("authority_code", .string(p.authorityCode)),
            ("context", .array(p.context.map { .string($0) })),
            ("authority_as_written", .string(p.authorityAsWritten)),
            ("earlier_actions_remain", .bool(p.earlierActionsRemain)),
            ("judgements", .array(p.judgements.map(judgement))),
        ])
    }

    /// One graded judgement of the source document: `{"area", "grade"}`.
    public static func judgement(_ j: Judgement) -> JSONValue {
        .object([("area", .string(j.area)), ("grade", .string(j.grade))])
    }

    public static func finding(_ f: Finding) -> JSONValue {
        .object([
            ("id", id(f.id)),
            ("plan_id", id(f.planId)),
            ("ref", .string(f.ref)),
            ("category", .string(f.category.rawValue)),
            ("timeframe", .string(f.timeframe.rawValue)),
            ("section", f.sectionPath.isEmpty ? .null : .string(f.section)),
            ("section_path", .array(f.sectionPath.map { .string($0) })),
            ("text", .string(f.text)),
            ("source_location", .string(f.sourceLocation)),
            ("owner_body", .string(f.ownerBody)),
            ("sub_items", .array(f.subItems.map { .string($0) })),
        ])
    }

    /// An action with what is worked out about it on a day: its colour, working days overdue
    /// or remaining, its newest note, and its finding's reference, category, section and text.
    public static func action(_ line: ActionLine) -> JSONValue {
        let a = line.action
        let f = line.finding
        return .object([
            ("id", id(a.id)),
            ("ref", a.ref.isEmpty ? .null : .string(a.ref)),
            ("plan_id", id(a.planId)),
            ("finding_id", id(a.findingId)),
            ("finding_ref", .string(f?.ref)),
            ("category", .string(f?.category.rawValue)),
            ("section", f.map { $0.sectionPath.isEmpty ? .null : .string($0.section) } ?? .null),
            ("finding_text", .string(f?.text)),
            ("title", .string(a.title)),
            ("owner", .string(a.owner)),
            ("due", day(a.due)),
            ("due_provisional", .bool(a.dueProvisional)),
            ("due_rule", .string(a.dueRule?.code)),
            ("original_due", day(a.originalDue)),
            ("reprogram_count", .int(a.reprogramCount)),
            ("status", .string(a.status.rawValue)),
            ("rag", .string(line.rag?.rawValue)),
            ("rag_override", .string(a.ragOverride?.rawValue)),
            ("rag_reason", .string(a.ragReason)),
            ("working_days_overdue", .int(line.workingDaysOverdue)),
            ("working_days_remaining", .int(line.workingDaysRemaining)),
            ("success_measure", .string(a.successMeasure)),
            ("evidence", .string(a.evidence)),
            ("latest_note", line.latestNote.map { note($0) } ?? .null),
            ("version", .int(a.version)),
            ("created_at", moment(a.createdAt)),
            ("updated_at", moment(a.updatedAt)),
            ("updated_by", .string(a.updatedBy)),
        ])
    }

    public static func action(_ a: Action, finding: Finding?, rules: RAGRules, latestNote: Note?) -> JSONValue {
        action(ActionLine(action: a, finding: finding, rules: rules, latestNote: latestNote))
    }

    public static func note(_ n: Note) -> JSONValue {
        .object([
            ("id", id(n.id)),
            ("action_id", id(n.actionId)),
            ("day", .string(n.day.iso)),
            ("author", .string(n.author)),
            ("text", .string(n.text)),
            ("created_at", moment(n.createdAt)),
        ])
    }

    /// A milestone and where it stands on a day (`state`, `standing` and the working days
    /// left are those of `MilestoneLine`).
    public static func milestone(_ line: MilestoneLine) -> JSONValue {
        let m = line.milestone
        return .object([
            ("id", id(m.id)),
            ("plan_id", id(m.planId)),
            ("title", .string(m.title)),
            ("due", day(m.due)),
            ("rule", .string(m.rule?.code)),
            ("done", day(m.done)),
            ("state", .string(line.state.rawValue)),
            ("standing", .string(line.standing)),
            ("working_days_remaining", .int(line.workingDaysRemaining)),
        ])
    }

    /// One removed item, as `list --removed --json` gives it.
    public static func removed(_ item: RemovedItem) -> JSONValue {
        .object([
            ("entity", .string(item.entity.rawValue)),
            ("id", .int(Int(item.id))),
            ("plan_id", .int(Int(item.planId))),
            ("ref", item.ref.map { .string($0) } ?? .null),
            ("text", .string(item.text)),
            ("removed_at", moment(item.removal.at)),
            ("removed_by", .string(item.removal.by)),
            ("reason", .string(item.removal.reason)),
        ])
    }

    public static func milestone(_ m: Milestone, rules: RAGRules) -> JSONValue {
        milestone(MilestoneLine(milestone: m, rules: rules))
    }

    /// One audit event. `change` is the event in a person's words (`AuditEvent.changeText`);
    /// `bookkeeping` is true for the columns the store keeps itself (version, last changed),
    /// which a history a person reads leaves out.
    public static func auditEvent(_ e: AuditEvent) -> JSONValue {
        .object([
            ("id", id(e.id)),
            ("change_group", .int(Int(e.changeGroup))),
            ("at", moment(e.at)),
            ("who", .string(e.who)),
            ("account", .string(e.account)),
            ("entity", .string(e.entity)),
            ("entity_id", .int(Int(e.entityId))),
            ("field", .string(e.field)),
            ("old_value", .string(e.oldValue)),
            ("new_value", .string(e.newValue)),
            ("change", .string(e.changeText)),
            ("bookkeeping", .bool(e.isBookkeeping)),
        ])
    }

    /// Counts of actions by status and colour, with percent complete.
    public static func counts(_ c: ProgressCounts) -> JSONValue {
        .object([
            ("total", .int(c.total)),
            ("active", .int(c.active)),
            ("percent_complete", .int(c.percentComplete)),
            ("overdue", .int(c.overdue)),
            ("by_status", .object(ActionStatus.allCases.map { ($0.rawValue, .int(c.count($0))) })),
            ("by_status_percent", .object(ActionStatus.allCases.map { ($0.rawValue, .int(c.share($0))) })),
            ("by_rag", .object(RAG.allCases.map { ($0.rawValue, .int(c.count($0))) })),
            ("by_rag_percent", .object(RAG.allCases.map { ($0.rawValue, .int(c.share($0))) })),
        ])
    }

    /// One document of `import --json` (docs/schema/import-dry-run-output.schema.json): what
    /// the letter says, and the plan's milestones, findings and actions as they would be (or
    /// were) stored, in the shapes above. In a dry run nothing has an id yet (`null`); an
    /// action's `ref` is its finding's reference and its number under that finding, as the
    /// store will give it.
    public static func importDocument(file: String?, kind: DocumentKind, title: String?, authority: String?,
                                      authorityCode: String?, authorityName: String?,
                                      letterDate: Day?, received: Day?, visitDates: [Day], inspectors: [String],
                                      draft: PlanDraft, judgements: [Judgement],
                                      counts: [String: Int], context: [String], earlierPriorityActionsRemain: Bool,
                                      warnings: [String], planId: Int64?, rules: RAGRules) -> JSONValue {
        var actions: [JSONValue] = []
        for entry in draft.findings {
            for (number, action) in entry.actions.enumerated() {
                var named = action
                if named.ref.isEmpty { named.ref = "\(entry.finding.ref).\(number + 1)" }
                actions.append(self.action(named, finding: entry.finding, rules: rules, latestNote: nil))
            }
        }
        return .object([
            ("file", .string(file)),
            ("kind", .string(kind.rawValue)),
            ("title", .string(title)),
            ("authority", .string(authority)),
            ("authority_code", .string(authorityCode)),
            ("authority_name", .string(authorityName)),
            ("letter_date", day(letterDate)),
            ("received", day(received)),
            ("visit_dates", .array(visitDates.map { .string($0.iso) })),
            ("inspectors", .array(inspectors.map { .string($0) })),
            ("milestones", .array(draft.milestones.map { milestone($0, rules: rules) })),
            ("findings", .array(draft.findings.map { finding($0.finding) })),
            ("actions", .array(actions)),
            ("judgements", .array(judgements.map(judgement))),
            ("counts", .object(counts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("context", .array(context.map { .string($0) })),
            ("earlier_priority_actions_remain", .bool(earlierPriorityActionsRemain)),
            ("warnings", .array(warnings.map { .string($0) })),
            ("plan_id", planId.map { id($0) } ?? .null),
        ])
    }

    static func id(_ value: Int64) -> JSONValue { value == 0 ? .null : .int(Int(value)) }
    static func day(_ value: Day?) -> JSONValue { value.map { .string($0.iso) } ?? .null }
    /// A moment as every JSON output writes it (common.schema.json#/$defs/moment).
    public static func moment(_ value: Date) -> JSONValue { .string(Timestamp.format(value)) }
}
