import Foundation
import Testing
import ActionPlanModel
@testable import InspectionParser

/// Every input kept under Tests/Fuzz/regressions/parser (crashes `make fuzz` found, and
/// hand-made hostile inputs) parses and plans without a crash and without an empty finding.
@Suite struct ParserFuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions/parser")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test(arguments: inputs)
    func keptInputParsesCleanly(file: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(file))
        let extraction = InspectionDocumentParser.parse(text: String(decoding: data, as: UTF8.self), fileName: file)
        for finding in extraction.findings {
            #expect(!finding.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        }
        let planner = ImportPlanner(defaults: ImportDefaults(categoryDefaults: [:], milestones: []),
                                    calendar: WorkingDayCalendar(holidays: .rulesOnly, years: 2000...2040))
        _ = planner.draft(for: extraction, fallbackDate: Day(iso: "2026-11-23")!, createdAt: Date(timeIntervalSince1970: 0), createdBy: "t")
    }

    @Test func thereIsAtLeastOneKeptInput() { #expect(!Self.inputs.isEmpty) }
}

@Suite struct LargeInputTests {
    /// Correctness only: the time it takes is measured by `make bench`, not asserted here.
    @Test func aFiveMegabyteLetterWithThousandsOfBulletsYieldsOneFindingPerBullet() {
        var text = "Ofsted focused visit to Northmoor Borough Council children's services\n26 October 2022\n\n"
            + "What needs to improve in this area of social work practice?\n\n"
        var n = 0
        while text.utf8.count < 5 * 1024 * 1024 {
            n += 1
            text += "• The quality of assessment number \(n), so that the needs of children and their families are understood\n"
            text += "  and the plans that follow are specific, measurable and reviewed on time (point \(n)).\n"
        }
        let findings = InspectionDocumentParser.parse(text: text, fileName: "large.txt").findings
        #expect(n > 20_000)
        #expect(findings.count == n)
        #expect(findings.last?.text.hasSuffix("(point \(n)).") == true)
        #expect(findings.allSatisfy { $0.category == .whatNeedsToImprove })
    }
}
