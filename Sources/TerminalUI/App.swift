import Foundation
import ActionPlanModel
import ActionPlanCore
import TerminalText

/// The terminal UI's shell: the stack of screens, the prompt that may be open and the last
/// result. Events go in (`handle`), effects the driver must perform come out, and `render`
/// draws the current state into a cell buffer. Keys become requests through the screens' key
/// maps (`KeyMap`); prompts answer with typed values (`PromptController`); writes go through
/// `PlanWriter`; the title bar and the status line are drawn by `TitleBar` and `StatusLine`.
public final class App {
    public private(set) var context: UIContext
    public private(set) var width: Int
    public private(set) var height: Int
    var stack: [any Screen] = []
    var prompts = PromptController()
    private(set) var message: (text: String, style: Style)?
    private var lastToken: Int64?
    /// The change token and the day each screen in the stack was last read at: a screen that
    /// comes back into view is read again only when either has moved since.
    private var readAt: [ObjectIdentifier: (token: Int64?, day: Day)] = [:]
    /// What the text in `$EDITOR` is for, while the editor runs.
    var pendingEditor: EditorPurpose?
    /// Set by `;`: the next edit key applies to the marked actions.
    var applyingToMarked = false
    /// Set while that edit key is carried out.
    var editingMarked = false
    /// The action chosen among a finding's (`whichAction`), while the edit key is carried out.
    var pickedTarget: EditTarget?
    public internal(set) var quitRequested = false
    /// Set when a key that opens a text prompt (owner, note, a colour's reason, a new action…)
    /// was refused: the characters typed next were meant for that prompt, so they are ignored
    /// until Enter, Esc or a key that is not a character, and can never run as commands.
    var ignoringTypedText = false

    /// Below this size the screen says how big it needs to be instead of drawing.
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    /// Starts on the plans screen, or on one plan's screen when `planId` is given.
    public init(context: UIContext, width: Int, height: Int, planId: Int64? = nil) {
        self.context = context
        self.width = max(0, width)
        self.height = max(0, height)
        push(PlansScreen())
        if let planId { push(PlanScreen(planId: planId)) }
        lastToken = try? context.store.changeToken()
    }

    var top: any Screen { stack[stack.count - 1] }

    /// The open prompt, if any.
    var prompt: Prompt? { prompts.prompt }

    var isTooSmall: Bool { width < App.minimumWidth || height < App.minimumHeight }

    var contentArea: Area { Area(top: 1, height: max(0, height - 3), width: width) }

    var writer: PlanWriter { PlanWriter(context: context) }

    // MARK: Navigation

    func push(_ screen: any Screen) {
        stack.append(screen)
        let inStack = Set(stack.map { ObjectIdentifier($0) })
        readAt = readAt.filter { inStack.contains($0.key) }
        load(screen)
    }

    /// Back to the screen below, read again only if the database or the day changed since it
    /// was last read: going back to a list of 2,000 plans costs one query when nothing did.
    func pop() {
        guard stack.count > 1 else { return }
        let gone = Discarded(stack.removeLast())
        readAt[ObjectIdentifier(gone.screen!)] = nil
        // Freeing a plan of 100,000 actions takes longer than a frame: done off the main thread.
        Discarded.queue.async { gone.screen = nil }
        if let read = readAt[ObjectIdentifier(top)], read.day == context.today,
           let token = try? context.store.changeToken(), read.token == token {
            return
        }
        load(top)
    }

    private func load(_ screen: any Screen) {
        // The token is read first: a change committed while the screen reads is seen next time.
        let token = try? context.store.changeToken()
        do {
            try screen.reload(context)
            readAt[ObjectIdentifier(screen)] = (token, context.today)
        } catch {
            readAt[ObjectIdentifier(screen)] = nil
            sayError("Could not read the database: \(PlanWriter.describe(error))")
        }
    }

    /// Waits for what the screens in the stack are reading in the background (the rest of a
    /// large plan) and takes it in; the benchmark times a whole read with it.
    public func finishReading() {
        for screen in stack { (screen as? PlanScreen)?.finishReading() }
    }

    /// Reads the current screen's data again (after a change, ours or someone else's).
    func reloadTop() {
        load(top)
        // The token read before the screen was: a change committed while it read is seen at
        // the next poll.
        lastToken = readAt[ObjectIdentifier(top)]?.token ?? (try? context.store.changeToken())
    }

