import ActionPlanModel
import ActionPlanCore

/// The JSON shapes of authorities and judgements — `authorities`, `authority A`, `compare` and
/// `stats` — each with its schema in docs/schema/ (`authority.schema.json`,
/// `graded-document.schema.json`, `grade-distribution.schema.json` and the outputs). Keys are
/// always present, in a fixed order, `null` when there is no value, as in `JSONShapes`.
public enum AuthorityJSON {
    /// An authority as the table gives it: `{"code", "name", "region", "neighbours", "started", "ended"}`.
    public static func authority(_ a: LocalAuthority) -> JSONValue {
        .object([
            ("code", .string(a.code)),
            ("name", .string(a.name)),
            ("region", a.region.isEmpty ? .null : .string(a.region)),
            ("neighbours", .array(a.neighbours.map { .string($0) })),
            ("started", JSONShapes.day(a.started)),
            ("ended", JSONShapes.day(a.ended)),
        ])
    }

    /// A graded document: its framework, plan, day, headline grade (normalised) and every judgement
    /// with its normalised grade.
    public static func graded(_ d: GradedDocument) -> JSONValue {
        .object([
            ("framework", .string(d.framework.rawValue)),
            ("plan_id", .int(Int(d.planId))),
            ("date", .string(d.day.iso)),
            ("headline", .string(d.headline?.rawValue)),
            ("judgements", .array(d.judgements.map { j in
                .object([("area", .string(j.area)), ("grade", .string(j.written)), ("normalised", .string(j.grade?.rawValue))])
            })),
        ])
    }

    /// One plan in an authority's list: `{"id", "kind", "date", "title", "framework"}`.
    public static func planEntry(_ plan: Plan) -> JSONValue {
        .object([
            ("id", .int(Int(plan.id))),
            ("kind", .string(plan.kind.rawValue)),
            ("date", .string(plan.inspectedOn.iso)),
            ("title", .string(plan.title)),
            ("framework", .string(GradedDocument(plan)?.framework.rawValue)),
        ])
    }

    /// One entry of `authorities --json`: the authority, its plans by date and its latest graded
    /// document in each framework it has one in.
    public static func summary(_ authority: LocalAuthority, plans: [Plan], latest: LatestJudgements) -> JSONValue {
        .object([
            ("authority", self.authority(authority)),
            ("plans", .array(Plan.inHistoryOrder(plans).map(planEntry))),
            ("latest", .array(latest.latest(authority.code).map(graded))),
        ])
    }

    /// `authority A --json`: the authority, its latest judgements and its timeline, each finding
    /// with where the authority's earlier documents raised it (`PlanStore.recurrences`, by
    /// finding id).
    public static func timeline(_ t: AuthorityTimeline, latest: LatestJudgements, recurrences: [Int64: [Recurrence]]) -> JSONValue {
        .object([
            ("authority", authority(t.authority)),
            ("latest", .array(latest.latest(t.authority.code).map(graded))),
            ("timeline", .array(t.entries.map { entry($0, recurrences: recurrences) })),
        ])
    }

    /// One document of a timeline: the plan, the day it counts from, its grading (null when it
    /// grades nothing) and its improvement findings.
    public static func entry(_ e: AuthorityTimeline.Entry, recurrences: [Int64: [Recurrence]]) -> JSONValue {
        .object([
            ("date", .string(e.plan.inspectedOn.iso)),
            ("plan", JSONShapes.plan(e.plan)),
            ("graded", e.graded.map(graded) ?? .null),
            ("findings", .array(e.findings.map { finding($0, raisedBefore: recurrences[$0.finding.id] ?? []) })),
        ])
    }

    /// A finding of a timeline: `{"finding": …, "raised_before": […]}`, the earlier findings of
    /// the authority that raised the same issue, newest first (empty when none).
    public static func finding(_ f: TimelineFinding, raisedBefore: [Recurrence]) -> JSONValue {
        .object([
            ("finding", JSONShapes.finding(f.finding)),
            ("raised_before", .array(raisedBefore.sorted(by: Recurrence.newestFirst).map(recurrence))),
        ])
    }

    /// An earlier finding that raised the same issue: its plan, the document as a history names
    /// it ("2010 inspection"), its date, the finding's id and reference, and how alike the
    /// wording is, as a whole percentage of `FindingSimilarity`'s score (docs/recurrence.md).
    public static func recurrence(_ r: Recurrence) -> JSONValue {
        .object([
            ("plan", .int(Int(r.planId))),
            ("document", .string(r.document)),
            ("date", .string(r.date.iso)),
            ("finding", .int(Int(r.findingId))),
            ("ref", .string(r.ref)),
            ("similarity_percent", .int(Int((r.score * 100).rounded()))),
        ])
    }

    /// How a group's latest grades fall in one framework.
    public static func distribution(_ d: GradeDistribution) -> JSONValue {
        .object([
            ("framework", .string(d.framework.rawValue)),
            ("authorities", .int(d.total)),
            ("graded", .int(d.graded)),
            ("grades", .array(d.framework.scale.map { grade in
                .object([
                    ("grade", .string(grade.rawValue)),
                    ("count", .int(d.count(grade))),
                    ("percent", .int(d.percent(grade))),
                    ("authorities", .array((d.authoritiesByGrade[grade] ?? []).map { .string($0) })),
                ])
            })),
            ("good_or_better_percent", .int(d.goodOrBetterPercent)),
            ("unread", .array(d.unread.map { .string($0) })),
            ("none", .array(d.none.map { .string($0) })),
        ])
    }

    /// `compare --json`.
    public static func comparison(_ c: AuthorityComparison) -> JSONValue {
        .object([
            ("authority", authority(c.authority)),
            ("with", .string(c.group.rawValue)),
            ("as_of", .string(c.asOf.iso)),
            ("members", .array(c.members.map { .object([("code", .string($0.code)), ("name", .string($0.name))]) })),
            ("frameworks", .array(c.frameworks.map { entry in
                .object([
                    ("framework", .string(entry.framework.rawValue)),
                    ("own", entry.own.map(graded) ?? .null),
                    ("group", distribution(entry.distribution)),
                ])
            })),
            ("themes", c.themes.map { .object([("own", JSONShapes.themeCounts($0.own)), ("group", JSONShapes.themeCounts($0.group))]) } ?? .null),
        ])
    }

    /// `stats --json`.
    public static func statistics(_ s: JudgementStatistics) -> JSONValue {
        .object([
            ("as_of", .string(s.asOf.iso)),
            ("region", .string(s.region)),
            ("authorities", .int(s.authorities.count)),
            ("frameworks", .array(s.frameworks.map(distribution))),
        ])
    }
}
