import Foundation
import Testing
import ActionPlanModel
@testable import ActionPlanReports

@Suite struct SMARTCheckTests {
    static let today = Day(iso: "2023-03-01")!
    static let created = ScriptedHistory.at("2023-02-20")

    /// An action that breaks no rule.
    static func good() -> Action {
        Action(id: 1, findingId: 1, planId: 1, title: "Audit", owner: "Head of Service", due: Day(iso: "2023-04-28"),
               status: .inProgress, successMeasure: "80% of audits graded good", createdAt: created, updatedAt: created,
               updatedBy: "x")
    }

    func rules(_ action: Action, note: Note? = nil) -> [SMARTRule] {
        SMARTCheck.flags(for: action, latestNote: note, today: Self.today).map(\.rule)
    }

    @Test func aWellFormedActionHasNoFlags() { #expect(rules(Self.good()) == []) }

    @Test func noOwner() {
        var a = Self.good(); a.owner = "  "
        #expect(rules(a) == [.noOwner])
    }

    @Test func noDueDateOnlyWhenOpen() {
        var a = Self.good(); a.due = nil
        #expect(rules(a) == [.noDueDate])
        a.status = .complete; a.evidence = "Report"
        #expect(rules(a) == [])
    }

    @Test func provisionalDueDate() {
        var a = Self.good(); a.dueProvisional = true
        #expect(rules(a) == [.provisionalDueDate])
    }

    @Test func noSuccessMeasure() {
        var a = Self.good(); a.successMeasure = nil
        #expect(rules(a) == [.noSuccessMeasure])
    }

    @Test(arguments: ["Improved practice", "Better oversight of decisions", "Staff feel supported"])
    func measureWithoutNumberOrTarget(_ measure: String) {
        var a = Self.good(); a.successMeasure = measure
        #expect(rules(a) == [.measureNotMeasurable])
    }

    @Test(arguments: ["95% within 15 working days", "All children seen alone", "At least ten audits a month",
                      "Every plan reviewed", "Target: fewer than 5 late reviews", "Twenty managers trained", "90 per cent"])
    func measurableMeasures(_ measure: String) {
        #expect(SMARTCheck.isMeasurable(measure))
    }

    @Test func completeWithoutEvidence() {
        var a = Self.good(); a.status = .complete
        #expect(rules(a) == [.completeWithoutEvidence])
        a.evidence = "Audit report, March 2023"
        #expect(rules(a) == [])
    }

    @Test func staleAfterMoreThan31DaysWithoutANote() {
        var a = Self.good()
        a.createdAt = ScriptedHistory.at("2023-01-01")
        let note = { (day: String) in Note(id: 1, actionId: 1, author: "x", day: Day(iso: day)!, createdAt: ScriptedHistory.at(day), text: "n") }
        #expect(rules(a) == [.stale], "created 59 days ago, never noted")
        #expect(rules(a, note: note("2023-01-29")) == [], "31 days since the last note is not more than 31")
        #expect(rules(a, note: note("2023-01-28")) == [.stale], "32 days since the last note")
        a.status = .complete; a.evidence = "e"
        #expect(rules(a) == [], "only open actions go stale")
    }

    @Test func reprogrammedMoreThanOnce() {
        var a = Self.good(); a.reprogramCount = 1; a.originalDue = Day(iso: "2023-03-31")
        #expect(rules(a) == [])
        a.reprogramCount = 2
        let flags = SMARTCheck.flags(for: a, latestNote: nil, today: Self.today)
        #expect(flags.map(\.rule) == [.reprogrammedRepeatedly])
        #expect(flags.first?.reason == "target date moved 2 times (first 2023-03-31, now 2023-04-28)")
    }

    @Test func cancelledActionsAreNotChecked() {
        var a = Self.good(); a.status = .cancelled; a.owner = nil; a.successMeasure = nil
        #expect(rules(a) == [])
    }

    @Test func findingWithoutActionAndFlagsCarryIdsAndOneLineReasons() {
        let report = SMARTCheck.run(Fixture.history(through: Fixture.asOf).snapshot(), today: Fixture.asOf, timeZone: Fixture.utc)
        let plan1 = report.plans[0].flags
        let findings = plan1.filter { $0.rule == .findingWithoutAction }
        #expect(findings.map(\.findingRef) == ["P3", "W3"])
        #expect(findings.allSatisfy { $0.actionId == nil })
        #expect(!plan1.contains { $0.findingRef == "G1" }, "a strength needs no action")
        for flag in report.plans.flatMap(\.flags) {
            #expect(!flag.reason.contains("\n"), "reason is one line: \(flag.reason)")
        }
        #expect(report.countsByPlan[1] == plan1.count)
        #expect(!report.isClean)
    }

    @Test func everyRuleIdIsKebabCase() {
        for rule in SMARTRule.allCases {
            #expect(rule.rawValue.allSatisfy { $0.isLowercase || $0 == "-" }, "\(rule.rawValue)")
        }
    }
}
