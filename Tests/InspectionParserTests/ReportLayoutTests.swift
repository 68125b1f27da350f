import Foundation
import Testing
import ActionPlanModel
@testable import InspectionParser

/// The layouts of issue 16, each on real reports of ../shared/corpus and ../shared/corpus-extra
/// (and, where the wording matters more than the layout, on short texts in the reports' words).
@Suite struct ReportLayoutTests {
    func document(_ file: String) throws -> CorpusDocument {
        try #require(try corpusDocuments.get().first { $0.file == file }, "\(file) is not in shared/corpus or shared/corpus-extra")
    }

    func priority(_ file: String) throws -> [ExtractedFinding] {
        try document(file).extraction.findings.filter { $0.category == .priorityAction }
    }

    // MARK: 1. Area SEND "Responsible body | Areas for priority action" tables

    /// A table header as printed: the left-hand heading, a gap, the right-hand heading.
    static func hasResponsibleBodyTable(_ text: String) -> Bool {
        text.range(of: #"(?m)^ *Responsible body {3,}Areas for priority action *$"#, options: .regularExpression) != nil
    }

    @Test func everyRowOfAResponsibleBodyTableIsOneFindingWithItsBodyAsOwner() throws {
        let tables = try corpusDocuments.get().filter { Self.hasResponsibleBodyTable($0.text) }
        #expect(tables.count >= 5, "the corpus has area SEND reports with responsible-body tables")
        for doc in tables {
            let rows = doc.extraction.findings.filter { $0.category == .priorityAction }
            #expect(!rows.isEmpty, "\(doc.file): no priority action")
            for f in rows {
                let body = f.ownerBody ?? ""
                #expect(body.range(of: #"Council|ICB|NHS|Integrated Care|Trust|Board"#, options: .regularExpression) != nil,
                        "\(doc.file) \(f.ref): owner body \(body.isEmpty ? "missing" : body)")
                // The body is not spliced into the finding, and a row is not cut at a sentence or a page.
                #expect(f.text.first?.isUppercase ?? false, "\(doc.file) \(f.ref): starts mid-sentence: \(f.text.prefix(60))")
                #expect(BlockBuilder.endsSentence(f.text), "\(doc.file) \(f.ref): cut short: …\(f.text.suffix(60))")
                #expect(!f.text.hasPrefix(body.prefix(20)), "\(doc.file) \(f.ref): the body is the finding's text")
            }
        }
    }

    @Test func aRowContinuedOnTheNextPageKeepsItsBodyAndItsText() throws {
        let rows = try priority("send--halton--26-january-2024.pdf")
        #expect(rows.count == 5)
        let body = "Halton Borough Council and NHS Cheshire and Merseyside Integrated Care Board (ICB)"
        #expect(rows.allSatisfy { $0.ownerBody == body }, "\(rows.map { $0.ownerBody ?? "-" })")
        // The third row runs over the page break, body cell and finding both.
        #expect(rows[2].text.hasPrefix("Leaders across education, health and social care should improve the joint commissioning"))
        #expect(rows[2].text.hasSuffix("sufficient support to have their needs met effectively."))
    }

    @Test func cellsRunTogetherWithOneSpaceAreCutAtTheColumn() throws {
        let rows = try priority("send--oldham--29-august-2023.pdf")
        #expect(rows.count == 2)
        #expect(rows.last?.ownerBody == "NHS Greater Manchester ICB and Oldham Metropolitan Borough Council")
        #expect(rows.last?.text.hasPrefix("Leaders at Oldham Metropolitan Borough Council and NHS Greater Manchester ICB, including") ?? false)
    }

    @Test func aBodyCellContinuedOnTheNextPageIsStillABodyCell() throws {
        let rows = try priority("send--nottinghamshire--16-may-2023.pdf")
        #expect(rows.count == 2)
        #expect(rows.first?.ownerBody == "Nottinghamshire County Council and NHS Nottingham and Nottinghamshire Integrated Care Board")
        #expect(rows.first?.text.hasSuffix("holistic oversight of these plans through annual reviews.") ?? false)
    }

    // MARK: 2. Nested lists

