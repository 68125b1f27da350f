/// The inspection frameworks whose reports carry graded judgements. Focused visits, monitoring
/// visits, joint targeted area inspections, the annual unannounced inspections and peer reviews
/// grade nothing and belong to none. Raw values are the names used on the command line and in
/// JSON. docs/national.md says how a document is placed and why.
public enum InspectionFramework: String, CaseIterable, Codable, Sendable, Labelled {
    /// Inspections of local authority children's services, from January 2018.
    case ilacs
    /// The single inspection framework, November 2013 to December 2017.
    case sif
    /// Inspections of safeguarding and looked after children services, 2009 to 2013 (grades 1–4).
    case safeguardingLAC = "slac"
    /// Area SEND inspections under the framework of January 2023 (one of three outcomes).
    case areaSEND = "area-send"

    public var label: String {
        switch self {
        case .ilacs: return "ILACS (2018–)"
        case .sif: return "Single inspection framework (2013–2018)"
        case .safeguardingLAC: return "Safeguarding and looked after children (2009–2013)"
        case .areaSEND: return "Area SEND (2023–)"
        }
    }

    /// A short name for narrow columns.
    public var shortLabel: String {
        switch self {
        case .ilacs: return "ILACS"
        case .sif: return "SIF"
        case .safeguardingLAC: return "SLAC"
        case .areaSEND: return "Area SEND"
        }
    }

    /// The grades its headline judgement can take, best first.
    public var scale: [Grade] {
        switch self {
        case .ilacs, .sif: return [.outstanding, .good, .requiresImprovement, .inadequate]
        case .safeguardingLAC: return [.outstanding, .good, .adequate, .inadequate]
        case .areaSEND: return [.positive, .inconsistent, .systemicFailings]
        }
    }

    /// The share Ofsted headlines ("good or outstanding"), or the area SEND outcome that stands
    /// in its place ("positive"): the words after a `GradeDistribution.goodOrBetterPercent`.
    public var favourableWords: String { self == .areaSEND ? "positive" : "good or outstanding" }

    /// The area of its headline judgement as the parser stores it.
    public var headlineArea: String {
        switch self {
        case .ilacs, .sif: return "Overall effectiveness"
        case .safeguardingLAC: return "Safeguarding › Overall effectiveness"
        case .areaSEND: return Grade.sendOutcomeArea
        }
    }

    /// The framework a document belongs to, or nil for a document that grades nothing.
    ///
    /// The kind says whether the document is graded at all; the judgement areas say which
    /// framework (ILACS's "impact of leaders" and "experiences and progress" against the SIF's
    /// "leadership, management and governance" and "children looked after and achieving
    /// permanence"); when the areas do not tell (none were read), the last day of the visit
    /// does: before 2018 is the SIF. Both frameworks are stored as kind `ilacs-inspection`.
    public static func of(kind: DocumentKind, judgements: [Judgement], inspectedOn day: Day) -> InspectionFramework? {
        let areas = judgements.map { $0.area.lowercased() }
        switch kind {
        case .sendLocalArea:
            // The 2016–2022 framework ended with a written statement of action or none: not read yet.
            if judgements.contains(where: { $0.area == Grade.sendOutcomeArea }) { return .areaSEND }
            return day >= sendFramework2023 ? .areaSEND : nil
        case .slacInspection:
            return .safeguardingLAC
        case .ilacsInspection:
            if judgements.contains(where: { $0.grade.lowercased().hasPrefix("grade ") }) { return .safeguardingLAC }
            if areas.contains(where: { $0.contains("impact of leaders") || $0.contains("experiences and progress of children") }) {
                return .ilacs
            }
            if areas.contains(where: { $0.contains("leadership, management") || $0.contains("achieving permanence")
                || $0 == "children who need help and protection" }) {
                return .sif
            }
            return day < ilacsStart ? .sif : .ilacs
        case .unannouncedInspection, .focusedVisit, .monitoringVisit, .jtai, .peerReview, .other:
            return nil
        }
    }

    /// The first day of the ILACS framework (inspections from January 2018).
    public static let ilacsStart = Day(year: 2018, month: 1, day: 1)!
    /// The first day of the area SEND framework of 2023.
    public static let sendFramework2023 = Day(year: 2023, month: 1, day: 1)!
}

/// A judgement's grade, normalised across the wordings of the frameworks: the SIF's "Requires
/// improvement" and ILACS's "Requires improvement to be good" are one step; the older
/// framework's "Grade 3 (adequate)" is `adequate` (a lower bar than "requires improvement", so
/// not merged with it); the area SEND outcomes are their own three steps. Raw values are the
/// names used in JSON.
public enum Grade: String, CaseIterable, Codable, Sendable, Labelled {
    case outstanding
    case good
    case requiresImprovement = "requires-improvement"
    case adequate
    case inadequate
    /// Area SEND: arrangements typically lead to positive experiences and outcomes.
    case positive
    /// Area SEND: arrangements lead to inconsistent experiences and outcomes.
    case inconsistent
    /// Area SEND: widespread and/or systemic failings.
    case systemicFailings = "systemic-failings"

