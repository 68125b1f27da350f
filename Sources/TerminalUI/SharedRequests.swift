import Foundation
import ActionPlanModel
import TerminalText

/// What the shell does for the requests every screen shares (help, back, quit, the edits of the
/// selected action, undo, import, export), for keys no map binds, and with a prompt's answer.
extension App {
    /// The requests every screen shares: going back, help, quitting, and the edits, the undo,
    /// the import and the export, which act on the selected action or the screen's plan.
    func perform(_ request: Request) -> [Effect] {
        switch request {
        case .help:
            if top.kind == .help { pop() } else { push(HelpScreen(for: top.kind)) }
        case .back, .clearSearch:
            if stack.count > 1 {
                pop()
            } else {
                say("Press \(KeyMap.plans.keyName(for: .quit)) to quit")
            }
        case .quit:
            quitRequested = true
            return [.quit]
        case .redraw:
            return [.redraw]
        case .status, .owner, .due, .measure, .evidence, .title, .note, .colour:
            guard let target = editTarget(for: request) else {
                ignoreTypedText(after: request)
                return []
            }
            switch request {
            case .status: ask(.status(target))
            case .owner: ask(.owner(target))
            case .due: ask(.due(target))
            case .measure: ask(.measure(target))
            case .evidence: ask(.evidence(target))
            case .title: ask(.title(target))
            case .note: ask(.note(target))
            default:
                if let i = target.actions.firstIndex(where: { !$0.status.isOpen }) {
                    say("\(target.refs[i]) is \(target.actions[i].status.label.lowercased()): its colour is not set by hand")
                    ignoringTypedText = true
                } else {
                    ask(.colour(target))
                }
            }
        case .longNote:
            guard let target = editTarget(for: request) else {
                ignoreTypedText(after: request)
                return []
            }
            pendingEditor = .note(target)
            return [.editText(initial: "")]
        case .editForm:
            if pickedTarget == nil, !editingMarked, top.selectedTarget == nil, let plan = top as? PlanScreen,
               let finding = plan.selectedFindingRow {
                // On a finding's row: its text, or (asked) one of its actions as a form.
                let targets = plan.targets(of: finding)
                if !targets.isEmpty {
                    ask(.whichAction(.editForm, targets, finding: finding))
                    return []
                }
                return shape(.editFindingText(finding))
            }
            guard let target = editTarget(for: request) else { return [] }
            let form = ActionForm.text(for: target.action, ref: target.ref)
            pendingEditor = .form(target, original: form, given: form)
            return [.editText(initial: form)]
        case .applyToMarked:
            if top.markedCount == 0 {
                say("Nothing is marked: \(nameOfKey(.mark, on: .plan)) marks the selected action, "
                    + "\(nameOfKey(.markAll, on: .plan)) every action shown")
                ignoringTypedText = true
            } else {
                applyingToMarked = true
                say("The next edit key (\(App.markedEditKeys(.plan))) changes the \(top.markedCount) marked actions "
                    + "in one change; any other key cancels")
            }
        case .command:
            ask(.command)
        case .view(let view):
            // One view at a time: another view's key replaces it rather than piling up.
            if top.kind == .views { stack.removeLast() }
            push(ViewScreen(view: view))
        case .move:
            askMove()
        case .addAction:
            if let f = top.selectedFinding {
                ask(.newAction(FindingTarget(findingId: f.id, planId: f.planId, ref: f.ref)))
            } else {
                say("Select a finding or one of its actions first")
                ignoringTypedText = true
            }
        case .undo:
            show(writer.undo())
            reloadTop()
        case .importFile:
            ask(.importPath)
        case .export:
            if let planId = top.planId {
                ask(.exportFormat(planId: planId))
            } else {
                say(top.kind == .plans ? "No plan to export yet: press \(nameOfKey(.importFile, on: .plans)) to import one"
                    : "Go back to a plan to export it (\(nameOfKey(.back)))")
            }
        default:
            break
        }
        return []
    }

    /// What an edit key changes: the action chosen among a finding's, the marked actions after
    /// `;`, else the selected one; nil after saying why there is none (a title and the form are
    /// one action's) or after asking which of a finding's actions.
    func editTarget(for request: Request) -> EditTarget? {
        if let pickedTarget { return pickedTarget }
        guard editingMarked, let marked = top.markedTarget else { return selectedTarget(for: request) }
        if marked.isMany, request == .title || request == .editForm {
            say("\(request == .title ? "A title" : "The form") is one action's: press \(nameOfKey(request, on: .plan)) "
                + "without \(nameOfKey(.applyToMarked, on: .plan)) for the selected action")
            return nil
        }
        return marked
    }

