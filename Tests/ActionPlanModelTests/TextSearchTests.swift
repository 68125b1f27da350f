import Foundation
import Testing
import ActionPlanModel

@Suite struct TextSearchTests {
    /// `TextSearch.fold` lower-cases ASCII itself (the common case, without Foundation's Unicode
    /// tables): the same result as Foundation's folding for every ASCII character, alone and in text.
    @Test func asciiFoldsAsFoundationFoldsIt() {
        let options: String.CompareOptions = [.caseInsensitive, .diacriticInsensitive, .widthInsensitive]
        var all = ""
        for value in 0..<128 {
            let text = String(UnicodeScalar(UInt8(value)))
            all += text
            #expect(TextSearch.fold(text) == text.folding(options: options, locale: nil), "character \(value)")
        }
        #expect(TextSearch.fold(all) == all.folding(options: options, locale: nil))
        #expect(TextSearch.fold("Weekly OVERSIGHT, P1.2") == "weekly oversight, p1.2")
        #expect(TextSearch.fold("ZOË Ångström ＷＩＤＥ") == "zoe angstrom wide", "other text goes through Foundation")
    }
}
