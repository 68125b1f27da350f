import Foundation
import Testing
import ActionPlanModel
@testable import InspectionParser

/// The structures of such documents, one at a time, on small texts written for the purpose.
@Suite struct StructureTests {
    func parse(_ text: String) -> Extraction { InspectionDocumentParser.parse(text: text, fileName: nil) }

    @Test(arguments: [
        ("Areas for priority action", FindingCategory.priorityAction),
        ("AREAS FOR IMPROVEMENT", .areaForImprovement),
        ("Areas for development:", .areaForDevelopment),
        ("What needs to improve in this area of social work practice?1", .whatNeedsToImprove),
        ("What needs to improve in this area of social work practice:", .whatNeedsToImprove),
        ("What needs to improve?", .whatNeedsToImprove),
        ("What does the local authority need to improve?", .whatNeedsToImprove),
        ("Areas for consideration and improvement", .areaForConsideration),
        ("Suggestions for Improvements", .suggestion),
        ("Recommendations", .recommendation),
        ("4. Areas for improvement", .areaForImprovement),
    ])
    func everyHeadingVariantOpensItsSection(heading: String, category: FindingCategory) {
        let e = parse("Letter\n\n\(heading)\n\n• The quality of plans for children.\n• The timeliness of visits.\n\nMain findings\n\n• Children are seen.\n")
        #expect(e.count(category) == 2, "\(heading): \(e.countSummary)")
        #expect(e.improvementFindings.count == 2)
    }

    @Test func aHeadingSplitOverTwoLinesIsOneHeading() {
        let e = parse("What needs to improve in this area of social work\npractice?\n\n◼ The quality of plans.\n")
        #expect(e.count(.whatNeedsToImprove) == 1)
        #expect(e.findings.first?.sectionPath == ["What needs to improve in this area of social work practice?"])
    }

    @Test func aContentsPageIsNotASection() {
        let text = "Contents\n\nAreas for improvement 8\nRecommendations      12\n\nAbout this inspection\n\n1. The inspection looked at services.\n"
        #expect(parse(text).findings.isEmpty)
    }

    @Test func aContentsPageWithPageNumbersOnTheirOwnLinesIsNotASection() {
        let text = """
            Contents

            The inspection outcomes: safeguarding services
            5
            3. Areas for improvement
            8
            4. Outcomes for children and young people
            9
            Recommendations
            12

            About this inspection

            1. The purpose of the inspection is to evaluate the contribution made by relevant services in the local area towards ensuring that children and young people are properly safeguarded.

            Areas for improvement

            • Improve the plans.
            """
        let e = parse(text)
        #expect(e.findings.map(\.text) == ["Improve the plans."])
        #expect(e.findings.first?.sectionPath == ["Areas for improvement"])
    }

    @Test func aContentsPageEndsAtTheNextPage() {
        let text = "Contents\n\nAbout this inspection\nAreas for improvement\n\u{0C}Areas for improvement\n\n• Improve the plans.\n"
        #expect(parse(text).findings.map(\.text) == ["Improve the plans."])
    }