    func ask(_ question: Question) { prompts.open(question, context: context) }

    func say(_ text: String) { message = (text, .plain) }
    func sayError(_ text: String) { message = (text, .error) }

    func show(_ result: WriteResult) {
        switch result {
        case .done(let text): say(text)
        case .failed(let text, _): sayError(text)
        }
    }

    // MARK: Events

    /// Applies an event; returns what the driver must do.
    public func handle(_ event: Event) -> [Effect] {
        switch event {
        case .resize(let w, let h):
            width = max(0, w)
            height = max(0, h)
            return []
        case .tick:
            if let day = context.currentDay?(), day != context.today {
                // Screens below the top one are read again when they come back into view.
                context.today = day
                load(top)
                say("It is now \(day.weekday.name) \(day.longDescription): working days are counted from today")
            }
            takeOthersChanges()
            return []
        case .mouse(let mouse):
            handleMouse(mouse)
            return []
        case .editorFinished(let text, let error, let file):
            return editorFinished(text: text, error: error, file: file)
        case .paste(let text):
            return paste(text)
        case .importFinished(let outcome):
            if outcome.needsReceivedDate, let path = outcome.path {
                // Nothing says when its deadlines start: ask, with today as the answer to edit.
                say(outcome.message)
                ask(.importReceived(path: path))
                return []
            }
            if outcome.failed { sayError(outcome.message) } else { say(outcome.message) }
            if let planId = outcome.planId, !outcome.failed {
                while stack.count > 1 { stack.removeLast() }
                push(PlanScreen(planId: planId))
            } else {
                reloadTop()
            }
            return []
        case .exportFinished(let outcome):
            let format = outcome.request.format.label
            if outcome.error != nil, !outcome.request.replacing, App.isFile(outcome.path) {
                // Made between the question and the write (another export, another person): ask.
                var again = outcome.request
                again.replacing = true
                ask(.exportReplace(again, typed: outcome.request.path))
                return []
            }
            if let error = outcome.error {
                sayError("Not exported: \(Format.oneLine(error))")
            } else {
                say("Exported \(Format.count(outcome.actions, "action")) as \(format) to \(outcome.path)")
            }
            return []
        case .key(let key):
            return handleKey(key)
        }
    }

    /// The editor closed: a note is saved without a version check (notes only append), a
    /// prompt's text goes back to its prompt's answer, a form is read. The file is removed once
    /// what it holds is saved, back in a prompt or discarded, and kept, with where it is, while not.
    private func editorFinished(text: String?, error: String?, file: String?) -> [Effect] {
        let discardFile: [Effect] = file == nil ? [] : [.discardNoteFile]
        guard let purpose = pendingEditor else { return discardFile }
        pendingEditor = nil
        switch purpose {
        case .note(let target):
            return noteFinished(text: text, error: error, file: file, target: target)
        case .prompt(let question):
            return promptFinished(question, text: text, error: error) + discardFile
        case .form(let target, let original, let given):
            return formFinished(target, original: original, given: given, text: text, error: error, file: file)
        case .findingText(let finding, let given):
            return findingTextFinished(finding, given: given, text: text, error: error, file: file)
        }
    }

    /// A finding's text written in the editor (`E` on its row). Unchanged or empty changes
    /// nothing; a text the store refuses, or an editor that failed after a change, opens the
    /// editor again with why on top, the text kept below.
    private func findingTextFinished(_ finding: Finding, given: String, text: String?, error: String?, file: String?) -> [Effect] {
        let discardFile: [Effect] = file == nil ? [] : [.discardNoteFile]
        let written = text ?? given
        let value = FindingText.value(of: written)
        if value.isEmpty || value == finding.text.trimmingCharacters(in: .whitespacesAndNewlines) {
            if let error { sayError("The editor failed: \(error); nothing changed") } else {
                say(value.isEmpty ? "Text of finding \(finding.ref) left empty: nothing changed" : "No change to finding \(finding.ref)")
            }
            return discardFile
        }
        var why: String?
        if let control = TerminalSafe.firstControl(in: value, allowLineBreaks: true) {
            why = "Not saved: the text holds \(TerminalSafe.describe(control.scalar))"
        } else if let error {
            why = "Not saved: the editor failed (\(error))"
        } else {
            switch writer.updateFindingText(finding, to: value) {
            case .done(let message):
                reloadTop()
                say(message)
                return discardFile
            case .failed(let message, _):
                why = message
            }
        }
        let reason = why ?? "Not saved"
        sayError(reason)
        if written == given {
            // Given back unchanged after a refusal: stop asking; the file keeps the text.
            if let file { sayError(reason + " · your text is kept in \(file)") }
            return []
        }
        let reopened = FindingText.withReason(reason, on: written)
        pendingEditor = .findingText(finding, given: reopened)
        return [.editText(initial: reopened)]
    }

