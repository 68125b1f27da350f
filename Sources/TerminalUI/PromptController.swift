import ActionPlanModel
import ActionPlanCore

/// What a key did to the open prompt, for the shell to act on.
enum PromptStep: Hashable, Sendable {
    /// Nothing for the shell to do.
    case none
    /// The text of the prompt changed (the search follows it as it is typed).
    case typed(Question, String)
    /// The prompt stays open, with a word of advice.
    case advice(String)
    /// The prompt stays open: the text is not an answer, and why.
    case refused(String)
    /// Closed with Esc.
    case cancelled(Question)
    /// Closed with nothing to do, and why ("No note added: it was empty").
    case dismissed(String)
    /// Closed with an answer.
    case answered(PromptAnswer)
}

/// The prompt state machine: which question is open, what the keys typed into it do, and the
/// typed answer it closes with. A choice that asks a further question (a colour's reason, the
/// filter menu's "status…", the export's file name) opens it here, so the shell only ever sees
/// a finished answer.
struct PromptController: Sendable {
    private(set) var prompt: Prompt?
    /// The lines given to the `:` command line in this session, oldest first (↑ recalls them).
    private(set) var commandHistory: [String] = []

    var isOpen: Bool { prompt != nil }

    mutating func open(_ question: Question, context: UIContext) {
        prompt = Prompt(asking: question, context: context)
        if question == .command {
            prompt?.history = commandHistory
            prompt?.historyIndex = commandHistory.count
        }
    }

    mutating func close() { prompt = nil }

    /// Opens a text question again with what was typed in it and why it was not taken, so
    /// that a refused answer is never lost.
    mutating func reopen(_ question: Question, text: String, notice: String, context: UIContext) {
        open(question, context: context)
        prompt?.editor.setText(text)
        prompt?.notice = notice
    }

    mutating func handle(_ key: Key, context: UIContext) -> PromptStep {
        let step = step(key, context: context)
        // A refusal or advice keeps the prompt open: say why above it, until the next key.
        switch step {
        case .advice(let text), .refused(let text): prompt?.notice = text
        default: prompt?.notice = nil
        }
        return step
    }

    private mutating func step(_ key: Key, context: UIContext) -> PromptStep {
        guard var p = prompt else { return .none }
        let request = KeyMap.prompt.request(for: key)
        if request == .cancel {
            prompt = nil
            return .cancelled(p.question)
        }
        if p.isChoice {
            var pressed: Character?
            if case .char(let c) = key { pressed = c } else if request == .submit { pressed = p.defaultChoice }
            guard let c = pressed else { return .none }
            guard let choice = p.choices.first(where: { $0.key == c }) else { return .advice(p.pressOneOf) }
            prompt = nil
            switch choice.pick {
            case .answer(let answer):
                return .answered(answer)
            case .ask(let next):
                open(next, context: context)
                return .none
            case .retype(let question, let text):
                open(question, context: context)
                prompt?.editor.setText(text)
                return .none
            }
        }
        switch request {
        case .submit:
            prompt = nil
            if p.question == .command { remember(p.editor.text) }
            let step = PromptController.answer(p.question, text: p.editor.text, context: context)
            if case .refused = step {
                // The line stays, as typed, to be corrected; ↑ starts from it again.
                p.history = commandHistory
                p.historyIndex = commandHistory.count
                prompt = p
            }
            return step
        case .historyBack, .historyForward:
            defer { prompt = p }
            guard p.question == .command else { return .none }
            return p.recall(backwards: request == .historyBack) ? .none
                : .advice(request == .historyBack ? "No earlier line" : "No later line")
        case .editInEditor:
            guard p.question.takesLongText else {
                defer { prompt = p }
                return .advice("$EDITOR is for long text: a title, a measure, evidence, a note or a reason")
            }
            prompt = nil
            return .answered(.continueInEditor(p.question, p.editor.text))
        case .complete, .completeBackwards:
            defer { prompt = p }
            if p.complete(backwards: request == .completeBackwards) { return .none }
            return .advice(p.completions.isEmpty ? "Nothing to complete from" : "No owner starts with “\(p.editor.text)”")
        default:
            guard p.editor.handle(key) else { return .none }
            p.completionStem = nil
            prompt = p
            return .typed(p.question, p.editor.text)
        }
    }

