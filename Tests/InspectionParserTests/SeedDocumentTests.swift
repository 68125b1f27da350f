import Foundation
import Testing
import ActionPlanModel
@testable import InspectionParser

/// The five seed documents of PRODUCT.md are extracted exactly.
@Suite struct SeedDocumentTests {
    @Test func unannouncedInspection000FindsTwoPriorityActionsAndEightAreasForDevelopment() throws {
        let (name, text) = try Paths.seed("000_")
        let e = InspectionDocumentParser.parse(text: text, fileName: name)
        #expect(e.kind == .unannouncedInspection)
        #expect(e.count(.priorityAction) == 2, "counts: \(e.countSummary)")
        #expect(e.count(.areaForDevelopment) == 8, "counts: \(e.countSummary)")
        #expect(e.improvementFindings.count == 10)
        #expect(e.count(.strength) >= 2, "the two strengths are kept as context")
        #expect(e.letterDate == Day(year: 2010, month: 1, day: 29))
        #expect(e.visitDates == [Day(year: 2010, month: 1, day: 5)!, Day(year: 2010, month: 1, day: 6)!])
        #expect(e.authority == "Stockton-on-Tees")
        #expect(e.inspectors == ["Mary Varley"])
        let p1 = try #require(e.findings.first { $0.ref == "P1" })
        #expect(p1.text.hasPrefix("In a significant proportion of cases examined"))
        #expect(p1.text.contains("Immediate action was taken to review each case"), "a continuation line that starts with a space is joined")
        #expect(p1.sectionPath == ["Areas for priority action"])
        #expect(e.improvementFindings.allSatisfy { $0.timeframe == Timeframe.none })
    }

    @Test func focusedVisit001FindsPriorityActionsWhatNeedsToImproveAndStatedDeadlines() throws {
        let (name, text) = try Paths.seed("001_")
        let e = InspectionDocumentParser.parse(text: text, fileName: name)
        #expect(e.kind == .focusedVisit)
        #expect(e.count(.priorityAction) == 3, "counts: \(e.countSummary)")
        #expect(e.count(.whatNeedsToImprove) == 5, "counts: \(e.countSummary)")
        #expect(e.improvementFindings.count == 8)
        #expect(e.letterDate == Day(year: 2022, month: 10, day: 26))
        #expect(e.visitDates == [Day(year: 2022, month: 9, day: 21)!, Day(year: 2022, month: 9, day: 22)!])
        #expect(e.authority == "Stockton-on-Tees")
        #expect(e.inspectors == ["Jo Warburton", "Victoria Horsefield"])
        #expect(e.findings.first?.text == "The identification and screening of risk and need.", "the introduction is narrative, not a finding")
        #expect(e.findings.last?.sectionPath == ["What needs to improve in this area of social work practice?"])
        #expect(Set(e.statedDeadlines.map(\.rule)) == [.workingDays(20), .workingDays(70)])
    }

    @Test func focusedVisit001MilestonesAreDueOn23November2022And6February2023() throws {
        let (name, text) = try Paths.seed("001_")
        let e = InspectionDocumentParser.parse(text: text, fileName: name)
        let draft = try Shipped.planner().draft(for: e, fallbackDate: Day(year: 2030, month: 1, day: 1)!, createdAt: Date(timeIntervalSince1970: 0), createdBy: "test")
        #expect(draft.plan.received == Day(year: 2022, month: 10, day: 26), "received defaults to the letter date")
        let draftMilestone = try #require(draft.milestones.first { $0.title.lowercased().contains("draft") })
        let finalMilestone = try #require(draft.milestones.first { !$0.title.lowercased().contains("draft") })
        #expect(draftMilestone.due == Day(year: 2022, month: 11, day: 23))
        #expect(draftMilestone.rule == .workingDays(20))
        #expect(finalMilestone.due == Day(year: 2023, month: 2, day: 6))
        #expect(finalMilestone.rule == .workingDays(70))
        #expect(draft.milestones.count == 2)
    }

