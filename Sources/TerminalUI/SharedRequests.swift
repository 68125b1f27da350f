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
        case .back:
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
            guard let target = selectedTarget() else {
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
                if target.action.status.isOpen {
                    ask(.colour(target))
                } else {
                    say("\(target.ref) is \(target.action.status.label.lowercased()): its colour is not set by hand")
                    ignoringTypedText = true
                }
            }
        case .longNote:
            guard let target = selectedTarget() else { return [] }
            pendingNote = target
            return [.editText(initial: "")]
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

    /// The selected action with the reference shown for it, or nil after saying how to select one.
    private func selectedTarget() -> EditTarget? {
        if let target = top.selectedTarget { return target }
        say(top.kind == .plans ? "Open a plan first (\(nameOfKey(.open, on: .plans))), then select an action"
            : "Select an action first (\(KeyMap.plan.shortLabel(for: .down)) to move)")
        return nil
    }

    /// After a refused request whose prompt would have taken text, what is typed next was meant
    /// for that prompt: ignore it (see `ignoringTypedText`). A choice (a status) is one key, and
    /// the keys after it are the person's next commands.
    func ignoreTypedText(after request: Request) {
        switch request {
        case .owner, .due, .measure, .evidence, .title, .note, .colour, .addAction: ignoringTypedText = true
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
    private func perform(_ answer: PromptAnswer) -> [Effect] {
        switch answer {
        case .edit(let target, let edit):
            return save(edit, to: target)
        case .retry(let refused):
            return save(refused.edit, to: refused.target, file: refused.file)
        case .editAgain(let refused):
            pendingNote = refused.target
            return [.editText(initial: refused.edit.typedText ?? "")]
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
        case .importFile(let path, let received):
            say("Importing \(path)…")
            return [.importFile(path: NSString(string: path).expandingTildeInPath, received: received)]
        case .export(let planId, let format, let path):
            say("Exporting to \(path)…")
            return [.export(ExportRequest(planId: planId, format: format, path: NSString(string: path).expandingTildeInPath,
                                          asOf: context.today))]
        }
        return []
    }

    /// The key for a request on a screen (every screen's keys by default), as help writes it:
    /// messages name keys from the key maps too.
    private func nameOfKey(_ request: Request, on kind: ScreenKind? = nil) -> String {
        (kind.map(KeyMap.of) ?? KeyMap.everywhere).keyName(for: request)
    }
}
