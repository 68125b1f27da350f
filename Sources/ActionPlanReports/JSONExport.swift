import Foundation
import ActionPlanModel

/// The progress summary as JSON, with the keys documented in docs/export-json-schema.md
/// (snake_case, always present, null when there is no value, in a fixed order).
public enum JSONExport {
    public static let schema = "actionplan-summary/1"

    /// The same text as `value(summary).rendered()`, written one action at a time so that a
    /// summary of 100,000 actions never exists as one tree of values.
    public static func render(_ summary: ProgressSummary) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024 + summary.plans.reduce(0) { $0 + $1.actions.count } * 1300)
        out += "{\n".utf8
        for (key, value) in header(summary) { member(key, value, indent: 1, last: false, into: &out) }
        JSONValue.pad(1, &out)
        out += "\"plans\": ".utf8
        array(summary.plans, indent: 1, into: &out) { plan, indent, out in
            out += "{\n".utf8
            for (key, value) in planMembers(plan) { member(key, value, indent: indent + 1, last: false, into: &out) }
            JSONValue.pad(indent + 1, &out)
            out += "\"actions\": ".utf8
            array(plan.actions, indent: indent + 1, into: &out) { line, indent, out in action(line).write(into: &out, indent: indent) }
            out += "\n".utf8
            JSONValue.pad(indent, &out)
            out.append(UInt8(ascii: "}"))
        }
        out += "\n}\n".utf8
        return String(decoding: out, as: UTF8.self)
    }

    public static func value(_ summary: ProgressSummary) -> JSONValue {
        .object(header(summary) + [("plans", .array(summary.plans.map(plan)))])
    }

    static func header(_ summary: ProgressSummary) -> [(String, JSONValue)] {
        [
            ("schema", .string(schema)),
            ("as_of", .string(summary.asOf.iso)),
            ("since", .string(summary.since?.iso)),
            ("owner", .string(summary.owner)),
            ("generated_at", .string(Moment.iso(summary.generatedAt))),
            ("due_soon_working_days", .int(summary.dueSoonWindow)),
            ("overall", counts(summary.overall)),
        ]
    }

    private static func member(_ key: String, _ value: JSONValue, indent: Int, last: Bool, into out: inout [UInt8]) {
        JSONValue.pad(indent, &out)
        JSONValue.writeString(key, into: &out)
        out += ": ".utf8
        value.write(into: &out, indent: indent)
        out += (last ? "\n" : ",\n").utf8
    }

    private static func array<T>(_ items: [T], indent: Int, into out: inout [UInt8],
                                 _ write: (T, Int, inout [UInt8]) -> Void) {
        if items.isEmpty { out += "[]".utf8; return }
        out += "[\n".utf8
        for (i, item) in items.enumerated() {
            JSONValue.pad(indent + 1, &out)
            write(item, indent + 1, &out)
            out += (i == items.count - 1 ? "\n" : ",\n").utf8
        }
        JSONValue.pad(indent, &out)
        out.append(UInt8(ascii: "]"))
    }

    static func plan(_ s: PlanSummary) -> JSONValue {
        .object(planMembers(s) + [("actions", .array(s.actions.map(action)))])
    }

    static func planMembers(_ s: PlanSummary) -> [(String, JSONValue)] {
        let p = s.plan
        return [
            ("id", .int(Int(p.id))),
            ("title", .string(p.title)),
            ("authority", .string(p.authority)),
            ("kind", .string(p.kind.rawValue)),
            ("letter_date", .string(p.letterDate?.iso)),
            ("received", .string(p.received.iso)),
            ("source_file", .string(p.sourceFile)),
            ("milestones", .array(s.milestones.map { m in
                .object([
                    ("id", .int(Int(m.milestone.id))),
                    ("title", .string(m.milestone.title)),
                    ("due", .string(m.milestone.due?.iso)),
                    ("rule", .string(m.milestone.rule?.code)),
                    ("done", .string(m.milestone.done?.iso)),
                    ("state", .string(m.state.rawValue)),
                    ("working_days_remaining", .int(m.workingDaysRemaining)),
                ])
            })),
            ("totals", counts(s.totals)),
            ("by_section", .array(s.bySection.map { .object([("section", .string($0.section)), ("totals", counts($0.counts))]) })),
            ("by_category", .array(s.byCategory.map {
                .object([("category", .string($0.category.rawValue)), ("label", .string($0.category.label)),
                         ("totals", counts($0.counts))])
            })),
            ("exceptions", .array(s.exceptions.map { .int(Int($0.action.id)) })),
            ("overdue", .array(s.overdue.map { .int(Int($0.action.id)) })),
            ("due_soon", .array(s.dueSoon.map { .int(Int($0.action.id)) })),
            ("changes", s.changes.map(changes) ?? .null),
            ("owners", .array(s.owners.map {
                .object([("owner", .string($0.owner)), ("open", .int($0.open)), ("overdue", .int($0.overdue)),
                         ("complete", .int($0.complete)), ("cancelled", .int($0.cancelled))])
            })),
            ("coverage", .array(s.coverage.map {
                .object([("finding_id", .int(Int($0.id))), ("ref", .string($0.ref)), ("category", .string($0.category.rawValue)),
                         ("text", .string($0.text))])
            })),
            ("completions", .array(s.completions.map { .object([("day", .string($0.day.iso)), ("complete", .int($0.complete))]) })),
        ]
    }

    static func counts(_ c: ProgressCounts) -> JSONValue {
        .object([
            ("total", .int(c.total)),
            ("active", .int(c.active)),
            ("percent_complete", .int(c.percentComplete)),
            ("overdue", .int(c.overdue)),
            ("by_status", .object(ActionStatus.allCases.map { ($0.rawValue, .int(c.count($0))) })),
            ("by_status_percent", .object(ActionStatus.allCases.map { ($0.rawValue, .int(c.percent(c.count($0)))) })),
            ("by_rag", .object(RAG.allCases.map { ($0.rawValue, .int(c.count($0))) })),
            ("by_rag_percent", .object(RAG.allCases.map { ($0.rawValue, .int(c.share($0))) })),
        ])
    }

    static func action(_ line: ActionLine) -> JSONValue {
        let a = line.action
        return .object([
            ("id", .int(Int(a.id))),
            ("finding_id", .int(Int(a.findingId))),
            ("finding_ref", .string(line.finding?.ref)),
            ("category", .string(line.finding?.category.rawValue)),
            ("section", .string(line.finding?.section)),
            ("finding", .string(line.finding?.text)),
            ("title", .string(a.title)),
            ("owner", .string(a.owner)),
            ("due", .string(a.due?.iso)),
            ("due_provisional", .bool(a.dueProvisional)),
            ("original_due", .string(a.originalDue?.iso)),
            ("reprogram_count", .int(a.reprogramCount)),
            ("status", .string(a.status.rawValue)),
            ("rag", .string(line.rag?.rawValue)),
            ("rag_override", .string(a.ragOverride?.rawValue)),
            ("rag_reason", .string(a.ragReason)),
            ("working_days_overdue", .int(line.workingDaysOverdue)),
            ("working_days_remaining", .int(line.workingDaysRemaining)),
            ("success_measure", .string(a.successMeasure)),
            ("evidence", .string(a.evidence)),
            ("latest_note", line.latestNote.map { n in
                .object([("day", .string(n.day.iso)), ("author", .string(n.author)), ("text", .string(n.text))])
            } ?? .null),
            ("updated_at", .string(Moment.iso(a.updatedAt))),
            ("updated_by", .string(a.updatedBy)),
            ("version", .int(a.version)),
        ])
    }

    static func changes(_ c: ChangeSummary) -> JSONValue {
        .object([
            ("since", .string(c.since.iso)),
            ("completed", .array(c.completed.map {
                .object([("action_id", .int(Int($0.line.action.id))), ("title", .string($0.line.action.title)),
                         ("day", .string($0.day.iso)), ("by", .string($0.who))])
            })),
            ("reprogrammed", .array(c.reprogrammed.map {
                .object([("action_id", .int(Int($0.line.action.id))), ("title", .string($0.line.action.title)),
                         ("old_due", .string($0.oldDue.iso)), ("new_due", .string($0.newDue?.iso)), ("times", .int($0.times)),
                         ("day", .string($0.day.iso)), ("by", .string($0.who))])
            })),
            ("rag_changes", .array(c.ragChanges.map {
                .object([("action_id", .int(Int($0.line.action.id))), ("title", .string($0.line.action.title)),
                         ("from", .string($0.from?.rawValue)), ("to", .string($0.to?.rawValue))])
            })),
            ("new_actions", .array(c.newActions.map {
                .object([("action_id", .int(Int($0.line.action.id))), ("title", .string($0.line.action.title)),
                         ("day", .string($0.day.iso)), ("by", .string($0.who))])
            })),
        ])
    }
}
