import Foundation
import Testing
import ActionPlanModel
import ActionPlanReports
import ActionPlanCore
@testable import TerminalUI

/// Stands in for the command line's exporter: records what the screens asked for and answers
/// as told, so the screen logic is tested without writing files.
final class FakeExporter {
    var requests: [ExportRequest] = []
    /// The answer to a request; by default the file is "written" under /exports with 5 actions.
    var answer: (ExportRequest) -> ExportOutcome = { request in
        ExportOutcome(request: request, path: "/exports/" + request.path, actions: 5)
    }

    /// Presses keys as `press` does, and performs every export effect as the driver would.
    @discardableResult
    func press(_ app: App, _ script: String) -> [Effect] {
        var effects: [Effect] = []
        for key in keys(script) {
            for effect in app.handle(.key(key)) {
                effects.append(effect)
                if case .export(let request) = effect {
                    requests.append(request)
                    _ = app.handle(.exportFinished(answer(request)))
                }
            }
        }
        return effects
    }
}

func focusedPlanId(_ store: CountingStore) throws -> Int64 {
    try #require(try store.plans().first { $0.authority == "Stockton-on-Tees" }).id
}

@Suite struct ExportKeyTests {
    @Test func eOnThePlanScreenAsksForAFormatThenOffersADefaultFileNameForHTML() throws {
        let store = try makeFixtureStore()
        let planId = try focusedPlanId(store)
        let app = makeApp(store: store)
        press(app, "<Enter>e")
        #expect(app.prompt?.question == .exportFormat(planId: planId))
        #expect(app.render().text.contains("Press a key, Enter for HTML, or Esc to cancel"))
        press(app, "<Enter>")
        #expect(app.prompt?.question == .exportPath(planId: planId, format: .html))
        #expect(app.prompt?.editor.text == "action-plan-\(planId)-2026-11-23.html",
                "the default name is ReportFormat.defaultFileName for the plan and today")
        let effects = press(app, "<Enter>")
        #expect(effects == [.export(ExportRequest(planId: planId, format: .html, path: "action-plan-\(planId)-2026-11-23.html",
                                                  asOf: fixedToday))])
        #expect(app.prompt == nil)
        #expect(app.message?.text == "Exporting to action-plan-\(planId)-2026-11-23.html…")
    }

    @Test func eachFormatHasItsKeyAndItsExtensionInTheDefaultName() throws {
        let store = try makeFixtureStore()
        let planId = try focusedPlanId(store)
        for (key, format) in [("m", ReportFormat.md), ("h", .html), ("c", .csv), ("j", .json), ("i", .ics)] {
            let app = makeApp(store: store)
            press(app, "<Enter>e" + key)
            #expect(app.prompt?.editor.text == "action-plan-\(planId)-2026-11-23.\(format.fileExtension)", "key \(key)")
            let fake = FakeExporter()
            fake.press(app, "<Enter>")
            #expect(fake.requests.map(\.format) == [format], "key \(key)")
        }
    }

    @Test func aTypedPathReplacesTheDefaultAndATildeIsExpanded() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        let fake = FakeExporter()
        fake.press(app, "<Enter>ec<C-u>~/board/november.csv<Enter>")
        #expect(fake.requests.map(\.path) == [NSString(string: "~/board/november.csv").expandingTildeInPath])
        #expect(fake.requests.map(\.format) == [.csv], "the chosen format is kept whatever the name")
    }

    @Test func aWrittenFileIsReportedWithItsAbsolutePathAndTheNumberOfActions() throws {
        let store = try makeFixtureStore()
        let planId = try focusedPlanId(store)
        let app = makeApp(store: store)
        let fake = FakeExporter()
        fake.press(app, "<Enter>e<Enter><Enter>")
        let name = "action-plan-\(planId)-2026-11-23.html"
        #expect(app.message?.text == "Exported 5 actions as HTML to /exports/\(name)")
        #expect(app.message?.style == .plain)
        #expect(app.render().text.contains("Exported 5 actions as HTML to /exports/\(name)"))
        fake.answer = { ExportOutcome(request: $0, path: "/exports/one.md", actions: 1) }
        fake.press(app, "em<Enter>")
        #expect(app.message?.text == "Exported 1 action as Markdown to /exports/one.md")
    }

    @Test func aFailedExportShowsWhyOnOneLineAndTheScreenCarriesOn() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        let fake = FakeExporter()
        fake.answer = { ExportOutcome(request: $0, path: "/nowhere/x.html", error: "the folder /nowhere does not exist") }
        fake.press(app, "<Enter>e<Enter><C-u>/nowhere/x.html<Enter>")
        #expect(app.message?.text == "Not exported: the folder /nowhere does not exist")
        #expect(app.message?.style == .error)
        #expect(app.render().text.contains("Not exported: the folder /nowhere does not exist"))
        // A message from the system with a line break still takes one line.
        fake.answer = { ExportOutcome(request: $0, path: "/ro/x.html", error: "cannot write /ro/x.html:\nPermission denied") }
        fake.press(app, "e<Enter><Enter>")
        #expect(app.message?.text == "Not exported: cannot write /ro/x.html: Permission denied")
        // The plan screen still works.
        press(app, "jj")
        #expect(app.top.selectedAction?.title == "Audit every open assessment older than 45 working days")
    }

    @Test func escCancelsAndAnEmptyNameExportsNothing() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        let fake = FakeExporter()
        fake.press(app, "<Enter>e<Esc>")
        #expect(app.prompt == nil && app.message?.text == "Cancelled")
        fake.press(app, "e<Enter><Esc>")
        #expect(app.prompt == nil && app.message?.text == "Cancelled")
        fake.press(app, "e<Enter><C-u><Enter>")
        #expect(app.message?.text == "Nothing exported: no file name")
        fake.press(app, "ez")
        #expect(app.prompt?.question != nil, "a key that is not a format leaves the prompt open")
        #expect(app.message?.text == "Press one of m h c j i x, or Esc to cancel")
        #expect(fake.requests.isEmpty)
    }

    @Test func thePlansActionAndDashboardScreensExportTheirPlanAndHelpSaysWhereToGo() throws {
        let store = try makeFixtureStore()
        let plans = try store.plans()
        let older = try #require(plans.first { $0.authority == "Middlesbrough" })
        let focused = try focusedPlanId(store)
        let fake = FakeExporter()
        let onPlans = makeApp(store: store)
        fake.press(onPlans, "je<Enter><Enter>")
        let onAction = makeApp(store: store)
        fake.press(onAction, "<Enter>jj<Enter>ej<Enter>")
        let onDashboard = makeApp(store: store)
        fake.press(onDashboard, "Dei<Enter>")
        #expect(fake.requests.map(\.planId) == [older.id, focused, focused])
        #expect(fake.requests.map(\.format) == [.html, .json, .ics])
        let onHelp = makeApp(store: store)
        press(onHelp, "<Enter>?e")
        #expect(onHelp.prompt == nil)
        #expect(onHelp.message?.text == "Go back to a plan to export it (q)")
    }

    @Test func anEmptyDatabaseHasNothingToExport() throws {
        let app = makeApp(store: try CountingStore())
        press(app, "e")
        #expect(app.prompt == nil)
        #expect(app.message?.text == "No plan to export yet: press i to import one")
    }

    @Test func helpAndTheStatusLineListTheExportKey() throws {
        for script in ["", "<Enter>", "<Enter>D"] {
            let app = makeApp(store: try makeFixtureStore())
            press(app, script)
            #expect(app.render().text.split(separator: "\n").last?.contains("e export") == true, "hints after \(script)")
            _ = app.handle(.resize(width: 80, height: 80))
            press(app, "?")
            #expect(app.render().text.contains("export the plan: Markdown, HTML, CSV, JSON or iCalendar"), "help after \(script)")
        }
        let app = makeApp(store: try makeFixtureStore(), width: 120)
        press(app, "<Enter>jj<Enter>")
        #expect(app.render().text.split(separator: "\n").last?.contains("e export") == true, "action screen hints at 120 columns")
    }

    /// A resize while the export prompt is open keeps it, with what was typed.
    @Test func aResizeKeepsTheExportPrompt() throws {
        let app = makeApp(store: try makeFixtureStore())
        press(app, "<Enter>ec<C-u>board.csv")
        _ = app.handle(.resize(width: 60, height: 16))
        #expect(app.render().text.contains("Export CSV to: board.csv"))
    }
}

