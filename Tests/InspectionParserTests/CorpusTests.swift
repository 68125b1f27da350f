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

/// Every PDF of ../shared/corpus and ../shared/corpus-extra, converted once for all tests and
/// parsed with the shipped local-authority table.
let corpusDocuments: Result<[CorpusDocument], TestFailure> = {
    let fm = FileManager.default
    var documents: [CorpusDocument] = []
    for folder in [Paths.corpus, Paths.corpusExtra] {
        guard let names = try? fm.contentsOfDirectory(atPath: folder.path).filter({ $0.hasSuffix(".pdf") }).sorted(), !names.isEmpty else {
            return .failure(TestFailure("no PDFs in \(folder.path)"))
        }
        for name in names {
            do {
                let text = try PDFText.convert(folder.appendingPathComponent(name))
                documents.append(CorpusDocument(file: name, text: text,
                                                extraction: InspectionDocumentParser.parse(text: text, fileName: name, authorities: Shipped.authorities)))
            } catch {
                return .failure(TestFailure("\(name): \(error)"))
            }
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
    @Test func everyPDFOfBothCorpusFoldersIsRead() throws {
        let docs = try corpusDocuments.get()
        let pdfs = try [Paths.corpus, Paths.corpusExtra].flatMap { try FileManager.default.contentsOfDirectory(atPath: $0.path).filter { $0.hasSuffix(".pdf") } }
        #expect(Set(docs.map(\.file)) == Set(pdfs), "a PDF of shared/corpus or shared/corpus-extra was not read")
        #expect(docs.contains { $0.file.hasPrefix("send") } && docs.contains { $0.file.hasPrefix("ilacs") } && docs.contains { $0.file.hasPrefix("focused-visit") })
    }

    @Test func everyDocumentWithAnImprovementSectionYieldsFindings() throws {
        for doc in try corpusDocuments.get() where hasImprovementHeading(doc.text) {
            #expect(doc.extraction.hasImprovementFindings, "\(doc.file): an improvement heading but no findings")
        }
    }

    @Test func aDocumentWithoutAnImprovementSectionHasNoFindingsAndSaysSo() throws {
        let docs = try corpusDocuments.get()
        // Most reports have one; a focused visit that found nothing to improve has none.
        #expect(docs.filter { hasImprovementHeading($0.text) }.count * 10 >= docs.count * 9)
        for doc in docs where !hasImprovementHeading(doc.text) {
            #expect(!doc.extraction.hasImprovementFindings, "\(doc.file): findings without an improvement heading: \(doc.extraction.countSummary)")
            #expect(doc.extraction.warnings.contains("no improvement section found"), "\(doc.file): no warning")
        }
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
            // Every corpus document is by an authority of the table: it is named by its code.
            #expect(e.authorityCode != nil, "\(doc.file): authority \(e.authority ?? "-") not resolved by the local-authority table")
            // A letter prints its date; a report that prints none has no letter date and says so.
            if doc.file.hasPrefix("focused-visit") {
                #expect(e.letterDate != nil, "\(doc.file): no letter date")
            }
            if e.letterDate == nil {
                #expect(e.warnings.contains(Metadata.noDateWarning), "\(doc.file): no letter date and no warning")
                #expect(doc.text.range(of: #"(?i)published:? +[0-9]"#, options: .regularExpression) == nil,
                        "\(doc.file): prints a publication date that was not read")
            }
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

    @Test func atLeastTwentyLabelsAreOfTheReportsOfCorpusExtra() throws {
        let extra = Set(try FileManager.default.contentsOfDirectory(atPath: Paths.corpusExtra.path))
        let labelled = corpusLabels.filter { extra.contains($0.file) }
        #expect(labelled.count >= 20)
        #expect(Set(labelled.map(\.kind)) == [.focusedVisit, .ilacsInspection, .sendLocalArea])
    }

    @Test func labelsCoverAtLeastFifteenDocumentsOfAllThreeKinds() {
        #expect(corpusLabels.count >= 15)
        #expect(Set(corpusLabels.map(\.kind)) == [.focusedVisit, .ilacsInspection, .sendLocalArea])
    }
}
