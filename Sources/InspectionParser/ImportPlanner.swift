import Foundation
import ActionPlanModel

/// Turns an `Extraction` into a `PlanDraft`: the plan, its milestones, its findings and one
/// action per improvement finding with a due date.
///
/// Pure: the calendar, the defaults, the date received and the clock are all passed in.
public struct ImportPlanner: Sendable {
    public var defaults: ImportDefaults
    public var calendar: WorkingDayCalendar

    public init(defaults: ImportDefaults, calendar: WorkingDayCalendar) {
        self.defaults = defaults
        self.calendar = calendar
    }

    /// The date deadlines count from: the one given, else the date the document says it was
    /// received, else its letter date, else `fallback` (today, for the command line).
    public func receivedDate(for extraction: Extraction, given: Day?, fallback: Day) -> Day {
        given ?? extraction.received ?? extraction.letterDate ?? fallback
    }

    /// The milestones of a plan: those the document states or announces (an action plan and its
    /// deadline, a monitoring inspection, the next inspection), else the defaults for its kind.
    public func milestones(for extraction: Extraction, kind: DocumentKind, received: Day) -> [Milestone] {
        if !extraction.statedDeadlines.isEmpty {
            // Undated ones (a plan the document asks for without a date) come first: they are due soonest.
            return extraction.statedDeadlines.map {
                Milestone(planId: 0, title: $0.title, due: $0.rule?.due(received: received, calendar: calendar), rule: $0.rule)
            }.sorted { ($0.due ?? received) < ($1.due ?? received) }
        }
        let hasPriority = extraction.findings.contains { $0.category == .priorityAction }
        let hasImprovement = extraction.hasImprovementFindings
        return defaults.milestones.compactMap { m in
            guard m.kinds.contains(kind) else { return nil }
            switch m.when {
            case .always: break
            case .priorityAction: guard hasPriority else { return nil }
            case .improvement: guard hasImprovement else { return nil }
            }
            return Milestone(planId: 0, title: m.title, due: m.rule.due(received: received, calendar: calendar), rule: m.rule)
        }
    }

    /// The due date of a finding's action, the rule it came from, and whether it is provisional
    /// (from a category default rather than from the document).
    public func due(for finding: ExtractedFinding, received: Day) -> (due: Day, rule: DeadlineRule, provisional: Bool)? {
        guard finding.category.isImprovement else { return nil }
        if let rule = finding.timeframe.rule {
            return (rule.due(received: received, calendar: calendar), rule, false)
        }
        guard let rule = defaults.categoryDefaults[finding.category] else { return nil }
        return (rule.due(received: received, calendar: calendar), rule, true)
    }

    /// The whole draft of a plan.
    public func draft(for extraction: Extraction, received given: Day? = nil, kind override: DocumentKind? = nil,
                      fallbackDate: Day, createdAt: Date, createdBy: String, contentHash: String? = nil) -> PlanDraft {
        let kind = override ?? extraction.kind
        let received = receivedDate(for: extraction, given: given, fallback: fallbackDate)
        // The authority by its canonical name when the local-authority table knows it.
        let plan = Plan(title: Self.title(extraction, kind: kind), authority: extraction.authorityName ?? extraction.authority ?? "Unknown authority", kind: kind,
                        letterDate: extraction.letterDate, received: received, visitDates: extraction.visitDates,
                        inspectors: extraction.inspectors, sourceFile: extraction.fileName, contentHash: contentHash,
                        createdAt: createdAt, createdBy: createdBy, authorityCode: extraction.authorityCode,
                        context: extraction.context,
                        authorityAsWritten: extraction.authorityName == nil ? nil : extraction.authority,
                        earlierActionsRemain: extraction.earlierPriorityActionsRemain, judgements: extraction.judgements)
        var findings: [FindingDraft] = []
        for (position, f) in extraction.findings.enumerated() {
            let finding = Finding(planId: 0, ref: f.ref, category: f.category, timeframe: f.timeframe, sectionPath: f.sectionPath,
                                  text: f.text, sourceLocation: "line \(f.line)", position: position,
                                  ownerBody: f.ownerBody, subItems: f.subItems)
            var actions: [Action] = []
            if let d = due(for: f, received: received) {
                actions.append(Action(findingId: 0, planId: 0, title: Self.actionTitle(f.text, maxLength: defaults.actionTitleMaxLength),
                                      due: d.due, dueProvisional: d.provisional, dueRule: d.rule,
                                      createdAt: createdAt, updatedAt: createdAt, updatedBy: createdBy))
            }
            findings.append(FindingDraft(finding: finding, actions: actions))
        }
        return PlanDraft(plan: plan, milestones: milestones(for: extraction, kind: kind, received: received), findings: findings)
    }

    /// "Focused visit: Stockton-on-Tees, 26 October 2022".
    public static func title(_ e: Extraction, kind: DocumentKind) -> String {
        var t = "\(kind.label): \(e.authorityName ?? e.authority ?? "unknown authority")"
        if let d = e.letterDate { t += ", \(d.longDescription)" }
        return t
    }

    /// A short form of a finding for an action's title: its first sentence, cut at a word
    /// boundary to `maxLength` characters with an ellipsis.
    public static func actionTitle(_ text: String, maxLength: Int) -> String {
        var sentence = text
        if let r = text.range(of: ". ") { sentence = String(text[..<r.lowerBound]) }
        while sentence.hasSuffix(".") || sentence.hasSuffix(":") || sentence.hasSuffix(";") || sentence.hasSuffix(" ") { sentence.removeLast() }
        if sentence.count <= maxLength { return sentence }
        let cut = sentence.prefix(maxLength - 1)
        let upToSpace = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        var short = String(upToSpace)
        while short.hasSuffix(",") || short.hasSuffix(" ") || short.hasSuffix(";") { short.removeLast() }
        return short + "…"
    }
}
