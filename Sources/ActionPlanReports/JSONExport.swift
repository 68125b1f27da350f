import Foundation
import ActionPlanModel

/// The progress summary as JSON, with the keys documented in docs/export-json-schema.md and
/// docs/schema/export-output.schema.json (snake_case, always present, null when there is no
/// value, in a fixed order). Plans, milestones, findings, actions and notes have the shapes of
/// `JSONShapes`, as in every other JSON output.
public enum JSONExport {
    public static let schema = "actionplan-summary/2"

    /// The same text as `value(summary).rendered()`, written one action at a time so that a
    /// summary of 100,000 actions never exists as one tree of values: `head`, then `plan` of
    /// each plan, then `tail` (a report written plan by plan gives `head` and `tail` a summary
    /// whose plans keep only their plan, milestones and totals).
    public static func render(_ summary: ProgressSummary) -> String {
        var out = head(summary)
        out.reserveCapacity(1024 + summary.plans.reduce(0) { $0 + $1.actions.count } * 1500)
        for (index, plan) in summary.plans.enumerated() { out += self.plan(plan, index: index) }
        out += tail(summary)
        return out
    }

    /// The summary's members up to the plans array, which is left open.
    public static func head(_ summary: ProgressSummary) -> String {
        var out: [UInt8] = []
        out += "{\n".utf8
        for (key, value) in header(summary) { member(key, value, indent: 1, into: &out) }
        JSONValue.pad(1, &out)
        out += "\"plans\": ".utf8
        return String(decoding: out, as: UTF8.self)
    }

    /// One plan's element of the plans array, the `index`th (from 0).
    public static func plan(_ plan: PlanSummary, index: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024 + plan.actions.count * 1500)
        // As `JSONValue.writeArray` writes an element at indent 1.
        out += (index == 0 ? "[\n" : ",\n").utf8
        JSONValue.pad(2, &out)
        out += "{\n".utf8
        for (key, value) in planMembers(plan) { member(key, value, indent: 3, into: &out) }
        JSONValue.pad(3, &out)
        out += "\"actions\": ".utf8
        JSONValue.writeArray(plan.actions, indent: 3, into: &out) { line, indent, out in
            JSONShapes.action(line).write(into: &out, indent: indent)
        }
        out += "\n".utf8
        JSONValue.pad(2, &out)
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The end of the plans array (as `JSONValue.writeArray` ends one at indent 1) and of the summary.
    public static func tail(_ summary: ProgressSummary) -> String {
        var out: [UInt8] = []
        if summary.plans.isEmpty {
            out += "[]".utf8
        } else {
            out.append(0x0A)
            JSONValue.pad(1, &out)
            out.append(UInt8(ascii: "]"))
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
            ("generated_at", .string(Timestamp.format(summary.generatedAt))),
            ("due_soon_working_days", .int(summary.dueSoonWindow)),
            ("overall", JSONShapes.counts(summary.overall)),
        ]
    }

    private static func member(_ key: String, _ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        JSONValue.pad(indent, &out)
        JSONValue.writeString(key, into: &out)
        out += ": ".utf8
        value.write(into: &out, indent: indent)
        out += ",\n".utf8
    }

    static func plan(_ s: PlanSummary) -> JSONValue {
        .object(planMembers(s) + [("actions", .array(s.actions.map { JSONShapes.action($0) }))])
    }

    static func planMembers(_ s: PlanSummary) -> [(String, JSONValue)] {
        [
            ("plan", JSONShapes.plan(s.plan)),
            ("milestones", .array(s.milestones.map { JSONShapes.milestone($0) })),
            ("totals", JSONShapes.counts(s.totals)),
            ("by_section", .array(s.bySection.map { .object([("section", .string($0.section)), ("totals", JSONShapes.counts($0.counts))]) })),
            ("by_category", .array(s.byCategory.map {
                .object([("category", .string($0.category.rawValue)), ("label", .string($0.category.label)),
                         ("totals", JSONShapes.counts($0.counts))])
            })),
            ("exceptions", .array(s.exceptions.map { .int(Int($0.action.id)) })),
            ("overdue", .array(s.overdue.map { .int(Int($0.action.id)) })),
            ("due_soon", .array(s.dueSoon.map { .int(Int($0.action.id)) })),
            ("changes", s.changes.map(changes) ?? .null),
            ("owners", .array(s.owners.map {
                .object([("owner", .string($0.owner)), ("open", .int($0.open)), ("overdue", .int($0.overdue)),
                         ("complete", .int($0.complete)), ("cancelled", .int($0.cancelled))])
            })),
            ("coverage", .array(s.coverage.map { JSONShapes.finding($0) })),
            ("completions", .array(s.completions.map { .object([("day", .string($0.day.iso)), ("complete", .int($0.complete))]) })),
        ]
    }

    /// The action a change is about: its id, its reference and its title.
    private static func about(_ line: ActionLine) -> [(String, JSONValue)] {
        [("action_id", .int(Int(line.action.id))), ("action_ref", line.action.ref.isEmpty ? .null : .string(line.action.ref)),
         ("title", .string(line.action.title))]
    }

    static func changes(_ c: ChangeSummary) -> JSONValue {
        .object([
            ("since", .string(c.since.iso)),
            ("completed", .array(c.completed.map {
                .object(about($0.line) + [("day", .string($0.day.iso)), ("by", .string($0.who))])
            })),
            ("reprogrammed", .array(c.reprogrammed.map {
                .object(about($0.line) + [("old_due", .string($0.oldDue.iso)), ("new_due", .string($0.newDue?.iso)),
                                          ("times", .int($0.times)), ("day", .string($0.day.iso)), ("by", .string($0.who))])
            })),
            ("rag_changes", .array(c.ragChanges.map {
                .object(about($0.line) + [("from", .string($0.from?.rawValue)), ("to", .string($0.to?.rawValue))])
            })),
            ("new_actions", .array(c.newActions.map {
                .object(about($0.line) + [("day", .string($0.day.iso)), ("by", .string($0.who))])
            })),
        ])
    }
}