    public var label: String {
        switch self {
        case .outstanding: return "Outstanding"
        case .good: return "Good"
        case .requiresImprovement: return "Requires improvement"
        case .adequate: return "Adequate"
        case .inadequate: return "Inadequate"
        case .positive: return "Positive experiences and outcomes"
        case .inconsistent: return "Inconsistent experiences and outcomes"
        case .systemicFailings: return "Widespread or systemic failings"
        }
    }

    /// A short name for narrow columns and chart labels.
    public var shortLabel: String {
        switch self {
        case .outstanding: return "Outstanding"
        case .good: return "Good"
        case .requiresImprovement: return "RI"
        case .adequate: return "Adequate"
        case .inadequate: return "Inadequate"
        case .positive: return "Positive"
        case .inconsistent: return "Inconsistent"
        case .systemicFailings: return "Systemic failings"
        }
    }

    /// Good or outstanding (the headline share Ofsted publishes), or the area SEND outcome that
    /// stands in its place.
    public var isGoodOrBetter: Bool { self == .outstanding || self == .good || self == .positive }

    /// The area the parser stores an area SEND outcome under.
    public static let sendOutcomeArea = "Inspection outcome"

    /// The three area SEND outcomes as the parser stores them (the judgement's grade), with the
    /// words of the report's sentence that give each. One table for the parser and this type.
    public static let sendOutcomes: [(grade: Grade, stored: String, phrase: String)] = [
        (.positive, "Positive experiences and outcomes", "typically lead to positive experiences and outcomes"),
        (.inconsistent, "Inconsistent experiences and outcomes", "lead to inconsistent experiences and outcomes"),
        (.systemicFailings, "Widespread and/or systemic failings", "widespread and/or systemic failings"),
    ]

    /// The grade a stored judgement's wording means, or nil for one it does not know:
    /// "Requires improvement to be good", "Grade 3 (adequate)", "Good", an area SEND outcome.
    public init?(written: String) {
        var text = written.lowercased().trimmingCharacters(in: .whitespaces)
        if let outcome = Grade.sendOutcomes.first(where: { $0.stored.lowercased() == text }) {
            self = outcome.grade
            return
        }
        // "grade 3 (adequate)" → "adequate"
        if text.hasPrefix("grade "), let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
            text = String(text[text.index(after: open)..<close])
        }
        switch text {
        case "outstanding": self = .outstanding
        case "good": self = .good
        case "requires improvement", "requires improvement to be good", "require improvement", "require improvement to be good":
            self = .requiresImprovement
        case "adequate": self = .adequate
        case "inadequate": self = .inadequate
        default: return nil
        }
    }
}

/// One stored judgement with its normalised grade (nil when its wording is not known).
public struct GradedJudgement: Hashable, Sendable {
    public var area: String
    /// The grade as the document words it.
    public var written: String
    public var grade: Grade?

    public init(_ judgement: Judgement) {
        area = judgement.area
        written = judgement.grade
        grade = Grade(written: judgement.grade)
    }
}

/// A document's place among the graded inspections: its framework, the day it counts from, its
/// headline grade and every judgement it gives.
public struct GradedDocument: Hashable, Sendable {
    public var planId: Int64
    public var authorityCode: String?
    public var framework: InspectionFramework
    /// The day the document counts from (`Plan.inspectedOn`).
    public var day: Day
    /// The headline judgement (overall effectiveness, or the area SEND outcome); nil when the
    /// document's was not read.
    public var headline: Grade?
    /// Every judgement of the document in its order, the headline included.
    public var judgements: [GradedJudgement]

    /// The graded document a plan is, or nil when its document grades nothing.
    public init?(_ plan: Plan) {
        let day = plan.inspectedOn
        guard let framework = InspectionFramework.of(kind: plan.kind, judgements: plan.judgements, inspectedOn: day) else { return nil }
        self.planId = plan.id
        self.authorityCode = plan.authorityCode
        self.framework = framework
        self.day = day
        self.judgements = plan.judgements.map(GradedJudgement.init)
        let headlineArea = framework.headlineArea.lowercased()
        self.headline = judgements.first { $0.area.lowercased() == headlineArea && $0.grade.map(framework.scale.contains) == true }?.grade
    }

    /// The judgements other than the headline.
    public var subJudgements: [GradedJudgement] {
        let headlineArea = framework.headlineArea.lowercased()
        return judgements.filter { $0.area.lowercased() != headlineArea }
    }
}

extension Plan {
    /// The day a document counts from in a history and in the statistics: the last day of its
    /// visit, else its letter (publication) date, else the day it was received. Ofsted's
    /// figures "as at" a date count the inspections carried out by then, and ILACS and area SEND
    /// reports print no publication date (docs/national.md).
    public var inspectedOn: Day { visitDates.last ?? letterDate ?? received }

    /// Plans in the order of a history: by `inspectedOn`, then in the order they were imported.
    public static func inHistoryOrder(_ plans: [Plan]) -> [Plan] {
        plans.sorted { ($0.inspectedOn, $0.id) < ($1.inspectedOn, $1.id) }
    }
}
