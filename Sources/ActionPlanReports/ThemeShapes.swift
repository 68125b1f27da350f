import ActionPlanModel

extension JSONShapes {
    /// A theme as the rules define it: `{"id", "name", "about"}` (docs/schema/theme-counts.schema.json).
    public static func theme(_ t: Theme) -> JSONValue {
        .object([("id", .string(t.id)), ("name", .string(t.name)), ("about", .string(t.about))])
    }

    /// How often each theme appears in a set of plans (docs/schema/theme-counts.schema.json):
    /// the plans and findings counted, the findings no rule matched, and per theme (in the
    /// rules' order) the plans and findings that have it, with each as a whole percentage
    /// (`ThemeCounts.percent`). Used by `themes --json` and by any output that compares themes.
    public static func themeCounts(_ c: ThemeCounts) -> JSONValue {
        .object([
            ("plans", .int(c.plans)),
            ("findings", .int(c.findings)),
            ("untagged_findings", .int(c.untaggedFindings)),
            ("themes", .array(c.entries.map { entry in
                .object([
                    ("id", .string(entry.theme.id)),
                    ("plans", .int(entry.plans)),
                    ("plans_percent", .int(ThemeCounts.percent(entry.plans, of: c.plans))),
                    ("findings", .int(entry.findings)),
                    ("findings_percent", .int(ThemeCounts.percent(entry.findings, of: c.findings))),
                ])
            })),
        ])
    }
}
