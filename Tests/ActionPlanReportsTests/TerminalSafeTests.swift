import Foundation
import Testing
import ActionPlanCore
@testable import ActionPlanReports

/// Issue 10: the one sanitiser (`TerminalSafe`) and every writer's handling of the characters a
/// terminal acts on: C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional
/// embeddings, overrides and isolates.
@Suite struct TerminalSafeTests {
    /// One of each kind a typed field could carry.
    static let hostile: [String] = [
        "\u{1B}]52;c;aGVsbG8=\u{07}", "\u{1B}]0;owned\u{07}", "\u{1B}[2J", "\u{9B}31m", "\u{9D}0;t\u{9C}",
        "a\u{202E}evil\u{202C}b", "x\u{2066}y\u{2069}", "nul\u{0}del\u{7F}", "cr\rover", "bs\u{8}\u{8}",
    ]

    static func hasRawControl(_ text: String, allowing: Set<Unicode.Scalar> = ["\t", "\n"]) -> Bool {
        text.unicodeScalars.contains { TerminalSafe.isControl($0) && !allowing.contains($0) }
    }

    @Test(arguments: hostile)
    func visibleLeavesNoControlCharacterAndIsIdempotent(_ text: String) {
        let shown = TerminalSafe.visible(text)
        #expect(!Self.hasRawControl(shown), "raw control left in \(shown.debugDescription)")
        #expect(TerminalSafe.visible(shown) == shown)
        #expect(TerminalSafe.isClean(shown))
    }

    @Test func controlsAreShownAsEscapesAPersonCanRead() {
        #expect(TerminalSafe.visible("\u{1B}[2J") == "\\x1b[2J")
        #expect(TerminalSafe.visible("a\u{9B}b") == "a\\x9bb")
        #expect(TerminalSafe.visible("a\u{202E}b\u{2069}") == "a\\u202eb\\u2069")
        #expect(TerminalSafe.visible("tab\tand\nline") == "tab\tand\nline")
        #expect(TerminalSafe.visible("tab\tand\nline", oneLine: true) == "tab and line")
        #expect(TerminalSafe.visible("naïve – “quoted” ✓ 日本") == "naïve – “quoted” ✓ 日本")
    }

    @Test func theByteScanAgreesWithTheScalarRule() {
        // Every scalar near the boundaries of the set, alone and inside text.
        let values: [UInt32] = Array(0...0xA0) + Array(0x2020...0x2030) + Array(0x2060...0x2070) + [0xFEFF, 0x1F600]
        for value in values {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(scalar) + "b"
            let control = TerminalSafe.isControl(scalar)
            #expect(TerminalSafe.isClean(text) == !control, "U+\(String(value, radix: 16))")
            #expect((TerminalSafe.firstControl(in: text, allowLineBreaks: true)?.position == 2) == control)
        }
    }

    @Test func aOneLineFieldAlsoRefusesTabAndLineFeedButANoteKeepsThem() {
        #expect(TerminalSafe.firstControl(in: "two\nlines", allowLineBreaks: true) == nil)
        #expect(TerminalSafe.firstControl(in: "two\nlines", allowLineBreaks: false)?.position == 4)
        #expect(TerminalSafe.firstControl(in: "é\u{1B}", allowLineBreaks: true)?.scalar == "\u{1B}")
    }

    // MARK: the writers

    @Test(arguments: hostile)
    func jsonEscapesEveryControlAsAUnicodeEscapeAndReadsBackTheSameText(_ text: String) throws {
        let rendered = JSONValue.array([.string(text), .string("line\u{2028}sep\u{2029}")]).rendered()
        #expect(!Self.hasRawControl(rendered, allowing: ["\n"]), "raw control in \(rendered.debugDescription)")
        #expect(!rendered.unicodeScalars.contains("\u{2028}") && !rendered.unicodeScalars.contains("\u{2029}"))
        let back = try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String]
        #expect(back == [text, "line\u{2028}sep\u{2029}"])
    }

    @Test func jsonEscapesExactlyTheControlsAndKeepsEveryOtherCharacterNearThem() throws {
        let values: [UInt32] = Array(0...0x100) + Array(0x2000...0x2070) + [0x20AC, 0xFEFF, 0x1F600]
        for value in values {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(scalar) + "b"
            let rendered = JSONValue.string(text).rendered()
            #expect(!Self.hasRawControl(rendered, allowing: ["\n"]), "U+\(String(value, radix: 16)) left raw")
            let back = try JSONSerialization.jsonObject(with: Data("[\(rendered)]".utf8)) as? [String]
            #expect(back == [text], "U+\(String(value, radix: 16)) did not read back")
        }
    }

    @Test(arguments: hostile)
    func markdownShowsControlsVisibly(_ text: String) {
        let cell = MarkdownReport.escape(text)
        #expect(!Self.hasRawControl(cell, allowing: []), "raw control in \(cell.debugDescription)")
    }

    @Test(arguments: hostile)
    func htmlDropsControlsAndOverrides(_ text: String) {
        let cell = HTMLReport.esc(text)
        #expect(!Self.hasRawControl(cell, allowing: ["\t", "\n", "\r"]), "raw control in \(cell.debugDescription)")
    }

    @Test(arguments: hostile)
    func iCalendarDropsControlsAndOverrides(_ text: String) {
        let value = ICalendarExport.escape(text)
        #expect(!Self.hasRawControl(value, allowing: []), "raw control in \(value.debugDescription)")
    }
}

/// Every input kept under Tests/Fuzz/regressions/sanitiser (found by `make fuzz-sanitiser`, and
/// hand-picked edge cases) goes through the same checks as the fuzz target.
@Suite struct SanitiserFuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions/sanitiser")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    @Test(arguments: inputs)
    func keptInputIsMadeSafeAndStaysSafe(file: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(file))
        let text = String(decoding: data, as: UTF8.self)
        for oneLine in [false, true] {
            let shown = TerminalSafe.visible(text, oneLine: oneLine)
            #expect(!TerminalSafeTests.hasRawControl(shown), "\(file): raw control left")
            #expect(!oneLine || !shown.contains("\n"))
            #expect(TerminalSafe.visible(shown, oneLine: oneLine) == shown, "\(file): not idempotent")
        }
    }

    @Test func thereIsAtLeastOneKeptInput() { #expect(!Self.inputs.isEmpty) }
}