    @Test func peerReview002FindsNineSuggestionsAndTwentyNineAreasForConsiderationInFiveSections() throws {
        let (name, text) = try Paths.seed("002_")
        let e = InspectionDocumentParser.parse(text: text, fileName: name)
        #expect(e.kind == .peerReview)
        #expect(e.count(.suggestion) == 9, "counts: \(e.countSummary)")
        #expect(e.count(.areaForConsideration) == 29, "counts: \(e.countSummary)")
        #expect(e.improvementFindings.count == 38)
        #expect(e.letterDate == Day(year: 2014, month: 5, day: 12))
        let sections = e.findings.filter { $0.category == .areaForConsideration }.map { $0.sectionPath.first ?? "" }
        var distinct: [String] = []
        for s in sections where !distinct.contains(s) { distinct.append(s) }
        #expect(distinct.count == 5, "five numbered findings sections: \(distinct)")
        #expect(distinct.first == "Contact and Referral Process")
        #expect(distinct.map { _ in 1 }.count == 5)
        let perSection = distinct.map { s in sections.filter { $0 == s }.count }
        #expect(perSection == [4, 11, 5, 5, 4])
        // A bullet broken by blank lines (a page break) is one finding.
        #expect(e.findings.contains { $0.text == "Children who are suffering from neglect would benefit from a more structured model of response to assess parenting and the impact of intervention" })
        #expect(e.count(.strength) > 0, "areas of strength are kept as context")
        #expect(!e.findings.contains { $0.text.contains("http") }, "the footnote link repeated as page furniture is removed")
    }

    @Test func unannouncedInspection003FindsFourAreasForDevelopmentAndKeepsRequirementsMetAsStrengths() throws {
        let (name, text) = try Paths.seed("003_")
        let e = InspectionDocumentParser.parse(text: text, fileName: name)
        #expect(e.kind == .unannouncedInspection)
        #expect(e.count(.areaForDevelopment) == 4, "counts: \(e.countSummary)")
        #expect(e.improvementFindings.count == 4)
        #expect(e.letterDate == Day(year: 2010, month: 10, day: 13))
        #expect(e.visitDates == [Day(year: 2010, month: 9, day: 14)!, Day(year: 2010, month: 9, day: 15)!])
        #expect(e.authority == "Middlesbrough Borough Council")
        #expect(e.inspectors == ["Gary Lamb"])
        let strengths = e.findings.filter { $0.category == .strength }
        #expect(strengths.contains { $0.text.hasPrefix("The threshold for access to the child protection service") }, "requirements met are strengths")
        #expect(strengths.contains { $0.text.hasPrefix("Assessments examined by inspectors") }, "a bullet lost to a space is a bullet")
        #expect(strengths.contains { $0.text.hasSuffix("in performance clinics to make management decisions on service priorities and the use of resources.") })
    }

    @Test func combinedInspection004FindsTenAreasForImprovementUnderTimescales() throws {
        let (name, text) = try Paths.seed("004_")
        let e = InspectionDocumentParser.parse(text: text, fileName: name)
        #expect(e.kind == .slacInspection)
        #expect(e.count(.areaForImprovement) == 10, "counts: \(e.countSummary)")
        #expect(e.improvementFindings.count == 10)
        #expect(e.count(.immediately) == 1)
        #expect(e.count(.within3Months) == 5)
        #expect(e.count(.within6Months) == 4)
        #expect(e.letterDate == Day(year: 2010, month: 10, day: 22))
        #expect(e.visitDates == [Day(year: 2010, month: 9, day: 13)!, Day(year: 2010, month: 9, day: 24)!])
        #expect(e.authority == "Stockton-on-Tees")
        #expect(e.inspectors == ["Martin Ayres"])
        let safeguarding = e.findings.filter { $0.sectionPath.first == "Safeguarding" }
        let lookedAfter = e.findings.filter { $0.sectionPath.first == "Looked after children" }
        #expect(safeguarding.count == 4)
        #expect(lookedAfter.count == 6)
        #expect(lookedAfter.first?.sectionPath == ["Looked after children", "Areas for improvement", "Immediately"])
        #expect(e.judgements.contains(Judgement(area: "Safeguarding › Overall effectiveness", grade: "Grade 3 (adequate)")))
        #expect(e.judgements.contains(Judgement(area: "Looked after children › Overall effectiveness", grade: "Grade 2 (good)")))
        #expect(!e.findings.contains { $0.text.hasPrefix("In order to improve") }, "the numbered introduction is narrative")
    }

