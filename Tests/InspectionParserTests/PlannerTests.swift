import Foundation
import Testing
import ActionPlanModel
@testable import InspectionParser

/// The planner turns an extraction into a plan draft with deadlines from the shipped defaults.
@Suite struct PlannerTests {
    let epoch = Date(timeIntervalSince1970: 0)
    let farFuture = Day(year: 2099, month: 1, day: 1)!

    @Test func theShippedDefaultsFileParses() throws {
        let d = try Shipped.defaults()
        for c in FindingCategory.allCases where c.isImprovement { #expect(d.categoryDefaults[c] != nil, "\(c.rawValue)") }
        #expect(d.milestones.contains { $0.kinds.contains(.focusedVisit) && $0.rule == .workingDays(20) })
        #expect(d.milestones.contains { $0.kinds.contains(.ilacsInspection) && $0.rule == .workingDays(70) })
    }

    @Test func badDefaultsFilesAreRefusedWithAMessage() {
        let cases: [(String, String)] = [
            ("{}", "category_defaults"),
            ("not json", "not valid JSON"),
            (#"{"category_defaults": {"priority_action": "soon"}}"#, "priority_action"),
            (#"{"category_defaults": {"strength": "m:3"}}"#, "strength"),
            (#"{"category_defaults": {"priority_action": "m:3", "area_for_development": "m:6", "area_for_improvement": "m:6", "what_needs_to_improve": "m:6", "area_for_consideration": "m:6", "suggestion": "m:6"}}"#, "recommendation"),
            (#"{"category_defaults": {"priority_action": "m:3", "area_for_development": "m:6", "area_for_improvement": "m:6", "what_needs_to_improve": "m:6", "area_for_consideration": "m:6", "suggestion": "m:6", "recommendation": "m:6"}, "milestones": [{"kinds": ["letter"], "title": "x", "rule": "wd:20"}]}"#, "letter"),
        ]
        for (json, mentions) in cases {
            do {
                _ = try ImportDefaults.parse(Data(json.utf8))
                Issue.record("accepted \(json)")
            } catch {
                #expect(error.message.contains(mentions), "message '\(error.message)' should mention \(mentions)")
            }
        }
    }

    @Test func timescalesGiveFirmDueDatesAndCategoryDefaultsProvisionalOnes() throws {
        let (name, text) = try Paths.seed("004_")
        let e = InspectionDocumentParser.parse(text: text, fileName: name)
        let received = Day(year: 2010, month: 10, day: 25)!
        let draft = try Shipped.planner().draft(for: e, received: received, fallbackDate: farFuture, createdAt: epoch, createdBy: "test")
        #expect(draft.plan.received == received)
        for f in draft.findings {
            let action = try #require(f.actions.first, "\(f.finding.ref) has an action")
            #expect(f.actions.count == 1)
            #expect(action.dueProvisional == false)
            switch f.finding.timeframe {
            case .immediately: #expect(action.due == received && action.dueRule == .immediately)
            case .within3Months: #expect(action.due == Day(year: 2011, month: 1, day: 25) && action.dueRule == .months(3))
            // 25 April 2011 is Easter Monday and 22 April Good Friday: brought back to Thursday 21 April.
            case .within6Months: #expect(action.due == Day(year: 2011, month: 4, day: 21) && action.dueRule == .months(6))
            case .none: Issue.record("\(f.finding.ref) has no timescale")
            }
        }
        // An inspection report with improvement findings and no stated deadline: final plan in 70 working days.
        #expect(draft.milestones.map(\.rule) == [.workingDays(70)])
    }

    @Test func findingsWithoutATimescaleGetTheirCategoryDefaultMarkedProvisional() throws {
        let (name, text) = try Paths.seed("000_")
        let e = InspectionDocumentParser.parse(text: text, fileName: name)
        let draft = try Shipped.planner().draft(for: e, fallbackDate: farFuture, createdAt: epoch, createdBy: "test")
        #expect(draft.plan.received == Day(year: 2010, month: 1, day: 29), "received defaults to the letter date")
        let priority = try #require(draft.findings.first { $0.finding.category == .priorityAction }?.actions.first)
        #expect(priority.dueProvisional)
        #expect(priority.dueRule == .months(3))
        #expect(priority.due == Day(year: 2010, month: 4, day: 29))
        let strengths = draft.findings.filter { $0.finding.category == .strength }
        #expect(!strengths.isEmpty && strengths.allSatisfy { $0.actions.isEmpty }, "strengths are context, without actions")
        #expect(draft.findings.filter { !$0.actions.isEmpty }.count == 10, "one action per improvement finding")
        #expect(draft.milestones.isEmpty, "an unannounced inspection letter has no default milestones")
    }

    @Test func aKindOverrideChangesTheMilestones() throws {
        let (name, text) = try Paths.seed("000_")
        let e = InspectionDocumentParser.parse(text: text, fileName: name)
        let draft = try Shipped.planner().draft(for: e, kind: .focusedVisit, fallbackDate: farFuture, createdAt: epoch, createdBy: "test")
        #expect(draft.plan.kind == .focusedVisit)
        #expect(draft.milestones.map(\.rule) == [.workingDays(20), .workingDays(70)], "a focused visit with priority actions")
    }

    @Test func actionTitlesAreTheFirstSentenceCutAtAWord() {
        #expect(ImportPlanner.actionTitle("The quality of plans. Managers do not check them.", maxLength: 100) == "The quality of plans")
        let long = ImportPlanner.actionTitle(String(repeating: "word ", count: 60), maxLength: 40)
        #expect(long.count <= 40 && long.hasSuffix("…"))
        #expect(!long.contains("  "))
    }

    @Test func theDryRunReportHoldsTheLetterAndThePlan() throws {
        let (name, text) = try Paths.seed("001_")
        let e = InspectionDocumentParser.parse(text: text, fileName: name)
        let draft = try Shipped.planner().draft(for: e, fallbackDate: farFuture, createdAt: epoch, createdBy: "test")
        let doc = DryRunReport.Document(extraction: e, draft: draft, file: name)
        #expect(doc.file == name)
        #expect(doc.kind == .focusedVisit)
        #expect(doc.extraction.letterDate == Day(iso: "2022-10-26") && doc.received == Day(iso: "2022-10-26"))
        #expect(doc.extraction.visitDates == [Day(iso: "2022-09-21")!, Day(iso: "2022-09-22")!])
        #expect(Set(doc.draft.milestones.compactMap(\.due)) == [Day(iso: "2022-11-23")!, Day(iso: "2023-02-06")!])
        #expect(Set(doc.draft.milestones.compactMap { $0.rule?.code }) == ["wd:20", "wd:70"])
        #expect(doc.draft.findings.count == 8)
        let first = try #require(doc.draft.findings.first)
        #expect(first.finding.category == .priorityAction && first.finding.timeframe == .none)
        #expect(first.actions.first?.dueProvisional == true)
        #expect(first.actions.first?.due == Day(iso: "2023-01-26"))
        #expect(doc.counts["priority_action"] == 3)
    }

    @Test func missingDatesAreNilInTheReport() {
        let e = InspectionDocumentParser.parse(text: "Areas for improvement\n\n• Improve the plans.\n", fileName: nil)
        #expect(e.letterDate == nil)
        let planner = ImportPlanner(defaults: ImportDefaults(categoryDefaults: [.areaForImprovement: .months(6)], milestones: []),
                                    calendar: Shipped.calendar)
        let draft = planner.draft(for: e, fallbackDate: Day(year: 2026, month: 1, day: 5)!, createdAt: epoch, createdBy: "test")
        let doc = DryRunReport.Document(extraction: e, draft: draft)
        #expect(doc.extraction.letterDate == nil && doc.file == nil)
        // Nothing says when the clock starts: no received date and no due dates, and a warning.
        #expect(doc.received == nil, "a document without a date and no date received given has no received date")
        #expect(doc.draft.findings.flatMap(\.actions).allSatisfy { $0.due == nil })
        #expect(doc.draft.milestones.allSatisfy { $0.due == nil })
        #expect(e.warnings.contains(Metadata.noDateWarning))
        let given = Day(year: 2026, month: 1, day: 5)!
        let dated = planner.draft(for: e, received: given, fallbackDate: given, createdAt: epoch, createdBy: "test")
        let givenDoc = DryRunReport.Document(extraction: e, draft: dated, receivedGiven: given)
        #expect(givenDoc.received == given, "the date received given is the one deadlines count from")
        #expect(givenDoc.draft.findings.flatMap(\.actions).allSatisfy { $0.due != nil })
    }
}