    @Test func aLeadInAndItsSubBulletsAreOneFindingWithTheSubItemsKept() throws {
        let worcestershire = try priority("send--worcestershire--15-july-2024.pdf")
        #expect(worcestershire.first?.subItems == ["community paediatrics;", "the neurodevelopmental assessment pathway;",
                                                   "occupational therapy; and", "physiotherapy."])
        #expect(worcestershire.first?.text.hasSuffix("physiotherapy. Leaders should also improve the support available while children and young people wait.") ?? false)
        // Sub-bullets split by a page break, the lead-in a paragraph of its own.
        let barking = try document("send--barking-and-dagenham--06-september-2024.pdf").extraction.improvementFindings
        #expect(barking.count == 3)
        #expect(barking.first?.subItems.count == 2)
        #expect(barking.dropFirst().first?.subItems.count == 4)
        // Sub-bullets without a full stop, and a glyph alone on its line after them.
        let newham = try document("send--newham--28-november-2024.pdf").extraction.improvementFindings
        #expect(newham.last?.subItems == ["alternative provision", "post-16 education for those with the most complex needs",
                                          "post-16 education for those who received SEN support at school."])
        #expect(newham.last?.text == "The local area partnership should improve the education offer relating to: alternative provision; post-16 education for those with the most complex needs; post-16 education for those who received SEN support at school.")
    }

    @Test func numberedItemsWithSubBulletsOfAnyGlyphAreAllKept() {
        // The layout of a single inspection framework report's recommendations; the glyphs are
        // those the converters leave (•, a private-use Symbol glyph, −, ▪, ◼, a lone -), one alone
        // on its line, and a page break between two sub-items.
        let text = """
        Recommendations

        1.   Ensure that children in need of help and protection receive a timely response by:
               • strengthening the quality of referrals;
               \u{F0B7} making sure that strategy meetings include the police; and
               − recording decisions.

        2.   Improve the quality of plans to demonstrate:
               ▪ what needs to change;
               ◼ who will do what; and
               -
               by when.

        3.   Reduce caseloads so that social workers can do their work well.

        4.   Strengthen the oversight of managers so that they ensure
               • supervision is regular and reflective;

                                                                            12
        \u{0C}
               • actions are followed up.

        5.   Improve the sufficiency of placements.

        Summary for children and young people
        """
        let e = InspectionDocumentParser.parse(text: text)
        let recs = e.findings.filter { $0.category == .recommendation }
        #expect(recs.count == 5, "\(recs.map { $0.text.prefix(40) })")
        #expect(recs.first?.subItems == ["strengthening the quality of referrals;", "making sure that strategy meetings include the police; and", "recording decisions."])
        #expect(recs.first?.text == "Ensure that children in need of help and protection receive a timely response by: strengthening the quality of referrals; making sure that strategy meetings include the police; and recording decisions.")
        #expect(recs.dropFirst().first?.subItems == ["what needs to change;", "who will do what; and", "by when."])
        #expect(recs.dropFirst(3).first?.subItems == ["supervision is regular and reflective;", "actions are followed up."])
        #expect(recs.last?.text == "Improve the sufficiency of placements.")
    }

    // MARK: 3. Lists that go on after a page break or a footnote

    @Test func aListGoesOnAfterThePageBreakAndItsRunningHeader() throws {
        // Darlington 2018: recommendations 13 and 14 follow a page number; North Northamptonshire:
        // the third area for improvement follows the running header.
        let darlington = try document("ilacs--darlington--21-may-2018.pdf").extraction.findings.filter { $0.category == .recommendation }
        #expect(darlington.count == 14)
        #expect(darlington.last?.text == "Evaluate the effectiveness of early help services to understand impact and to inform future developments.")
        let northants = try document("send--north-northamptonshire--25-march-2024.pdf").extraction.findings.filter { $0.category == .areaForImprovement }
        #expect(northants.count == 6)
        #expect(northants.allSatisfy { !$0.text.contains("inspection report") && !$0.text.contains("22 to 26 January") })
    }

    @Test func aListGoesOnAcrossAFootnoteAtTheFootOfThePage() {
        // A single inspection framework page: the list breaks at the foot of the page, where a
        // footnote and the page number sit, and goes on on the next page.
        let text = """
        Recommendations

        1.   Ensure that assessments for disabled children fully consider the impact of
             disability on their everyday lives.

        2.   Ensure that children looked after have their health needs assessed in a

        3
          These are residential special schools that look after children for 295 days or less per year.


                                                                                         6
        \u{0C}     timely way and extend the health passport scheme to all care leavers.

        3.   Continue with and strengthen the work done by the virtual school.

        Summary for children and young people
        """
        let recs = InspectionDocumentParser.parse(text: text).findings.filter { $0.category == .recommendation }
        #expect(recs.map(\.text) == ["Ensure that assessments for disabled children fully consider the impact of disability on their everyday lives.",
                                     "Ensure that children looked after have their health needs assessed in a timely way and extend the health passport scheme to all care leavers.",
                                     "Continue with and strengthen the work done by the virtual school."])
    }

    // MARK: 4. Statements that are not findings

    @Test func statementsThatAreNotFindingsAreLeftOutAndARemainSentenceIsContext() {
        let text = """
        Focused visit to Northmoor children’s services

        Areas for priority action

        The areas for priority action set at the last focused visit on 3 May 2022 remain.

        What needs to improve in this area of social work practice?

        The quality of plans for children in need.

        The timeliness of assessments.

        Ofsted will take the findings from this focused visit into account when planning the next inspection or visit.
        """
        let e = InspectionDocumentParser.parse(text: text)
        #expect(e.findings.map(\.text) == ["The quality of plans for children in need.", "The timeliness of assessments."])
        #expect(e.context == ["The areas for priority action set at the last focused visit on 3 May 2022 remain."])
        #expect(e.earlierPriorityActionsRemain)
        let none = InspectionDocumentParser.parse(text: "Areas for priority action\n\nThere are no areas for priority or immediate action.\n\nAreas for improvement\n\n• Improve the plans.\n")
        #expect(none.findings.map(\.text) == ["Improve the plans."])
        #expect(!none.earlierPriorityActionsRemain)
        let still = InspectionDocumentParser.parse(text: "Areas for priority action\n\nThe areas for priority action identified at the previous focused visit continue to apply.\n")
        #expect(still.findings.isEmpty && still.earlierPriorityActionsRemain)
    }

    // MARK: 5. Bullets without a full stop

    @Test func theLastItemOfAListIsKeptWithoutAFullStop() throws {
        // Sunderland 2015: recommendation 148 has no full stop and is followed by a page break and a heading.
        let sunderland = try document("ilacs--sunderland--20-july-2015.pdf").extraction.findings.filter { $0.category == .recommendation }
        #expect(sunderland.last?.text.hasPrefix("Review the resources available to undertake the governance of Multi-Agency") ?? false)
        // Swindon 2014: area for improvement 42 likewise, and it does not become the name of the next part.
        let swindon = try document("ilacs--swindon--23-may-2014.pdf").extraction.improvementFindings
        #expect(swindon.contains { $0.text.hasPrefix("Ensure that all children entering care benefit from life story work") })
        #expect(swindon.allSatisfy { !($0.sectionPath.first?.hasPrefix("Ensure") ?? false) })
        #expect(swindon.last?.sectionPath == ["Section 2: The effectiveness of the local safeguarding children board", "Areas for improvement"])
    }

    @Test func bulletsWithoutAFullStopOrWithTheirGlyphAloneOnALineAreAllItems() {
        let text = """
        What needs to improve in this area of social work practice?

        ◼
        The quality of plans for children in need

        ◼

        The timeliness of initial health assessments for children in care.

        ◼
        Management oversight of decisions

        Main findings

        Leaders know their services well.
        """
        let e = InspectionDocumentParser.parse(text: text)
        #expect(e.findings.map(\.text) == ["The quality of plans for children in need",
                                           "The timeliness of initial health assessments for children in care.",
                                           "Management oversight of decisions"])
        #expect(e.findings.allSatisfy { $0.sectionPath == ["What needs to improve in this area of social work practice?"] })
    }

    // MARK: 6. One paragraph, one finding

    @Test func paragraphsPrintedWithoutGapsAreOneFindingEach() throws {
        let halton = try document("send--halton--26-january-2024.pdf").extraction.findings.filter { $0.category == .areaForImprovement }
        let openings = ["Leaders should improve the quality of assessment", "Leaders across the partnership should strengthen processes",
                        "Leaders should ensure that communication", "Leaders should improve the pace and traction"]
        #expect(halton.count == openings.count)
        for (f, opening) in zip(halton, openings) { #expect(f.text.hasPrefix(opening), "\(f.ref): \(f.text.prefix(60))") }
        let southampton = try document("send--southampton--16-july-2024.pdf").extraction.improvementFindings
        #expect(southampton.count == 5)
        #expect(southampton.first?.subItems.isEmpty ?? false, "sub-items belong to the paragraph that introduces them")
        #expect(southampton.dropFirst().first?.subItems.count == 3)
    }

    // MARK: 7. Dates a report does not print

    @Test func aReportWithoutALetterDateHasNoneWhateverItsFileName() throws {
        for file in ["send--halton--26-january-2024.pdf", "ilacs--gateshead--29-january-2025.pdf"] {
            let e = try document(file).extraction
            #expect(e.letterDate == nil, "\(file): \(e.letterDate?.iso ?? "")")
            #expect(e.warnings.contains(Metadata.noDateWarning))
        }
        let e = InspectionDocumentParser.parse(text: "Areas for improvement\n\n• Improve the plans.\n", fileName: "focused-visit--northmoor--11-june-2019.pdf")
        #expect(e.letterDate == nil, "the file name is never a source of a date")
    }

    @Test func reportPublishedIsTheDateAndAWrappedSentenceEndIsNot() throws {
        // Darlington 2015 prints "… by" / "1 April 2015." near the top, and "Report published: 1 September 2015".
        #expect(try document("ilacs--darlington--01-september-2015.pdf").extraction.letterDate == Day(year: 2015, month: 9, day: 1))
        // Redbridge 2016 prints its dates in figures.
        let redbridge = try document("ilacs--redbridge--25-november-2016.pdf").extraction
        #expect(redbridge.letterDate == Day(year: 2016, month: 11, day: 25))
        #expect(redbridge.visitDates == [Day(year: 2016, month: 9, day: 12)!, Day(year: 2016, month: 10, day: 6)!])
    }

    // MARK: 8. Metadata

    @Test func visitDatesAfterALongLeadInAndInspectorsOfBothTeams() throws {
        let stockton = try document("focused-visit--stockton-on-tees--11-may-2018.pdf").extraction
        #expect(stockton.visitDates == [Day(year: 2018, month: 4, day: 17)!, Day(year: 2018, month: 4, day: 18)!])
        let halton = try document("send--halton--26-january-2024.pdf").extraction
        for name in ["Rebecca Sharples", "Geraldine Bates", "Joanna Warburton", "Louise Holland", "Andy Lawrence"] {
            #expect(halton.inspectors.contains(name), "\(name) not in \(halton.inspectors)")
        }
        let wrapped = InspectionDocumentParser.parse(text: "Focused visit to Northmoor children’s services\n\nThe inspectors were Jo Smith and Paula Thomson-\nJones.\n")
        #expect(wrapped.inspectors == ["Jo Smith", "Paula Thomson-Jones"])
    }

    @Test func anInspectionReportThatMentionsAnEarlierFocusedVisitIsAnInspection() {
        let e = InspectionDocumentParser.parse(text: """
            Since the last focused visit in May 2022, leaders have improved services.

            Inspection of Northmoor local authority children’s services

            Inspection dates: 6 to 17 March 2023
            """)
        #expect(e.kind == .ilacsInspection)
        let titled = InspectionDocumentParser.parse(text: "A focused visit in March 2021 looked at care leavers.\n\nInspection of Northmoor local authority children’s services\n")
        #expect(titled.kind == .ilacsInspection, "the title says what the document is")
    }

    // MARK: 9. Section paths

    @Test func sectionPathsHoldNoJudgementTableWordsOrPageFooters() throws {
        let banned = ["Good", "Grade", "Outstanding", "Inadequate", "Requires improvement", "Adequate"]
        for doc in try corpusDocuments.get() {
            for f in doc.extraction.findings {
                for part in f.sectionPath {
                    #expect(!banned.contains(part) && !part.contains(" Good ") && !part.contains("minimum requirements")
                            && !part.contains("recycled paper") && !part.hasSuffix(" is good") && !part.hasSuffix(" is inadequate"),
                            "\(doc.file) \(f.ref): section \(f.section)")
                }
            }
        }
        let cheshire = try document("ilacs--cheshire-west-and-chester--19-february-2016.pdf").extraction.findings
        #expect(cheshire.last?.sectionPath == ["The Local Safeguarding Children Board", "Recommendations"])
    }

    // MARK: 10. Milestones

    @Test func onlyTheMilestonesTheDocumentCallsForAreCreated() throws {
        let planner = try Shipped.planner()
        let received = Day(year: 2024, month: 2, day: 1)!
        func titles(_ file: String) throws -> [String] {
            let e = try document(file).extraction
            return planner.milestones(for: e, kind: e.kind, received: received).map(\.title)
        }
        // An area SEND report with priority actions: the priority action plan (no 70 working days),
        // the monitoring inspection and the reinspection, as the report names them.
        let halton = try document("send--halton--26-january-2024.pdf").extraction
        let milestones = planner.milestones(for: halton, kind: halton.kind, received: received)
        #expect(milestones.map(\.title) == ["Priority action plan (area SEND)", "Monitoring inspection", "Next full reinspection"])
        #expect(milestones.map(\.rule) == [nil, .months(18), .months(36)])
        #expect(!milestones.contains { $0.rule == .workingDays(70) })
        // Without priority actions: only the next inspection.
        #expect(try titles("send--darlington--04-february-2025.pdf") == ["Next full area SEND inspection"])
        // A focused visit without priority actions asks for nothing.
        #expect(try titles("focused-visit--durham--12-january-2024.pdf").isEmpty)
    }

    // MARK: Authorities

    @Test func everyAuthorityIsNamedByItsCodeAndCanonicalName() throws {
        let table = Shipped.authorities
        #expect(!table.isEmpty, "Data/local-authorities.csv is shipped and parses")
        #expect(table.authorities.allSatisfy { !$0.code.isEmpty && !$0.name.isEmpty })
        for (written, code) in [("Bristol City of", "801"), ("London Borough of Hammersmith & Fulham", "205"), ("Durham County Council", "840"),
                                ("Inspection of Kent County Council", "886"), ("Newcastle", "391"), ("Royal Borough of Greenwich", "203")] {
            let found = table.resolve(written) ?? table.find(in: written)
            #expect(found?.code == code, "\(written): \(found?.name ?? "not found")")
        }
        let kent = InspectionDocumentParser.parse(text: "Inspection of Kent County Council\nInspection dates: 6 to 17 March 2023\n", authorities: table)
        #expect(kent.authorityCode == "886" && kent.authorityName == "Kent")
        #expect(kent.authority == "Kent County Council", "the title line is not the authority's name")
        let northmoor = InspectionDocumentParser.parse(text: "Focused visit to Northmoor children’s services\n", authorities: table)
        #expect(northmoor.authority == "Northmoor" && northmoor.authorityCode == nil)
        #expect(northmoor.warnings.contains { $0.contains("not in the local-authority table") })
    }

    @Test func theDryRunReportShowsTheBodyTheSubItemsAndTheAuthorityCode() throws {
        let e = try document("send--worcestershire--15-july-2024.pdf").extraction
        let draft = try Shipped.planner().draft(for: e, received: Day(year: 2024, month: 7, day: 16)!, fallbackDate: Day(year: 2026, month: 1, day: 1)!,
                                               createdAt: Date(timeIntervalSince1970: 0), createdBy: "test")
        let doc = DryRunReport.Document(extraction: e, draft: draft, receivedGiven: Day(year: 2024, month: 7, day: 16)!)
        #expect(doc.extraction.authorityCode == "885" && doc.draft.plan.authorityCode == "885")
        #expect(doc.extraction.authorityName == "Worcestershire")
        let first = try #require(doc.draft.findings.first?.finding)
        #expect(first.ownerBody?.hasPrefix("Worcestershire County Council") ?? false)
        #expect(first.subItems.count == 4)
        #expect(doc.extraction.earlierPriorityActionsRemain == false)
    }
}
