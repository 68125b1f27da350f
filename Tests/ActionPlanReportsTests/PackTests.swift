import Foundation
import Testing
import ActionPlanModel
@testable import ActionPlanReports

/// The board pack (Markdown and HTML): a cover, the action register, each owner's actions,
/// the milestones, the SMART warnings and the inspection's judgements.
@Suite struct PackTests {
    static let asOf = Day(iso: "2023-01-16")!
    static let at = Date(timeIntervalSince1970: 1_666_947_600)   // 2022-10-28 09:00 UTC
    static let owners = ["Head of Service", "Service Manager, MASH", "Principal Social Worker", "Head of Performance"]

    /// A plan of 10 findings with 4 actions each, every action with an older and a newer note.
    static func largePlan() -> ReportSnapshot {
        var plan = Plan(id: 1, title: "Inspection of Northmoor children's services", authority: "Northmoor", kind: .ilacsInspection,
                        letterDate: Day(iso: "2022-10-26"), received: Day(iso: "2022-10-27")!, inspectors: ["Jo Inspector", "Sam Lead"],
                        createdAt: at, createdBy: "qa")
        plan.judgements = [Judgement(area: "Overall effectiveness", grade: "Requires improvement to be good"),
                           Judgement(area: "The experiences and progress of children in care", grade: "Good")]
        var findings: [Finding] = []
        var actions: [Action] = []
        var notes: [Note] = []
        for f in 1...10 {
            findings.append(Finding(id: Int64(f), planId: 1, ref: "R\(f)", category: .recommendation, sectionPath: ["Recommendations"],
                                    text: "Finding number \(f) about practice.", position: f,
                                    subItems: f == 1 ? ["first sub-item", "second <sub> item"] : []))
            for n in 1...4 {
                let id = Int64((f - 1) * 4 + n)
                actions.append(Action(id: id, findingId: Int64(f), planId: 1, title: "Action \(id) for finding \(f)",
                                      owner: owners[n - 1], due: Day(iso: "2023-0\(n + 1)-1\(n)"),
                                      status: n == 4 ? .complete : .inProgress,
                                      ragOverride: id == 7 ? .amber : nil, ragReason: id == 7 ? "Trainer off sick" : nil,
                                      successMeasure: "Measure \(id): 90% of cases", evidence: "Audit",
                                      createdAt: at, updatedAt: at, updatedBy: "qa", ref: "R\(f).\(n)"))
                notes.append(Note(id: id * 2 - 1, actionId: id, author: "writer\(id)", day: Day(iso: "2022-12-01")!, createdAt: at,
                                  text: "Older note \(id)."))
                notes.append(Note(id: id * 2, actionId: id, author: "writer\(id)", day: Day(iso: "2023-01-0\(n + 1)")!, createdAt: at,
                                  text: "Latest note \(id)."))
            }
        }
        findings.append(Finding(id: 11, planId: 1, ref: "R11", category: .recommendation, text: "A finding with no action yet.", position: 11))
        findings.append(Finding(id: 12, planId: 1, ref: "S1", category: .strength, text: "A strength.", position: 12))
        return ReportSnapshot(plans: [plan], milestones: [Milestone(id: 1, planId: 1, title: "Final action plan to Ofsted",
                                                                   due: Day(iso: "2023-02-07"), rule: .workingDays(70))],
                              findings: findings, actions: actions, notes: notes)
    }

    static func summary(owner: String? = nil) -> ProgressSummary {
        ProgressSummary(snapshot: largePlan(), calendar: Fixture.calendar,
                        options: ReportOptions(asOf: asOf, owner: owner, timeZone: Fixture.utc, generatedAt: Fixture.generatedAt))
    }

    /// The text from a heading to the next heading of the same level, or the end.
    static func part(_ text: String, from start: String, to end: String?) -> String {
        guard let range = text.range(of: start) else { return "" }
        let rest = text[range.upperBound...]
        guard let end, let stop = rest.range(of: end) else { return String(rest) }
        return String(rest[..<stop.lowerBound])
    }

    @Test func aFortyActionPlanShowsEveryActionInTheRegisterWithItsLatestNoteOnly() {
        let md = Self.part(MarkdownReport.render(Self.summary()), from: "### Action register", to: "### Actions by owner")
        let html = Self.part(HTMLReport.render(Self.summary()), from: "<section class=\"part register\"", to: "</section>")
        for id in 1...40 {
            for (format, text) in [("md", md), ("html", html)] {
                #expect(text.contains("Action \(id) for finding"), "\(format): action \(id) is missing from the register")
                #expect(text.contains("Latest note \(id)."), "\(format): action \(id)'s latest note is missing")
                #expect(text.contains("writer\(id)"), "\(format): action \(id)'s note has no author")
                #expect(!text.contains("Older note \(id)."), "\(format): an older note of action \(id) is shown")
                #expect(text.contains("Measure \(id): 90% of cases"), "\(format): action \(id)'s success measure is missing")
            }
        }
        #expect(md.components(separatedBy: "- Latest note: ").count - 1 == 40)
        #expect(html.components(separatedBy: "<div class=\"measure\">").count - 1 == 40)
    }

    @Test func theRegisterGroupsByFindingWithItsTextSubItemsAndAFindingWithNoAction() {
        let plan = Self.summary().plans[0]
        #expect(plan.register.map(\.finding.ref) == (1...11).map { "R\($0)" }, "every improvement finding, none of the strengths")
        #expect(plan.register.last?.actions.isEmpty == true)
        let md = MarkdownReport.render(Self.summary())
        #expect(md.contains("#### R1 · Recommendation\n\nSection: Recommendations\n\nFinding number 1 about practice.\n\n- first sub-item\n- second \\<sub\\> item\n"))
        #expect(md.contains("#### R11 · Recommendation\n\nA finding with no action yet.\n\nNo action.\n"))
        let html = HTMLReport.render(Self.summary())
        #expect(html.contains("<ul><li>first sub-item</li><li>second &lt;sub&gt; item</li></ul>"))
        #expect(HTMLInspector.inspect(html).error == nil)
    }

