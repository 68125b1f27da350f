import Foundation
import Testing
import ActionPlanModel
@testable import InspectionParser

/// One corpus PDF converted with `pdftotext -layout` and parsed.
struct CorpusDocument: Sendable {
    let file: String
    let text: String
    let extraction: Extraction
}

/// Every PDF of ../shared/corpus, converted once for all tests.
let corpusDocuments: Result<[CorpusDocument], TestFailure> = {
    let fm = FileManager.default
    guard let names = try? fm.contentsOfDirectory(atPath: Paths.corpus.path).filter({ $0.hasSuffix(".pdf") }).sorted(), !names.isEmpty else {
        return .failure(TestFailure("no PDFs in \(Paths.corpus.path)"))
    }
    var documents: [CorpusDocument] = []
    for name in names {
        do {
            let text = try PDFText.convert(Paths.corpus.appendingPathComponent(name))
            documents.append(CorpusDocument(file: name, text: text, extraction: InspectionDocumentParser.parse(text: text, fileName: name)))
        } catch {
            return .failure(TestFailure("\(name): \(error)"))
        }
    }
    return .success(documents)
}()

/// Whether a document has an improvement heading on a line of its own, judged with a plain
/// pattern independent of the parser (contents lines end in a page number and do not count).
func hasImprovementHeading(_ text: String) -> Bool {
    let pattern = #"(?m)^[\f ]*(Areas for priority action|Areas for improvement|Areas for development|What needs to improve[^\n]{0,60}|What does the [A-Za-z ]{2,30} need to improve\??|Recommendations|Priority and immediate action)[?:]?[0-9]?[ ]*$"#
    return text.range(of: pattern, options: .regularExpression) != nil
}

@Suite struct CorpusTests {
    @Test func theCorpusHasSixtyDocuments() throws {
        let docs = try corpusDocuments.get()
        #expect(docs.count == 60)
    }

    @Test func everyDocumentWithAnImprovementSectionYieldsFindings() throws {
        for doc in try corpusDocuments.get() where hasImprovementHeading(doc.text) {
            #expect(doc.extraction.hasImprovementFindings, "\(doc.file): an improvement heading but no findings")
        }
    }

    @Test func everyCorpusDocumentHasAnImprovementSection() throws {
        let missing = try corpusDocuments.get().filter { !hasImprovementHeading($0.text) }.map(\.file)
        #expect(missing.isEmpty, "documents without an improvement heading: \(missing)")
    }

    @Test func noFindingHasFurnitureGlyphsHeadingsOrIsEmpty() throws {
        for doc in try corpusDocuments.get() {
            for f in doc.extraction.findings { CleanFinding.check(f, in: doc.file) }
        }
    }

    @Test func noTwoFindingsOfADocumentHaveTheSameText() throws {
        for doc in try corpusDocuments.get() {
            let texts = doc.extraction.findings.map(\.text)
            #expect(Set(texts).count == texts.count, "\(doc.file): repeated finding text")
        }
    }

    @Test func everyFindingHasASectionAndALine() throws {
        for doc in try corpusDocuments.get() {
            for f in doc.extraction.findings {
                #expect(!f.sectionPath.isEmpty, "\(doc.file) \(f.ref): no section")
                #expect(f.line > 0)
                #expect(f.text.count < 2500, "\(doc.file) \(f.ref): \(f.text.count) characters: narrative swallowed?")
            }
        }
    }

    @Test func kindAuthorityAndDatesAreFoundInEveryDocument() throws {
        for doc in try corpusDocuments.get() {
            let e = doc.extraction
            let expectedKind: DocumentKind = doc.file.hasPrefix("focused-visit") ? .focusedVisit : doc.file.hasPrefix("send") ? .sendLocalArea : .ilacsInspection
            #expect(e.kind == expectedKind, "\(doc.file): kind \(e.kind.rawValue)")
            #expect(e.authority != nil, "\(doc.file): no authority")
            #expect(e.letterDate != nil, "\(doc.file): no letter or publication date")
            #expect(!e.visitDates.isEmpty, "\(doc.file): no visit dates")
            if let letter = e.letterDate, let lastVisit = e.visitDates.last {
                #expect(lastVisit <= letter, "\(doc.file): visit \(lastVisit) after letter \(letter)")
            }
            #expect(!e.inspectors.isEmpty, "\(doc.file): no inspectors")
        }
    }

    @Test func everyInspectionReportHasAnOverallJudgementAndCleanRows() throws {
        let grades: Set<String> = ["Outstanding", "Good", "Requires improvement to be good", "Requires improvement", "Adequate", "Inadequate"]
        for doc in try corpusDocuments.get() where doc.file.hasPrefix("ilacs") {
            let judgements = doc.extraction.judgements
            #expect(judgements.contains { $0.area == "Overall effectiveness" }, "\(doc.file): no overall effectiveness in \(judgements)")
            #expect(judgements.count >= 4, "\(doc.file): \(judgements)")
            for j in judgements {
                #expect(grades.contains(j.grade), "\(doc.file): grade \(j.grade)")
                let last = j.area.split(separator: " ").last.map(String.init) ?? ""
                #expect(!["and", "of", "with", "the", "to"].contains(last), "\(doc.file): area cut short: \(j.area)")
                #expect(j.area.range(of: #"[0-9]\."#, options: .regularExpression) == nil && !j.area.lowercased().contains("services in"),
                        "\(doc.file): area \(j.area)")
            }
        }
    }

    @Test(arguments: corpusLabels.map(\.file))
    func handLabelledDocumentMatchesItsLabel(file: String) throws {
        let label = try #require(corpusLabels.first { $0.file == file })
        let doc = try #require(try corpusDocuments.get().first { $0.file == file }, "\(file) is not in the corpus")
        let e = doc.extraction
        #expect(e.kind == label.kind)
        let found = e.improvementFindings
        for category in FindingCategory.allCases where category.isImprovement {
            #expect(found.filter { $0.category == category }.count == label.findings.filter { $0.0 == category }.count,
                    "\(file): \(category.rawValue) count; found \(e.countSummary)")
        }
        for (index, (category, words)) in label.findings.enumerated() where index < found.count {
            #expect(found[index].category == category, "\(file) #\(index + 1): category \(found[index].category.rawValue)")
            #expect(found[index].text.hasPrefix(words), "\(file) #\(index + 1): expected '\(words)…', found '\(found[index].text.prefix(90))…'")
        }
    }

    @Test func labelsCoverAtLeastFifteenDocumentsOfAllThreeKinds() {
        #expect(corpusLabels.count >= 15)
        #expect(Set(corpusLabels.map(\.kind)) == [.focusedVisit, .ilacsInspection, .sendLocalArea])
    }
}
