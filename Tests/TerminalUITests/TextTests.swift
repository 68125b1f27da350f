import Testing
import TerminalText
@testable import TerminalUI

@Suite struct LineEditorTests {
    func edit(_ text: String, _ script: String) -> LineEditor {
        var e = LineEditor(text)
        for key in keys(script) { _ = e.handle(key) }
        return e
    }

    @Test func cursorKeysHomeEndBackspaceDeleteAndCtrlU() {
        #expect(edit("abc", "<Left><Left>X").text == "aXbc")
        #expect(edit("abc", "<Home>X<End>Y").text == "XabcY")
        #expect(edit("abc", "<Home><Del>").text == "bc")
        #expect(edit("abc", "<BS><BS>").text == "a")
        #expect(edit("abc def", "<Left><Left><C-u>").text == "ef")
        #expect(edit("abc def", "<Home><Right><C-k>").text == "a")
        #expect(edit("abc def", "<C-w>").text == "abc ")
        #expect(edit("", "<BS><Del><Left><C-u>").text == "")
    }

    @Test func multiByteCharactersAreEditedWhole() {
        let e = edit("Zoë 日本", "<BS><Left><Left>é")
        #expect(e.text == "Zoëé 日")
        #expect(edit("👩‍👧 family", "<Home><Del>").text == " family", "a ZWJ emoji sequence is one character")
    }

    @Test func theVisiblePartFollowsTheCursorByDisplayWidth() {
        let e = LineEditor("日本語のテキスト")  // 8 wide characters, 16 cells
        let shown = e.visible(width: 10)
        #expect(DisplayWidth.of(shown.text) <= 10)
        #expect(shown.text.hasSuffix("スト"))
        #expect(shown.cursorColumn == DisplayWidth.of(shown.text))
        let start = edit("日本語のテキスト", "<Home>").visible(width: 10)
        #expect(start.text == "日本語のテ")
        #expect(start.cursorColumn == 0)
    }
}

@Suite struct CellBufferTests {
    @Test func wideCharactersTakeTwoCellsAndCombiningMarksNone() {
        var b = CellBuffer(width: 10, height: 1)
        let used = b.put("日本e\u{301}x", x: 0, y: 0)
        #expect(used == 6)
        #expect(b[0, 0].width == 2 && b[1, 0].width == 0)
        #expect(b[4, 0].character == "e\u{301}")
        #expect(b.text(row: 0) == "日本e\u{301}x")
    }

    @Test func aWideCharacterThatDoesNotFitIsReplacedByASpace() {
        var b = CellBuffer(width: 5, height: 1)
        b.put("abcd日", x: 0, y: 0)
        #expect(b.text(row: 0) == "abcd")
        #expect(b[4, 0].width == 1)
        var c = CellBuffer(width: 10, height: 1)
        c.put("ab日", x: 0, y: 0, maxWidth: 3)
        #expect(c.text(row: 0) == "ab")
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var b = CellBuffer(width: 6, height: 1)
        b.put("日本語", x: 0, y: 0)
        b.put("x", x: 1, y: 0)
        #expect(b.text(row: 0) == " x本語")
        b.put("y", x: 2, y: 0)
        #expect(b.text(row: 0) == " xy 語")
    }

    @Test func controlCharactersAreDrawnAsSpacesSoTheyCannotMoveTheCursor() {
        var b = CellBuffer(width: 12, height: 1)
        b.put("a\tb\nc\u{1B}[2Jd\u{85}e", x: 0, y: 0)
        #expect(b.text(row: 0) == "a b c [2Jd e")
    }

    @Test func runsGroupCellsOfOneStyle() {
        var b = CellBuffer(width: 8, height: 1)
        b.put("ab", x: 0, y: 0, style: .bold)
        b.put("日", x: 2, y: 0, style: .bold)
        b.put("c", x: 4, y: 0, style: Style(colour: .red))
        let runs = b.runs(row: 0)
        #expect(runs.count == 3)
        #expect(runs[0].text == "ab日" && runs[0].style == .bold)
        #expect(runs[1].x == 4 && runs[1].text == "c")
    }

    @Test func ragIsDrawnInItsColour() throws {
        let app = makeApp(store: try makeFixtureStore())
        press(app, "<Enter>")
        let frame = app.render()
        let row = try #require((0..<frame.height).first { frame.text(row: $0).hasPrefix(" P1.1") })
        let last = frame.text(row: row).count - 1
        #expect(frame[last, row].character == "R")
        #expect(frame[last, row].style.colour == .red)
    }
}
