import Foundation
import ActionPlanModel
import ActionPlanReports
import ActionPlanCore
import TerminalText

/// The terminal UI as plain Swift: a stack of screens, the prompt that may be open, and the
/// last command's result. Events go in (`handle`), effects the driver must perform come out,
/// and `render` draws the current state into a cell buffer. Reads and writes go through the
/// `PlanStore` in the context, so every change is audited, versioned and undoable exactly as
/// from the command line.
public final class App {
    public private(set) var context: UIContext
    public private(set) var width: Int
    public private(set) var height: Int
    var stack: [any Screen] = []
    var prompt: Prompt?
    private(set) var message: (text: String, style: Style)?
    private var lastToken: Int64?
    /// The action a `$EDITOR` note is for, while the editor runs.
    private var pendingNote: Action?
    public private(set) var quitRequested = false

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

    var isTooSmall: Bool { width < App.minimumWidth || height < App.minimumHeight }

    var contentArea: Area { Area(top: 1, height: max(0, height - 3), width: width) }

    // MARK: Navigation

    func push(_ screen: any Screen) {
        stack.append(screen)
        load(screen)
    }

    func pop() {
        guard stack.count > 1 else { return }
        stack.removeLast()
        load(top)
    }

    private func load(_ screen: any Screen) {
        do {
            try screen.reload(context)
        } catch {
            sayError("Could not read the database: \(App.describe(error))")
        }
    }

    /// Reads the current screen's data again (after a change, ours or someone else's).
    func reloadTop() {
        load(top)
        lastToken = try? context.store.changeToken()
    }

    func open(_ prompt: Prompt) { self.prompt = prompt }

    func say(_ text: String) { message = (text, .plain) }
    func sayError(_ text: String) { message = (text, .error) }