    private func noteFinished(text: String?, error: String?, file: String?, target: EditTarget) -> [Effect] {
        let discardFile: [Effect] = file == nil ? [] : [.discardNoteFile]
        let note = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if note.isEmpty {
            if let error { sayError("The editor failed: \(error)") } else { say("No note added: the file was left empty") }
            return discardFile
        }
        if let error {
            // The editor failed after text was written: keep it and ask, rather than guess.
            let why = "Not saved: the editor failed (\(error))"
            sayError(why)
            refuse(.note(note), on: target, reason: why, stale: false, file: file)
            return []
        }
        return save(.note(note), to: target, file: file)
    }

    /// A text prompt's text continued in the editor (Ctrl-X): answered as if typed and Enter
    /// pressed; a refused answer (or a failed editor) opens the prompt again with the text.
    private func promptFinished(_ question: Question, text: String?, error: String?) -> [Effect] {
        var value = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if question.isOneLine {
            value = value.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: " ")
        }
        if let error {
            prompts.reopen(question, text: value, notice: "The editor failed (\(error)): your text is back in the prompt", context: context)
            return []
        }
        let step = PromptController.answer(question, text: value, context: context)
        if case .refused(let why) = step {
            sayError(why)
            prompts.reopen(question, text: value, notice: why, context: context)
            return []
        }
        return act(on: step)
    }

    /// A form (`E`) saved in the editor: read; one that does not parse opens again with why on
    /// top; an unchanged or empty one changes nothing; the rest is one edit, one change group.
    private func formFinished(_ target: EditTarget, original: String, given: String, text: String?, error: String?,
                              file: String?) -> [Effect] {
        let discardFile: [Effect] = file == nil ? [] : [.discardNoteFile]
        guard let written = text, !written.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            if let error { sayError("The editor failed: \(error); nothing changed") } else { say("Form left empty: nothing changed") }
            return discardFile
        }
        switch ActionForm.changes(written, original: original, action: target.action, today: context.today, calendar: context.calendar) {
        case .failure(let errors):
            let first = errors.messages[0] + (errors.messages.count > 1 ? " (and \(errors.messages.count - 1) more)" : "")
            if written == given || error != nil {
                // Saved again as it was (or the editor failed): ask, rather than reopen forever.
                let why = "Form not saved: \(first)" + (error.map { " · the editor failed (\($0))" } ?? "")
                sayError(why)
                refuse(.form(ActionChanges(), text: written, original: original), on: target, reason: why, stale: false,
                       file: file, unparsed: true)
                return []
            }
            let reopened = ActionForm.withErrors(errors.messages, on: written)
            pendingEditor = .form(target, original: original, given: reopened)
            sayError("The form is open again: \(first)")
            return [.editText(initial: reopened)]
        case .success(let changes):
            if changes.isEmpty {
                say("No change: the form was saved as it was")
                return discardFile
            }
            let edit = ActionEdit.form(changes, text: written, original: original)
            if let error {
                let why = "Not saved: the editor failed (\(error))"
                sayError(why)
                refuse(edit, on: target, reason: why, stale: false, file: file)
                return []
            }
            return save(edit, to: target, file: file)
        }
    }

    /// Saves an edit. When the write is refused, typed text is never lost: it stays on the
    /// prompt line with the choice to apply it to the action as it is now, edit it, or discard it.
    func save(_ edit: ActionEdit, to target: EditTarget, file: String? = nil) -> [Effect] {
        let result = writer.apply(edit, to: target)
        reloadTop()
        switch result {
        case .done(let text):
            say(text)
            return file == nil ? [] : [.discardNoteFile]
        case .failed(let text, let stale):
            sayError(text)
            if edit.typedText != nil { refuse(edit, on: target, reason: text, stale: stale, file: file) }
            return []
        }
    }

    /// Opens the choice for a refused edit, on the actions as they are now.
    private func refuse(_ edit: ActionEdit, on target: EditTarget, reason: String, stale: Bool, file: String?,
                        unparsed: Bool = false) {
        var why = reason
        if let file { why += " · your \(edit.isForm ? "form" : "note") is kept in \(file)" }
        let refused = RefusedEdit(target: target.reloaded(from: context.store), edit: edit, reason: why,
                                  stale: stale, file: file, unparsed: unparsed)
        prompts.open(.refused(refused), context: context)
    }

    /// A paste: text for the open prompt; with no prompt open it is not keys, so nothing runs.
    private func paste(_ text: String) -> [Effect] {
        guard !isTooSmall else { return [] }
        if prompts.isOpen { return act(on: prompts.paste(text)) }
        say("A paste is text, not keys: open a prompt first (\(KeyMap.plan.keyName(for: .note)) for a note), then paste")
        return []
    }

    private func handleKey(_ key: Key) -> [Effect] {
        if KeyMap.everywhere.request(for: key) == .redraw { return [.redraw] }
        if isTooSmall {
            // Typing into a prompt that cannot be seen does nothing, but the key that quits from
            // any screen (Q) always quits.
            guard KeyMap.tooSmall.request(for: key) == .quit,
                  prompt == nil || KeyMap.everywhere.request(for: key) == .quit else { return [] }
            quitRequested = true
            return [.quit]
        }
        if prompts.isOpen { return handlePromptKey(key) }
        if ignoringTypedText {
            ignoringTypedText = false
            switch key {
            case .char:
                ignoringTypedText = true
                return []
            case .enter, .escape:
                return []
            default:
                break
            }
        }
        let request = KeyMap.of(top.kind).request(for: key) ?? KeyMap.everywhere.request(for: key)
        if applyingToMarked {
            applyingToMarked = false
            guard let request, request.editsAction else {
                say("Nothing applied to the marked actions: \(KeyMap.plan.keyName(for: .applyToMarked)) is followed by an edit key")
                return []
            }
            editingMarked = true
            defer { editingMarked = false }
            return perform(request)
        }
        guard let request else {
            explainUnboundKey(key)
            return []
        }
        if top.perform(request, app: self, area: contentArea) { return [] }
        return perform(request)
    }

    // MARK: Other people's changes

    /// Shows what others committed since the last poll. With a change feed (PostgreSQL) the
    /// screen in view is read again when a notice concerns it, and the database is not asked
    /// anything; without one (SQLite), or once the feed has failed, when the store's change
    /// token moved. A screen lower in the stack is read again when it comes back (`pop`).
    private func takeOthersChanges() {
        if let feed = context.changeFeed {
            do {
                if try feed.changes(timeout: 0).contains(where: mustReread) { reloadTop() }
                return
            } catch {
                // Said once: from now on the token is polled, as on SQLite.
                context.changeFeed = nil
                sayError("Live refresh stopped (\(PlanWriter.describe(error))): other people's changes are now found by asking the database")
            }
        }
        guard let token = try? context.store.changeToken() else { return }
        if token != lastToken {
            lastToken = token
            load(top)
        }
    }

    /// Whether a notice means the screen in view must be read again: not for a change group
    /// committed before the screen was read (our own change, read again as it was written,
    /// whose notice comes back to us too), nor for a change to what the screen does not show.
    private func mustReread(_ notice: ChangeNotice) -> Bool {
        if notice.group > 0, let token = readAt[ObjectIdentifier(top)]?.token, notice.group <= token { return false }
        return top.isAffected(by: notice)
    }

    // MARK: Mouse

    private func handleMouse(_ mouse: MouseEvent) {
        guard !isTooSmall else { return }
        let area = contentArea
        switch mouse.kind {
        case .wheelUp: top.scroll(by: -3, area: area)
        case .wheelDown: top.scroll(by: 3, area: area)
        case .click, .doubleClick:
            ignoringTypedText = false
            guard prompt == nil, mouse.y >= area.top, mouse.y < area.top + area.height else { return }
            top.click(row: mouse.y - area.top, area: area, app: self, double: mouse.kind == .doubleClick)
        }
    }

    // MARK: Drawing

    /// Draws the current state into a new cell buffer of the terminal's size.
    public func render() -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        if isTooSmall {
            drawTooSmall(&buffer)
            return buffer
        }
        TitleBar.draw(&buffer, crumbs: stack.map(\.crumb), today: context.today)
        top.draw(&buffer, area: contentArea, context: context)
        var hints = KeyMap.of(top.kind).hints
        if ignoringTypedText {
            hints = [KeyHelp(KeyMap.prompt.keyName(for: .submit) + " or " + KeyMap.prompt.keyName(for: .cancel),
                             "to go on: what you type now is ignored")]
        } else if applyingToMarked {
            hints = [KeyHelp(App.markedEditKeys(top.kind), "edit the \(top.markedCount) marked"),
                     KeyHelp(KeyMap.prompt.keyName(for: .cancel), "cancel")]
        }
        StatusLine.draw(&buffer, prompt: prompt, message: message, hints: hints, position: top.position, context: context)
        return buffer
    }

    /// The edit keys `;` applies to the marked actions ("s o d m c C v r"), from the key map.
    static func markedEditKeys(_ kind: ScreenKind) -> String {
        KeyMap.of(kind).bindings.filter { $0.requests.contains { $0.editsAction && $0 != .title && $0 != .editForm } }
            .map(\.label).joined(separator: " ")
    }

    private func drawTooSmall(_ buffer: inout CellBuffer) {
        let lines = ["Terminal too small: \(width)×\(height).",
                     "actionplan needs at least \(App.minimumWidth)×\(App.minimumHeight).",
                     "Enlarge the window, or press \(KeyMap.everywhere.keyName(for: .quit)) to quit."]
        var wrapped: [String] = []
        for line in lines { wrapped += DisplayWidth.wrap(line, width: max(1, width)) }
        let start = max(0, (height - wrapped.count) / 2)
        for (i, line) in wrapped.prefix(height).enumerated() {
            let w = DisplayWidth.of(line)
            buffer.put(line, x: max(0, (width - w) / 2), y: min(height - 1, start + i), style: i == 0 ? .bold : .plain)
        }
    }
}

