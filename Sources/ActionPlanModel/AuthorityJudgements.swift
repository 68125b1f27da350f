/// The latest graded document of every authority in every framework, at a date: what
/// `authorities`, `compare` and `stats` read. Plans without an authority code are left out.
public struct LatestJudgements: Sendable {
    /// Authority code → framework → its latest graded document.
    public private(set) var byAuthority: [String: [InspectionFramework: GradedDocument]] = [:]

    /// The latest graded documents among `plans` that count on or before `asOf` (every one when
    /// nil). Of two documents of one day, the one imported later (the higher plan id) is latest.
    public init(plans: [Plan], asOf: Day? = nil) {
        for plan in plans {
            guard let code = plan.authorityCode, let document = GradedDocument(plan) else { continue }
            if let asOf, document.day > asOf { continue }
            if let current = byAuthority[code]?[document.framework],
               (current.day, current.planId) > (document.day, document.planId) { continue }
            byAuthority[code, default: [:]][document.framework] = document
        }
    }

    public func latest(_ code: String, in framework: InspectionFramework) -> GradedDocument? {
        byAuthority[code]?[framework]
    }

    /// An authority's latest document in each framework it has one in, in the frameworks' order.
    public func latest(_ code: String) -> [GradedDocument] {
        InspectionFramework.allCases.compactMap { byAuthority[code]?[$0] }
    }
}

/// How the latest headline grades of a group of authorities fall in one framework: the count of
/// each grade of its scale, the authorities whose latest document's headline was not read, and
/// the authorities with no graded document of the framework.
public struct GradeDistribution: Hashable, Sendable {
    public var framework: InspectionFramework
    /// Authority codes by the grade of their latest document, in the group's order.
    public var authoritiesByGrade: [Grade: [String]]
    /// Authorities whose latest document of the framework has no headline grade read.
    public var unread: [String]
    /// Authorities of the group with no graded document of the framework at the date.
    public var none: [String]

    /// The distribution over `group` (authority codes that existed at the date: `AuthorityGroup`).
    public init(framework: InspectionFramework, group: [String], latest: LatestJudgements) {
        self.framework = framework
        authoritiesByGrade = [:]
        unread = []
        none = []
        for code in group {
            guard let document = latest.latest(code, in: framework) else { none.append(code); continue }
            if let grade = document.headline {
                authoritiesByGrade[grade, default: []].append(code)
            } else {
                unread.append(code)
            }
        }
    }

    public func count(_ grade: Grade) -> Int { authoritiesByGrade[grade]?.count ?? 0 }

    /// Authorities with a headline grade read: what the percentages are of (as Ofsted's are of the
    /// authorities inspected).
    public var graded: Int { framework.scale.reduce(0) { $0 + count($1) } }

    /// Every authority of the group: graded, unread and none.
    public var total: Int { graded + unread.count + none.count }

    /// A grade's share of the graded authorities, as a whole percentage (0 when none is graded).
    public func percent(_ grade: Grade) -> Int { Self.percent(count(grade), of: graded) }

    /// The share judged good or outstanding (area SEND: positive), as a whole percentage.
    public var goodOrBetterPercent: Int {
        Self.percent(framework.scale.filter(\.isGoodOrBetter).reduce(0) { $0 + count($1) }, of: graded)
    }

    /// `part` of `whole` as a whole percentage, halves rounded up: every share `stats` and
    /// `compare` print goes through this.
    public static func percent(_ part: Int, of whole: Int) -> Int {
        guard whole > 0 else { return 0 }
        return (part * 200 + whole) / (2 * whole)
    }
}

/// The authorities a comparison or a count is over.
public enum AuthorityGroup: String, CaseIterable, Codable, Sendable, Labelled {
    /// The authority's ten statistical neighbours (the shipped table's column).
    case neighbours
    /// The other authorities of its region.
    case region
    /// Every other authority in England.
    case england

    public var label: String {
        switch self {
        case .neighbours: return "Statistical neighbours"
        case .region: return "Region"
        case .england: return "England"
        }
    }

    /// The members of the group of `authority` that existed on `day`, in the table's order (the
    /// neighbours in the table's column order), the authority itself left out.
    public func members(of authority: LocalAuthority, in table: [LocalAuthority], on day: Day) -> [LocalAuthority] {
        switch self {
        case .neighbours:
            return authority.neighbours.compactMap { code in table.first { $0.code == code } }.filter { $0.exists(on: day) }
        case .region:
            return Self.existing(in: table, region: authority.region, on: day).filter { $0.code != authority.code }
        case .england:
            return Self.existing(in: table, region: nil, on: day).filter { $0.code != authority.code }
        }
    }

    /// The authorities of the table (of one region, or all when nil) that existed on `day`: what
    /// `stats` counts over.
    public static func existing(in table: [LocalAuthority], region: String?, on day: Day) -> [LocalAuthority] {
        table.filter { $0.exists(on: day) && (region == nil || $0.region.caseInsensitiveCompare(region!) == .orderedSame) }
    }
}