    @Test func bulletGlyphsOfEveryKindAreRemoved() {
        let glyphs = ["•", "◼", "▪", "■", "●", "-", "–", "\u{F0B7}", "\u{F06E}", "\u{F02D}", "➢", "o", "*", "(a)", "b)", "c."]
        let text = "Areas for improvement\n\n" + glyphs.enumerated().map { "\($0.element) Improve item number \($0.offset) for children." }.joined(separator: "\n") + "\n"
        let e = parse(text)
        #expect(e.improvementFindings.count == glyphs.count, "\(e.findings.map(\.text))")
        for (i, f) in e.improvementFindings.enumerated() { #expect(f.text == "Improve item number \(i) for children.") }
    }

    @Test func numberedItemsAreFindingsWithoutTheirNumbers() {
        let e = parse("Recommendations\n\n1.   Improve the plans.\n2)   Improve the audits.\n17. Improve the website.\n")
        #expect(e.improvementFindings.map(\.text) == ["Improve the plans.", "Improve the audits.", "Improve the website."])
    }

    @Test func aReferenceLikeSDot47AtTheStartOfALineIsNotAListItem() {
        let e = parse("Areas for improvement\n\n• Ensure that enquiries under\ns. 47 are timely.\n")
        #expect(e.improvementFindings.map(\.text) == ["Ensure that enquiries under s. 47 are timely."])
    }

    @Test func wrappedLinesAreJoinedAndLineEndHyphensDecided() {
        let text = """
            Areas for improvement

            • The decision-making of managers, and the assess-
              ment of risk, in the multi-
              agency safeguarding hub, must improve. Decision-
              making is slow.
            • Stockton-on-
              Tees children’s ‘front door’ – the hub – needs more staff.

            """
        let e = parse(text)
        #expect(e.improvementFindings.count == 2)
        #expect(e.findings.first?.text == "The decision-making of managers, and the assessment of risk, in the multi-agency safeguarding hub, must improve. Decision-making is slow.")
        #expect(e.findings.last?.text == "Stockton-on-Tees children’s ‘front door’ – the hub – needs more staff.", "curly quotes and en dashes kept")
    }

    @Test func pageFurnitureInTheMiddleOfAListIsRemoved() {
        var text = ""
        for page in 1...4 {
            text += "Northmoor Inspection of services for children\n\n"
            if page == 2 {
                text += "Areas for improvement\n\n• Improve the timeliness of core group meetings so that\n\n\n\(page)\n\u{0C}CONFIDENTIAL\nPROTECT: INSPECTION\nNorthmoor Inspection of services for children\n\n  plans progress.\n• Improve supervision.\n\n"
            } else {
                text += "Some narrative on page \(page). It goes on.\n\n\n\(page)\n\u{0C}"
            }
        }
        let e = parse(text)
        #expect(e.improvementFindings.map(\.text) == ["Improve the timeliness of core group meetings so that plans progress.", "Improve supervision."])
    }

    @Test func bulletsLostToASpaceAreBulletsButIndentedContinuationsAreNot() {
        let text = """
            Areas for development

             The first point is made here and it goes on to a
            second line. Immediate action was
             taken to review the cases.
              The second point starts after a full stop and is
            indented further.

             The third point follows a blank line.

            Yours sincerely
            """
        let e = parse(text)
        #expect(e.count(.areaForDevelopment) == 3, "\(e.findings.map(\.text))")
        #expect(e.findings.first?.text.hasSuffix("Immediate action was taken to review the cases.") == true)
    }

    @Test func anIntroductionAndAClosingParagraphAreNarrative() {
        let text = """
            Areas for priority action

            The local authority needs to take swift and decisive action to address the following:

            - The identification of risk.
            - The quality of assessments.

            The areas for priority action identified above will be considered at the next inspection.

            Yours sincerely
            """
        let e = parse(text)
        #expect(e.improvementFindings.map(\.text) == ["The identification of risk.", "The quality of assessments."])
    }

    @Test func paragraphFindingsWithoutBulletsAreOneEach() {
        let text = """
            Areas for improvement

            Leaders should improve the quality of annual reviews, so that plans are up to date.

            Leaders should strengthen co-production with parents and carers.

            Local area partnership details
            """
        #expect(parse(text).count(.areaForImprovement) == 2)
    }

    @Test func numberedRecommendationsAcrossSubHeadingsStayInTheSection() {
        let text = """
            What does the local authority need to improve?
            Priority and immediate action

            Leadership, management and governance

            1.   Ensure that the profile of children at risk is analysed.

            Areas for improvement
            Leadership, management and governance

            2.   Prioritise the integration of the front door.

            Quality of social work practice

            3.   Improve management oversight.

            The local authority’s strengths
            4. Leaders are visible.
            """
        let e = parse(text)
        #expect(e.count(.priorityAction) == 1)
        #expect(e.findings.first?.timeframe == .immediately)
        #expect(e.count(.areaForImprovement) == 2)
        #expect(e.findings.first { $0.text.hasPrefix("Improve management") }?.sectionPath
                == ["What does the local authority need to improve?", "Areas for improvement", "Quality of social work practice"])
        #expect(e.findings.last?.category == .strength)
    }

    @Test func numberedNarrativeAfterTheListEndsTheSection() {
        let text = """
            What needs to improve

            ◼ The proportion of children offered a return home interview.

            The experiences and progress of children who need help and protection: good

            1.   Children in need of help benefit from high-quality services.

            2.   Practitioners are skilled.
            """
        #expect(parse(text).improvementFindings.count == 1)
    }

    @Test func timescaleSubHeadingsAndInlineTimescalesSetTheTimeframe() {
        let text = """
            Areas for improvement

            Immediately
             Ensure that ethnicity is recorded.

            Within 3 months
             Revise the corporate parenting strategy.

            Within six months
             Evaluate the workforce strategy.

            Recommendations

            • Review the audit programme (within three months).
            • Improve the website.
            """
        let e = parse(text)
        #expect(e.findings.map(\.timeframe) == [.immediately, .within3Months, .within6Months, .within3Months, Timeframe.none])
        #expect(e.findings[1].sectionPath == ["Areas for improvement", "Within 3 months"])
    }

    @Test func statedDeadlinesAreRead() {
        let e = parse("""
            Dear Ms Marsh

            Areas for priority action

            - Improve things.

            Please submit your action plan to Ofsted by 10 September 2018. You should send a statement of action within seventy working days of receiving this letter.
            """)
        #expect(Set(e.statedDeadlines.map(\.rule)) == [.fixed(Day(year: 2018, month: 9, day: 10)!), .workingDays(70)])
    }

