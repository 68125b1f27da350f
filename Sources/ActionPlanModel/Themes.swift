import Foundation

/// A theme that inspections return to ("Management oversight and supervision"), with the rule
/// that tags a finding with it. The themes and their rules are data (`Data/themes.txt`, read by
/// the caller and parsed by `ThemeRules`); docs/themes.md says where they come from.
public struct Theme: Sendable, Hashable, Identifiable {
    /// A short name for the command line and JSON: lower case letters, digits and hyphens ("front-door").
    public var id: String
    /// The name a person reads ("Thresholds, early help and the front door").
    public var name: String
    /// One line on what the theme covers.
    public var about: String
    /// A finding has the theme when one of these phrases is in its text…
    public var matches: [ThemePhrase]
    /// …at a place that none of these covers.
    public var exceptions: [ThemePhrase]

    public init(id: String, name: String, about: String, matches: [ThemePhrase], exceptions: [ThemePhrase] = []) {
        self.id = id
        self.name = name
        self.about = about
        self.matches = matches
        self.exceptions = exceptions
    }

    /// Whether text, already split into words (`ThemeWords`), has the theme: a match phrase is
    /// found whose words overlap no exception phrase found in the same text.
    public func applies(to words: ThemeWords) -> Bool {
        // The exceptions are looked for only once a match is found, and then once.
        var excluded: [Range<Int>]?
        for phrase in matches {
            for span in phrase.spans(in: words) {
                let hidden = excluded ?? exceptions.flatMap { $0.spans(in: words) }
                excluded = hidden
                if !hidden.contains(where: { $0.overlaps(span) }) { return true }
            }
        }
        return false
    }
}

/// A phrase of a theme's rule, as written in the rules file: words in order, compared folded
/// (case and accents ignored, punctuation a word break, so "children's" is "children s").
/// A word ending in `*` matches every word it begins ("supervis*": supervision, supervisors);
/// `...` between two words lets up to three other words stand between them ("quality ...
/// assessments": "quality of children's assessments").
public struct ThemePhrase: Sendable, Hashable, CustomStringConvertible {
    enum Token: Sendable, Hashable {
        case word(String)
        case prefix(String)
        case gap
    }

    /// How many words a `...` may stand for.
    public static let gapWords = 3
    /// The shortest stem a `*` may end: a shorter one would match too much ("ca*").
    public static let shortestStem = 3

    /// The phrase as written.
    public let text: String
    let tokens: [Token]

    /// Reads a phrase; throws why it is not one, in a person's words.
    public init(_ written: String) throws(ThemeRules.PhraseError) {
        var tokens: [Token] = []
        for raw in written.split(whereSeparator: \.isWhitespace) {
            if raw == "..." {
                guard let last = tokens.last else { throw .init("'...' cannot begin a phrase") }
                guard last != .gap else { throw .init("two '...' in a row") }
                tokens.append(.gap)
                continue
            }
            let stem = raw.hasSuffix("*") ? raw.dropLast() : raw[...]
            if stem.contains("*") { throw .init("'*' may only end a word, as in 'supervis*' ('\(raw)')") }
            if stem.contains("...") { throw .init("'...' stands alone between two words ('\(raw)')") }
            let words = ThemeRules.words(String(stem))
            guard let lastWord = words.last else { throw .init("'\(raw)' has no letters or digits") }
            for word in words.dropLast() { tokens.append(.word(String(word))) }
            if raw.hasSuffix("*") {
                guard lastWord.count >= Self.shortestStem else {
                    throw .init("'\(raw)' is too short a stem: a '*' needs at least \(Self.shortestStem) letters before it")
                }
                tokens.append(.prefix(String(lastWord)))
            } else {
                tokens.append(.word(String(lastWord)))
            }
        }
        guard !tokens.isEmpty else { throw .init("the phrase is empty") }
        guard tokens.last != .gap else { throw .init("'...' cannot end a phrase") }
        self.text = written.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        self.tokens = tokens
    }

