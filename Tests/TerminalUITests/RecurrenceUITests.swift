import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
@testable import TerminalUI

/// Issue 15: a finding raised in the same authority's earlier documents says so, on its row of
/// the plan screen ("raised before 2010") and in full on an action's screen ("Raised before:
/// 2010 inspection (D1)"), read once per load of the plan, never per frame.
@Suite struct RecurrenceUITests {
    /// The fixture, with Stockton-on-Tees' 2010 inspection archived (so the plans screen is as in
    /// every other snapshot) and one of its findings the issue the 2026 visit raises as P2.
    func storeWithAnEarlierInspection() throws -> CountingStore {
        let store = try makeFixtureStore()
        let day = Day(year: 2010, month: 1, day: 29)!
        let plan = Plan(title: "Annual unannounced inspection", authority: "Stockton-on-Tees", kind: .unannouncedInspection, letterDate: day,
                        received: day, createdAt: Date(timeIntervalSince1970: 1_793_000_000), createdBy: "import")
        let id = try store.createPlan(PlanDraft(plan: plan, findings: [
            FindingDraft(finding: Finding(planId: 0, ref: "D1", category: .areaForDevelopment,
                                          text: "The frequency and quality of supervision of frontline practice are variable, and management oversight is weak.")),
            FindingDraft(finding: Finding(planId: 0, ref: "D2", category: .areaForDevelopment, text: "Private fostering arrangements.")),
        ]), who: "import")
        _ = try store.updatePlan(id: id, changes: PlanChanges(archived: true), who: "import")
        return store
    }

    @Test(arguments: [(80, 24), (60, 16)])
    func aFindingRaisedBeforeSaysWhereOnItsRowAndItsActionsScreen(size: (Int, Int)) throws {
        let store = try storeWithAnEarlierInspection()
        let app = makeApp(store: store, width: size.0, height: size.1)
        press(app, "<Enter>")
        assertSnapshot(app.render(), named: "plan-raised-before-\(size.0)x\(size.1)")
        press(app, "jjjjj<Enter>")
        assertSnapshot(app.render(), named: "action-raised-before-\(size.0)x\(size.1)")
    }

    @Test func recurrencesAreReadOncePerLoadNotPerFrameOrKey() throws {
        let store = try storeWithAnEarlierInspection()
        let app = makeApp(store: store)
        press(app, "<Enter>")
        _ = app.render()
        let afterOpening = store.recurrenceQueries
        #expect(afterOpening == 1, "opening the plan reads them once")
        press(app, "jjkkjG")
        for _ in 0..<5 { _ = app.render() }
        #expect(store.recurrenceQueries == afterOpening, "moving and drawing read nothing more")
    }

    @Test func aChangeToAnActionKeepsTheRecurrencesAndAChangeToAFindingReadsThemAgain() throws {
        let store = try storeWithAnEarlierInspection()
        let app = makeApp(store: store)
        press(app, "<Enter>")
        #expect(app.render().text.contains("raised before 2010"))
        #expect(store.recurrenceQueries == 1)
        let planId = try #require(try store.plans().first { $0.authority == "Stockton-on-Tees" && $0.kind != .unannouncedInspection }?.id)
        let action = try #require(try store.actions(ActionQuery(planIds: [planId])).first)
        _ = try store.updateAction(id: action.id, changes: ActionChanges(owner: .some("Dana Smith")), expectVersion: nil,
                                   who: "bob", today: fixedToday)
        _ = app.handle(.tick)
        #expect(app.render().text.contains("raised before 2010"), "still shown after the reload")
        #expect(store.recurrenceQueries == 1, "an action's change leaves the findings' words as they were")
        let finding = try #require(try store.findings(planId: planId).first { $0.category.isImprovement })
        _ = try store.updateFinding(id: finding.id, changes: FindingChanges(text: finding.text + " Revised."), who: "bob")
        _ = app.handle(.tick)
        #expect(store.recurrenceQueries == 2, "a finding's new words are searched again")
    }
}