    /// Keeps a line of the command line for ↑ (not a repeat of the last one, not an empty one).
    private mutating func remember(_ line: String) {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, commandHistory.last != text else { return }
        commandHistory.append(text)
    }

    /// Pasted text: typed into a text prompt as text (line breaks kept in a note, spaces in a
    /// one-line field), never taken as keys; a choice prompt takes no paste.
    mutating func paste(_ text: String) -> PromptStep {
        guard var p = prompt else { return .none }
        if p.isChoice {
            let advice = "A paste is not a choice: " + p.pressOneOf.prefix(1).lowercased() + p.pressOneOf.dropFirst()
            prompt?.notice = advice
            return .advice(advice)
        }
        var multiline = false
        if case .note = p.question { multiline = true }
        if case .noteText = p.question { multiline = true }
        p.editor.insert(pasted: text, multiline: multiline)
        p.completionStem = nil
        p.notice = nil
        prompt = p
        return .typed(p.question, p.editor.text)
    }

    /// The answer a text prompt's text gives, or why it gives none.
    static func answer(_ question: Question, text raw: String, context: UIContext) -> PromptStep {
        // A pasted note may hold line breaks: its ends are trimmed of them too.
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let orNil: String? = text.isEmpty ? nil : text
        switch question {
        case .owner(let t): return .answered(.edit(t, .owner(orNil)))
        case .measure(let t): return .answered(.edit(t, .measure(orNil)))
        case .evidence(let t): return .answered(.edit(t, .evidence(orNil)))
        case .due(let t):
            switch DueText(text, context: context) {
            case .none: return .answered(.edit(t, .due(nil)))
            case .day(let day): return .answered(.edit(t, .due(day)))
            case .invalid(let message): return .refused(message)
            }
        case .title(let t):
            return text.isEmpty ? .refused("A title cannot be empty") : .answered(.edit(t, .title(text)))
        case .note(let t):
            return text.isEmpty ? .dismissed("No note added: it was empty") : .answered(.edit(t, .note(text)))
        case .colourReason(let t, let rag):
            return text.isEmpty ? .refused("Give a reason for setting the colour by hand")
                : .answered(.edit(t, .colour(RAGOverride(rag: rag, reason: text))))
        case .newAction(let f):
            return text.isEmpty ? .dismissed("No action added: the title was empty") : .answered(.newAction(title: text, finding: f))
        case .search:
            return .answered(.search(text))
        case .command:
            switch ColonCommand.parse(text, today: context.today, calendar: context.calendar) {
            case .success(let command): return .answered(.command(command, line: text))
            case .failure(let error): return .refused(error.message)
            }
        case .filterOwner(var f):
            f.owner = orNil
            return .answered(.filter(f))
        case .importPath:
            return text.isEmpty ? .dismissed("Nothing imported") : .answered(.importFile(path: text, received: nil))
        case .importReceived(let path):
            switch DueText(text, context: context) {
            case .day(let day): return .answered(.importFile(path: path, received: day))
            case .none: return .refused("Give the date the document was received: \(DateExpression.acceptedForms)")
            case .invalid(let message): return .refused(message)
            }
        case .exportPath(let planId, let format):
            return text.isEmpty ? .dismissed("Nothing exported: no file name")
                : .answered(.export(planId: planId, format: format, path: text))
        case .removeReason(let t):
            return text.isEmpty ? .refused("Give a reason: it is kept with the removal, and \(KeyMap.plan.keyName(for: .undo)) brings it back")
                : .answered(.remove(t, reason: text))
        case .moveTo(let t, let findings):
            return PromptController.move(t, to: text, findings: findings)
        case .noteText(let t, let note):
            if text.isEmpty { return .refused("A note cannot be empty: \(KeyMap.prompt.keyName(for: .cancel)) keeps it as it is") }
            if text == note.text.trimmingCharacters(in: .whitespacesAndNewlines) { return .dismissed("No change to the note") }
            return .answered(.editNote(t, note, text: text))
        case .planTitle(let plan):
            return text.isEmpty ? .refused("A title cannot be empty")
                : .answered(.editPlan(plan, PlanChanges(title: text), question: question, text: text))
        case .planAuthority(let plan):
            return text.isEmpty ? .refused("An authority cannot be empty")
                : .answered(.editPlan(plan, PlanChanges(authority: text), question: question, text: text))
        case .planReceived(let plan):
            switch DueText(text, context: context) {
            case .day(let day): return .answered(.editPlan(plan, PlanChanges(received: day), question: question, text: text))
            case .none: return .refused("A plan has a date received: \(DateExpression.acceptedForms)")
            case .invalid(let message): return .refused(message)
            }
        case .newMilestoneTitle(let planId):
            return text.isEmpty ? .dismissed("No milestone added: the title was empty")
                : .answered(.ask(.newMilestoneDue(planId: planId, title: text)))
        case .newMilestoneDue(let planId, let title):
            switch DueText(text.isEmpty ? "none" : text, context: context) {
            case .none: return .answered(.addMilestone(planId: planId, title: title, due: nil, text: text))
            case .day(let day): return .answered(.addMilestone(planId: planId, title: title, due: day, text: text))
            case .invalid(let message): return .refused(message)
            }
        case .milestoneTitle(let m):
            return text.isEmpty ? .refused("A title cannot be empty")
                : .answered(.editMilestone(m, MilestoneChanges(title: text), question: question, text: text))
        case .milestoneDue(let m):
            switch DueText(text.isEmpty ? "none" : text, context: context) {
            case .none: return .answered(.editMilestone(m, MilestoneChanges(due: .some(nil)), question: question, text: text))
            case .day(let day): return .answered(.editMilestone(m, MilestoneChanges(due: .some(day)), question: question, text: text))
            case .invalid(let message): return .refused(message)
            }
        case .milestoneMet(let m):
            switch DueText(text.isEmpty ? "none" : text, context: context) {
            case .none: return .answered(.editMilestone(m, MilestoneChanges(done: .some(nil)), question: question, text: text))
            case .day(let day) where day > context.today:
                return .refused("\(day.iso) is after today (\(context.today.iso)): a milestone is met on a day that has come")
            case .day(let day): return .answered(.editMilestone(m, MilestoneChanges(done: .some(day)), question: question, text: text))
            case .invalid(let message): return .refused(message)
            }
        case .status, .colour, .filter, .filterStatus, .filterRAG, .filterCategory, .sort, .exportFormat, .refused,
             .whichAction, .whichNote, .noteChoice, .planField, .planKind, .exportReplace:
            // Choice prompts are answered by a key, never by text.
            return .none
        }
    }
}

