import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

/// Something `x` removes: its kind and id for the store, and how the question and the status
/// line name it ("action P1.1", "finding P1 (2 actions)").
struct RemovalTarget: Hashable, Sendable {
    var entity: AuditEntity
    var id: Int64
    var name: String

    static func action(_ t: EditTarget) -> RemovalTarget {
        RemovalTarget(entity: .action, id: t.action.id, name: "action \(t.ref)")
    }

    /// A finding takes its actions with it: the question says how many.
    static func finding(_ f: Finding, actions: Int) -> RemovalTarget {
        RemovalTarget(entity: .finding, id: f.id, name: "finding \(f.ref)" + (actions == 0 ? "" : " (\(Format.count(actions, "action")))"))
    }

    static func note(_ n: Note, of ref: String) -> RemovalTarget {
        RemovalTarget(entity: .note, id: n.id, name: "note of \(n.day.iso) on \(ref)")
    }

    static func milestone(_ m: Milestone) -> RemovalTarget {
        RemovalTarget(entity: .milestone, id: m.id, name: "milestone “\(Prompt.short(m.title, 24))”")
    }

    static func plan(_ p: Plan, actions: Int?) -> RemovalTarget {
        RemovalTarget(entity: .plan, id: p.id, name: "plan \(p.id)" + (actions.map { " (\(Format.count($0, "action")))" } ?? ""))
    }
}

// MARK: The writes

extension PlanWriter {
    /// Takes an item out of its plan with a reason; `u` brings it back.
    func remove(_ t: RemovalTarget, reason: String) -> WriteResult {
        do {
            try context.store.remove(t.entity, id: t.id, reason: reason, who: context.who)
            return .done("Removed \(t.name): \(KeyMap.plan.keyName(for: .undo)) brings it back")
        } catch {
            return .failed("Not removed: \(PlanWriter.describe(error))")
        }
    }

    /// Moves an action under another finding of its plan; it takes the next reference there.
    func move(_ t: EditTarget, to finding: Finding) -> WriteResult {
        do {
            let moved = try context.store.moveAction(id: t.action.id, toFinding: finding.id, who: context.who)
            return .done("Moved \(t.ref) under \(finding.ref): it is now \(moved.ref)")
        } catch {
            return .failed("Not moved: \(PlanWriter.describe(error))")
        }
    }

    /// Changes a note's text; the store refuses anyone but its author.
    func updateNote(_ note: Note, text: String, ref: String) -> WriteResult {
        do {
            _ = try context.store.updateNote(id: note.id, text: text, who: context.who)
            return .done("Note of \(note.day.iso) on \(ref) saved")
        } catch {
            return .failed("Not saved: \(PlanWriter.describe(error))")
        }
    }

    func updatePlan(_ plan: Plan, _ changes: PlanChanges) -> WriteResult {
        do {
            let now = try context.store.updatePlan(id: plan.id, changes: changes, who: context.who)
            let undo = KeyMap.plans.keyName(for: .undo)
            if let archived = changes.archived {
                return .done(archived ? "Archived plan \(plan.id): \(KeyMap.plans.keyName(for: .showArchived)) shows archived plans, \(undo) undoes"
                             : "Plan \(plan.id) is current again")
            }
            if changes.title != nil { return .done("Plan \(plan.id) is now titled “\(Format.oneLine(now.title))”") }
            if changes.authority != nil { return .done("The authority of plan \(plan.id) is now \(now.authority)") }
            if changes.kind != nil { return .done("Plan \(plan.id) is now of the kind \(now.kind.label)") }
            return .done("Plan \(plan.id) received \(now.received.weekday.shortName) \(now.received.iso): its deadlines count from it")
        } catch {
            return .failed("Not saved: \(PlanWriter.describe(error))")
        }
    }

    func addMilestone(planId: Int64, title: String, due: Day?) -> WriteResult {
        let position = ((try? context.store.milestones(planId: planId).map(\.position).max()) ?? nil).map { $0 + 1 } ?? 0
        do {
            _ = try context.store.addMilestone(Milestone(planId: planId, title: title, due: due, rule: nil, position: position),
                                               who: context.who)
            return .done("Added milestone “\(Format.oneLine(title))”" + (due.map { ", due \($0.weekday.shortName) \($0.iso)" } ?? "")
                         + dueWarning(due))
        } catch {
            return .failed("Not added: \(PlanWriter.describe(error))")
        }
    }

