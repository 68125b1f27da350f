import Foundation
import ActionPlanModel

/// The configurable defaults of an import: a due-date rule per finding category (used when the
/// document gives no timescale) and the milestones a kind of document gets when the document
/// states none. Read from `Data/import-defaults.json` or the user's override; the format is
/// documented in docs/import.md.
public struct ImportDefaults: Sendable, Hashable {
    /// A milestone added to a plan when the document states no deadline of its own.
    public struct MilestoneDefault: Sendable, Hashable {
        /// When the milestone applies.
        public enum Condition: String, Sendable, Hashable, CaseIterable {
            /// Always, for the listed kinds.
            case always
            /// Only when the document has at least one area for priority action.
            case priorityAction = "priority_action"
            /// Only when the document has at least one improvement finding.
            case improvement
        }

        public var kinds: [DocumentKind]
        public var when: Condition
        public var title: String
        public var rule: DeadlineRule

        public init(kinds: [DocumentKind], when: Condition, title: String, rule: DeadlineRule) {
            self.kinds = kinds
            self.when = when
            self.title = title
            self.rule = rule
        }
    }

    /// The rule for an improvement finding's action when the document gives no timescale.
    public var categoryDefaults: [FindingCategory: DeadlineRule]
    public var milestones: [MilestoneDefault]
    /// Action titles are the finding's first sentence, cut to this many characters.
    public var actionTitleMaxLength: Int

    public init(categoryDefaults: [FindingCategory: DeadlineRule], milestones: [MilestoneDefault], actionTitleMaxLength: Int = 100) {
        self.categoryDefaults = categoryDefaults
        self.milestones = milestones
        self.actionTitleMaxLength = actionTitleMaxLength
    }

    /// What is wrong with a defaults file, in one line.
    public struct FormatError: Error, Sendable, Equatable {
        public let message: String
        public init(_ message: String) { self.message = message }
    }

    private struct FileFormat: Decodable {
        struct Milestone: Decodable {
            let kinds: [String]
            let when: String?
            let title: String
            let rule: String
        }
        let categoryDefaults: [String: String]
        let milestones: [Milestone]?
        let actionTitleMaxLength: Int?

        enum CodingKeys: String, CodingKey {
            case categoryDefaults = "category_defaults"
            case milestones
            case actionTitleMaxLength = "action_title_max_length"
        }
    }

    /// Parses the JSON of a defaults file. Every improvement category must have a rule.
    public static func parse(_ data: Data) throws(FormatError) -> ImportDefaults {
        let file: FileFormat
        do {
            file = try JSONDecoder().decode(FileFormat.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw FormatError("missing key '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw FormatError("wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw FormatError("not valid JSON: \(error.localizedDescription)")
        }
        var categories: [FindingCategory: DeadlineRule] = [:]
        for (name, code) in file.categoryDefaults {
            guard let category = FindingCategory(rawValue: name), category.isImprovement else {
                throw FormatError("category_defaults: unknown category '\(name)': expected one of \(FindingCategory.allCases.filter(\.isImprovement).map(\.rawValue).joined(separator: ", "))")
            }
            guard let rule = DeadlineRule(code: code) else {
                throw FormatError("category_defaults.\(name): '\(code)' is not a rule: expected immediately, wd:N, m:N or date:YYYY-MM-DD")
            }
            categories[category] = rule
        }
        for category in FindingCategory.allCases where category.isImprovement && categories[category] == nil {
            throw FormatError("category_defaults: no rule for '\(category.rawValue)'")
        }
        var milestones: [MilestoneDefault] = []
        for (index, m) in (file.milestones ?? []).enumerated() {
            var kinds: [DocumentKind] = []
            for k in m.kinds {
                guard let kind = DocumentKind(rawValue: k) else {
                    throw FormatError("milestones[\(index)]: unknown kind '\(k)': expected one of \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kinds.append(kind)
            }
            let whenText = m.when ?? "always"
            guard let condition = MilestoneDefault.Condition(rawValue: whenText) else {
                throw FormatError("milestones[\(index)]: unknown condition '\(whenText)': expected one of \(MilestoneDefault.Condition.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let rule = DeadlineRule(code: m.rule) else {
                throw FormatError("milestones[\(index)]: '\(m.rule)' is not a rule: expected immediately, wd:N, m:N or date:YYYY-MM-DD")
            }
            guard !m.title.trimmingCharacters(in: .whitespaces).isEmpty else { throw FormatError("milestones[\(index)]: empty title") }
            milestones.append(MilestoneDefault(kinds: kinds, when: condition, title: m.title, rule: rule))
        }
        let length = file.actionTitleMaxLength ?? 100
        guard (20...1000).contains(length) else { throw FormatError("action_title_max_length: expected 20 to 1000, got \(length)") }
        return ImportDefaults(categoryDefaults: categories, milestones: milestones, actionTitleMaxLength: length)
    }
}