    @Test func everySeedFindingIsCleanAndUnique() throws {
        for prefix in ["000_", "001_", "002_", "003_", "004_"] {
            let (name, text) = try Paths.seed(prefix)
            let e = InspectionDocumentParser.parse(text: text, fileName: name)
            for f in e.findings { CleanFinding.check(f, in: name) }
            #expect(Set(e.findings.map(\.text)).count == e.findings.count, "\(name): duplicate findings")
            let refs = e.findings.map(\.ref)
            #expect(Set(refs).count == refs.count, "\(name): duplicate refs")
        }
    }
}

/// The checks every finding must pass: not empty, no page furniture, no bullet glyph, not a heading.
enum CleanFinding {
    static let glyphs: [Character] = ["\u{2022}", "\u{25FC}", "\u{25AA}", "\u{25A0}", "\u{25CF}", "\u{25E6}", "\u{F0B7}", "\u{F06E}", "\u{F02D}", "\u{F0A7}"]

    static func check(_ f: ExtractedFinding, in file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let t = f.text
        #expect(!t.trimmingCharacters(in: .whitespaces).isEmpty, "\(file) \(f.ref): empty finding", sourceLocation: sourceLocation)
        #expect(t == t.trimmingCharacters(in: .whitespacesAndNewlines), "\(file) \(f.ref): untrimmed", sourceLocation: sourceLocation)
        #expect(!t.contains("  ") && !t.contains("\n") && !t.contains("\u{0C}"), "\(file) \(f.ref): layout left in \(t)", sourceLocation: sourceLocation)
        #expect(!t.unicodeScalars.contains { (0xE000...0xF8FF).contains($0.value) }, "\(file) \(f.ref): private-use glyph in \(t)", sourceLocation: sourceLocation)
        if let first = t.first { #expect(!glyphs.contains(first) && first != "-" && first != "–", "\(file) \(f.ref): starts with a bullet: \(t)", sourceLocation: sourceLocation) }
        for g in glyphs { #expect(!t.contains(g), "\(file) \(f.ref): bullet glyph \(g) in \(t)", sourceLocation: sourceLocation) }
        let lower = t.lowercased()
        for furniture in ["confidential", "protect: inspection", "inspection report:", "crown copyright", "page "] {
            if furniture == "page " {
                #expect(t.range(of: #"\bPage [0-9]+ of [0-9]+"#, options: .regularExpression) == nil, "\(file) \(f.ref): page number in \(t)", sourceLocation: sourceLocation)
            } else if furniture == "confidential" {
                #expect(!t.contains("CONFIDENTIAL"), "\(file) \(f.ref): marking in \(t)", sourceLocation: sourceLocation)
            } else {
                #expect(!lower.contains(furniture), "\(file) \(f.ref): furniture '\(furniture)' in \(t)", sourceLocation: sourceLocation)
            }
        }
        // A heading swallowed into a finding.
        for heading in ["Areas for priority action", "Areas for improvement", "Areas for development", "What needs to improve",
                        "Main findings", "Recommendations", "Areas of Strength", "Within three months", "Within six months"] {
            #expect(!t.hasPrefix(heading + " ") && !t.hasSuffix(" " + heading) && t != heading, "\(file) \(f.ref): heading in \(t)", sourceLocation: sourceLocation)
        }
        #expect(t.range(of: #"[A-Za-z]{3,}- [a-z]"#, options: .regularExpression) == nil || t.contains(" and ") || t.contains(" or "),
                "\(file) \(f.ref): a line-end hyphen left with a space after it in \(t)", sourceLocation: sourceLocation)
    }
}