/// The national picture at a date: for each framework, how the latest headline grades of the
/// authorities of England (or a region) fall. What `stats` prints.
public struct JudgementStatistics: Sendable {
    public var asOf: Day
    /// The region counted, or nil for England.
    public var region: String?
    /// The authorities counted (those that existed at the date).
    public var authorities: [LocalAuthority]
    public var frameworks: [GradeDistribution]

    public init(plans: [Plan], table: [LocalAuthority], asOf: Day, region: String?) {
        self.asOf = asOf
        self.region = region
        let latest = LatestJudgements(plans: plans, asOf: asOf)
        authorities = AuthorityGroup.existing(in: table, region: region, on: asOf)
        let codes = authorities.map(\.code)
        frameworks = InspectionFramework.allCases.map { GradeDistribution(framework: $0, group: codes, latest: latest) }
    }
}

/// One authority's latest judgements against a group's: what `compare` prints.
public struct AuthorityComparison: Sendable {
    public var authority: LocalAuthority
    public var group: AuthorityGroup
    public var members: [LocalAuthority]
    public var asOf: Day
    public var frameworks: [Entry]

    /// One framework: the authority's latest document (nil when it has none) and the group's
    /// distribution.
    public struct Entry: Sendable {
        public var framework: InspectionFramework
        public var own: GradedDocument?
        public var distribution: GradeDistribution
    }

    /// The themes of the authority's documents against the group's (nil unless asked for with
    /// `themes(rules:plans:findings:)`).
    public var themes: Themes?

    /// How often each theme appears in the documents of the authority and of the group that count
    /// at the date (`Plan.inspectedOn` on or before it, graded or not): the share of documents with
    /// each theme, as `themes` counts them (docs/themes.md).
    public struct Themes: Sendable {
        public var own: ThemeCounts
        public var group: ThemeCounts
    }

    public init(authority: LocalAuthority, group: AuthorityGroup, plans: [Plan], table: [LocalAuthority], asOf: Day) {
        self.authority = authority
        self.group = group
        self.asOf = asOf
        let latest = LatestJudgements(plans: plans, asOf: asOf)
        members = group.members(of: authority, in: table, on: asOf)
        let codes = members.map(\.code)
        frameworks = InspectionFramework.allCases.map {
            Entry(framework: $0, own: latest.latest(authority.code, in: $0), distribution: GradeDistribution(framework: $0, group: codes, latest: latest))
        }
    }

    /// The comparison with its themes: the findings are tagged once, and each side counts the
    /// documents of its authorities that count at the date.
    public func withThemes(rules: ThemeRules, plans: [Plan], findings: [Finding]) -> AuthorityComparison {
        let counted = plans.filter { $0.removed == nil && $0.inspectedOn <= asOf }
        let groupCodes = Set(members.map(\.code))
        let own = counted.filter { $0.authorityCode == authority.code }
        let others = counted.filter { $0.authorityCode.map(groupCodes.contains) == true }
        let ids = Set((own + others).map(\.id))
        let tags = ThemeTags(rules: rules, findings: findings.filter { ids.contains($0.planId) })
        var copy = self
        copy.themes = Themes(own: tags.counts(plans: own), group: tags.counts(plans: others))
        return copy
    }
}

/// One authority's history: its documents in the order they count (`Plan.inspectedOn`, then
/// import order), each with its framework and judgements if graded, and its improvement findings.
/// What `authority A` prints.
public struct AuthorityTimeline: Sendable {
    public var authority: LocalAuthority
    public var entries: [Entry]

    /// One document of the history.
    public struct Entry: Sendable {
        public var plan: Plan
        /// Its framework and judgements; nil for a document that grades nothing.
        public var graded: GradedDocument?
        /// Its improvement findings, in the plan's order.
        public var findings: [TimelineFinding]
    }

    /// The history of `authority` from the plans (and their findings) that carry its code.
    public init(authority: LocalAuthority, plans: [Plan], findings: [Finding]) {
        self.authority = authority
        let own = Plan.inHistoryOrder(plans.filter { $0.authorityCode == authority.code })
        let ids = Set(own.map(\.id))
        var byPlan: [Int64: [Finding]] = [:]
        for finding in findings where ids.contains(finding.planId) && finding.category.isImprovement {
            byPlan[finding.planId, default: []].append(finding)
        }
        entries = own.map { plan in
            Entry(plan: plan, graded: GradedDocument(plan),
                  findings: (byPlan[plan.id] ?? []).sorted { $0.position < $1.position }.map(TimelineFinding.init))
        }
    }
}

/// A finding as an authority's history shows it. Where it was raised before comes from the store
/// (`PlanStore.recurrences`), joined in by the outputs.
public struct TimelineFinding: Sendable {
    public var finding: Finding

    public init(_ finding: Finding) { self.finding = finding }
}
