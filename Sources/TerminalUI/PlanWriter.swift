import Foundation
import ActionPlanModel
import ActionPlanCore

/// What a write says on the status line: done, or not and why.
enum WriteResult: Hashable, Sendable {
    case done(String)
    /// Not saved, and why; `stale` when someone changed the action after it was shown.
    case failed(String, stale: Bool = false)
}

/// The writes the terminal UI makes, each through the `PlanStore` as the person working, so
/// that every change is audited, versioned and undoable exactly as from the command line.
struct PlanWriter {
    let context: UIContext

    /// Saves an edit against the version that was shown; a stale edit is refused by the store
    /// with who changed the action and when. A note is added whatever the version: notes only
    /// append, so someone else's change cannot make one wrong.
    func apply(_ edit: ActionEdit, to target: EditTarget) -> WriteResult {
        if target.isMany { return applyToMarked(edit, to: target) }
        var expectVersion: Int? = target.action.version
        if case .note = edit { expectVersion = nil }
        do {
            _ = try context.store.updateAction(id: target.action.id, changes: edit.changes, expectVersion: expectVersion,
                                               who: context.who, today: context.today)
            return .done(edit.done(target.ref) + dueWarning(edit))
        } catch {
            return PlanWriter.refusal(error, target: target, nothingSaved: "")
        }
    }

    /// The one place an edit of several actions (the marked ones, `;`) is written: one call to
    /// the store, so one transaction and one change group, which one `u` reverts. Each action
    /// is checked against the version shown (a note only appends: no check); if any changed,
    /// none is written.
    func applyToMarked(_ edit: ActionEdit, to target: EditTarget) -> WriteResult {
        var versions: [Int64: Int]? = Dictionary(uniqueKeysWithValues: target.actions.map { ($0.id, $0.version) })
        if case .note = edit { versions = nil }
        do {
            _ = try context.store.updateActions(ids: target.actions.map(\.id), changes: edit.changes, expectVersions: versions,
                                                who: context.who, today: context.today)
            return .done(edit.done(target.ref, many: true) + " (\(KeyMap.plan.keyName(for: .undo)) undoes all)" + dueWarning(edit))
        } catch {
            return PlanWriter.refusal(error, target: target, nothingSaved: " none of the \(target.actions.count) was changed;")
        }
    }

    /// The warning a due date on a weekend or a bank holiday gets (the date is kept: a person
    /// may mean it), as the status line adds it; empty for a working day or no date.
    func dueWarning(_ edit: ActionEdit) -> String {
        guard case .some(.some(let day)) = edit.changes.due else { return "" }
        return dueWarning(day)
    }

    func dueWarning(_ day: Day?) -> String {
        guard let day, let warning = context.calendar.dueDateWarning(day) else { return "" }
        return " · " + warning
    }

    /// Why a write was refused, in one line; `stale` when someone changed an action since it was shown.
    private static func refusal(_ error: any Error, target: EditTarget, nothingSaved: String) -> WriteResult {
        if case .stale(_, let id, let expected, let current, let by, let at)? = error as? StoreError {
            return .failed("Not saved: \(by) changed \(target.ref(of: id)) at \(StoreError.format(at)) (version \(current), "
                           + "you had \(expected));\(nothingSaved) the screen now shows their version", stale: true)
        }
        return .failed("Not saved: \(describe(error))")
    }

    /// Replaces a finding's text (written in `$EDITOR` with `E` on its row): one change group.
    func updateFindingText(_ finding: Finding, to text: String) -> WriteResult {
        do {
            _ = try context.store.updateFinding(id: finding.id, changes: FindingChanges(text: text), who: context.who)
            return .done("Text of finding \(finding.ref) saved")
        } catch {
            return .failed("Not saved: \(PlanWriter.describe(error))")
        }
    }

    /// Adds an action with a title to a finding; its id, or why not.
    func addAction(title: String, to finding: FindingTarget) -> Result<Int64, WriteFailure> {
        let now = context.now()
        let action = Action(findingId: finding.findingId, planId: finding.planId, title: title, createdAt: now, updatedAt: now,
                            updatedBy: context.who)
        do {
            return .success(try context.store.addAction(action, who: context.who))
        } catch {
            return .failure(WriteFailure(message: "Not added: \(PlanWriter.describe(error))"))
        }
    }

    /// Reverts the person's last change.
    func undo() -> WriteResult {
        do {
            let result = try context.store.undoLast(who: context.who)
            let restored = result.restored.count
            return .done("Undone: \(result.undone.summary)"
                         + (restored == 0 ? "" : " (\(restored) field\(restored == 1 ? "" : "s") restored)"))
        } catch {
            return .failed(PlanWriter.describe(error))
        }
    }

    /// An error in one line a person can act on.
    static func describe(_ error: any Error) -> String {
        if let e = error as? StoreError { return e.message }
        if let e = error as? DateExpression.ParseError { return e.message }
        return String(describing: error)
    }
}

/// Why a write was refused, in one line.
struct WriteFailure: Error, Hashable {
    var message: String
}
