import Foundation
import ActionPlanModel
import ActionPlanReports
import ActionPlanCore
import TerminalText

/// The action an edit is for, as it was shown when the prompt opened (its version is the one
/// the edit expects), with the reference the screen showed for it; or the marked actions (`;`),
/// which one edit changes together.
struct EditTarget: Hashable, Sendable {
    private(set) var actions: [Action]
    private(set) var refs: [String]

    init(action: Action, ref: String) {
        actions = [action]
        refs = [ref]
    }

    /// The marked actions, in the order the screen shows them (at least one).
    init(actions: [Action], refs: [String]) {
        precondition(!actions.isEmpty && actions.count == refs.count, "an edit needs actions, each with its reference")
        self.actions = actions
        self.refs = refs
    }

    /// The action (the first of several marked ones).
    var action: Action { actions[0] }
    var isMany: Bool { actions.count > 1 }

    /// How prompts and messages name the target: "P1.1", or "3 marked actions".
    var ref: String { isMany ? "\(actions.count) marked actions" : refs[0] }

    /// The reference shown for one of the actions.
    func ref(of id: Int64) -> String {
        actions.firstIndex { $0.id == id }.map { refs[$0] } ?? "#\(id)"
    }

    /// The value the actions share, for the text a prompt starts with; empty when they differ.
    func shared(_ value: (Action) -> String?) -> String {
        let first = value(actions[0])
        return actions.dropFirst().allSatisfy { value($0) == first } ? (first ?? "") : ""
    }

    /// The same actions as they are now (read again after a refusal); one that is gone keeps
    /// its shown form, so that the store names it.
    func reloaded(from store: any PlanStore) -> EditTarget {
        EditTarget(actions: actions.map { ((try? store.action(id: $0.id)) ?? nil) ?? $0 }, refs: refs)
    }
}

/// The finding `a` adds an action to.
struct FindingTarget: Hashable, Sendable {
    var findingId: Int64
    var planId: Int64
    var ref: String
}

/// What a prompt asks. Each question knows how it is asked (its label, first text and choices)
/// and what its answer becomes (`PromptAnswer`).
enum Question: Hashable, Sendable {
    // Answered by a key.
    case status(EditTarget)
    case colour(EditTarget)
    case filter(ActionFilter)
    case filterStatus(ActionFilter)
    case filterRAG(ActionFilter)
    case filterCategory(ActionFilter)
    case sort
    case exportFormat(planId: Int64)
    // Answered by a line of text.
    case colourReason(EditTarget, RAG)
    case owner(EditTarget)
    case due(EditTarget)
    case measure(EditTarget)
    case evidence(EditTarget)
    case title(EditTarget)
    case note(EditTarget)
    case newAction(FindingTarget)
    case search(previous: String)
    /// The `:` command line.
    case command
    case filterOwner(ActionFilter)
    case importPath
    /// The date a document that prints none was received.
    case importReceived(path: String)
    case exportPath(planId: Int64, format: ReportFormat)
    // Answered by a key, after a write was refused.
    case refused(RefusedEdit)
    // Shaping a plan (issue 11). Answered by a key:
    /// Which action of a finding an edit key is for (`E` also offers the finding's text).
    case whichAction(Request, [EditTarget], finding: Finding)
    /// Which of an action's notes (`n`), newest first.
    case whichNote(EditTarget, [Note])
    /// What to do with a note: edit it or remove it.
    case noteChoice(EditTarget, Note)
    /// Which field of a plan to edit (`E` on the plans screen), and its kind.
    case planField(Plan)
    case planKind(Plan)
    /// An export's file exists: replace it, or type another name.
    case exportReplace(ExportRequest, typed: String)
    // Answered by a line of text:
    /// Why an item is removed (kept with the removal).
    case removeReason(RemovalTarget)
    /// The finding to move an action under, by its reference (Tab completes).
    case moveTo(EditTarget, findings: [Finding])
    case noteText(EditTarget, Note)
    case planTitle(Plan)
    case planReceived(Plan)
    case planAuthority(Plan)
    case newMilestoneTitle(planId: Int64)
    case newMilestoneDue(planId: Int64, title: String)
    case milestoneTitle(Milestone)
    case milestoneDue(Milestone)
    /// The day a milestone was met (today unless typed), or none.
    case milestoneMet(Milestone)
}