    /// The selected action with the reference shown for it; on a finding's row its one action,
    /// or nil after asking which of several; else nil after saying how to select one.
    private func selectedTarget(for request: Request) -> EditTarget? {
        if let target = top.selectedTarget { return target }
        if let plan = top as? PlanScreen, let finding = plan.selectedFindingRow {
            let targets = plan.targets(of: finding)
            if targets.count == 1 { return targets[0] }
            if targets.isEmpty {
                say("Finding \(finding.ref) has no action yet: \(nameOfKey(.addAction, on: .plan)) adds one")
            } else {
                ask(.whichAction(request, targets, finding: finding))
            }
            return nil
        }
        say(top.kind == .plans ? "Open a plan first (\(nameOfKey(.open, on: .plans))), then select an action"
            : "Select an action first (\(KeyMap.plan.shortLabel(for: .down)) to move)")
        return nil
    }

    /// After a refused request whose prompt would have taken text, what is typed next was meant
    /// for that prompt: ignore it (see `ignoringTypedText`). A choice (a status) is one key, and
    /// the keys after it are the person's next commands.
    func ignoreTypedText(after request: Request) {
        // A question asked instead (which of a finding's actions) takes the keys itself.
        guard !prompts.isOpen else { return }
        switch request {
        case .owner, .due, .measure, .evidence, .title, .note, .colour, .addAction, .command, .remove, .move, .notes,
             .addMilestone, .milestoneTitle, .milestoneDue, .milestoneMet, .editPlan:
            ignoringTypedText = true
        default: break
        }
    }

    /// A key the screen's map does not bind: where it would work, or that it does nothing.
    func explainUnboundKey(_ key: Key) {
        guard case .char(let c) = key else { return }
        let elsewhere = KeyMap.plan.request(for: key) ?? KeyMap.action.request(for: key)
        if let elsewhere, top.kind != .help { ignoreTypedText(after: elsewhere) }
        switch (top.kind, elsewhere) {
        case (.plans, let r?) where r.editsAction:
            say("Open a plan first (\(nameOfKey(.open, on: .plans))), then select an action")
        case (.plans, .addAction?):
            say("Select a finding or one of its actions first")
        case (.dashboard, let r?) where r.editsAction || r == .addAction:
            say("Go back to the plan (\(nameOfKey(.back))), then select an action")
        case (.help, .export?):
            say("Go back to a plan to export it (\(nameOfKey(.back)))")
        case (.help, let r?) where r.editsAction || r == .addAction || r == .undo || r == .importFile:
            say("Close the help (\(nameOfKey(.back))) first")
        default:
            say("The key \(c) does nothing here: press \(nameOfKey(.help)) for the keys of this screen")
        }
    }

    // MARK: Prompt answers

    func handlePromptKey(_ key: Key) -> [Effect] {
        act(on: prompts.handle(key, context: context))
    }

    /// What the shell does after a key or a paste changed the open prompt.
    func act(on step: PromptStep) -> [Effect] {
        switch step {
        case .none:
            break
        case .typed(.search, let text):
            if let plan = top as? PlanScreen {
                plan.search = text
                plan.rebuild()
            }
        case .typed:
            break
        case .advice(let text):
            say(text)
        case .refused(let text):
            sayError(text)
        case .cancelled(.refused(let refused)):
            return perform(.discard(refused))
        case .cancelled(let question):
            if case .search(let previous) = question, let plan = top as? PlanScreen {
                plan.search = previous
                plan.rebuild()
            }
            say("Cancelled")
        case .dismissed(let text):
            say(text)
        case .answered(let answer):
            return perform(answer)
        }
        return []
    }