@Suite struct SMARTOnScreenTests {
    /// The count `actionplan check --plan` gives, from the same library.
    static func checkCount(_ store: CountingStore, planId: Int64) throws -> Int {
        let snapshot = ReportSnapshot(plans: try store.plans(), milestones: [], findings: try store.findings(planId: nil),
                                      actions: try store.actions(.all), latestNotes: try store.latestNotes(actionIds: nil))
        return SMARTCheck.run(snapshot, planIds: [planId], today: fixedToday).countsByPlan[planId] ?? -1
    }

    @Test func thePlanScreenCountsWhatTheCheckCommandFlags() throws {
        let store = try makeFixtureStore()
        let planId = try focusedPlanId(store)
        let app = makeApp(store: store)
        press(app, "<Enter>")
        let expected = try Self.checkCount(store, planId: planId)
        #expect(expected == 8)
        #expect(app.render().text.contains("SMART: 8 flags"))
        let wide = makeApp(store: store, width: 120)
        press(wide, "<Enter>")
        #expect(wide.render().text.contains("SMART: 8 flags (4 actions, 1 finding)"), "the long form where it fits")
    }

    @Test func theCountFollowsAChangeAndIsNotRecomputedPerFrame() throws {
        let store = try makeFixtureStore()
        let planId = try focusedPlanId(store)
        let app = makeApp(store: store)
        // W1.2 has no owner, no date and no measure.
        press(app, "<Enter>G<Up>o<C-u>Zoë Hart<Enter>")
        #expect(try Self.checkCount(store, planId: planId) == 7)
        #expect(app.render().text.contains("SMART: 7 flags"))
        let queries = store.actionQueries
        for _ in 0..<20 {
            press(app, "jk")
            _ = app.render()
        }
        #expect(store.actionQueries == queries, "frames and moves do not read the plan or run the check again")
    }