extension PromptController {
    /// The finding a typed reference names ("d3" is D3), or why none: not one of the plan's,
    /// or the one the action is under already.
    static func move(_ t: EditTarget, to typed: String, findings: [Finding]) -> PromptStep {
        let refs = findings.map(\.ref).joined(separator: ", ")
        guard !typed.isEmpty else { return .refused("Type the reference of a finding: \(refs)") }
        guard let finding = findings.first(where: { $0.ref.uppercased() == typed.uppercased() }) else {
            return .refused("“\(ColonCommand.shown(typed))” is not a finding of this plan: \(refs)")
        }
        if finding.id == t.action.findingId { return .refused("\(t.ref) is under \(finding.ref) already") }
        return .answered(.move(t, to: finding))
    }
}

extension Question {
    /// The text questions whose answer may be long, which Ctrl-X continues in `$EDITOR`.
    var takesLongText: Bool {
        switch self {
        case .title, .measure, .evidence, .note, .colourReason, .removeReason, .noteText: return true
        default: return false
        }
    }
}

extension Prompt {
    /// ↑/↓ on the command line: shows an earlier or a later line; the line being typed is kept
    /// and comes back after the last one. False when there is none further.
    mutating func recall(backwards: Bool) -> Bool {
        let next = historyIndex + (backwards ? -1 : 1)
        guard next >= 0, next <= history.count else { return false }
        if historyIndex == history.count { draft = editor.text }
        historyIndex = next
        editor.setText(next == history.count ? draft : history[next])
        return true
    }
}
