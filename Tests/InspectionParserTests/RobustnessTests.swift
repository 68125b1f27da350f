import Foundation
import Testing
import TestSupport
import ActionPlanModel
@testable import InspectionParser

/// The parser never traps and stays fast whatever it is given.
@Suite struct RobustnessTests {
    @Test func emptyAndDegenerateInputsGiveEmptyExtractions() {
        for text in ["", "\n", "\u{0C}", "   \n\t\n", "•", "◼\n◼\n", "1.", "Areas for improvement", "Areas for improvement\n\n•\n",
                     String(repeating: "-", count: 10_000), "\r\r\r", "\u{FEFF}", "\u{0}\u{1}\u{2}"] {
            let e = InspectionDocumentParser.parse(text: text, fileName: nil)
            #expect(e.improvementFindings.isEmpty, "findings in \(text.debugDescription.prefix(40))")
        }
    }

    @Test func randomTextNeverTraps() {
        var generator = SplitMix64(seed: 42)
        let pieces = ["Areas for improvement", "Within three months", "Immediately", "• ", "◼ ", "\u{F06E} ", "- ", "17. ", "(a) ",
                      "What needs to improve?", "CONFIDENTIAL", "Page 3 of 9", "3", "\u{0C}", "\n", "\n\n", "   ", "decision-", "making",
                      "The quality of plans.", "the timeliness", "Grade 3 (adequate)", "21 and 22 September 2022", "within 70 working days",
                      "Yours sincerely", "’", "–", "é", "日本語", "\r\n", "\t", "Recommendations", "1.   Ensure that", "Strengths"]
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 0...200, using: &generator) {
                text += pieces.randomElement(using: &generator)!
                if Bool.random(using: &generator) { text += " " }
            }
            let e = InspectionDocumentParser.parse(text: text, fileName: "random.txt")
            for f in e.findings { #expect(!f.text.isEmpty) }
        }
    }

    @Test func randomScalarsNeverTrap() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...2000, using: &generator) {
                let v = UInt32.random(in: 0...0x2FFF, using: &generator)
                if let s = Unicode.Scalar(v) { scalars.append(s) }
            }
            _ = InspectionDocumentParser.parse(text: String(scalars), fileName: nil)
        }
    }

    // Speed is measured by `make bench` (docs/benchmarks.md), never asserted here: these
    // machines are shared and noisy. These tests check what large inputs produce.
    @Test func aHundredKilobyteDocumentStillYieldsItsFindings() throws {
        let (_, text) = try Paths.seed("004_")
        var big = text
        var copies = 1
        while big.utf8.count < 100_000 { big += "\n" + text; copies += 1 }
        let one = InspectionDocumentParser.parse(text: text, fileName: nil).count(.areaForImprovement)
        let many = InspectionDocumentParser.parse(text: big, fileName: nil).count(.areaForImprovement)
        #expect(one == 10)
        #expect(many >= one)
    }

    @Test func aFiveMegabyteDocumentWithThousandsOfBulletsYieldsOneFindingPerBullet() {
        var text = "Focused visit to Northmoor Borough Council children’s services\n\nAreas for improvement\n\n"
        var i = 0
        while text.utf8.count < 5_000_000 {
            i += 1
            text += "• Finding number \(i) says that the quality of plans for children needs to improve, and that managers\n  should oversee the work more closely so that plans progress.\n\n"
        }
        let extraction = InspectionDocumentParser.parse(text: text, fileName: nil)
        #expect(extraction.count(.areaForImprovement) == i)
        #expect(i > 20_000)
    }

    @Test func oneHugeLineIsOneFinding() {
        let text = "Areas for improvement\n\n• " + String(repeating: "word ", count: 400_000)
        let findings = InspectionDocumentParser.parse(text: text, fileName: nil).findings
        #expect(findings.count == 1)
        #expect(findings.first?.text.utf8.count == 400_000 * 5 - 1)
    }
}
