import Testing
@testable import ActionPlanWorkbook

@Suite struct XMLTextTests {
    @Test func cellTextEscapesMarkupForbiddenCharactersAndLookalikeEscapes() {
        let text = "a<b>&c\u{1}d\u{FFFF}e\rf_x0041_g\th\ni"
        let escaped = XMLText.escapeCellText(text)
        #expect(escaped == "a&lt;b&gt;&amp;c_x0001_d_xFFFF_e_x000D_f_x005F_x0041_g\th\ni")
        #expect(XMLText.unescapeCellText(escaped.replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")) == text,
                "reading Excel's escapes back gives the text written")
    }

    @Test func attributeTextHasNoForbiddenCharacterLeft() {
        #expect(XMLText.escape("a\u{0}b\"c'd") == "a b&quot;c&apos;d")
    }
}