    /// Carries out a prompt's answer.
    func perform(_ answer: PromptAnswer) -> [Effect] {
        switch answer {
        case .edit(let target, let edit):
            return save(edit, to: target)
        case .retry(let refused):
            return save(refused.edit, to: refused.target, file: refused.file)
        case .editAgain(let refused):
            let text = refused.edit.typedText ?? ""
            switch refused.edit {
            case .note: pendingEditor = .note(refused.target)
            case .form(_, _, let original): pendingEditor = .form(refused.target, original: original, given: text)
            default: pendingEditor = .prompt(refused.question)
            }
            return [.editText(initial: text)]
        case .discard(let refused):
            let typed = Format.oneLine(refused.edit.typedText ?? "")
            let shown = DisplayWidth.of(typed) > 60 ? DisplayWidth.truncate(typed, to: 60) : typed
            say("Discarded: \(refused.edit.field(refused.target.ref)) “\(shown)”")
            return refused.file == nil ? [] : [.discardNoteFile]
        case .newAction(let title, let finding):
            switch writer.addAction(title: title, to: finding) {
            case .success(let id):
                reloadTop()
                if let plan = top as? PlanScreen {
                    plan.select(actionId: id)
                    if let added = plan.selectedTarget {
                        say("Added \(added.ref) to \(finding.ref): press \(nameOfKey(.owner, on: .plan)), \(nameOfKey(.due, on: .plan)) and "
                            + "\(nameOfKey(.measure, on: .plan)) to give it an owner, a date and a measure")
                        return []
                    }
                }
                say("Added an action to \(finding.ref)")
            case .failure(let failure):
                sayError(failure.message)
                reloadTop()
                // The title typed stays in its prompt, with why, to try again or cancel.
                prompts.reopen(.newAction(finding), text: title, notice: failure.message, context: context)
            }
        case .search(let text):
            if let plan = top as? PlanScreen {
                plan.search = text
                plan.rebuild()
                say(text.isEmpty ? "Search cleared" : "Search: “\(text)” (\(nameOfKey(.search, on: .plan)) then "
                    + "\(KeyMap.prompt.keyName(for: .edit(.deleteToStart))) \(KeyMap.prompt.keyName(for: .submit)) to clear)")
            }
        case .filter(let filter):
            if let plan = top as? PlanScreen {
                plan.filter = filter
                plan.rebuild()
                say(filter.isEmpty ? "Filter cleared" : "Filter: \(filter.summary)")
            }
        case .sort(let sort):
            if let plan = top as? PlanScreen {
                plan.sort = sort
                plan.rebuild()
                say(sort == .plan ? "In plan order, grouped by section" : "Sorted by \(sort.label)")
            }
        case .command(let command, let line):
            return run(command, line: line)
        case .continueInEditor(let question, let text):
            pendingEditor = .prompt(question)
            return [.editText(initial: text)]
        case .importFile(let path, let received):
            say("Importing \(path)…")
            return [.importFile(path: NSString(string: path).expandingTildeInPath, received: received)]
        case .export(let planId, let format, let path):
            return export(planId: planId, format: format, typed: path)
        case .ask, .request, .editFindingText, .remove, .move, .editNote, .editPlan, .addMilestone, .editMilestone, .exportReplacing:
            return shape(answer)
        }
        return []
    }

    // MARK: The command line

    /// Carries out a line of the `:` command line. A line that cannot be carried out (no such
    /// action, nothing selected) changes nothing and opens again with why, so that the words
    /// typed are neither lost nor taken as keys.
    private func run(_ command: ColonCommand, line: String) -> [Effect] {
        func refuse(_ why: String) -> [Effect] {
            sayError(why)
            prompts.reopen(.command, text: line, notice: why, context: context)
            return []
        }
        switch command {
        case .jump(let reference):
            do {
                jump(to: try context.store.action(reference))
            } catch {
                return refuse("No such action: \(PlanWriter.describe(error))")
            }
        case .jumpToRef(let ref):
            guard let planId = top.planId else { return refuse("Open a plan first, or write the plan too (:2/\(ref))") }
            guard let action = (try? context.store.action(planId: planId, ref: ref)) ?? nil else {
                return refuse("Plan \(planId) has no action \(ref)")
            }
            jump(to: action)
        case .edit(let edit):
            var found = top.markedTarget ?? top.selectedTarget
            if found == nil, let plan = top as? PlanScreen, let finding = plan.selectedFindingRow {
                // On a finding's row, its one action, as the edit keys do there.
                let targets = plan.targets(of: finding)
                if targets.count == 1 {
                    found = targets[0]
                } else {
                    return refuse(targets.isEmpty ? "Finding \(finding.ref) has no action yet: \(nameOfKey(.addAction, on: .plan)) adds one"
                                  : "Finding \(finding.ref) has \(targets.count) actions: select one, or mark them (\(nameOfKey(.mark, on: .plan)))")
                }
            }
            guard let target = found else {
                return refuse(top.kind == .plans ? "Open a plan and select an action first" : "Select an action first")
            }
            if target.isMany, case .title = edit {
                return refuse("A title is one action's: unmark the others (\(nameOfKey(.markAll, on: .plan)) twice) first")
            }
            if case .colour(_?) = edit, let i = target.actions.firstIndex(where: { !$0.status.isOpen }) {
                return refuse("\(target.refs[i]) is \(target.actions[i].status.label.lowercased()): its colour is not set by hand")
            }
            return save(edit, to: target)
        }
        return []
    }

    /// Shows an action on its plan's screen, selected (its search, filter and folding cleared
    /// if they hid it).
    private func jump(to action: Action) {
        if let i = stack.lastIndex(where: { ($0 as? PlanScreen)?.id == action.planId }) {
            while stack.count > i + 1 { pop() }
        } else {
            while stack.count > 1 { stack.removeLast() }
            push(PlanScreen(planId: action.planId))
        }
        guard let plan = top as? PlanScreen else { return }
        let cleared = plan.reveal(actionId: action.id)
        let ref = plan.selectedTarget?.ref ?? action.ref
        say("\(Format.refAndId(ref, action.id)): \(Format.oneLine(action.title))" + (cleared ? " (search and filter cleared to show it)" : ""))
    }

    /// The key for a request on a screen (every screen's keys by default), as help writes it:
    /// messages name keys from the key maps too.
    func nameOfKey(_ request: Request, on kind: ScreenKind? = nil) -> String {
        (kind.map(KeyMap.of) ?? KeyMap.everywhere).keyName(for: request)
    }
}
