import Foundation
import ActionPlanModel

/// A weakness of a plan that an inspector would point out. Warnings, not blocks.
public enum SMARTRule: String, CaseIterable, Sendable, Codable {
    /// An improvement finding with no open or complete action.
    case findingWithoutAction = "finding-without-action"
    /// An open or complete action nobody is accountable for.
    case noOwner = "no-owner"
    /// An open action with no target date.
    case noDueDate = "no-due-date"
    /// An open action whose target date came from a default, not from the document or a person.
    case provisionalDueDate = "provisional-due-date"
    case noSuccessMeasure = "no-success-measure"
    /// A success measure with no number and no target word ("all", "at least", "%"...).
    case measureNotMeasurable = "measure-not-measurable"
    case completeWithoutEvidence = "complete-without-evidence"
    /// Open, and no progress note (or, with none, no creation) for more than `staleDays` days.
    case stale
    /// The target date was moved more than once.
    case reprogrammedRepeatedly = "reprogrammed-repeatedly"

    /// What the rule asks, for help text and documentation.
    public var summary: String {
        switch self {
        case .findingWithoutAction: return "every improvement finding has an open or complete action"
        case .noOwner: return "every action has an accountable owner"
        case .noDueDate: return "every open action has a target date"
        case .provisionalDueDate: return "no open action keeps a provisional (defaulted) target date"
        case .noSuccessMeasure: return "every action has a success measure"
        case .measureNotMeasurable: return "a success measure has a number or a target"
        case .completeWithoutEvidence: return "nothing is complete without evidence"
        case .stale: return "nothing open goes more than \(SMARTCheck.staleDays) days without a note"
        case .reprogrammedRepeatedly: return "a target date is not moved more than once"
        }
    }
}

/// One warning: which rule, about what, and why, in one line.
public struct SMARTFlag: Sendable, Hashable {
    public var rule: SMARTRule
    public var planId: Int64
    public var findingId: Int64?
    public var findingRef: String?
    /// nil for a finding's flag.
    public var actionId: Int64?
    /// The action's reference ("P1.2"); nil for a finding's flag.
    public var actionRef: String?
    public var actionTitle: String?
    public var reason: String

    public init(rule: SMARTRule, planId: Int64, findingId: Int64?, findingRef: String?, actionId: Int64?,
                actionRef: String? = nil, actionTitle: String?, reason: String) {
        self.rule = rule
        self.actionRef = actionRef
        self.planId = planId
        self.findingId = findingId
        self.findingRef = findingRef
        self.actionId = actionId
        self.actionTitle = actionTitle
        self.reason = reason
    }
}

extension SMARTFlag {
    /// The flag in one line, as `actionplan check` prints it and the board pack lists it:
    /// `[rule-id] action 12 (P1.1) "title": reason` or `[finding-without-action] finding P3: reason`.
    public var text: String {
        var out = "[\(rule.rawValue)] "
        if let id = actionId {
            out += "action \(id)"
            if let ref = actionRef ?? findingRef { out += " (\(ref))" }
            if let title = actionTitle { out += " \"\(SMARTCheck.oneLine(title, limit: 50))\"" }
        } else {
            out += "finding \(findingRef ?? findingId.map(String.init) ?? "?")"
        }
        return out + ": \(reason)"
    }
}

/// Checks a plan as an inspector would (see "Quality of a plan" in the product brief).
public enum SMARTCheck {
    /// An open action with no note for more than this many days is stale.
    public static let staleDays = 31