    @Test(arguments: [
        ("This letter summarises the findings of the focused visit on 21 and 22 September 2022.\n\n12 October 2022", ["2022-09-21", "2022-09-22"]),
        ("Inspection dates: 13 to 24 September 2010", ["2010-09-13", "2010-09-24"]),
        ("Inspection dates: 29 April 2019 to 3 May 2019", ["2019-04-29", "2019-05-03"]),
        ("The visit took place on 22 to 23 July 2025.", ["2025-07-22", "2025-07-23"]),
        ("14 October 2025\n\nThe visit was carried out on 3 and 4 September.", ["2025-09-03", "2025-09-04"]),
        ("2 February 2026\n\nThe visit was carried out on 15 and 16 December.", ["2025-12-15", "2025-12-16"]),
    ])
    func visitDatesInEveryForm(text: String, expected: [String]) {
        #expect(parse(text + "\n\nAreas for improvement\n\n• Improve.\n").visitDates.map(\.iso) == expected)
    }

    @Test func crlfAndTabsAreHandled() {
        let e = parse("Areas for improvement\r\n\r\n\t•\tImprove the plans\r\n\t\tfor children.\r\n")
        #expect(e.improvementFindings.map(\.text) == ["Improve the plans for children."])
    }
}

/// Kinds of letter not in the corpus, written from the structure of published ones.
@Suite struct OtherLetterTests {
    @Test func aJointTargetedAreaInspectionLetterIsReadWithItsWrittenStatementDeadline() {
        let text = """
            14 August 2018

            Ms Helen Marsh, Director of Children’s Services, Northmoor Borough Council

            Dear local partners

            Joint targeted area inspection of the multi-agency response to children living with domestic abuse in Northmoor

            Between 11 and 15 June 2018, Ofsted, the Care Quality Commission (CQC), HMI Constabulary and Fire & Rescue Services (HMICFRS) and HMI Probation (HMIP) undertook a joint inspection.

            Headline findings

            Partners in Northmoor work well together.

            Areas for improvement

            • The quality of assessments of risk in the multi-agency safeguarding hub.
            • The understanding of thresholds by health partners.

            Next steps

            The director of children’s services should prepare a written statement of proposed action responding to the findings outlined in this letter. The written statement should be submitted to Ofsted by 23 November 2018.

            Yours sincerely
            """
        let e = InspectionDocumentParser.parse(text: text, fileName: nil)
        #expect(e.kind == .jtai)
        #expect(e.authority == "Northmoor")
        #expect(e.visitDates == [Day(year: 2018, month: 6, day: 11)!, Day(year: 2018, month: 6, day: 15)!])
        #expect(e.count(.areaForImprovement) == 2)
        #expect(e.statedDeadlines.map(\.rule) == [.fixed(Day(year: 2018, month: 11, day: 23)!)])
        #expect(e.statedDeadlines.first?.title == "Written statement of action to Ofsted")
    }

    @Test func aMonitoringVisitLetterWithoutImprovementHeadingsHasNoFindings() {
        let text = """
            20 March 2024

            Dear Ms Marsh

            Monitoring visit to Northmoor children’s services

            This letter summarises the findings of the monitoring visit to Northmoor children’s services on 27 and 28 February 2024.

            Areas covered by the visit

            Inspectors reviewed the progress made for children in care.

            Findings and evaluation of progress

            Leaders have made steady progress since the inspection.
            """
        let e = InspectionDocumentParser.parse(text: text, fileName: nil)
        #expect(e.kind == .monitoringVisit)
        #expect(e.authority == "Northmoor")
        #expect(e.visitDates.map(\.iso) == ["2024-02-27", "2024-02-28"])
        #expect(e.findings.isEmpty)
        #expect(e.warnings.contains("no improvement section found"))
    }
}

/// The joint local area SEND letters (2016–2022) list their areas of significant weakness after
/// a sentence, not a heading.
@Suite struct SignificantWeaknessTests {
    @Test func areasOfSignificantWeaknessAreFoundAfterTheirIntroduction() {
        let text = """
            Joint local area SEND inspection in Northmoor

            Between 4 and 8 March 2019, Ofsted and the Care Quality Commission (CQC) conducted a joint inspection of the local area of Northmoor.

            Main findings

            ◼ Leaders have an accurate understanding of the local area.

            Inspectors have determined that a Written Statement of Action (WSOA) is required because of significant areas of weakness in the local area’s practice. HMCI has also determined that the local authority and the area’s clinical commissioning group are jointly responsible for submitting the written statement to Ofsted. The local area is required to produce and submit a WSOA to Ofsted that explains how the local area will tackle the following areas of significant weakness:

            ◼ the poor quality of education, health and care plans
            ◼ the lack of joint commissioning arrangements.

            Yours sincerely
            """
        let e = InspectionDocumentParser.parse(text: text, fileName: nil)
        #expect(e.kind == .sendLocalArea)
        #expect(e.count(.priorityAction) == 2, "\(e.findings.map(\.text))")
        #expect(e.findings.filter { $0.category == .priorityAction }.map(\.text) == ["the poor quality of education, health and care plans", "the lack of joint commissioning arrangements."])
        #expect(e.findings.first { $0.category == .priorityAction }?.sectionPath == ["Areas of significant weakness"])
    }
}