/// A screen taken off the stack, to be freed on a background queue (nothing else holds it).
private final class Discarded: @unchecked Sendable {
    var screen: (any Screen)?
    static let queue = DispatchQueue(label: "actionplan.discarded-screens", qos: .background)

    init(_ screen: any Screen) { self.screen = screen }
}

/// What the text in `$EDITOR` is for.
enum EditorPurpose: Hashable, Sendable {
    /// A long note (`C`), for one action or the marked ones.
    case note(EditTarget)
    /// A text prompt's answer, continued in the editor (Ctrl-X in the prompt).
    case prompt(Question)
    /// The whole action as a form (`E`): the form as first written (what differs from it is
    /// changed) and as last given to the editor (a form saved again unchanged is not reopened).
    case form(EditTarget, original: String, given: String)
    /// A finding's text (`E` on the finding's row), as last given to the editor.
    case findingText(Finding, given: String)
}

/// A finding's text as the editor shows it: a comment on top, the text below.
enum FindingText {
    static func text(for finding: Finding) -> String {
        "# The text of finding \(finding.ref), as the letter words it: edit, save and quit. Lines starting with # are ignored;\n"
            + "# an empty file changes nothing.\n" + finding.text + "\n"
    }

    /// The text without its comment lines, trimmed.
    static func value(of text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") }.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The text again with why it was not saved on top.
    static func withReason(_ reason: String, on text: String) -> String {
        "# " + Format.oneLine(reason) + "\n# Save and quit to try again; empty the file to change nothing.\n" + text
    }
}

extension Question {
    /// A text question whose answer is one line: text from the editor is joined onto one.
    var isOneLine: Bool {
        switch self {
        case .note, .noteText: return false
        default: return true
        }
    }
}

extension ActionEdit {
    var isForm: Bool {
        if case .form = self { return true }
        return false
    }
}