    /// The flags of one action (the terminal UI's action screen). `latestNote` is the action's
    /// newest note; `timeZone` turns its creation moment into a day when it has no note.
    public static func flags(for action: Action, finding: Finding? = nil, latestNote: Note?, today: Day,
                             timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> [SMARTFlag] {
        guard action.status != .cancelled else { return [] }
        var flags: [SMARTFlag] = []
        func flag(_ rule: SMARTRule, _ reason: String) {
            flags.append(SMARTFlag(rule: rule, planId: action.planId, findingId: action.findingId, findingRef: finding?.ref,
                                   actionId: action.id, actionRef: action.ref.isEmpty ? nil : action.ref,
                                   actionTitle: action.title, reason: reason))
        }
        let owner = action.owner?.trimmed ?? ""
        if owner.isEmpty { flag(.noOwner, "no owner: nobody is accountable for this action") }
        if action.status.isOpen {
            if let due = action.due {
                if action.dueProvisional {
                    flag(.provisionalDueDate, "the target date \(due.iso) is a provisional default: confirm or set a real date")
                }
            } else {
                flag(.noDueDate, "no target date")
            }
        }
        let measure = action.successMeasure?.trimmed ?? ""
        if measure.isEmpty {
            flag(.noSuccessMeasure, "no success measure: say how you will know it worked")
        } else if !isMeasurable(measure) {
            flag(.measureNotMeasurable, "the success measure has no number or target: \"\(oneLine(measure, limit: 60))\"")
        }
        if action.status == .complete, (action.evidence?.trimmed ?? "").isEmpty {
            flag(.completeWithoutEvidence, "marked complete with no evidence recorded")
        }
        if action.status.isOpen {
            let last: Day
            let what: String
            if let note = latestNote {
                last = note.day
                what = "last note \(note.day.iso)"
            } else {
                last = Clockless(timeZone: timeZone).day(of: action.createdAt)
                what = "none since it was created on \(last.iso)"
            }
            let days = today.dayNumber - last.dayNumber
            if days > staleDays { flag(.stale, "open with no progress note for \(days) days (\(what))") }
        }
        if action.reprogramCount > 1 {
            var reason = "target date moved \(action.reprogramCount) times"
            if let original = action.originalDue {
                reason += " (first \(original.iso)" + (action.due.map { ", now \($0.iso))" } ?? ", now none)")
            }
            flag(.reprogrammedRepeatedly, reason)
        }
        return flags
    }

    /// Whether a success measure states a number or a target: a digit, a number word, a
    /// percentage, or a comparison ("at least", "no more than", "all", "every").
    public static func isMeasurable(_ measure: String) -> Bool {
        if measure.unicodeScalars.contains(where: { CharacterSet.decimalDigits.contains($0) }) { return true }
        if measure.contains("%") { return true }
        let lower = measure.lowercased()
        let words = Set(lower.split { !$0.isLetter }.map(String.init))
        if !words.isDisjoint(with: numberWords) { return true }
        return targetPhrases.contains { lower.contains($0) }
    }

    static let numberWords: Set<String> = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
        "half", "all", "every", "each", "none", "percent", "target", "targets",
    ]

    static let targetPhrases = [
        "at least", "at most", "more than", "less than", "fewer than", "no more than", "no fewer than", "per cent",
        "increase to", "reduce to", "rise to", "fall to", "by the end of",
    ]

