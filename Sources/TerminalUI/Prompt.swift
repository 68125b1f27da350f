import ActionPlanModel
import ActionPlanReports

/// What a prompt's answer is for.
enum PromptPurpose: Hashable, Sendable {
    // Text prompts.
    case owner, due, measure, evidence, note, title
    case ragReason(RAG)
    case addAction(findingId: Int64, planId: Int64, ref: String)
    case search(previous: String)
    case filterOwner
    case importPath
    case exportPath(planId: Int64, format: ReportFormat)
    // Choice prompts.
    case status, ragChoice, filterMenu, filterStatus, filterRAG, filterCategory, sort
    case exportFormat(planId: Int64)
}

/// One answer of a choice prompt, chosen by its key.
struct Choice: Hashable, Sendable {
    var key: Character
    var label: String
    var value: String
}

/// The prompt open at the bottom of the screen. It belongs to the app, not to a screen, so a
/// resize or a reload redraws it as it was.
struct Prompt: Sendable {
    var label: String
    var purpose: PromptPurpose
    /// The action being edited, as it was shown when the prompt opened (its version is the
    /// one the edit expects).
    var target: Action?
    var editor = LineEditor()
    var choices: [Choice] = []
    /// The choice Enter picks, if any.
    var defaultChoice: Character?
    /// Candidates for Tab completion (owners).
    var completions: [String] = []
    /// The text Tab completes from, and which candidate it showed last.
    var completionStem: String?
    var completionIndex = 0

    var isChoice: Bool { !choices.isEmpty }

    static func text(_ label: String, _ purpose: PromptPurpose, target: Action? = nil, initial: String = "") -> Prompt {
        var p = Prompt(label: label, purpose: purpose, target: target)
        p.editor = LineEditor(initial)
        return p
    }

    static func choice(_ label: String, _ purpose: PromptPurpose, target: Action? = nil, _ choices: [Choice]) -> Prompt {
        var p = Prompt(label: label, purpose: purpose, target: target)
        p.choices = choices
        return p
    }

    /// Candidates that start with (or else contain) `stem`, case-insensitively.
    func candidates(for stem: String) -> [String] {
        let s = stem.lowercased()
        let starts = completions.filter { $0.lowercased().hasPrefix(s) }
        let contains = completions.filter { !$0.lowercased().hasPrefix(s) && $0.lowercased().contains(s) }
        return starts + contains
    }

    /// Tab: replaces the text with the next candidate for what was typed.
    mutating func complete(backwards: Bool = false) -> Bool {
        let stem = completionStem ?? editor.text
        let found = candidates(for: stem)
        guard !found.isEmpty else { return false }
        if completionStem == nil {
            completionStem = stem
            completionIndex = backwards ? found.count - 1 : 0
        } else {
            completionIndex = (completionIndex + (backwards ? found.count - 1 : 1)) % found.count
        }
        editor.setText(found[completionIndex])
        return true
    }
}

extension Prompt {
    static func statusChoice(target: Action, ref: String) -> Prompt {
        .choice("Status of \(ref)", .status, target: target, [
            Choice(key: "n", label: "not started", value: ActionStatus.notStarted.rawValue),
            Choice(key: "p", label: "in progress", value: ActionStatus.inProgress.rawValue),
            Choice(key: "c", label: "complete", value: ActionStatus.complete.rawValue),
            Choice(key: "x", label: "cancelled", value: ActionStatus.cancelled.rawValue),
        ])
    }

    static func ragChoice(target: Action, ref: String) -> Prompt {
        .choice("Colour of \(ref)", .ragChoice, target: target, [
            Choice(key: "r", label: "red", value: RAG.red.rawValue),
            Choice(key: "a", label: "amber", value: RAG.amber.rawValue),
            Choice(key: "g", label: "green", value: RAG.green.rawValue),
            Choice(key: "d", label: "derived (clear the override)", value: ""),
        ])
    }

    static let filterMenu = Prompt.choice("Filter", .filterMenu, [
        Choice(key: "m", label: "mine", value: "mine"),
        Choice(key: "o", label: "overdue", value: "overdue"),
        Choice(key: "s", label: "due soon", value: "soon"),
        Choice(key: "t", label: "status…", value: "status"),
        Choice(key: "r", label: "RAG…", value: "rag"),
        Choice(key: "w", label: "owner…", value: "owner"),
        Choice(key: "c", label: "category…", value: "category"),
        Choice(key: "x", label: "clear", value: "clear"),
    ])

    static let filterStatus = Prompt.choice("Only status", .filterStatus, [
        Choice(key: "n", label: "not started", value: ActionStatus.notStarted.rawValue),
        Choice(key: "p", label: "in progress", value: ActionStatus.inProgress.rawValue),
        Choice(key: "c", label: "complete", value: ActionStatus.complete.rawValue),
        Choice(key: "x", label: "cancelled", value: ActionStatus.cancelled.rawValue),
    ])

    static let filterRAG = Prompt.choice("Only RAG", .filterRAG, [
        Choice(key: "r", label: "red", value: RAG.red.rawValue),
        Choice(key: "a", label: "amber", value: RAG.amber.rawValue),
        Choice(key: "g", label: "green", value: RAG.green.rawValue),
        Choice(key: "b", label: "blue", value: RAG.blue.rawValue),
    ])

    static let filterCategory = Prompt.choice("Only category", .filterCategory, [
        Choice(key: "p", label: "priority action", value: FindingCategory.priorityAction.rawValue),
        Choice(key: "d", label: "development", value: FindingCategory.areaForDevelopment.rawValue),
        Choice(key: "i", label: "improvement", value: FindingCategory.areaForImprovement.rawValue),
        Choice(key: "w", label: "needs to improve", value: FindingCategory.whatNeedsToImprove.rawValue),
        Choice(key: "c", label: "consideration", value: FindingCategory.areaForConsideration.rawValue),
        Choice(key: "s", label: "suggestion", value: FindingCategory.suggestion.rawValue),
        Choice(key: "r", label: "recommendation", value: FindingCategory.recommendation.rawValue),
    ])

    /// `e`: the format of the export; Enter takes HTML, the one a board reads on screen and on paper.
    static func exportFormat(planId: Int64) -> Prompt {
        var p = Prompt.choice("Export as", .exportFormat(planId: planId), [
            Choice(key: "m", label: "Markdown", value: ReportFormat.md.rawValue),
            Choice(key: "h", label: "HTML", value: ReportFormat.html.rawValue),
            Choice(key: "c", label: "CSV", value: ReportFormat.csv.rawValue),
            Choice(key: "j", label: "JSON", value: ReportFormat.json.rawValue),
            Choice(key: "i", label: "iCalendar", value: ReportFormat.ics.rawValue),
        ])
        p.defaultChoice = "h"
        return p
    }

    static let sortChoice = Prompt.choice("Sort by", .sort, [
        Choice(key: "p", label: "plan order", value: ActionSort.plan.rawValue),
        Choice(key: "d", label: "due date", value: ActionSort.due.rawValue),
        Choice(key: "s", label: "status", value: ActionSort.status.rawValue),
        Choice(key: "r", label: "RAG", value: ActionSort.rag.rawValue),
        Choice(key: "o", label: "owner", value: ActionSort.owner.rawValue),
    ])
}