/// Typed text whose write was refused (someone changed the action first, or the database
/// would not take it). It is kept on screen with a choice: apply it to the action as it is
/// now, edit it, or discard it. Nothing typed is lost without a key that says so.
struct RefusedEdit: Hashable, Sendable {
    /// The action as it is now: applying the edit expects this version.
    var target: EditTarget
    var edit: ActionEdit
    /// Why it was not saved, as the status line said it.
    var reason: String
    /// True when someone else changed the action (apply means "to the new version").
    var stale: Bool
    /// The file of a note or a form written in `$EDITOR`, kept until it is saved or discarded.
    var file: String?
    /// A form that still does not parse: it can be edited again or discarded, not applied.
    var unparsed = false

    /// The text prompt that asks for the same thing again, on the action as it is now.
    var question: Question {
        let t = target
        switch edit {
        case .owner: return .owner(t)
        case .due: return .due(t)
        case .measure: return .measure(t)
        case .evidence: return .evidence(t)
        case .title: return .title(t)
        case .colour(let o?): return .colourReason(t, o.rag)
        case .note, .status, .colour(nil), .form: return .note(t)
        }
    }
}

/// A prompt's answer, as a typed value: what the shell does with it needs no parsing.
enum PromptAnswer: Hashable, Sendable {
    case edit(EditTarget, ActionEdit)
    case newAction(title: String, finding: FindingTarget)
    case search(String)
    case filter(ActionFilter)
    case sort(ActionSort)
    /// A file to import, as typed.
    case importFile(path: String, received: Day?)
    /// A file to export a plan to, as typed.
    case export(planId: Int64, format: ReportFormat, path: String)
    /// A line of the `:` command line, understood.
    case command(ColonCommand, line: String)
    /// A text prompt's text, to go on with in `$EDITOR` (Ctrl-X).
    case continueInEditor(Question, String)
    /// A refused edit, applied again to the action as it is now.
    case retry(RefusedEdit)
    /// A refused note from `$EDITOR`, opened in the editor again.
    case editAgain(RefusedEdit)
    /// A refused edit, thrown away on purpose.
    case discard(RefusedEdit)
    /// A further question, asked after a text answer (a new milestone's due date).
    case ask(Question)
    /// An edit key, carried out on the action chosen among a finding's (`whichAction`).
    case request(Request, on: EditTarget)
    /// A finding's text in `$EDITOR` (`E` on its row, when it was chosen over its actions).
    case editFindingText(Finding)
    case remove(RemovalTarget, reason: String)
    case move(EditTarget, to: Finding)
    case editNote(EditTarget, Note, text: String)
    case editPlan(Plan, PlanChanges, question: Question, text: String)
    case addMilestone(planId: Int64, title: String, due: Day?, text: String)
    case editMilestone(Milestone, MilestoneChanges, question: Question, text: String)
    /// An export to a file that exists, confirmed.
    case exportReplacing(ExportRequest)
}

/// A change to one action, as a prompt answers it.
enum ActionEdit: Hashable, Sendable {
    case status(ActionStatus)
    /// A colour set by hand with its reason, or nil for the derived colour again.
    case colour(RAGOverride?)
    case owner(String?)
    case due(Day?)
    case measure(String?)
    case evidence(String?)
    case title(String)
    case note(String)
    /// The changes of an action's form (`E`), with the form as saved and as it was first
    /// written (what the person changed is what differs from it).
    case form(ActionChanges, text: String, original: String)

    var changes: ActionChanges {
        switch self {
        case .status(let s): return ActionChanges(status: s)
        case .colour(let o): return ActionChanges(ragOverride: .some(o))
        case .owner(let o): return ActionChanges(owner: .some(o))
        case .due(let d): return ActionChanges(due: .some(d))
        case .measure(let m): return ActionChanges(successMeasure: .some(m))
        case .evidence(let e): return ActionChanges(evidence: .some(e))
        case .title(let t): return ActionChanges(title: t)
        case .note(let n): return ActionChanges(note: n)
        case .form(let changes, _, _): return changes
        }
    }

    /// The text typed for this edit, as the prompt showed it; nil for an edit made by one key
    /// (a status, the derived colour), which a refusal cannot lose.
    var typedText: String? {
        switch self {
        case .status, .colour(nil): return nil
        case .colour(let o?): return o.reason
        case .owner(let o): return o ?? ""
        case .due(let d): return d?.iso ?? "none"
        case .measure(let m): return m ?? ""
        case .evidence(let e): return e ?? ""
        case .title(let t): return t
        case .note(let n): return n
        case .form(_, let text, _): return text
        }
    }