    public var description: String { text }

    /// Where the phrase is in a text's words: the range of words of each place it starts (the
    /// shortest reading of its gaps), in order.
    public func spans(in text: ThemeWords) -> [Range<Int>] {
        var starts: [Int]
        switch tokens.first {
        case .word(let w)?: starts = text.positions[w[...]] ?? []
        case .prefix(let p)?:
            starts = []
            for (word, places) in text.positions where word.utf8.starts(with: p.utf8) { starts += places }
            starts.sort()
        case .gap?, nil: return []
        }
        return starts.compactMap { start in end(from: 1, at: start + 1, in: text.words).map { start..<$0 } }
    }

    /// The word after the phrase's end when tokens from `token` on match from word `index`, or nil.
    private func end(from token: Int, at index: Int, in words: [Substring]) -> Int? {
        guard token < tokens.count else { return index }
        if tokens[token] == .gap {
            // A gap is never last (checked when read), so the next token is a word.
            for skip in 0...Self.gapWords where index + skip < words.count {
                if Self.matches(tokens[token + 1], words[index + skip]),
                   let end = end(from: token + 2, at: index + skip + 1, in: words) {
                    return end
                }
            }
            return nil
        }
        guard index < words.count, Self.matches(tokens[token], words[index]) else { return nil }
        return end(from: token + 1, at: index + 1, in: words)
    }

    private static func matches(_ token: Token, _ word: Substring) -> Bool {
        switch token {
        case .word(let w): return word == w
        // Both sides are folded alike, so comparing their UTF-8 is comparing the words, and fast.
        case .prefix(let p): return word.utf8.starts(with: p.utf8)
        case .gap: return false
        }
    }
}

/// The themes and their rules, read from the text of a rules file (`Data/themes.txt`; the
/// format is in docs/themes.md). The caller reads the file; this type does no I/O.
public struct ThemeRules: Sendable, Hashable {
    /// Why a rules file cannot be used: the line and what is wrong there, in one line.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var message: String { "line \(line): \(reason)" }
        public var description: String { message }
    }

    /// Why a phrase is not one (without its line, which the file reader adds).
    public struct PhraseError: Error, Sendable, Equatable {
        public let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// The keys a rules file's lines may have, in the order a theme gives them.
    public static let keys = ["theme", "name", "about", "match", "except"]

    /// The themes in the file's order: every listing and count follows it.
    public let themes: [Theme]

    public init(themes: [Theme]) { self.themes = themes }

    /// Reads the text of a rules file: `key: value` lines, blank lines and `#` comments.
    public init(parsing text: String) throws(ParseError) {
        var themes: [Theme] = []
        var current: (theme: Theme, line: Int)?
        var seen = Set<String>()

        func close() throws(ParseError) {
            guard let (theme, line) = current else { return }
            if theme.name.isEmpty { throw ParseError(line: line, reason: "theme '\(theme.id)' has no 'name:' line") }
            if theme.about.isEmpty { throw ParseError(line: line, reason: "theme '\(theme.id)' has no 'about:' line") }
            if theme.matches.isEmpty { throw ParseError(line: line, reason: "theme '\(theme.id)' has no 'match:' line") }
            themes.append(theme)
            current = nil
        }

        // `isNewline`, not "\n": a Windows line end is one Character, "\r\n".
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = offset + 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let bad = line.unicodeScalars.first(where: { $0.properties.generalCategory == .control && $0 != "\t" }) {
                throw ParseError(line: number, reason: "a control character (U+\(String(bad.value, radix: 16, uppercase: true))) is not allowed")
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw ParseError(line: number, reason: "expected 'key: value' (keys: \(Self.keys.joined(separator: ", ")))")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard Self.keys.contains(key) else {
                throw ParseError(line: number, reason: "unknown key '\(key)': expected one of \(Self.keys.joined(separator: ", "))")
            }
            if key == "theme" {
                try close()
                guard Self.isValidID(value) else {
                    throw ParseError(line: number, reason: "'\(value)' is not a theme id: lower case letters, digits and hyphens, starting with a letter")
                }
                guard seen.insert(value).inserted else { throw ParseError(line: number, reason: "theme '\(value)' is defined twice") }
                current = (Theme(id: value, name: "", about: "", matches: []), number)
                continue
            }
            guard var theme = current?.theme else {
                throw ParseError(line: number, reason: "'\(key):' before any 'theme:' line")
            }
            guard !value.isEmpty else { throw ParseError(line: number, reason: "'\(key):' has no value") }
            switch key {
            case "name", "about":
                let existing = key == "name" ? theme.name : theme.about
                guard existing.isEmpty else { throw ParseError(line: number, reason: "theme '\(theme.id)' has a second '\(key):' line") }
                if key == "name" { theme.name = value } else { theme.about = value }
            default:
                let phrase: ThemePhrase
                do { phrase = try ThemePhrase(value) } catch { throw ParseError(line: number, reason: "\(key): \(error.reason)") }
                if key == "match" { theme.matches.append(phrase) } else { theme.exceptions.append(phrase) }
            }
            current?.theme = theme
        }
        try close()
        guard !themes.isEmpty else { throw ParseError(line: 1, reason: "no theme is defined (a theme begins with a 'theme:' line)") }
        self.themes = themes
    }

    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// The words of a text as the rules see them: folded (`TextSearch.fold`: case, accents and
    /// width ignored), split at everything but letters and digits.
    public static func words(_ text: String) -> [Substring] {
        TextSearch.fold(text).split { !($0.isLetter || $0.isNumber) }
    }

    /// The theme with this id, if any.
    public func theme(id: String) -> Theme? { themes.first { $0.id == id } }

    /// The themes a text has, in the rules' order (none when no rule matches).
    public func themes(of text: String) -> [Theme] {
        let words = ThemeWords(text)
        return themes.filter { $0.applies(to: words) }
    }

    /// The ids of the themes a text has, in the rules' order.
    public func themeIDs(of text: String) -> [String] { themes(of: text).map(\.id) }
}