    @Test func aCleanPlanSaysSo() throws {
        let store = try CountingStore()
        let created = fixedNow
        let action = Action(findingId: 0, planId: 0, title: "Audit", owner: "Ann", due: fixedToday.adding(days: 30),
                            successMeasure: "95% of audits graded good", createdAt: created, updatedAt: created, updatedBy: "t")
        let plan = Plan(title: "Clean", authority: "Anytown", kind: .focusedVisit, letterDate: nil, received: fixedToday,
                        createdAt: created, createdBy: "t")
        _ = try store.createPlan(PlanDraft(plan: plan, findings: [
            FindingDraft(finding: Finding(planId: 0, ref: "P1", category: .priorityAction, text: "Audits"), actions: [action]),
        ]), who: "t")
        let app = makeApp(store: store)
        press(app, "<Enter>")
        #expect(app.render().text.contains("SMART: no flags"))
        press(app, "jj<Enter>")
        #expect(app.render().text.contains("SMART check  nothing flagged"))
    }

    @Test func theActionScreenListsTheActionsFlagsWithRuleAndReasonAndFollowsAnEdit() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store, width: 100, height: 40)
        press(app, "<Enter>G<Up><Enter>")
        var text = app.render().text
        #expect(text.contains("SMART check (3 flags)"))
        #expect(text.contains("[no-owner] no owner: nobody is accountable for this action"))
        #expect(text.contains("[no-due-date] no target date"))
        #expect(text.contains("[no-success-measure] no success measure: say how you will know it worked"))
        press(app, "m<C-u>Every plan template revised<Enter>")
        text = app.render().text
        #expect(text.contains("SMART check (2 flags)"), "the flags are worked out again after an edit")
        #expect(!text.contains("[no-success-measure]"))
    }

    @Test func anOpenActionWithNoNoteForMoreThan31DaysIsFlaggedStale() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store, width: 100, height: 40)
        // P1.2 has had no note since it was created on 2026-10-26; 40 days later it is stale.
        let later = UIContext(store: store, who: "alice", today: fixedToday.adding(days: 12), calendar: sharedCalendar,
                              now: { fixedNow })
        let stale = App(context: later, width: 100, height: 40)
        press(stale, "<Enter>jjj<Enter>")
        #expect(stale.render().text.contains("[stale] open with no progress note for 40 days (none since it was created on 2026-10-26)"))
        press(app, "<Enter>jjj<Enter>")
        #expect(!app.render().text.contains("[stale]"))
    }

    @Test func aCancelledActionIsNotChecked() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store, width: 100, height: 40)
        press(app, "<Enter>jjsx<Enter>")
        #expect(app.render().text.contains("SMART check  not checked: the action is cancelled"))
    }
}
