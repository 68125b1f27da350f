import Foundation
import Testing
import ActionPlanModel
@testable import InspectionParser

/// The outcome of every area SEND report of the corpus under the 2023 framework, labelled by
/// hand from the sentence under "Inspection outcome" on the report's first page.
let sendOutcomeLabels: [(file: String, outcome: Grade)] = [
    ("send--barking-and-dagenham--06-september-2024.pdf", .inconsistent),
    ("send--bedford--04-february-2025.pdf", .positive),
    ("send--blackpool--25-july-2024.pdf", .inconsistent),
    ("send--cornwall--05-may-2023.pdf", .inconsistent),
    ("send--darlington--04-february-2025.pdf", .inconsistent),
    ("send--durham--03-september-2024.pdf", .inconsistent),
    ("send--enfield--02-august-2023.pdf", .inconsistent),
    ("send--gateshead--24-july-2023.pdf", .inconsistent),
    ("send--gloucestershire--01-march-2024.pdf", .inconsistent),
    ("send--greenwich--11-july-2023.pdf", .positive),
    ("send--halton--26-january-2024.pdf", .systemicFailings),
    ("send--haringey--03-april-2024.pdf", .positive),
    ("send--hartlepool--16-may-2023.pdf", .positive),
    ("send--herefordshire--07-february-2025.pdf", .inconsistent),
    ("send--hounslow--18-december-2024.pdf", .inconsistent),
    ("send--lancashire--12-february-2025.pdf", .systemicFailings),
    ("send--medway--02-april-2024.pdf", .inconsistent),
    ("send--middlesbrough--08-december-2023.pdf", .positive),
    ("send--milton-keynes--20-may-2024.pdf", .inconsistent),
    ("send--newham--28-november-2024.pdf", .inconsistent),
    ("send--north-northamptonshire--25-march-2024.pdf", .systemicFailings),
    ("send--nottinghamshire--16-may-2023.pdf", .systemicFailings),
    ("send--oldham--29-august-2023.pdf", .systemicFailings),
    ("send--richmond-upon-thames--04-december-2023.pdf", .positive),
    ("send--rutland--03-august-2023.pdf", .positive),
    ("send--southampton--16-july-2024.pdf", .inconsistent),
    ("send--southend-on-sea--09-june-2023.pdf", .inconsistent),
    ("send--suffolk--30-january-2024.pdf", .systemicFailings),
    ("send--surrey--24-november-2023.pdf", .inconsistent),
    ("send--telford-wrekin--03-july-2023.pdf", .positive),
    ("send--trafford--22-december-2023.pdf", .inconsistent),
    ("send--warrington--05-may-2023.pdf", .inconsistent),
    ("send--west-sussex--29-february-2024.pdf", .inconsistent),
    ("send--worcestershire--15-july-2024.pdf", .systemicFailings),
]

/// Area SEND outcomes (issue 15): the parser stores the report's outcome as the judgement
/// "Inspection outcome", which the model reads as the framework's headline.
@Suite struct SENDOutcomeTests {
    @Test func everyAreaSENDReportOfTheCorpusIsLabelled() throws {
        let files = try corpusDocuments.get().map(\.file).filter { $0.hasPrefix("send--") }
        #expect(Set(files) == Set(sendOutcomeLabels.map(\.file)), "a SEND report of the corpus has no label, or a label no report")
    }

    @Test(arguments: sendOutcomeLabels.map(\.file))
    func theOutcomeReadIsTheLabelledOne(file: String) throws {
        let label = try #require(sendOutcomeLabels.first { $0.file == file })
        let doc = try #require(try corpusDocuments.get().first { $0.file == file }, "\(file) is not in the corpus")
        let outcomes = doc.extraction.judgements.filter { $0.area == Grade.sendOutcomeArea }
        #expect(outcomes.count == 1, "\(file): \(doc.extraction.judgements)")
        #expect(outcomes.first.flatMap { Grade(written: $0.grade) } == label.outcome, "\(file): \(outcomes)")
    }

    @Test func onlyAreaSENDReportsGetAnOutcome() throws {
        for doc in try corpusDocuments.get() where doc.extraction.kind != .sendLocalArea {
            #expect(!doc.extraction.judgements.contains { $0.area == Grade.sendOutcomeArea }, "\(doc.file)")
        }
    }

    @Test func theSampleReportsOutcomeIsWidespreadFailings() throws {
        let text = try String(contentsOf: Paths.samples.appendingPathComponent("northmoor-area-send.txt"), encoding: .utf8)
        let e = InspectionDocumentParser.parse(text: text, authorities: Shipped.authorities)
        #expect(e.judgements == [Judgement(area: "Inspection outcome", grade: "Widespread and/or systemic failings")])
    }

    @Test func theFirstOutcomeSentenceWinsAndNoneIsNoJudgement() {
        let text = """
            Area SEND inspection of Northmoor Local Area Partnership
            Inspection dates: 8 to 12 July 2024

            Inspection outcome

            The local area partnership’s arrangements lead to inconsistent experiences and
            outcomes for children and young people with special educational needs and/or
            disabilities (SEND).

            Next steps: where there are widespread and/or systemic failings the partnership must act.
            """
        let lines = LineSplitter.lines(text)
        #expect(Judgements.sendOutcome(lines: lines) == Judgement(area: "Inspection outcome", grade: "Inconsistent experiences and outcomes"))
        #expect(Judgements.sendOutcome(lines: LineSplitter.lines("Area SEND inspection\nA written statement of action is required.\n")) == nil)
    }
}
