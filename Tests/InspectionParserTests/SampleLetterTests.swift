import Foundation
import Testing
import ActionPlanModel
@testable import InspectionParser

/// The sample letters shipped in Data/samples import as written.
@Suite struct SampleLetterTests {
    func sample(_ name: String) throws -> Extraction {
        let url = Paths.samples.appendingPathComponent(name)
        return InspectionDocumentParser.parse(text: try String(contentsOf: url, encoding: .utf8), fileName: name)
    }

    @Test func focusedVisitSampleHasTwoPriorityActionsFourImprovementsAndStatedDeadlines() throws {
        let e = try sample("northmoor-focused-visit.txt")
        #expect(e.kind == .focusedVisit)
        #expect(e.authority == "Northmoor")
        #expect(e.count(.priorityAction) == 2 && e.count(.whatNeedsToImprove) == 4, "counts: \(e.countSummary)")
        #expect(e.letterDate == Day(year: 2025, month: 10, day: 14))
        #expect(e.visitDates == [Day(year: 2025, month: 9, day: 16)!, Day(year: 2025, month: 9, day: 17)!])
        #expect(e.inspectors == ["Priya Raman", "Owen Tranter"])
        #expect(Set(e.statedDeadlines.map(\.rule)) == [.workingDays(20), .workingDays(70)])
        #expect(e.findings.last?.text == "The consistency of multi-agency attendance at core group meetings – in particular by health partners.",
                "en dashes are kept")
        #expect(e.findings.contains { $0.text.contains("‘step-down’") }, "curly quotes are kept")
    }

    @Test func ilacsSampleHasFiveImprovementsAndItsJudgementTable() throws {
        let e = try sample("northmoor-ilacs-inspection.txt")
        #expect(e.kind == .ilacsInspection)
        #expect(e.count(.whatNeedsToImprove) == 5, "counts: \(e.countSummary)")
        #expect(e.improvementFindings.count == 5)
        #expect(e.visitDates == [Day(year: 2024, month: 3, day: 4)!, Day(year: 2024, month: 3, day: 15)!])
        #expect(e.inspectors == ["Deborah Quayle"])
        #expect(e.judgements.contains(Judgement(area: "Overall effectiveness", grade: "Requires improvement to be good")))
        #expect(e.judgements.contains(Judgement(area: "The experiences and progress of children in care", grade: "Good")))
        #expect(e.judgements.count == 5)
        #expect(!e.findings.contains { $0.text.contains("Inspection of Northmoor") }, "the running header is furniture")
    }

    @Test func areaSENDSampleHasTwoPriorityActionsAndThreeAreasForImprovement() throws {
        let e = try sample("northmoor-area-send.txt")
        #expect(e.kind == .sendLocalArea)
        #expect(e.authority == "Northmoor")
        #expect(e.count(.priorityAction) == 2 && e.count(.areaForImprovement) == 3, "counts: \(e.countSummary)")
        #expect(e.findings[1].text.hasSuffix("In particular they should: agree a shared plan with clear measures of success; and tell families how long they can expect to wait."),
                "sub-bullets belong to the finding that introduces them")
        #expect(e.inspectors.contains("Samuel Okafor"))
        #expect(!e.findings.contains { $0.text.hasPrefix("Too many children") }, "'need to do better' is narrative")
    }

    @Test func combinedSampleHasSevenAreasForImprovementUnderTimescales() throws {
        let e = try sample("northmoor-safeguarding-and-looked-after-children.txt")
        #expect(e.kind == .slacInspection)
        #expect(e.count(.areaForImprovement) == 7, "counts: \(e.countSummary)")
        #expect(e.count(.immediately) == 1 && e.count(.within3Months) == 3 && e.count(.within6Months) == 3)
        #expect(e.findings.filter { $0.sectionPath.first == "Safeguarding" }.count == 4)
        #expect(e.findings.filter { $0.sectionPath.first == "Looked after children" }.count == 3)
        #expect(e.letterDate == Day(year: 2011, month: 4, day: 21))
        #expect(e.judgements.contains(Judgement(area: "Looked after children › Overall effectiveness", grade: "Grade 2 (good)")))
        #expect(e.findings.contains { $0.text == "Ensure that the Local Safeguarding Children Board receives regular reports on the quality of multi-agency practice." },
                "a finding is whole across a page break with CONFIDENTIAL and a page number")
    }

    @Test func everySampleIsCleanAndHasFindings() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Paths.samples.path).filter { $0.hasSuffix(".txt") }
        #expect(names.count >= 3)
        for name in names {
            let e = try sample(name)
            #expect(e.hasImprovementFindings, "\(name)")
            #expect(e.authority == "Northmoor", "\(name): \(e.authority ?? "no authority")")
            for f in e.findings { CleanFinding.check(f, in: name) }
        }
    }
}