    static func describe(_ error: any Error) -> String {
        if let e = error as? StoreError { return e.message }
        if let e = error as? DateExpression.ParseError { return e.message }
        return String(describing: error)
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
            guard let token = try? context.store.changeToken() else { return [] }
            if token != lastToken {
                lastToken = token
                load(top)
            }
            return []
        case .mouse(let mouse):
            handleMouse(mouse)
            return []
        case .editorFinished(let text, let error):
            guard let target = pendingNote else { return [] }
            pendingNote = nil
            if let error {
                sayError("The editor failed: \(error)")
            } else if let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                update(target, ActionChanges(note: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                       done: "Note added to \(ref(of: target))")
            } else {
                say("No note added: the file was left empty")
            }
            return []
        case .importFinished(let outcome):
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

    private func handleKey(_ key: Key) -> [Effect] {
        if key == .ctrl("l") { return [.redraw] }
        if isTooSmall {
            if key == .char("Q") || (prompt == nil && key == .char("q")) {
                quitRequested = true
                return [.quit]
            }
            return []
        }
        if prompt != nil { return handlePromptKey(key) }
        let area = contentArea
        switch key {
        case .char("?"):
            if !(top is HelpScreen) { push(HelpScreen(for: top)) } else { pop() }
            return []
        case .char("Q"):
            quitRequested = true
            return [.quit]
        case .char("q"), .escape:
            if stack.count > 1 {
                pop()
                return []
            }
            if key == .escape {
                say("Press q to quit")
                return []
            }
            quitRequested = true
            return [.quit]
        default:
            break
        }
        if top.handle(key, app: self, area: area) { return [] }
        return handleCommand(key)
    }

    /// Keys that act on the selected action or finding, on any screen that has one.
    private func handleCommand(_ key: Key) -> [Effect] {
        guard case .char(let c) = key else {
            return []
        }
        let target = top.selectedAction
        func needAction() -> Action? {
            if let target { return target }
            say(top is PlansScreen ? "Open a plan first (Enter), then select an action" : "Select an action first (j/k to move)")
            return nil
        }
        switch c {
        case "s":
            if let a = needAction() { open(.statusChoice(target: a, ref: ref(of: a))) }
        case "o":
            if let a = needAction() {
                var p = Prompt.text("Owner of \(ref(of: a))", .owner, target: a, initial: a.owner ?? "")
                p.completions = (try? context.store.owners()) ?? []
                open(p)
            }
        case "d":
            if let a = needAction() { open(.text("Due date of \(ref(of: a))", .due, target: a, initial: a.due?.iso ?? "")) }
        case "m":
            if let a = needAction() { open(.text("Success measure", .measure, target: a, initial: a.successMeasure ?? "")) }
        case "v":
            if let a = needAction() { open(.text("Evidence", .evidence, target: a, initial: a.evidence ?? "")) }
        case "t":
            if let a = needAction() { open(.text("Title", .title, target: a, initial: a.title)) }
        case "n":
            if let a = needAction() { open(.text("Note on \(ref(of: a))", .note, target: a)) }
        case "N":
            if let a = needAction() {
                pendingNote = a
                return [.editText(initial: "")]
            }
        case "r":
            if let a = needAction() {
                if a.status.isOpen {
                    open(.ragChoice(target: a, ref: ref(of: a)))
                } else {
                    say("\(ref(of: a)) is \(a.status.label.lowercased()): its colour is not set by hand")
                }
            }
        case "a":
            if let f = top.selectedFinding {
                open(.text("New action for \(f.ref)", .addAction(findingId: f.id, planId: f.planId, ref: f.ref)))
            } else {
                say("Select a finding or one of its actions first")
            }
        case "u":
            do {
                let result = try context.store.undoLast(who: context.who)
                say("Undone: \(result.undone.summary)" + (result.restored.isEmpty ? "" : " (\(result.restored.count) field\(result.restored.count == 1 ? "" : "s") restored)"))
            } catch {
                sayError(App.describe(error))
            }
            reloadTop()
        case "i":
            open(.text("Import file", .importPath))
        case "e":
            if let planId = top.planId {
                open(.exportFormat(planId: planId))
            } else {
                say(top is PlansScreen ? "No plan to export yet: press i to import one" : "Go back to a plan to export it (q)")
            }
        default:
            say("The key \(c) does nothing here: press ? for the keys of this screen")
        }
        return []
    }

    /// The reference shown for an action on the current screen ("P1.2").
    func ref(of action: Action) -> String {
        for screen in stack.reversed() {
            if let s = screen as? ActionScreen, s.actionId == action.id { return s.ref }
            if let s = screen as? PlanScreen { return s.ref(of: action) }
        }
        return "action \(action.id)"
    }

    // MARK: Writing

    /// Saves changes to an action against the version that was shown; a stale edit is refused
    /// by the store with who changed it and when, and the screen reloads.
    @discardableResult
    private func update(_ target: Action, _ changes: ActionChanges, done: String) -> Bool {
        defer { reloadTop() }
        do {
            _ = try context.store.updateAction(id: target.id, changes: changes, expectVersion: target.version,
                                               who: context.who, today: context.today)
            say(done)
            return true
        } catch let error as StoreError {
            if case .stale(_, _, let expected, let current, let by, let at) = error {
                sayError("Not saved: \(by) changed \(ref(of: target)) at \(StoreError.format(at)) (version \(current), "
                         + "you had \(expected)); the screen now shows their version")
            } else {
                sayError("Not saved: \(error.message)")
            }
        } catch {
            sayError("Not saved: \(App.describe(error))")
        }
        return false
    }

    // MARK: Prompts

    private func handlePromptKey(_ key: Key) -> [Effect] {
        guard var p = prompt else { return [] }
        if key == .escape || key == .ctrl("c") || key == .ctrl("g") {
            if case .search(let previous) = p.purpose, let plan = top as? PlanScreen {
                plan.search = previous
                plan.rebuild()
            }
            prompt = nil
            say("Cancelled")
            return []
        }
        if p.isChoice {
            var pressed: Character?
            if case .char(let c) = key { pressed = c } else if key == .enter { pressed = p.defaultChoice }
            guard let c = pressed else { return [] }
            guard let choice = p.choices.first(where: { $0.key == c }) else {
                say("Press one of " + p.choices.map { String($0.key) }.joined(separator: " ") + ", or Esc to cancel")
                return []
            }
            prompt = nil
            chose(choice, in: p)
            return []
        }
        switch key {
        case .enter:
            prompt = nil
            return submit(p)
        case .tab, .backTab:
            if !p.complete(backwards: key == .backTab) {
                say(p.completions.isEmpty ? "Nothing to complete from" : "No owner starts with “\(p.editor.text)”")
            }
            prompt = p
            return []
        default:
            if p.editor.handle(key) {
                p.completionStem = nil
                prompt = p
                if case .search = p.purpose, let plan = top as? PlanScreen {
                    plan.search = p.editor.text
                    plan.rebuild()
                }
            }
            return []
        }
    }

    private func chose(_ choice: Choice, in p: Prompt) {
        switch p.purpose {
        case .status:
            guard let target = p.target, let status = ActionStatus(rawValue: choice.value) else { return }
            update(target, ActionChanges(status: status), done: "\(ref(of: target)) is now \(status.label.lowercased())")
        case .ragChoice:
            guard let target = p.target else { return }
            if let rag = RAG(rawValue: choice.value) {
                open(.text("Why \(rag.label.lowercased())?", .ragReason(rag), target: target))
            } else {
                update(target, ActionChanges(ragOverride: .some(nil)), done: "\(ref(of: target)) has its derived colour again")
            }
        case .filterMenu:
            guard let plan = top as? PlanScreen else { return }
            switch choice.value {
            case "mine": plan.filter.mine.toggle()
            case "overdue": plan.filter.overdue.toggle()
            case "soon": plan.filter.dueSoon.toggle()
            case "status": open(.filterStatus); return
            case "rag": open(.filterRAG); return
            case "category": open(.filterCategory); return
            case "owner":
                var q = Prompt.text("Only owner", .filterOwner, initial: plan.filter.owner ?? "")
                q.completions = (try? context.store.owners()) ?? []
                open(q)
                return
            default: plan.filter = ActionFilter()
            }
            applied(plan)
        case .filterStatus:
            guard let plan = top as? PlanScreen else { return }
            plan.filter.status = ActionStatus(rawValue: choice.value)
            applied(plan)
        case .filterRAG:
            guard let plan = top as? PlanScreen else { return }
            plan.filter.rag = RAG(rawValue: choice.value)
            applied(plan)
        case .filterCategory:
            guard let plan = top as? PlanScreen else { return }
            plan.filter.category = FindingCategory(rawValue: choice.value)
            applied(plan)
        case .sort:
            guard let plan = top as? PlanScreen, let sort = ActionSort(rawValue: choice.value) else { return }
            plan.sort = sort
            plan.rebuild()
            say(sort == .plan ? "In plan order, grouped by section" : "Sorted by \(sort.label)")
        case .exportFormat(let planId):
            guard let format = ReportFormat(rawValue: choice.value) else { return }
            let name = format.defaultFileName(planId: planId, asOf: context.today)
            open(.text("Export \(format.label) to", .exportPath(planId: planId, format: format), initial: name))
        default:
            break
        }
    }

    private func applied(_ plan: PlanScreen) {
        plan.rebuild()
        say(plan.filter.isEmpty ? "Filter cleared" : "Filter: \(plan.filter.summary)")
    }

    private func submit(_ p: Prompt) -> [Effect] {
        let text = p.editor.text.trimmingCharacters(in: .whitespaces)
        switch p.purpose {
        case .owner:
            guard let t = p.target else { return [] }
            update(t, ActionChanges(owner: .some(text.isEmpty ? nil : text)),
                   done: text.isEmpty ? "\(ref(of: t)) has no owner now" : "\(ref(of: t)) is owned by \(text)")
        case .due:
            guard let t = p.target else { return [] }
            if text.lowercased() == "none" {
                update(t, ActionChanges(due: .some(nil)), done: "\(ref(of: t)) has no due date now")
                return []
            }
            switch dueResolution(text) {
            case .success(let day):
                update(t, ActionChanges(due: .some(day)), done: "\(ref(of: t)) is due \(day.weekday.shortName) \(day.iso)")
            case .failure(let message):
                sayError(message)
                prompt = p
            }
        case .measure:
            guard let t = p.target else { return [] }
            update(t, ActionChanges(successMeasure: .some(text.isEmpty ? nil : text)), done: "Success measure of \(ref(of: t)) saved")
        case .evidence:
            guard let t = p.target else { return [] }
            update(t, ActionChanges(evidence: .some(text.isEmpty ? nil : text)), done: "Evidence of \(ref(of: t)) saved")
        case .title:
            guard let t = p.target else { return [] }
            if text.isEmpty {
                sayError("A title cannot be empty")
                prompt = p
                return []
            }
            update(t, ActionChanges(title: text), done: "Title of \(ref(of: t)) saved")
        case .note:
            guard let t = p.target else { return [] }
            if text.isEmpty {
                say("No note added: it was empty")
                return []
            }
            update(t, ActionChanges(note: text), done: "Note added to \(ref(of: t))")
        case .ragReason(let rag):
            guard let t = p.target else { return [] }
            if text.isEmpty {
                sayError("Give a reason for setting the colour by hand")
                prompt = p
                return []
            }
            update(t, ActionChanges(ragOverride: .some(RAGOverride(rag: rag, reason: text))),
                   done: "\(ref(of: t)) set to \(rag.label.lowercased()) by hand")
        case .addAction(let findingId, let planId, let findingRef):
            if text.isEmpty {
                say("No action added: the title was empty")
                return []
            }
            let now = context.now()
            let action = Action(findingId: findingId, planId: planId, title: text, createdAt: now, updatedAt: now,
                                updatedBy: context.who)
            do {
                let id = try context.store.addAction(action, who: context.who)
                reloadTop()
                if let plan = top as? PlanScreen {
                    plan.select(actionId: id)
                    if let added = plan.selectedAction {
                        say("Added \(plan.ref(of: added)) to \(findingRef): press o, d and m to give it an owner, a date and a measure")
                        return []
                    }
                }
                say("Added an action to \(findingRef)")
            } catch {
                sayError("Not added: \(App.describe(error))")
                reloadTop()
            }
        case .search:
            if let plan = top as? PlanScreen {
                plan.search = text
                plan.rebuild()
                say(text.isEmpty ? "Search cleared" : "Search: “\(text)” (/ then Ctrl-U Enter to clear)")
            }
        case .filterOwner:
            if let plan = top as? PlanScreen {
                plan.filter.owner = text.isEmpty ? nil : text
                applied(plan)
            }
        case .importPath:
            if text.isEmpty {
                say("Nothing imported")
                return []
            }
            say("Importing \(text)…")
            return [.importFile(path: NSString(string: text).expandingTildeInPath)]
        case .exportPath(let planId, let format):
            if text.isEmpty {
                say("Nothing exported: no file name")
                return []
            }
            say("Exporting to \(text)…")
            return [.export(ExportRequest(planId: planId, format: format, path: NSString(string: text).expandingTildeInPath,
                                          asOf: context.today))]
        default:
            break
        }
        return []
    }

    private enum Resolution {
        case success(Day)
        case failure(String)
    }

    private func dueResolution(_ text: String) -> Resolution {
        do {
            let expression = try DateExpression.parse(text)
            return .success(expression.resolve(today: context.today, calendar: context.calendar))
        } catch {
            return .failure(error.message)
        }
    }

    // MARK: Mouse

    private func handleMouse(_ mouse: MouseEvent) {
        guard !isTooSmall else { return }
        let area = contentArea
        switch mouse.kind {
        case .wheelUp: top.scroll(by: -3, area: area)
        case .wheelDown: top.scroll(by: 3, area: area)
        case .click, .doubleClick:
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
        // Title bar.
        buffer.fill(y: 0, style: .reverse)
        let right = "\(context.today.weekday.shortName) \(context.today.iso) · ? help "
        let rightWidth = DisplayWidth.of(right)
        // Older crumbs are shortened to 20 cells; the current one gets what is left, at least
        // 12 cells, the oldest giving way to "…" when even that does not fit.
        let room = max(0, width - DisplayWidth.of(right) - 1)
        var older = stack.dropLast().map { DisplayWidth.truncate($0.crumb, to: 20) }
        var elided = false
        var crumbs = ""
        while true {
            let prefix = " actionplan" + (elided ? " › …" : "") + older.map { " › " + $0 }.joined()
            let left = room - DisplayWidth.of(prefix) - 3
            if left >= 12 || older.isEmpty {
                crumbs = prefix + " › " + DisplayWidth.truncate(top.crumb, to: max(1, left))
                break
            }
            older.removeFirst()
            elided = true
        }
        buffer.put(crumbs, x: 0, y: 0, style: Style(bold: true, reverse: true), maxWidth: max(0, width - rightWidth - 1))
        buffer.put(right, x: width - rightWidth, y: 0, style: .reverse)
        top.draw(&buffer, area: contentArea, context: context)
        drawStatus(&buffer)
        return buffer
    }

    private func drawTooSmall(_ buffer: inout CellBuffer) {
        let lines = ["Terminal too small: \(width)×\(height).",
                     "actionplan needs at least \(App.minimumWidth)×\(App.minimumHeight).",
                     "Enlarge the window, or press Q to quit."]
        var wrapped: [String] = []
        for line in lines { wrapped += DisplayWidth.wrap(line, width: max(1, width)) }
        let start = max(0, (height - wrapped.count) / 2)
        for (i, line) in wrapped.prefix(height).enumerated() {
            let w = DisplayWidth.of(line)
            buffer.put(line, x: max(0, (width - w) / 2), y: min(height - 1, start + i), style: i == 0 ? .bold : .plain)
        }
    }

    private func drawStatus(_ buffer: inout CellBuffer) {
        let messageY = height - 2
        let hintY = height - 1
        buffer.fill(y: hintY, style: .reverse)
        if let p = prompt {
            let label = p.label + ": "
            let used = buffer.put(label, x: 0, y: messageY, style: .bold, maxWidth: width / 2)
            if p.isChoice {
                // Choices that do not fit continue on the hint line, never split in two.
                var x = used
                var y = messageY
                var overflowed = false
                for choice in p.choices {
                    let w = DisplayWidth.of(choice.label) + 4
                    if x + w > width, y == messageY {
                        y = hintY
                        x = 1
                        overflowed = true
                    }
                    let reverse = y == hintY
                    buffer.put(String(choice.key), x: x, y: y, style: Style(colour: .accent, bold: true, reverse: reverse))
                    buffer.put(" \(choice.label)  ", x: x + 1, y: y, style: reverse ? .reverse : .plain)
                    x += w
                }
                if !overflowed {
                    let enter = p.defaultChoice.flatMap { key in p.choices.first { $0.key == key } }
                    let text = enter.map { " Press a key, Enter for \($0.label), or Esc to cancel" } ?? " Press a key, or Esc to cancel"
                    buffer.put(text, x: 0, y: hintY, style: .reverse, maxWidth: width)
                }
            } else {
                let shown = p.editor.visible(width: max(2, width - used - 1))
                buffer.put(shown.text, x: used, y: messageY, style: .plain)
                buffer.cursorX = used + shown.cursorColumn
                buffer.cursorY = messageY
                buffer.put(promptHint(p), x: 0, y: hintY, maxWidth: width)
            }
            return
        }
        if let message {
            // A long result takes the row above too, rather than losing its end or the keys.
            let text = Format.oneLine(message.text)
            var lines = DisplayWidth.of(text) > width ? DisplayWidth.wrap(text, width: width) : [text]
            if lines.count > 2 { lines = [lines[0], DisplayWidth.truncate(lines[1...].joined(separator: " "), to: width)] }
            for (i, line) in lines.enumerated() {
                let y = messageY - lines.count + 1 + i
                buffer.fill(y: y)
                buffer.put(line, x: 0, y: y, style: message.style, maxWidth: width)
            }
        }
        let position = top.position.map { " \($0) " } ?? ""
        let positionWidth = DisplayWidth.of(position)
        if positionWidth > 0, positionWidth < width / 3 {
            buffer.put(position, x: width - positionWidth, y: hintY, style: .reverse)
        }
        var x = 0
        for hint in top.hints {
            let w = DisplayWidth.of(hint.keys) + DisplayWidth.of(hint.text) + 3
            if x + w > width - positionWidth { break }
            buffer.put(" " + hint.keys, x: x, y: hintY, style: Style(colour: .accent, bold: true, reverse: true))
            buffer.put(" " + hint.text + " ", x: x + 1 + DisplayWidth.of(hint.keys), y: hintY, style: .reverse)
            x += w
        }
    }

    /// The line under an open text prompt: the resulting date, completions, or the keys.
    private func promptHint(_ p: Prompt) -> StyledLine {
        let keys = Span(" Enter save · Esc cancel", .reverse)
        switch p.purpose {
        case .due:
            let text = p.editor.text.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.lowercased() == "none" {
                return StyledLine([Span(" YYYY-MM-DD, today, +20wd, +3m, or none · Esc cancel", .reverse)])
            }
            switch dueResolution(text) {
            case .success(let day):
                let rel = Format.relative(due: day, rules: context.rules)
                return StyledLine([Span(" → \(day.weekday.shortName) \(day.longDescription) (\(rel.text)) ·", Style(bold: true, reverse: true)),
                                   keys])
            case .failure(let message):
                return StyledLine([Span(" " + message, Style(colour: .red, bold: true, reverse: true))])
            }
        case .owner, .filterOwner:
            let found = p.candidates(for: p.completionStem ?? p.editor.text)
            if found.isEmpty { return StyledLine([keys]) }
            return StyledLine([Span(" Tab: " + found.prefix(6).joined(separator: ", ") + (found.count > 6 ? ", …" : "") + " ·", .reverse), keys])
        case .search:
            return StyledLine([Span(" Type to search titles, owners, findings · Enter keep · Esc cancel", .reverse)])
        case .note:
            return StyledLine([Span(" Enter save · Esc cancel · N (instead of n) opens $EDITOR for a long note", .reverse)])
        case .importPath:
            return StyledLine([Span(" A letter as .txt or .pdf · Enter import · Esc cancel", .reverse)])
        case .exportPath:
            let long = " A file name (in the folder actionplan started in) or a path · Enter write · Esc cancel"
            return StyledLine([Span(DisplayWidth.of(long) <= width ? long : " A file name or a path · Enter write · Esc cancel", .reverse)])
        case .measure, .evidence:
            return StyledLine([Span(" Empty clears it ·", .reverse), keys])
        default:
            return StyledLine([keys])
        }
    }
}