/// A text's words as the rules see them (`ThemeRules.words`), with the places of each word, so
/// that a phrase is looked for only where its first word is.
public struct ThemeWords: Sendable {
    public let words: [Substring]
    /// Word → its indices in `words`, ascending.
    let positions: [Substring: [Int]]

    public init(_ text: String) {
        words = ThemeRules.words(text)
        var positions: [Substring: [Int]] = [:]
        for (index, word) in words.enumerated() { positions[word, default: []].append(index) }
        self.positions = positions
    }
}

// MARK: - Counting

/// Which themes each finding has, worked out once for a set of findings so that several counts
/// (overall, by year, by region) do not tag the same text again. Only improvement findings
/// (not strengths) that are not removed are tagged.
public struct ThemeTags: Sendable {
    public let rules: ThemeRules
    /// Finding id → indices into `rules.themes`, ascending.
    private var byFinding: [Int64: [Int]] = [:]
    /// Plan id → its tagged findings' ids, in the order given.
    private var findingsByPlan: [Int64: [Int64]] = [:]

    public init(rules: ThemeRules, findings: [Finding]) {
        self.rules = rules
        for finding in findings where finding.category.isImprovement && finding.removed == nil {
            let words = ThemeWords(finding.text)
            byFinding[finding.id] = rules.themes.indices.filter { rules.themes[$0].applies(to: words) }
            findingsByPlan[finding.planId, default: []].append(finding.id)
        }
    }

    /// The themes of a finding (none for a finding not tagged here).
    public func themes(ofFinding id: Int64) -> [Theme] { (byFinding[id] ?? []).map { rules.themes[$0] } }

