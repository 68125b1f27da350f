import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

/// The JSON envelopes of the command line (docs/cli.md, docs/schema/*-output.schema.json).
/// The entities inside them — plans, findings, actions, notes, milestones, audit events,
/// counts — are the shapes of `JSONShapes`, the same as in the exports.
enum JSONViews {
    /// `show --json`: the action, its finding, its plan and its notes (newest first).
    static func show(action: Action, finding: Finding?, plan: Plan?, notes: [Note], rules: RAGRules) -> JSONValue {
        .object([
            ("action", JSONShapes.action(action, finding: finding, rules: rules,
                                         latestNote: ReportSnapshot(plans: [], milestones: [], findings: [], actions: [], notes: notes).latestNotes()[action.id])),
            ("finding", finding.map { JSONShapes.finding($0) } ?? .null),
            ("plan", plan.map { JSONShapes.plan($0) } ?? .null),
            ("notes", .array(notes.map { JSONShapes.note($0) })),
        ])
    }

    /// One entry of `plans --json`: the plan, its counts and its next milestone not yet met.
    static func planProgress(_ plan: Plan, counts: ProgressCounts, next: Milestone?, rules: RAGRules) -> JSONValue {
        .object([
            ("plan", JSONShapes.plan(plan)),
            ("totals", JSONShapes.counts(counts)),
            ("next_milestone", next.map { JSONShapes.milestone($0, rules: rules) } ?? .null),
        ])
    }

    /// `deadline --json`.
    static func deadline(received: Day, rule: DeadlineRule, due: Day, skipped: [(day: Day, reason: String)]) -> JSONValue {
        .object([
            ("received", .string(received.iso)),
            ("rule", .string(rule.code)),
            ("due", .string(due.iso)),
            ("skipped", .array(skipped.map { .object([("date", .string($0.day.iso)), ("reason", .string($0.reason))]) })),
        ])
    }

    /// One bank holiday of `holidays --json`; `source` is `table` or `rules`.
    static func holiday(_ day: Day, name: String, source: String) -> JSONValue {
        .object([
            ("date", .string(day.iso)),
            ("weekday", .string(day.weekday.shortName)),
            ("name", .string(name)),
            ("source", .string(source)),
        ])
    }

    /// One role of `grants --json` (docs/schema/grants-output.schema.json); `authority` is "*" for
    /// every authority.
    static func grant(_ g: AuthorityGrant) -> JSONValue {
        .object([
            ("login", .string(g.login)),
            ("authority", .string(g.authority)),
            ("role", .string(g.role.rawValue)),
            ("granted_by", .string(g.grantedBy)),
            ("granted_at", JSONShapes.moment(g.grantedAt)),
        ])
    }

    /// One due date moved by `holidays --update --json`.
    static func moved(_ m: MovedDeadline) -> JSONValue {
        .object([
            ("entity", .string(m.entity)),
            ("id", .int(Int(m.id))),
            ("title", .string(m.title)),
            ("old_due", .string(m.oldDue.iso)),
            ("new_due", .string(m.newDue.iso)),
        ])
    }
}