    /// Every flag of the given plans (all when nil): findings with no action, then each
    /// action's flags, in plan and finding order.
    public static func run(_ snapshot: ReportSnapshot, planIds: [Int64]? = nil, today: Day,
                           timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> SMARTReport {
        let wanted = planIds.map(Set.init)
        let latest = snapshot.latestNotes()
        let findingsByPlan = Dictionary(grouping: snapshot.findings, by: \.planId)
        let actionsByFinding = Dictionary(grouping: snapshot.actions, by: \.findingId)
        let findingIds = Set(snapshot.findings.map(\.id))
        let orphansByPlan = Dictionary(grouping: snapshot.actions.filter { !findingIds.contains($0.findingId) }, by: \.planId)
        var plans: [SMARTReport.PlanFlags] = []
        for plan in snapshot.plans.sorted(by: { $0.id < $1.id }) where wanted?.contains(plan.id) ?? true {
            var flags: [SMARTFlag] = []
            var checked = 0
            let findings = (findingsByPlan[plan.id] ?? []).sorted { ($0.position, $0.id) < ($1.position, $1.id) }
            for finding in findings {
                let actions = (actionsByFinding[finding.id] ?? []).sorted { $0.id < $1.id }
                if finding.category.isImprovement, !actions.contains(where: { $0.status != .cancelled }) {
                    let reason = actions.isEmpty ? "\(finding.category.label) with no action"
                        : "\(finding.category.label) whose every action is cancelled"
                    flags.append(SMARTFlag(rule: .findingWithoutAction, planId: plan.id, findingId: finding.id,
                                           findingRef: finding.ref, actionId: nil, actionTitle: nil,
                                           reason: "\(reason): \"\(oneLine(finding.text, limit: 60))\""))
                }
                for action in actions {
                    checked += 1
                    flags += self.flags(for: action, finding: finding, latestNote: latest[action.id], today: today, timeZone: timeZone)
                }
            }
            for action in (orphansByPlan[plan.id] ?? []).sorted(by: { $0.id < $1.id }) {
                checked += 1
                flags += self.flags(for: action, latestNote: latest[action.id], today: today, timeZone: timeZone)
            }
            plans.append(SMARTReport.PlanFlags(plan: plan, actionsChecked: checked, findingsChecked: findings.count, flags: flags))
        }
        return SMARTReport(today: today, plans: plans)
    }

    static func oneLine(_ text: String, limit: Int) -> String {
        // Printable ASCII with single spaces inside is already one line, a character a byte.
        if isOneASCIILine(text) { return text.utf8.count > limit ? String(text.prefix(limit - 1)) + "…" : text }
        let flat = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }

    /// Printable ASCII, no space at either end or next to another (what `oneLine` leaves as it is).
    private static func isOneASCIILine(_ text: String) -> Bool {
        var previous: UInt8 = 0x20
        for byte in text.utf8 {
            if byte < 0x20 || byte >= 0x7F || (byte == 0x20 && previous == 0x20) { return false }
            previous = byte
        }
        return previous != 0x20 || text.isEmpty
    }
}

/// The flags of one or more plans, with text and JSON renderings.
public struct SMARTReport: Sendable {
    public struct PlanFlags: Sendable {
        public var plan: Plan
        public var actionsChecked: Int
        public var findingsChecked: Int
        public var flags: [SMARTFlag]
    }

    public var today: Day
    public var plans: [PlanFlags]

    public var flagCount: Int { plans.reduce(0) { $0 + $1.flags.count } }
    public var isClean: Bool { flagCount == 0 }

    /// How many flags each plan has (the terminal UI's plan screen).
    public var countsByPlan: [Int64: Int] {
        Dictionary(plans.map { ($0.plan.id, $0.flags.count) }, uniquingKeysWith: +)
    }

    /// One block per plan, one line per flag: `  [rule-id] action 12 (P1.1): reason`.
    public func text() -> String {
        var out = ""
        if plans.isEmpty { return "No plans to check.\n" }
        for entry in plans {
            let n = entry.flags.count
            out += "Plan \(entry.plan.id): \(SMARTCheck.oneLine(entry.plan.title, limit: 100)) — "
            out += n == 0 ? "no warnings" : "\(n) \(n == 1 ? "warning" : "warnings")"
            out += " (\(SMARTReport.count(entry.findingsChecked, "finding")), \(SMARTReport.count(entry.actionsChecked, "action")) checked on \(today.iso))\n"
            for flag in entry.flags { out += "  \(flag.text)\n" }
        }
        return out
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    public func json() -> String {
        JSONValue.object([
            ("schema", .string("actionplan-check/1")),
            ("today", .string(today.iso)),
            ("flag_count", .int(flagCount)),
            ("plans", .array(plans.map { entry in
                .object([
                    ("id", .int(Int(entry.plan.id))),
                    ("title", .string(entry.plan.title)),
                    ("findings_checked", .int(entry.findingsChecked)),
                    ("actions_checked", .int(entry.actionsChecked)),
                    ("flags", .array(entry.flags.map { f in
                        .object([
                            ("rule", .string(f.rule.rawValue)),
                            ("finding_id", .int(f.findingId.map(Int.init))),
                            ("finding_ref", .string(f.findingRef)),
                            ("action_id", .int(f.actionId.map(Int.init))),
                            ("action_ref", .string(f.actionRef)),
                            ("action_title", .string(f.actionTitle)),
                            ("reason", .string(f.reason)),
                        ])
                    })),
                ])
            })),
        ]).rendered()
    }
}