    func updateMilestone(_ m: Milestone, _ changes: MilestoneChanges) -> WriteResult {
        do {
            let now = try context.store.updateMilestone(id: m.id, changes: changes, who: context.who)
            let name = "“\(Prompt.short(now.title, 40))”"
            if case .some(let done) = changes.done {
                return .done(done.map { "\(name) met on \($0.weekday.shortName) \($0.iso)" } ?? "\(name) is not met")
            }
            if case .some(let due) = changes.due {
                return .done(due.map { "\(name) is due \($0.weekday.shortName) \($0.iso)" + dueWarning($0) } ?? "\(name) has no due date now")
            }
            return .done("Milestone renamed \(name)")
        } catch {
            return .failed("Not saved: \(PlanWriter.describe(error))")
        }
    }
}

// MARK: The shell's part

extension App {
    /// The improvement findings of a plan in plan order: where an action can be moved.
    func findingsOfPlan(_ planId: Int64) -> [Finding] {
        ((try? context.store.findings(planId: planId)) ?? []).filter { $0.category.isImprovement }
            .sorted { ($0.position, $0.id) < ($1.position, $1.id) }
    }

    /// `F`: asks where to move the action the edit keys apply to.
    func askMove() {
        guard let target = editTarget(for: .move) else {
            ignoreTypedText(after: .move)
            return
        }
        if target.isMany {
            say("A move is one action's: press \(nameOfKey(.move, on: .plan)) without \(nameOfKey(.applyToMarked, on: .plan))")
            return
        }
        ask(.moveTo(target, findings: findingsOfPlan(target.action.planId)))
    }

    /// Carries out the answers of the questions that shape a plan.
    func shape(_ answer: PromptAnswer) -> [Effect] {
        switch answer {
        case .ask(let question):
            ask(question)
        case .request(let request, let target):
            pickedTarget = target
            defer { pickedTarget = nil }
            return perform(request)
        case .editFindingText(let finding):
            let text = FindingText.text(for: finding)
            pendingEditor = .findingText(finding, given: text)
            return [.editText(initial: text)]
        case .remove(let t, let reason):
            let result = writer.remove(t, reason: reason)
            if case .done = result, let screen = top as? ActionScreen, t.entity == .action, screen.actionId == t.id { pop() }
            finish(result, reopening: .removeReason(t), text: reason)
        case .move(let t, let finding):
            finish(writer.move(t, to: finding), reopening: .moveTo(t, findings: findingsOfPlan(t.action.planId)), text: finding.ref)
        case .editNote(let target, let note, let text):
            finish(writer.updateNote(note, text: text, ref: target.ref), reopening: .noteText(target, note), text: text)
        case .editPlan(let plan, let changes, let question, let text):
            var reopen: Question? = question
            if case .planKind = question { reopen = nil }
            finish(writer.updatePlan(plan, changes), reopening: reopen, text: text)
        case .addMilestone(let planId, let title, let due, let text):
            let result = writer.addMilestone(planId: planId, title: title, due: due)
            finish(result, reopening: .newMilestoneDue(planId: planId, title: title), text: text)
            if case .done = result, let screen = top as? MilestonesScreen { screen.selectLast(titled: title) }
        case .editMilestone(let m, let changes, let question, let text):
            finish(writer.updateMilestone(m, changes), reopening: question, text: text)
        case .exportReplacing(let request):
            say("Replacing \(request.path)…")
            return [.export(request)]
        default:
            break
        }
        return []
    }

    /// After a write: the screen read again and what happened said; a refused write opens its
    /// question again with the text typed and why, so that nothing typed is lost.
    private func finish(_ result: WriteResult, reopening question: Question?, text: String) {
        reloadTop()
        switch result {
        case .done(let message):
            say(message)
        case .failed(let message, _):
            sayError(message)
            if let question { prompts.reopen(question, text: text, notice: message, context: context) }
        }
    }

    /// Whether a file (not a folder: the export says a folder is one) is at a path.
    static func isFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }

    /// `e`'s file name: written at once when no such file exists, else asked about first.
    func export(planId: Int64, format: ReportFormat, typed: String) -> [Effect] {
        let path = NSString(string: typed).expandingTildeInPath
        let request = ExportRequest(planId: planId, format: format, path: path, asOf: context.today)
        if App.isFile(path) {
            ask(.exportReplace(ExportRequest(planId: planId, format: format, path: path, asOf: context.today, replacing: true),
                               typed: typed))
            return []
        }
        say("Exporting to \(typed)…")
        return [.export(request)]
    }
}