    @Test func theRegisterGivesOwnerDueStandingStatusAndAHandSetColourWithItsMarkAndReason() {
        let md = MarkdownReport.render(Self.summary())
        #expect(md.contains("**R2.3** Action 7 for finding 2\n\n- Owner: Principal Social Worker\n- Due: 2023-04-13, in 61 wd\n- Status: In progress · Colour: Amber\\* (Trainer off sick)\n"))
        #expect(md.contains("- Due: 2023-05-14\n- Status: Complete · Colour: Blue\n"), "a complete action has no standing")
        let html = HTMLReport.render(Self.summary())
        #expect(html.contains("<span class=\"rag rag-amber\">Amber</span>* <small>(Trainer off sick)</small>"))
    }

    @Test func eachOwnerHasASectionWithTheirActions() {
        let plan = Self.summary().plans[0]
        #expect(plan.owners.map(\.owner) == ["Head of Performance", "Head of Service", "Principal Social Worker", "Service Manager, MASH"])
        #expect(plan.owners.allSatisfy { $0.actions.count == 10 })
        let md = Self.part(MarkdownReport.render(Self.summary()), from: "#### Head of Performance", to: "#### Head of Service")
        #expect(md.hasPrefix("\n\n0 open, 0 overdue, 10 complete\n\n- R1.4 Action 4 for finding 1 · due 2023-05-14 · Complete · Blue\n"))
        let html = HTMLReport.render(Self.summary())
        #expect(html.contains("<h4>Service Manager, MASH</h4>\n<p>10 open, 0 overdue, 0 complete</p>"))
    }

    @Test func theSMARTWarningsAreThoseOfTheCheckWordForWord() {
        let plan = Self.summary().plans[0]
        let check = SMARTCheck.run(Self.largePlan(), today: Self.asOf, timeZone: Fixture.utc)
        #expect(plan.smartFlags == check.plans[0].flags)
        #expect(!plan.smartFlags.isEmpty, "R11 has no action")
        let md = MarkdownReport.render(Self.summary())
        for flag in plan.smartFlags { #expect(md.contains("- " + MarkdownReport.escape(flag.text) + "\n")) }
        let html = HTMLReport.render(Self.summary())
        for flag in plan.smartFlags { #expect(html.contains("<li>\(HTMLReport.esc(flag.text))</li>")) }
    }

    @Test func oneOwnersPackKeepsTheirActionsAndTheirFlags() {
        let plan = Self.summary(owner: "head of service").plans[0]
        #expect(plan.register.map(\.finding.ref) == (1...10).map { "R\($0)" }, "no finding without that owner's actions")
        #expect(plan.register.allSatisfy { $0.actions.map(\.action.owner) == ["Head of Service"] })
        let ids = Set(plan.actions.map(\.action.id))
        #expect(plan.smartFlags.allSatisfy { $0.actionId.map(ids.contains) ?? true })
    }

    @Test func theCoverNamesTheAuthorityThePlanAndTheDateAndTheInspectionIsShown() {
        let md = MarkdownReport.render(Self.summary())
        #expect(md.hasPrefix("# Action plan progress as of 16 January 2023\n\nImprovement board pack for Northmoor\n\n- Plan 1: Inspection of Northmoor children's services\n- As of: 16 January 2023\n"))
        #expect(md.contains("- Inspectors: Jo Inspector, Sam Lead\n- Judgements:\n  - Overall effectiveness: Requires improvement to be good\n"))
        let html = HTMLReport.render(Self.summary())
        #expect(html.contains("<dt>Authority</dt><dd>Northmoor</dd>\n<dt>Plan 1</dt><dd>Inspection of Northmoor children&#39;s services</dd>\n<dt>As of</dt><dd>16 January 2023</dd>"))
        #expect(html.contains("<tr><td>The experiences and progress of children in care</td><td>Good</td></tr>"))
        #expect(html.contains("<tr><td>Final action plan to Ofsted</td><td>2023-02-07</td><td>in 16 wd</td>"), "the milestone's one wording")
    }

    @Test func textFromTheDocumentCannotBecomeMarkupOrReachATerminalAsAControl() {
        var snapshot = Self.largePlan()
        snapshot.plans[0].judgements = [Judgement(area: "<script>alert(1)</script>", grade: "Good\u{1B}[2J")]
        snapshot.plans[0].inspectors = ["<img src=x onerror=alert(2)>"]
        snapshot.findings[0].subItems = ["\u{1B}]0;title\u{07}<b>bold</b>"]
        let summary = ProgressSummary(snapshot: snapshot, calendar: Fixture.calendar,
                                      options: ReportOptions(asOf: Self.asOf, timeZone: Fixture.utc, generatedAt: Fixture.generatedAt))
        let html = HTMLReport.render(summary)
        let page = HTMLInspector.inspect(html)
        #expect(page.error == nil)
        #expect(!page.elements.contains("script") && !page.elements.contains("img") && !page.elements.contains("b"))
        #expect(!html.unicodeScalars.contains("\u{1B}"))
        let md = MarkdownReport.render(summary)
        #expect(!md.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no control character in the Markdown")
        #expect(md.contains("Good\\x1b\\[2J"))
    }
}