    /// What the typed text is, for the line that keeps it on screen ("Owner of P1.1").
    func field(_ ref: String) -> String {
        switch self {
        case .status: return "Status of \(ref)"
        case .colour(let o): return "Why \(o?.rag.label.lowercased() ?? "derived") (\(ref))"
        case .owner: return "Owner of \(ref)"
        case .due: return "Due date of \(ref)"
        case .measure: return "Success measure of \(ref)"
        case .evidence: return "Evidence of \(ref)"
        case .title: return "Title of \(ref)"
        case .note: return "Note on \(ref)"
        case .form: return "Form of \(ref)"
        }
    }

    /// What the status line says once the edit is saved, of one action ("P1.1") or of several
    /// ("3 marked actions", `many`).
    func done(_ ref: String, many: Bool = false) -> String {
        let (isNow, has) = many ? ("are now", "have") : ("is now", "has")
        switch self {
        case .status(let s): return "\(ref) \(isNow) \(s.label.lowercased())"
        case .colour(nil): return "\(ref) \(has) \(many ? "their" : "its") derived colour again"
        case .colour(let o?): return "\(ref) set to \(o.rag.label.lowercased()) by hand"
        case .owner(nil): return "\(ref) \(has) no owner now"
        case .owner(let o?): return "\(ref) \(many ? "are" : "is") owned by \(o)"
        case .due(nil): return "\(ref) \(has) no due date now"
        case .due(let d?): return "\(ref) \(many ? "are" : "is") due \(d.weekday.shortName) \(d.iso)"
        case .measure: return "Success measure of \(ref) saved"
        case .evidence: return "Evidence of \(ref) saved"
        case .title: return "Title of \(ref) saved"
        case .note: return "Note added to \(ref)"
        case .form: return "\(ref) saved from the form"
        }
    }
}

/// One answer of a choice prompt, chosen by its key: the answer itself, or a further question
/// (a colour needs a reason; "status…" in the filter menu asks which status).
struct Choice: Hashable, Sendable {
    enum Pick: Hashable, Sendable {
        case answer(PromptAnswer)
        case ask(Question)
        /// Ask a text question again with this text in it.
        case retype(Question, String)
    }
    var key: Character
    var label: String
    var pick: Pick
}

/// The prompt open at the bottom of the screen. It belongs to the shell, not to a screen, so a
/// resize or a reload redraws it as it was.
struct Prompt: Sendable {
    let question: Question
    var label: String
    var editor = LineEditor()
    var choices: [Choice] = []
    /// The choice Enter picks, if any.
    var defaultChoice: Character?
    /// Candidates for Tab completion (owners).
    var completions: [String] = []
    /// The text Tab completes from, and which candidate it showed last.
    var completionStem: String?
    var completionIndex = 0
    /// Earlier lines of this prompt's kind (the `:` command line), oldest first, and which one
    /// ↑ showed last (`history.count` while on the line being typed, kept in `draft`).
    var history: [String] = []
    var historyIndex = 0
    var draft = ""
    /// Why the last key did not answer ("Press one of n p c x", "A title cannot be empty"),
    /// shown above the prompt until the next key, so the person sees the prompt is still open.
    var notice: String?

    var isChoice: Bool { !choices.isEmpty }

