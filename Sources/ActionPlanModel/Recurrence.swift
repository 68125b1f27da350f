import Foundation

/// How alike two findings' wording is, the one rule of "raised before" (docs/recurrence.md).
///
/// A finding is reduced to its content words: folded (case and accents ignored, as `TextSearch`
/// folds), split into letters and digits, without function words, without the words nearly
/// every finding uses ("ensure", "improve", "quality", "children", …), and lightly stemmed
/// (plurals, "-ing" and "-ed" taken off, then cut to six letters, so "managers", "management"
/// and "managerial" meet, as do "plans" and "planning"). A few terms that mean the same thing
/// are made one: the abbreviations inspectors use ("IRO", "RHI", "PEP", "CSE", "LADO") and
/// "supervision", which inspections name as the means of managers' oversight.
///
/// Two findings score the Dice coefficient of their content words, 2|A∩B| / (|A| + |B|), and
/// nothing unless they share at least two words (one shared word such as "assessment" is how
/// different issues of the same area look). Older letters write a finding as a paragraph whose
/// one sentence names the weakness and whose others give the evidence, so every sentence of
/// either finding (of at least three content words) is also compared with every sentence of the
/// other, and the score is the best of these comparisons. A pair at or above `threshold` is the
/// same issue raised again.
public enum FindingSimilarity {
    /// The least score of a recurrence, chosen on the tuning half of the labelled pairs
    /// (Tests/ActionPlanModelTests/Recurrence/pairs.tsv, docs/recurrence.md).
    public static let threshold = 0.2

    /// The fewest content words two findings share before they can be alike.
    public static let minimumSharedWords = 2

    /// The fewest content words a sentence needs to be compared on its own.
    public static let minimumSentenceWords = 3

    /// How many letters of a stemmed word are kept.
    static let stemLength = 6

    /// A finding's text made ready for comparison: its content words, and each sentence's.
    public struct Words: Sendable, Hashable {
        public let all: Set<String>
        public let sentences: [Set<String>]

        public init(_ text: String) {
            all = FindingSimilarity.contentWords(text)
            sentences = FindingSimilarity.sentences(text).map(FindingSimilarity.contentWords)
                .filter { $0.count >= FindingSimilarity.minimumSentenceWords }
        }
    }

    /// The score of two findings' texts, from 0 (nothing alike) to 1.
    public static func score(_ a: String, _ b: String) -> Double {
        score(Words(a), Words(b))
    }

    public static func score(_ a: Words, _ b: Words) -> Double {
        var best = dice(a.all, b.all)
        for x in a.sentences {
            for y in b.sentences { best = max(best, dice(x, y)) }
        }
        return best
    }

    /// Whether two findings are the same issue by this rule.
    public static func isRecurrence(_ score: Double) -> Bool { score >= threshold }

    /// 2|A∩B| / (|A| + |B|), or 0 when they share fewer than `minimumSharedWords`.
    static func dice(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let shared = a.intersection(b).count
        guard shared >= minimumSharedWords else { return 0 }
        return Double(2 * shared) / Double(a.count + b.count)
    }

    /// The folded words of a text that carry its meaning, unstemmed (what a full-text search is
    /// asked for: the index stems them its own way), each followed by the words of its
    /// `equivalents` ("supervision" by "oversight", "IROs" by "reviewing officer").
    public static func searchTerms(_ text: String) -> [String] {
        var seen = Set<String>()
        var terms: [String] = []
        for word in foldedWords(text) where isContent(word) {
            let stemmed = stem(word)
            var also: [String] = []
            for (term, meaning) in equivalents {
                if stem(term) == stemmed { also += meaning.split(separator: " ").map(String.init) }
                if !meaning.contains(" "), stem(meaning) == stemmed { also.append(term) }
            }
            for term in [word] + also where seen.insert(term).inserted { terms.append(term) }
        }
        return terms
    }

    /// The content words of a text, stemmed, with the terms `sameTerms` makes one.
    public static func contentWords(_ text: String) -> Set<String> {
        var words = Set<String>()
        for word in foldedWords(text) where isContent(word) {
            let stemmed = stem(word)
            if let same = sameTerms[stemmed] { words.formUnion(same) } else { words.insert(stemmed) }
        }
        return words
    }

    static func foldedWords(_ text: String) -> [String] {
        TextSearch.fold(text).split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    static func isContent(_ word: String) -> Bool {
        word.count >= 3 && !stopWords.contains(word) && !word.allSatisfy(\.isNumber)
    }

    /// Sentences: split after ".", ";", ":", "!" or "?" followed by a space.
    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previous: Character = " "
        for character in text {
            if character.isWhitespace, ".;:!?".contains(previous), !current.isEmpty {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { result.append(current) }
        return result
    }

    /// Plurals, "-ing" and "-ed" off (a doubled last letter undoubled: "planning" is "plan"),
    /// then the first six letters.
    static func stem(_ word: String) -> String {
        var w = word
        if w.hasSuffix("ies"), w.count > 4 {
            w = String(w.dropLast(3)) + "y"
        } else if w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), !w.hasSuffix("is"), w.count > 3 {
            w.removeLast()
        }
        for suffix in ["ing", "ed"] where w.hasSuffix(suffix) && w.count - suffix.count >= 4 {
            w.removeLast(suffix.count)
            let letters = Array(w)
            if letters.count > 2, letters[letters.count - 1] == letters[letters.count - 2], !"lsz".contains(letters[letters.count - 1]) {
                w.removeLast()
            }
            break
        }
        return String(w.prefix(stemLength))
    }

    /// Terms that mean the same as other words: the abbreviations inspectors use, and
    /// supervision, which inspections name as the means of managers' oversight. The one table of
    /// both the comparison (`sameTerms`) and the full-text search (`searchTerms`).
    static let equivalents: [(term: String, meaning: String)] = [
        ("iro", "reviewing officer"), ("rhi", "return home interview"), ("pep", "personal education plan"),
        ("cse", "sexual exploitation"), ("lado", "designated officer"), ("supervision", "oversight"),
    ]

    /// The stem of each term of `equivalents`, and the stems of the words it means.
    static let sameTerms: [String: [String]] = Dictionary(equivalents.map { term, meaning in
        (stem(term), meaning.split(separator: " ").map { stem(String($0)) })
    }, uniquingKeysWith: { a, _ in a })

    /// Function words, and the words nearly every finding of an inspection uses, which say
    /// nothing about which issue it is.
    static let stopWords: Set<String> = Set("""
        a an the and or of to in for on at by with from as is are be been being was were that this these those it its \
        their there which who whom whose what when where how not no all any each every some such than then so also into \
        onto within without across between through about more most other own same both only very can could should would \
        will may might must do does did done has have had having they them we our us you your he she his her i me my \
        ensure ensuring ensured improve improving improved improvement improvements need needs needed children child \
        young people person council local authority service services including include includes \
        quality effective effectiveness effectively consistent consistently consistency timely timeliness practice \
        social work workers worker support supported supporting impact appropriate appropriately robust robustly clear \
        clearly full fully develop developing development strengthen increase review make sure provide provided use \
        used using understanding understand level levels key range areas area whether well better good new further \
        particularly particular approach arrangements
        """.split(whereSeparator: \.isWhitespace).map(String.init))
}