    /// The counts over these plans (each plan counted once, whatever the order given).
    public func counts(plans: [Plan]) -> ThemeCounts {
        var perFinding = Array(repeating: 0, count: rules.themes.count)
        var perPlan = perFinding
        var planIds = Set<Int64>()
        var findings = 0, untagged = 0
        for plan in plans where planIds.insert(plan.id).inserted {
            var inPlan = Set<Int>()
            for findingId in findingsByPlan[plan.id] ?? [] {
                let tags = byFinding[findingId] ?? []
                findings += 1
                if tags.isEmpty { untagged += 1 }
                for index in tags {
                    perFinding[index] += 1
                    inPlan.insert(index)
                }
            }
            for index in inPlan { perPlan[index] += 1 }
        }
        let entries = rules.themes.indices.map { ThemeCounts.Entry(theme: rules.themes[$0], plans: perPlan[$0], findings: perFinding[$0]) }
        return ThemeCounts(entries: entries, plans: planIds.count, findings: findings, untaggedFindings: untagged)
    }

    /// The counts per group of plans (a year, a region, a kind): `key` names a plan's group, and
    /// the groups come back in the order their keys sort by `order` (plans with a nil key are left out).
    public func counts<Key: Hashable>(plans: [Plan], by key: (Plan) -> Key?, order: (Key, Key) -> Bool) -> [(key: Key, counts: ThemeCounts)] {
        var groups: [Key: [Plan]] = [:]
        for plan in plans { if let k = key(plan) { groups[k, default: []].append(plan) } }
        return groups.keys.sorted(by: order).map { ($0, counts(plans: groups[$0] ?? [])) }
    }
}

/// How often each theme appears in a set of plans: the number of plans (documents) with at least
/// one finding of the theme, and the number of findings with it. A finding counts once for each
/// of its themes, so the findings of the entries add up to more than `findings`.
///
/// Documents are the fair measure between authorities and years (a long report has more
/// findings, a short letter fewer); findings say how much of the text is about a theme.
public struct ThemeCounts: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public let theme: Theme
        /// Plans with at least one finding of the theme.
        public let plans: Int
        /// Findings with the theme.
        public let findings: Int
    }

    /// One per theme, in the rules' order.
    public let entries: [Entry]
    /// The plans counted (including those with no improvement finding).
    public let plans: Int
    /// Their improvement findings.
    public let findings: Int
    /// Findings that no theme's rule matched.
    public let untaggedFindings: Int

    public init(entries: [Entry], plans: Int, findings: Int, untaggedFindings: Int) {
        self.entries = entries
        self.plans = plans
        self.findings = findings
        self.untaggedFindings = untaggedFindings
    }

    /// The counts for a set of plans, tagging their findings with the rules (findings of other
    /// plans are ignored). For several counts over the same findings, make `ThemeTags` once.
    public init(rules: ThemeRules, plans: [Plan], findings: [Finding]) {
        let ids = Set(plans.map(\.id))
        self = ThemeTags(rules: rules, findings: findings.filter { ids.contains($0.planId) }).counts(plans: plans)
    }

    /// The entry of a theme, if the rules have it.
    public func entry(_ themeID: String) -> Entry? { entries.first { $0.theme.id == themeID } }

    /// The share (0…1) of the plans that have the theme; 0 when there are no plans.
    public func planShare(_ themeID: String) -> Double {
        guard plans > 0, let entry = entry(themeID) else { return 0 }
        return Double(entry.plans) / Double(plans)
    }

    /// The share (0…1) of the findings that have the theme; 0 when there are no findings.
    public func findingShare(_ themeID: String) -> Double {
        guard findings > 0, let entry = entry(themeID) else { return 0 }
        return Double(entry.findings) / Double(findings)
    }

    /// A count as a whole percentage of a total, rounded half up; 0 of 0 is 0. The one rounding
    /// of every theme percentage shown.
    public static func percent(_ part: Int, of whole: Int) -> Int {
        whole == 0 ? 0 : (200 * part + whole) / (2 * whole)
    }
}
