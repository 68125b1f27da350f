import ActionPlanModel
import ActionPlanCore
import ActionPlanReports
import InspectionParser

/// How often each theme appears in the plans of a database, overall and by year, region and kind
/// of document (`actionplan themes`, docs/themes.md).
///
/// Every plan that is not removed counts, archived ones included: an archived plan is an earlier
/// inspection's, and the national picture and an authority's history are made of exactly those.
/// A plan's year is the year of its `documentDate`; its region is its authority's in the shipped
/// table of authorities (by `authorityCode`), or none when the table does not know it.
public struct ThemeReport: Sendable {
    /// Which plans count. Nil means any.
    public struct Filter: Sendable, Hashable {
        /// A region as the table of authorities names it ("North East").
        public var region: String?
        /// Documents dated in this year or later.
        public var since: Int?
        public var kind: DocumentKind?

        public init(region: String? = nil, since: Int? = nil, kind: DocumentKind? = nil) {
            self.region = region
            self.since = since
            self.kind = kind
        }
    }

    public let rules: ThemeRules
    public let filter: Filter
    public let total: ThemeCounts
    public let byYear: [(year: Int, counts: ThemeCounts)]
    /// In the regions' alphabetical order; plans of authorities the table does not know last, with a nil region.
    public let byRegion: [(region: String?, counts: ThemeCounts)]
    /// In the order of `DocumentKind.allCases`.
    public let byKind: [(kind: DocumentKind, counts: ThemeCounts)]

    /// The regions of the table of authorities, sorted: the values `--region` accepts.
    public static func regions(_ authorities: LocalAuthorityTable) -> [String] {
        Set(authorities.authorities.map(\.region).filter { !$0.isEmpty }).sorted()
    }

    /// The region a person typed, as the table names it: case, accents, hyphens and spacing
    /// ignored ("north-east" is "North East"); an unknown one lists the accepted names under `field`.
    public static func region(_ typed: String, in authorities: LocalAuthorityTable, field: String = "region") throws(UnknownValue) -> String {
        let key = OwnerMatch.key(typed)
        let regions = regions(authorities)
        guard !key.isEmpty, let region = regions.first(where: { OwnerMatch.key($0) == key }) else {
            throw UnknownValue(field: field, value: typed, expected: regions)
        }
        return region
    }

    /// Counts the plans of the store that pass the filter.
    public init(store: any PlanStore, rules: ThemeRules, authorities: LocalAuthorityTable, filter: Filter) throws {
        let regionOfCode = Dictionary(authorities.authorities.map { ($0.code, $0.region) }, uniquingKeysWith: { first, _ in first })
        func region(_ plan: Plan) -> String? {
            guard let code = plan.authorityCode, let region = regionOfCode[code], !region.isEmpty else { return nil }
            return region
        }
        let plans = try store.plans(.includingArchived).filter { plan in
            if let kind = filter.kind, plan.kind != kind { return false }
            if let since = filter.since, plan.documentDate.year < since { return false }
            if let wanted = filter.region, region(plan) != wanted { return false }
            return true
        }
        let ids = Set(plans.map(\.id))
        let tags = ThemeTags(rules: rules, findings: try store.findings(planId: nil, .includingArchived).filter { ids.contains($0.planId) })
        self.rules = rules
        self.filter = filter
        self.total = tags.counts(plans: plans)
        self.byYear = tags.counts(plans: plans, by: { $0.documentDate.year }, order: <).map { ($0.key, $0.counts) }
        // "" stands for no region while grouping (a nil key would leave the plan out), sorted last.
        self.byRegion = tags.counts(plans: plans, by: { region($0) ?? "" }, order: { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) })
            .map { ($0.key.isEmpty ? nil : $0.key, $0.counts) }
        let kindOrder = Dictionary(uniqueKeysWithValues: DocumentKind.allCases.enumerated().map { ($1, $0) })
        self.byKind = tags.counts(plans: plans, by: { $0.kind }, order: { kindOrder[$0, default: 0] < kindOrder[$1, default: 0] })
            .map { ($0.key, $0.counts) }
    }

    /// `themes --json` (docs/schema/themes-output.schema.json).
    public var json: JSONValue {
        .object([
            ("filter", .object([
                ("region", .string(filter.region)),
                ("since", .int(filter.since)),
                ("kind", .string(filter.kind?.rawValue)),
            ])),
            ("themes", .array(rules.themes.map(JSONShapes.theme))),
            ("total", JSONShapes.themeCounts(total)),
            ("by_year", .array(byYear.map { .object([("year", .int($0.year)), ("counts", JSONShapes.themeCounts($0.counts))]) })),
            ("by_region", .array(byRegion.map { .object([("region", .string($0.region)), ("counts", JSONShapes.themeCounts($0.counts))]) })),
            ("by_kind", .array(byKind.map { .object([("kind", .string($0.kind.rawValue)), ("counts", JSONShapes.themeCounts($0.counts))]) })),
        ])
    }
}
