import Foundation

/// How an owner is matched and grouped, the one rule for the command line, the store, the
/// terminal UI and the reports.
///
/// An owner is free text, a role and/or a person ("Head of Service (Jo Bloggs)"). Both sides are
/// folded (case and accents ignored, so `ZOË` is `Zoë`) and split into words; an owner matches
/// when the words asked for appear in it one after another. "Jo Bloggs" and "head of service"
/// match that owner; "Jo" does not match "John Smith".
public enum OwnerMatch {
    /// The words of a text, folded: lower case, no accents, letters and digits only.
    public static func words(_ text: String) -> [Substring] {
        TextSearch.fold(text).split { !($0.isLetter || $0.isNumber) }
    }

    /// The key owners are grouped by: their folded words joined by single spaces ("" for none).
    public static func key(_ owner: String?) -> String {
        words(owner ?? "").joined(separator: " ")
    }

    /// Whether `owner` matches what a person typed (`query`). An empty query matches nothing.
    public static func matches(_ owner: String?, _ query: String) -> Bool {
        let wanted = words(query)
        guard !wanted.isEmpty, let owner else { return false }
        let have = words(owner)
        guard have.count >= wanted.count else { return false }
        for start in 0...(have.count - wanted.count) where have[start] == wanted[0] {
            if Array(have[start..<(start + wanted.count)]) == wanted { return true }
        }
        return false
    }
}

/// How text is searched, the one rule for `list --search`, the store and the terminal UI's `/`:
/// both sides folded (case, accents and width ignored, so `ZOË` finds `Zoë`), then a substring.
public enum TextSearch {
    public static func fold(_ text: String) -> String {
        // ASCII folds to its lower case (a test checks this against Foundation for every ASCII
        // character): the common case, without Foundation's Unicode tables.
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            if !utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return text }
            return String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// Whether `text` holds `foldedNeedle` (already folded with `fold`). An empty needle matches.
    public static func contains(_ text: String, folded foldedNeedle: String) -> Bool {
        foldedNeedle.isEmpty || fold(text).contains(foldedNeedle)
    }
}