    /// What a choice prompt says to a key that is not one of its choices.
    var pressOneOf: String {
        var discards = false
        if case .refused = question { discards = true }
        return "Press one of " + choices.map { String($0.key) }.joined(separator: " ") + ", or "
            + KeyMap.prompt.keyName(for: .cancel) + (discards ? " to discard" : " to cancel")
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

// MARK: How each question is asked

extension Prompt {
    /// The prompt for a question: its label, the text it starts with, its choices, and the
    /// owners Tab completes from (read from the store).
    init(asking question: Question, context: UIContext) {
        self.question = question
        label = ""
        func text(_ label: String, _ initial: String = "") {
            self.label = label
            editor = LineEditor(initial)
        }
        func choose(_ label: String, _ choices: [Choice]) {
            self.label = label
            self.choices = choices
        }
        func owners() -> [String] { (try? context.store.owners()) ?? [] }
        switch question {
        case .status(let t):
            choose("Status of \(t.ref)", Prompt.statuses.map { key, label, status in
                Choice(key: key, label: label, pick: .answer(.edit(t, .status(status))))
            })
        case .colour(let t):
            choose("Colour of \(t.ref)", [
                Choice(key: "r", label: "red", pick: .ask(.colourReason(t, .red))),
                Choice(key: "a", label: "amber", pick: .ask(.colourReason(t, .amber))),
                Choice(key: "g", label: "green", pick: .ask(.colourReason(t, .green))),
                Choice(key: "d", label: "derived (clear the override)", pick: .answer(.edit(t, .colour(nil)))),
            ])
        case .filter(let f):
            func toggled(_ change: (inout ActionFilter) -> Void) -> Choice.Pick {
                var g = f
                change(&g)
                return .answer(.filter(g))
            }
            choose("Filter", [
                Choice(key: "m", label: "mine", pick: toggled { $0.mine.toggle() }),
                Choice(key: "o", label: "overdue", pick: toggled { $0.overdue.toggle() }),
                Choice(key: "s", label: "due soon", pick: toggled { $0.dueSoon.toggle() }),
                Choice(key: "t", label: "status…", pick: .ask(.filterStatus(f))),
                Choice(key: "r", label: "RAG…", pick: .ask(.filterRAG(f))),
                Choice(key: "w", label: "owner…", pick: .ask(.filterOwner(f))),
                Choice(key: "c", label: "category…", pick: .ask(.filterCategory(f))),
                Choice(key: "x", label: "clear", pick: .answer(.filter(ActionFilter()))),
            ])
        case .filterStatus(let f):
            choose("Only status", Prompt.statuses.map { key, label, status in
                var g = f
                g.status = status
                return Choice(key: key, label: label, pick: .answer(.filter(g)))
            })
        case .filterRAG(let f):
            let rags: [(Character, RAG)] = [("r", .red), ("a", .amber), ("g", .green), ("b", .blue)]
            choose("Only RAG", rags.map { key, rag in
                var g = f
                g.rag = rag
                return Choice(key: key, label: rag.label.lowercased(), pick: .answer(.filter(g)))
            })
        case .filterCategory(let f):
            let categories: [(Character, String, FindingCategory)] = [
                ("p", "priority action", .priorityAction), ("d", "development", .areaForDevelopment),
                ("i", "improvement", .areaForImprovement), ("w", "needs to improve", .whatNeedsToImprove),
                ("c", "consideration", .areaForConsideration), ("s", "suggestion", .suggestion),
                ("r", "recommendation", .recommendation),
            ]
            choose("Only category", categories.map { key, label, category in
                var g = f
                g.category = category
                return Choice(key: key, label: label, pick: .answer(.filter(g)))
            })
        case .sort:
            let sorts: [(Character, ActionSort)] = [("p", .plan), ("d", .due), ("s", .status), ("r", .rag), ("o", .owner)]
            choose("Sort by", sorts.map { key, sort in Choice(key: key, label: sort.label, pick: .answer(.sort(sort))) })
        case .exportFormat(let planId):
            let formats: [(Character, ReportFormat)] = [("m", .md), ("h", .html), ("c", .csv), ("j", .json), ("i", .ics), ("x", .xlsx)]
            choose("Export as", formats.map { key, format in
                Choice(key: key, label: format.label, pick: .ask(.exportPath(planId: planId, format: format)))
            })
            // HTML is what a board reads on screen and on paper.
            defaultChoice = "h"
        case .colourReason(_, let rag): text("Why \(rag.label.lowercased())?")
        case .owner(let t):
            text("Owner of \(t.ref)", t.shared(\.owner))
            completions = owners()
        case .due(let t): text("Due date of \(t.ref)", t.shared { $0.due?.iso })
        case .measure(let t): text(t.isMany ? "Success measure of \(t.ref)" : "Success measure", t.shared(\.successMeasure))
        case .evidence(let t): text(t.isMany ? "Evidence of \(t.ref)" : "Evidence", t.shared(\.evidence))
        case .title(let t): text("Title", t.action.title)
        case .note(let t): text("Note on \(t.ref)")
        case .newAction(let f): text("New action for \(f.ref)")
        case .search(let previous): text("/", previous)
        case .command: text(":")
        case .filterOwner(let f):
            text("Only owner", f.owner ?? "")
            completions = owners()
        case .importPath: text("Import file")
        case .importReceived(let path):
            _ = path
            text("Date received (the report prints none)", context.today.iso)
        case .exportPath(let planId, let format):
            text("Export \(format.label) to", format.defaultFileName(planId: planId, asOf: context.today))
        case .whichAction(let request, let targets, let finding):
            var choices = targets.prefix(9).enumerated().map { i, t in
                Choice(key: Character(String(i + 1)), label: "\(t.ref) " + Prompt.short(t.action.title, 24),
                       pick: .answer(.request(request, on: t)))
            }
            if request == .editForm {
                choices.insert(Choice(key: "f", label: "the finding's text", pick: .answer(.editFindingText(finding))), at: 0)
            }
            choose(request == .editForm ? "Edit \(finding.ref)" : "Which action of \(finding.ref)", choices)
        case .whichNote(let t, let notes):
            choose("Which note of \(t.ref)", notes.prefix(9).enumerated().map { i, note in
                Choice(key: Character(String(i + 1)), label: "\(note.day.iso) \(note.author): " + Prompt.short(note.text, 20),
                       pick: .ask(.noteChoice(t, note)))
            })
        case .noteChoice(let t, let note):
            choose("Note of \(note.day.iso) by \(note.author)", [
                Choice(key: "e", label: "edit (yours only)", pick: .ask(.noteText(t, note))),
                Choice(key: "x", label: "remove, with a reason", pick: .ask(.removeReason(.note(note, of: t.ref)))),
            ])
        case .planField(let plan):
            choose("Edit plan \(plan.id)", [
                Choice(key: "t", label: "title", pick: .ask(.planTitle(plan))),
                Choice(key: "r", label: "date received", pick: .ask(.planReceived(plan))),
                Choice(key: "a", label: "authority", pick: .ask(.planAuthority(plan))),
                Choice(key: "k", label: "kind", pick: .ask(.planKind(plan))),
            ])
        case .planKind(let plan):
            choose("Kind of plan \(plan.id)", DocumentKind.allCases.prefix(9).enumerated().map { i, kind in
                Choice(key: Character(String(i + 1)), label: kind.label + (kind == plan.kind ? " (now)" : ""),
                       pick: .answer(.editPlan(plan, PlanChanges(kind: kind), question: .planKind(plan), text: kind.label)))
            })
        case .exportReplace(let request, let typed):
            choose("\(Prompt.short(typed, 40)) exists: replace it?", [
                Choice(key: "y", label: "yes, replace it", pick: .answer(.exportReplacing(request))),
                Choice(key: "n", label: "no, another name", pick: .retype(.exportPath(planId: request.planId, format: request.format), typed)),
            ])
        case .removeReason(let t): text("Remove \(t.name)? Why")
        case .moveTo(let t, let findings):
            text("Move \(t.ref) to finding")
            completions = findings.filter { $0.id != t.action.findingId }.map(\.ref)
        case .noteText(_, let note): text("Note of \(note.day.iso)", note.text)
        case .planTitle(let plan): text("Title of plan \(plan.id)", plan.title)
        case .planReceived(let plan): text("Received (plan \(plan.id))", plan.received.iso)
        case .planAuthority(let plan): text("Authority (plan \(plan.id))", plan.authority)
        case .newMilestoneTitle: text("New milestone")
        case .newMilestoneDue(_, let title): text("Due date of “\(Prompt.short(title, 20))”")
        case .milestoneTitle(let m): text("Title of milestone", m.title)
        case .milestoneDue(let m): text("Due date of “\(Prompt.short(m.title, 20))”", m.due?.iso ?? "")
        case .milestoneMet(let m): text("Met on", (m.done ?? context.today).iso)
        case .refused(let r):
            var choices = r.unparsed ? []
                : [Choice(key: "a", label: r.stale ? "apply to the new version" : "try again", pick: .answer(.retry(r)))]
            if r.file != nil {
                choices.append(Choice(key: "e", label: "edit in $EDITOR", pick: .answer(.editAgain(r))))
            } else {
                choices.append(Choice(key: "e", label: "edit", pick: .retype(r.question, r.edit.typedText ?? "")))
            }
            choices.append(Choice(key: "d", label: "discard", pick: .answer(.discard(r))))
            choose(r.edit.field(r.target.ref), choices)
        }
    }

    /// A text cut to `width` cells on one line, for a choice's label.
    static func short(_ text: String, _ width: Int) -> String {
        let line = Format.oneLine(text)
        return DisplayWidth.of(line) > width ? DisplayWidth.truncate(line, to: width) : line
    }

    /// The statuses as the status and filter prompts offer them.
    static let statuses: [(Character, String, ActionStatus)] = [
        ("n", "not started", .notStarted), ("p", "in progress", .inProgress),
        ("c", "complete", .complete), ("x", "cancelled", .cancelled),
    ]
}

/// What a due-date prompt's text means: no date, a day, or why it is not one.
enum DueText: Equatable {
    case none
    case day(Day)
    case invalid(String)

    /// "none" clears the date; anything else is a date expression (YYYY-MM-DD, today, +20wd, +3m).
    init(_ raw: String, context: UIContext) {
        self.init(raw, today: context.today, calendar: context.calendar)
    }

    init(_ raw: String, today: Day, calendar: WorkingDayCalendar) {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.lowercased() == "none" {
            self = .none
            return
        }
        do {
            self = .day(try DateExpression.parse(text).resolve(today: today, calendar: calendar))
        } catch {
            self = .invalid(error.message)
        }
    }
}
