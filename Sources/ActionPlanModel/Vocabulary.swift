import Foundation

/// A value with the words a person reads for it ("In progress", "Area for development").
public protocol Labelled {
    var label: String { get }
}

/// The kind of source document a plan answers. Raw values are the names used on the command
/// line and in JSON.
public enum DocumentKind: String, CaseIterable, Codable, Sendable, Labelled {
    case unannouncedInspection = "unannounced-inspection"
    case focusedVisit = "focused-visit"
    case ilacsInspection = "ilacs-inspection"
    case slacInspection = "slac-inspection"
    case monitoringVisit = "monitoring-visit"
    case sendLocalArea = "send-local-area"
    case jtai
    case peerReview = "peer-review"
    case other

    public var label: String {
        switch self {
        case .unannouncedInspection: return "Unannounced inspection"
        case .focusedVisit: return "Focused visit"
        case .ilacsInspection: return "ILACS inspection"
        case .slacInspection: return "Safeguarding and LAC inspection"
        case .monitoringVisit: return "Monitoring visit"
        case .sendLocalArea: return "Area SEND inspection"
        case .jtai: return "Joint targeted area inspection"
        case .peerReview: return "Peer review"
        case .other: return "Other"
        }
    }

    /// What a history calls a document of this kind after its year ("2010 inspection", "2014
    /// peer review"): the inspections of a whole service are all "inspection".
    public var historyName: String {
        switch self {
        case .unannouncedInspection, .ilacsInspection, .slacInspection: return "inspection"
        case .focusedVisit: return "focused visit"
        case .monitoringVisit: return "monitoring visit"
        case .sendLocalArea: return "area SEND inspection"
        case .jtai: return "joint targeted area inspection"
        case .peerReview: return "peer review"
        case .other: return "report"
        }
    }

    /// A document of this kind dated `date` as a history names it: "2010 inspection".
    public func historyLabel(_ date: Day) -> String { "\(date.year) \(historyName)" }
}

/// What kind of point a finding is. Everything but `strength` is an improvement finding that
/// gets an action.
public enum FindingCategory: String, CaseIterable, Codable, Sendable, Labelled {
    case priorityAction = "priority_action"
    case areaForDevelopment = "area_for_development"
    case areaForImprovement = "area_for_improvement"
    case whatNeedsToImprove = "what_needs_to_improve"
    case areaForConsideration = "area_for_consideration"
    case suggestion
    case recommendation
    case strength

    public var isImprovement: Bool { self != .strength }

    public var label: String {
        switch self {
        case .priorityAction: return "Area for priority action"
        case .areaForDevelopment: return "Area for development"
        case .areaForImprovement: return "Area for improvement"
        case .whatNeedsToImprove: return "What needs to improve"
        case .areaForConsideration: return "Area for consideration"
        case .suggestion: return "Suggestion"
        case .recommendation: return "Recommendation"
        case .strength: return "Strength"
        }
    }

    /// A short prefix for finding references ("P1", "D3").
    public var refPrefix: String {
        switch self {
        case .priorityAction: return "P"
        case .areaForDevelopment: return "D"
        case .areaForImprovement: return "I"
        case .whatNeedsToImprove: return "W"
        case .areaForConsideration: return "C"
        case .suggestion: return "S"
        case .recommendation: return "R"
        case .strength: return "G"
        }
    }
}

/// The timescale a document gives a finding.
public enum Timeframe: String, CaseIterable, Codable, Sendable, Labelled {
    case immediately
    case within3Months = "within_3_months"
    case within6Months = "within_6_months"
    case none

    public var label: String {
        switch self {
        case .immediately: return "Immediately"
        case .within3Months: return "Within three months"
        case .within6Months: return "Within six months"
        case .none: return "No timescale"
        }
    }

    /// The deadline rule the timescale stands for, or nil when the document gives none.
    public var rule: DeadlineRule? {
        switch self {
        case .immediately: return .immediately
        case .within3Months: return .months(3)
        case .within6Months: return .months(6)
        case .none: return nil
        }
    }
}

/// Delivery status of an action.
public enum ActionStatus: String, CaseIterable, Codable, Sendable, Labelled {
    case notStarted = "not_started"
    case inProgress = "in_progress"
    case complete
    case cancelled

    public var isOpen: Bool { self == .notStarted || self == .inProgress }

    public var label: String {
        switch self {
        case .notStarted: return "Not started"
        case .inProgress: return "In progress"
        case .complete: return "Complete"
        case .cancelled: return "Cancelled"
        }
    }
}

/// Blue, red, amber, green.
public enum RAG: String, CaseIterable, Codable, Sendable, Labelled {
    case blue, red, amber, green

    public var label: String { rawValue.capitalized }

    /// Colours that may be set by hand (blue is reserved for complete actions).
    public static let overridable: [RAG] = [.red, .amber, .green]
}

/// A value read from the command line or a document that is not one of the known names.
public struct UnknownValue: Error, Sendable, Equatable {
    public let field: String
    public let value: String
    public let expected: [String]

    public init(field: String, value: String, expected: [String]) {
        self.field = field
        self.value = value
        self.expected = expected
    }

    public var message: String {
        "unknown \(field) '\(value)': expected one of \(expected.joined(separator: ", "))"
    }
}

extension RawRepresentable where Self: CaseIterable, RawValue == String {
    /// Parses a raw value, accepting `-` for `_` and any case; throws a message that lists the
    /// accepted names.
    public static func parse(_ text: String, field: String) throws(UnknownValue) -> Self {
        let normalised = text.lowercased().trimmingCharacters(in: .whitespaces)
        for candidate in allCases {
            let raw = candidate.rawValue
            if raw == normalised || raw.replacingOccurrences(of: "_", with: "-") == normalised
                || raw.replacingOccurrences(of: "-", with: "_") == normalised {
                return candidate
            }
        }
        throw UnknownValue(field: field, value: text, expected: allCases.map(\.rawValue))
    }
}
