import Foundation
import Testing
@testable import ActionPlanSQLite
@testable import ActionPlanSQL
import ActionPlanCore
import ActionPlanModel

/// Shaping a plan: removing and bringing back, moving, editing findings, milestones, notes and
/// plans, changing many actions at once. Every change is audited and undone as one group.
@Suite struct EditingTests {
    func secondFinding(_ store: any PlanStore, planId: Int64) throws -> Int64 {
        try store.addFinding(Finding(planId: planId, ref: "", category: .areaForDevelopment, text: "Improve supervision."), who: "qa")
    }

    @Test(arguments: Backend.allCases) func aRemovedActionLeavesEveryListAndUndoBringsItBack(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, _, actionId) = try seed(store)
        try store.remove(.action, id: actionId, reason: "duplicate of P1.2", who: "qa")
        #expect(try store.actions(.all).isEmpty)
        #expect(try store.actions(ActionQuery(planIds: [planId])).isEmpty)
        #expect(try store.owners().isEmpty)
        #expect(try store.progressCounts(rules: RAGRules(calendar: WorkingDayCalendar(holidays: try store.holidayTable()), today: today))[planId] == nil)
        let removed = try store.removedItems()
        #expect(removed.count == 1)
        #expect(removed[0].entity == .action && removed[0].id == actionId && removed[0].ref == "P1.1")
        #expect(removed[0].removal.by == "qa" && removed[0].removal.reason == "duplicate of P1.2")
        // Still readable by id, with its removal; a write to it is refused with who and why.
        #expect(try store.action(id: actionId)?.removed?.reason == "duplicate of P1.2")
        #expect(throws: StoreError.self) {
            try store.updateAction(id: actionId, changes: ActionChanges(status: .complete), expectVersion: nil, who: "qa", today: today)
        }
        do {
            _ = try store.updateAction(id: actionId, changes: ActionChanges(status: .complete), expectVersion: nil, who: "qa", today: today)
        } catch let error as StoreError {
            #expect(error.message.contains("was removed by qa"))
            #expect(error.message.contains("duplicate of P1.2"))
            #expect(error.exitStatus == .dataError)
        }
        // The history keeps the removal, in words.
        let event = try #require(try store.history(entity: "action", id: actionId).last { $0.field == "removed" })
        #expect(event.changeText.contains("duplicate of P1.2"))
        _ = try store.undoLast(who: "qa")
        #expect(try store.actions(.all).map(\.id) == [actionId])
        #expect(try store.removedItems().isEmpty)
        // Nothing left the audit trail: the removal and its undo are both there.
        #expect(try store.history(entity: "action", id: actionId).filter { $0.field == "removed" }.count == 2)
    }

    @Test(arguments: Backend.allCases) func aRemovedFindingTakesItsActionsAndARemovedPlanTakesEverything(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, findingId, _) = try seed(store)
        try store.remove(.finding, id: findingId, reason: "garbled import", who: "qa")
        #expect(try store.findings(planId: planId).isEmpty)
        #expect(try store.actions(.all).isEmpty)
        #expect(throws: StoreError.self) {
            try store.addAction(Action(findingId: findingId, planId: planId, title: "x", createdAt: epoch, updatedAt: epoch, updatedBy: "qa"), who: "qa")
        }
        _ = try store.undoLast(who: "qa")
        try store.remove(.plan, id: planId, reason: "imported twice", who: "qa")
        #expect(try store.plans().isEmpty)
        #expect(try store.plans(.includingArchived).isEmpty)
        #expect(try store.plans(.includingRemoved).map(\.id) == [planId])
        #expect(try store.milestones(planId: nil).isEmpty)
        #expect(try store.findings(planId: nil).isEmpty)
        #expect(try store.actions(.all).isEmpty)
        #expect(try store.findings(planId: planId, .includingRemoved).count == 1)
        #expect(try store.actions(ActionQuery(visibility: .includingRemoved)).count == 1)
    }

    @Test(arguments: Backend.allCases) func anArchivedPlanIsHiddenUnlessAskedForAndStaysChangeable(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, _, actionId) = try seed(store)
        let plan = try store.updatePlan(id: planId, changes: PlanChanges(archived: true), who: "qa")
        #expect(plan.archived)
        #expect(try store.plans().isEmpty)
        #expect(try store.plans(.includingArchived).map(\.id) == [planId])
        #expect(try store.actions(.all).isEmpty)
        #expect(try store.actions(ActionQuery(planIds: [planId])).map(\.id) == [actionId])
        #expect(try store.actions(ActionQuery(visibility: .includingArchived)).map(\.id) == [actionId])
        #expect(try store.milestones(planId: planId).count == 1)
        #expect(try store.milestones(planId: nil).isEmpty)
        _ = try store.updateAction(id: actionId, changes: ActionChanges(status: .inProgress), expectVersion: nil, who: "qa", today: today)
        _ = try store.updatePlan(id: planId, changes: PlanChanges(archived: false), who: "qa")
        #expect(try store.plans().map(\.id) == [planId])
    }

    @Test(arguments: Backend.allCases) func movingAnActionGivesItTheNextReferenceThereAndNeverReusesOne(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, findingId, actionId) = try seed(store)
        let other = try secondFinding(store, planId: planId)
        let moved = try store.moveAction(id: actionId, toFinding: other, who: "qa")
        #expect(moved.findingId == other && moved.ref == "D1.1")
        #expect(moved.version == 2)
        // A new action under the first finding does not take the reference the moved one had.
        let added = try store.addAction(Action(findingId: findingId, planId: planId, title: "Audit", createdAt: epoch, updatedAt: epoch,
                                               updatedBy: "qa"), who: "qa")
        #expect(try store.action(id: added)?.ref == "P1.2")
        _ = try store.undoLast(who: "qa")
        _ = try store.undoLast(who: "qa")
        #expect(try store.action(id: actionId)?.ref == "P1.1")
        #expect(try store.action(id: actionId)?.findingId == findingId)
    }

    @Test(arguments: Backend.allCases) func anActionMovesOnlyWithinItsPlan(_ backend: Backend) throws {
        let store = try backend.open()
        let (_, _, actionId) = try seed(store)
        let (_, otherFinding, _) = try seed(store)
        #expect(throws: StoreError.self) { try store.moveAction(id: actionId, toFinding: otherFinding, who: "qa") }
    }

    @Test(arguments: Backend.allCases) func editingAFindingIsAuditedAndUndone(_ backend: Backend) throws {
        let store = try backend.open()
        let (_, findingId, _) = try seed(store)
        let edited = try store.updateFinding(id: findingId, changes: FindingChanges(text: "Strengthen management oversight of casework.",
                                                                                   timeframe: .within6Months,
                                                                                   sectionPath: ["Areas for priority action", "Front door"]),
                                             who: "qa")
        #expect(edited.text == "Strengthen management oversight of casework.")
        #expect(try store.finding(id: findingId)?.sectionPath == ["Areas for priority action", "Front door"])
        let fields = try store.history(entity: "finding", id: findingId).map(\.field)
        #expect(fields.contains("text") && fields.contains("timeframe") && fields.contains("section_path"))
        _ = try store.undoLast(who: "qa")
        #expect(try store.finding(id: findingId)?.text == "Strengthen management oversight.")
        #expect(throws: StoreError.self) { try store.updateFinding(id: findingId, changes: FindingChanges(text: "  "), who: "qa") }
    }

    @Test(arguments: Backend.allCases) func milestonesAreAddedChangedMetAndRemoved(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, _, _) = try seed(store)
        let id = try store.addMilestone(Milestone(planId: planId, title: "Improvement board review", due: Day(iso: "2027-01-20"), rule: nil),
                                        who: "qa")
        #expect(try store.milestones(planId: planId).map(\.title) == ["Final action plan", "Improvement board review"])
        let ruled = try store.milestones(planId: planId)[0]
        let moved = try store.updateMilestone(id: ruled.id, changes: MilestoneChanges(due: .some(Day(iso: "2027-03-01"))), who: "qa")
        #expect(moved.due == Day(iso: "2027-03-01") && moved.rule == nil)
        #expect(try store.setMilestoneDone(id: id, done: today, who: "qa").done == today)
        try store.remove(.milestone, id: id, reason: "the board met early", who: "qa")
        #expect(try store.milestones(planId: planId).map(\.id) == [ruled.id])
    }

    @Test(arguments: Backend.allCases) func onlyTheAuthorEditsANoteAndTheOldTextStaysInTheHistory(_ backend: Backend) throws {
        let store = try backend.open()
        let (_, _, actionId) = try seed(store)
        _ = try store.updateAction(id: actionId, changes: ActionChanges(note: "Audit startd"), expectVersion: nil, who: "ann", today: today)
        let note = try #require(try store.notes(actionId: actionId).first)
        #expect(throws: StoreError.notYours(entity: "note", id: note.id, owner: "ann")) {
            try store.updateNote(id: note.id, text: "changed", who: "bob")
        }
        let edited = try store.updateNote(id: note.id, text: "Audit started", who: "ann")
        #expect(edited.text == "Audit started")
        let change = try #require(try store.history(entity: "note", id: note.id).last { $0.field == "text" })
        #expect(change.oldValue == "Audit startd" && change.newValue == "Audit started")
        try store.remove(.note, id: note.id, reason: "wrong action", who: "bob")
        #expect(try store.notes(actionId: actionId).isEmpty)
        #expect(try store.latestNotes(actionIds: nil).isEmpty)
    }

    @Test(arguments: Backend.allCases) func severalActionsChangeInOneGroupThatOneUndoReverts(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, findingId, first) = try seed(store)
        let second = try store.addAction(Action(findingId: findingId, planId: planId, title: "Second", createdAt: epoch, updatedAt: epoch,
                                                updatedBy: "qa"), who: "qa")
        let updated = try store.updateActions(ids: [first, second, first], changes: ActionChanges(owner: .some("Zoë Hart")),
                                              expectVersions: nil, who: "qa", today: today)
        #expect(updated.map(\.owner) == ["Zoë Hart", "Zoë Hart"])
        let groups = Set(try store.auditEvents(since: nil).filter { $0.field == "owner" }.map(\.changeGroup))
        #expect(groups.count == 1)
        _ = try store.undoLast(who: "qa")
        #expect(try store.action(id: second)?.owner == nil)
        #expect(try store.action(id: first)?.owner == "Head of Service")
        // A stale one refuses them all.
        #expect(throws: StoreError.self) {
            try store.updateActions(ids: [first, second], changes: ActionChanges(status: .complete),
                                    expectVersions: [first: 1, second: 99], who: "qa", today: today)
        }
        #expect(try store.actions(.all).allSatisfy { $0.status == .notStarted })
    }

    @Test(arguments: Backend.allCases) func confirmingAProvisionalDueDateIsNotAReprogram(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, findingId, stated) = try seed(store)
        let provisional = try store.addAction(Action(findingId: findingId, planId: planId, title: "Default date",
                                                     due: Day(iso: "2027-02-01"), dueProvisional: true, dueRule: .months(3),
                                                     createdAt: epoch, updatedAt: epoch, updatedBy: "qa"), who: "qa")
        let confirmed = try store.updateAction(id: provisional, changes: ActionChanges(due: .some(Day(iso: "2027-02-15"))),
                                               expectVersion: nil, who: "qa", today: today)
        #expect(confirmed.reprogramCount == 0 && confirmed.originalDue == nil && !confirmed.dueProvisional)
        let slipped = try store.updateAction(id: provisional, changes: ActionChanges(due: .some(Day(iso: "2027-03-01"))),
                                             expectVersion: nil, who: "qa", today: today)
        #expect(slipped.reprogramCount == 1 && slipped.originalDue == Day(iso: "2027-02-15"))
        // A date the document stated counts from the first change.
        let moved = try store.updateAction(id: stated, changes: ActionChanges(due: .some(Day(iso: "2027-03-01"))),
                                           expectVersion: nil, who: "qa", today: today)
        #expect(moved.reprogramCount == 1 && moved.originalDue == Day(iso: "2027-02-23"))
    }

    @Test func aDatabaseOfVersion4GainsRemovalAndArchiveColumnsEmpty() throws {
        let store = try TempDatabase().open()
        let (planId, _, _) = try seed(store)
        #expect(try store.plan(id: planId)?.archived == false)
        #expect(try store.plan(id: planId)?.removed == nil)
        let damaged = try store.dbQueue.write { db in
            try db.execute(sql: "UPDATE action SET removed = '{\"at\":\"x\"}'")
            return try String.fetchOne(db, sql: "SELECT removed FROM action")
        }
        #expect(damaged != nil)
        #expect(throws: StoreError.self) { try store.actions(ActionQuery(visibility: .includingRemoved)) }
    }
}
