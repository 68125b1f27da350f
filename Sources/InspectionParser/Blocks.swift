/// A logical unit of the document: a heading, a list item or a paragraph, with its wrapped
/// lines joined.
struct Block: Sendable {
    enum Kind: Equatable, Sendable { case glyph, number, plain }

    var marker: SourceLine.Marker
    /// A bullet that lost its glyph (the line starts with a space where the glyph was).
    var spaceBullet: Bool
    var text: String
    /// 1-based line number of the first line.
    var line: Int
    var lineCount: Int
    var longestLine: Int
    /// Set for a line recognised as a known heading.
    var heading: HeadingRole?
    var blankBefore: Bool
    var blankAfter: Bool = false
    /// A page boundary (form feed, page number, marking) came between this block and the last.
    var pageBreakBefore: Bool = false
    /// The column where the item's text starts (for continuation lines).
    var textColumn: Int
    var lastLineEndsSentence: Bool
    /// Indented first line starting with a capital: a bullet lost to a space if the
    /// continuation lines hang to its left, or if it sits among bullets.
    var maybeSpaceBullet: Bool = false
    var firstIndent: Int = 0
    var minRestIndent: Int = Int.max
    /// The two-column table row the block is (0 outside tables) and the row's responsible body.
    var tableRow: Int = 0
    var ownerBody: String?
    /// Sub-items of a nested list folded into this item, in order.
    var subItems: [String] = []
    /// The indent of the sub-item being read (nil when the item is not inside one).
    var subItemIndent: Int?

    var kind: Kind {
        switch marker {
        case .glyph, .letter: return .glyph
        case .number: return .number
        case .none: return spaceBullet ? .glyph : .plain
        }
    }

    var number: Int? { if case .number(let n) = marker { return n }; return nil }
}

enum BlockBuilder {
    static func endsSentence(_ text: String) -> Bool {
        guard var last = text.unicodeScalars.last else { return false }
        var scalars = text.unicodeScalars
        // Closing quotes and brackets after the full stop.
        while last == "\u{2019}" || last == "\u{201D}" || last == "\"" || last == "'" || last == ")" {
            scalars.removeLast()
            guard let l = scalars.last else { return false }
            last = l
        }
        return last == "." || last == "!" || last == "?" || last == ":" || last == ";"
    }

    static let connectives: Set<String> = ["and", "or", "the", "of", "to", "in", "for", "with", "a", "an", "by", "on",
                                           "that", "as", "at", "from", "their", "its", "is", "are", "be", "but", "which"]

    /// Whether a paragraph that stopped at `previous` obviously goes on (no full stop, a comma,
    /// a hyphen, a connective word at the end).
    static func obviouslyContinues(_ previous: String) -> Bool {
        guard let last = previous.unicodeScalars.last else { return false }
        if last == "," || last == "-" || last == "\u{2013}" || last == "(" || last == "/" || last == "&" { return true }
        if let word = previous.split(separator: " ").last, connectives.contains(word.lowercased()) { return true }
        return false
    }

    static func startsLower(_ text: String) -> Bool {
        guard let f = text.unicodeScalars.first else { return false }
        return Characters.isLower(f)
    }

    static func startsUpperOrDigit(_ text: String) -> Bool {
        guard var f = text.unicodeScalars.first else { return false }
        if f == "\u{2018}" || f == "\u{201C}" || f == "\"" || f == "'" || f == "(" {
            guard let s = text.unicodeScalars.dropFirst().first else { return false }
            f = s
        }
        return Characters.isUpper(f) || Characters.isDigit(f)
    }

    static func isDashLine(_ line: SourceLine) -> Bool {
        guard let f = line.full.unicodeScalars.first else { return false }
        return Characters.dashGlyphs.contains(f)
    }

    /// The known heading a line is, if any.
    static func headingRole(_ line: SourceLine) -> HeadingRole? {
        guard line.marker == .none || line.marker.isNumber, line.full.count <= 130 else { return nil }
        guard let n = Headings.normalise(line.full) else { return nil }
        return Headings.role(ofNormalised: n)
    }

    static func build(_ lines: [SourceLine]) -> [Block] {
        // The usual width of a full line, for telling a deliberate line break from a wrap.
        var lengths = lines.compactMap { $0.isBlank || $0.furniture ? nil : $0.indent + $0.full.count }
        lengths.sort()
        let typicalWidth = lengths.isEmpty ? 80 : lengths[min(lengths.count - 1, lengths.count * 9 / 10)]
        let hyphens = HyphenResolver(lines)

        var blocks: [Block] = []
        var current: Block?
        var lastLine: SourceLine?
        var blankRun = false
        var boundary = false

        func flush() {
            if var b = current {
                b.blankAfter = false
                blocks.append(b)
            }
            current = nil
        }
        func start(_ line: SourceLine, spaceBullet: Bool, heading: HeadingRole?, maybe: Bool = false) {
            flush()
            current = Block(marker: line.marker, spaceBullet: spaceBullet, text: line.text, line: line.number,
                            lineCount: 1, longestLine: line.indent + line.full.count, heading: heading,
                            blankBefore: blankRun || blocks.isEmpty, textColumn: line.textColumn,
                            lastLineEndsSentence: endsSentence(line.text),
                            maybeSpaceBullet: maybe, firstIndent: line.indent)
            current?.pageBreakBefore = boundary || line.pageBreak
            boundary = false
        }
        func append(_ line: SourceLine) {
            guard var b = current else { return }
            b.text = hyphens.join(b.text, line.full.isEmpty ? line.text : (line.marker == .none ? line.text : line.full))
            b.lineCount += 1
            b.longestLine = max(b.longestLine, line.indent + line.full.count)
            b.lastLineEndsSentence = endsSentence(line.text)
            b.minRestIndent = min(b.minRestIndent, line.indent)
            current = b
        }

        // A line of a table row: a bullet opens a sub-item, a line indented under it goes on with
        // it, and a line back at the row's margin goes on with the row's own text.
        func appendToRow(_ line: SourceLine) {
            guard var b = current else { return }
            if line.marker == .glyph || line.marker == .letter {
                // Sub-items printed without punctuation are told apart in the joined text.
                if let last = b.subItems.last, !endsSentence(last), !obviouslyContinues(last) { b.text += ";" }
                b.subItems.append(line.text)
                b.subItemIndent = line.indent
            } else if let indent = b.subItemIndent, line.indent > indent, !b.subItems.isEmpty {
                b.subItems[b.subItems.count - 1] = hyphens.join(b.subItems[b.subItems.count - 1], line.text)
            } else {
                b.subItemIndent = nil
            }
            b.text = hyphens.join(b.text, line.text)
            b.lineCount += 1
            b.longestLine = max(b.longestLine, line.indent + line.full.count)
            b.lastLineEndsSentence = endsSentence(line.text)
            current = b
        }

        // A list number left alone on its line by a converter ("1." then the text) numbers the
        // next paragraph.
        var pendingNumber: Int?
        func loneNumber(_ line: SourceLine) -> Int? {
            let u = Array(line.full.utf8)
            guard (2...4).contains(u.count), u.last == 0x2E || u.last == 0x29, u.dropLast().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int(String(decoding: u.dropLast(), as: UTF8.self))
        }

        var index = 0
        while index < lines.count {
            var line = lines[index]
            index += 1
            // Page numbers alone do not count: a contents page has one on every other line.
            if (line.furniture && !line.pageNumberOnly) || line.pageBreak { boundary = true }
            if line.furniture { continue }
            if let n = loneNumber(line) {
                flush()
                pendingNumber = n
                blankRun = true
                continue
            }
            if let n = pendingNumber, !line.isBlank {
                pendingNumber = nil
                if line.marker == .none, headingRole(line) == nil { line.marker = .number(n) }
            }
            if line.isBlank {
                if current != nil { blankRun = true }
                continue
            }
            defer { lastLine = line; blankRun = false }

            // A row of a two-column table is one block, whatever its sentences, sub-bullets and
            // page breaks.
            if line.tableRow != 0 {
                if let b = current, b.tableRow == line.tableRow {
                    appendToRow(line)
                } else {
                    start(line, spaceBullet: false, heading: nil)
                    current?.tableRow = line.tableRow
                    current?.ownerBody = line.ownerBody
                }
                continue
            }

            // Known headings stand alone, with or without blank lines around them.
            if let role = headingRole(line) {
                start(line, spaceBullet: false, heading: role)
                // A heading that goes on over the next line ("The inspection outcomes: Safeguarding / services").
                if index < lines.count, !lines[index].isBlank, !lines[index].furniture, lines[index].marker == .none,
                   lines[index].full.count <= 40, startsLower(lines[index].text) {
                    append(lines[index])
                    index += 1
                }
                flush()
                continue
            }
            // A heading split over two adjacent lines.
            if line.marker == .none, !endsSentence(line.text), line.full.count <= 90, index < lines.count {
                let next = lines[index]
                if !next.isBlank, !next.furniture, next.marker == .none, next.full.count <= 60,
                   let n = Headings.normalise(line.full + " " + next.full), let role = Headings.role(ofNormalised: n) {
                    start(line, spaceBullet: false, heading: role)
                    append(next)
                    index += 1
                    flush()
                    continue
                }
            }

            guard let b = current, b.heading == nil, let previous = lastLine else {
                start(line, spaceBullet: false, heading: nil, maybe: line.marker == .none && line.indent > 0 && startsUpperOrDigit(line.text))
                continue
            }
            let previousText = previous.text
            if blankRun {
                // Blank lines (often a page break) inside a sentence do not end the paragraph.
                // A glyph alone on its line owns the text after it, even across a blank line.
                let loneGlyph = b.marker == .glyph && b.text.isEmpty
                let continues = line.marker == .none && !endsSentence(previousText) && !b.text.hasPrefix("Dear ")
                    && (startsLower(line.text) || obviouslyContinues(previousText) || loneGlyph)
                if continues { append(line) } else {
                    start(line, spaceBullet: false, heading: nil, maybe: line.marker == .none && line.indent > 0 && startsUpperOrDigit(line.text))
                }
                continue
            }
            if line.marker != .none {
                let dashContinuation = isDashLine(line) && !endsSentence(previousText) && !(b.marker == .glyph && isDashLine(previous))
                    && b.marker != .glyph
                if dashContinuation { append(line) } else { start(line, spaceBullet: false, heading: nil) }
                continue
            }
            let previousEnds = endsSentence(previousText)
            // A bullet lost to a space: indented differently from the text above, after a full stop.
            if previousEnds, line.indent > 0, line.indent != previous.textColumn, line.indent != b.textColumn,
               startsUpperOrDigit(line.text) {
                start(line, spaceBullet: false, heading: nil, maybe: true)
                continue
            }
            // A list item laid out with a hanging indent ends at the first line left of its text.
            if b.marker != .none, b.lineCount > 1, b.minRestIndent == b.textColumn, line.indent < b.textColumn {
                start(line, spaceBullet: false, heading: nil, maybe: line.marker == .none && line.indent > 0 && startsUpperOrDigit(line.text))
                continue
            }
            // A deliberate line break: the first word of this line would have fitted on the last one.
            if previousEnds, previousText.last != ":" || b.marker == .none, startsUpperOrDigit(line.text),
               b.marker == .none || line.indent != b.textColumn {
                let firstWord = line.text.prefix { $0 != " " }.count
                if previous.indent + previous.full.count + 1 + firstWord < typicalWidth * 90 / 100 {
                    start(line, spaceBullet: line.indent > 0 && b.kind == .glyph, heading: nil)
                    continue
                }
            }
            // Bullets lost to a space, printed without full stops: a short line, then a capitalised
            // line at the same indent whose first word would easily have fitted on it.
            if b.maybeSpaceBullet, b.lineCount == 1, line.indent == b.firstIndent, line.indent > 0, startsUpperOrDigit(line.text),
               !obviouslyContinues(previousText) {
                let firstWord = line.text.prefix { $0 != " " }.count
                if previous.indent + previous.full.count + 1 + firstWord < typicalWidth * 75 / 100 {
                    start(line, spaceBullet: false, heading: nil, maybe: true)
                    continue
                }
            }
            append(line)
        }
        flush()
        // Bullets lost to a space at the start of a paragraph.
        for k in blocks.indices where blocks[k].maybeSpaceBullet && blocks[k].heading == nil {
            let b = blocks[k]
            if b.lineCount > 1 {
                blocks[k].spaceBullet = b.minRestIndent < b.firstIndent
            } else {
                let before = k > 0 ? blocks[k - 1] : nil
                let after = k + 1 < blocks.count ? blocks[k + 1] : nil
                blocks[k].spaceBullet = before?.kind == .glyph || (after.map { $0.marker == .glyph || ($0.maybeSpaceBullet && $0.minRestIndent < $0.firstIndent) } ?? false)
            }
        }
        // Blank-after flags.
        var i = 0
        while i < blocks.count {
            if i + 1 < blocks.count { blocks[i].blankAfter = blocks[i + 1].blankBefore } else { blocks[i].blankAfter = true }
            i += 1
        }
        return blocks
    }
}

extension SourceLine.Marker {
    var isNumber: Bool { if case .number = self { return true }; return false }
}

/// Decides whether a hyphen at the end of a line is part of the word ("decision-" "making") or
/// a break inside one ("assess-" "ment"), from how the document spells the word elsewhere.
struct HyphenResolver {
    private var words: Set<String> = []
    private var hyphenated: Set<String> = []

    static let suffixes: Set<String> = [
        "ment", "ments", "tion", "tions", "sion", "sions", "ing", "ings", "ed", "ly", "ness", "ity", "ities", "ance",
        "ances", "ence", "ences", "ive", "ous", "al", "ary", "er", "ers", "ship", "ships", "able", "ible", "ise",
        "ised", "ize", "ized", "ist", "ists", "ism", "ful", "less", "ate", "ated", "ation", "ations", "ure", "ures",
        "ent", "ents", "ant", "ants", "ual", "ially", "ially", "ic", "ical", "ically", "ty", "ies", "ion", "ions",
    ]

    init(_ lines: [SourceLine]) {
        var needed = false
        for l in lines where l.text.hasSuffix("-") { needed = true; break }
        guard needed else { return }
        for l in lines where !l.isBlank {
            var word = ""
            for ch in l.text.lowercased() {
                if ch.isLetter || ch == "-" { word.append(ch) } else {
                    add(word); word = ""
                }
            }
            add(word)
        }
    }

    private mutating func add(_ word: String) {
        guard !word.isEmpty, !word.hasSuffix("-"), !word.hasPrefix("-") else { return }
        if word.contains("-") { hyphenated.insert(word) } else { words.insert(word) }
    }

    /// Joins a wrapped line onto the text before it.
    func join(_ text: String, _ next: String) -> String {
        if text.isEmpty { return next }
        if next.isEmpty { return text }
        let scalars = text.unicodeScalars
        if let last = scalars.last, last == "-", scalars.count >= 2,
           Characters.isLetter(scalars[scalars.index(scalars.endIndex, offsetBy: -2)]) {
            let before = text.dropLast()
            let head = String(before.reversed().prefix { $0.isLetter || $0 == "-" }.reversed()).lowercased()
            let tail = String(next.prefix { $0.isLetter }).lowercased()
            let nextStartsLower = next.unicodeScalars.first.map(Characters.isLower) ?? false
            if nextStartsLower && !tail.isEmpty && keepsHyphen(head: head, tail: tail) == false {
                return String(before) + next
            }
            return text + next
        }
        return text + " " + next
    }

    private func keepsHyphen(head: String, tail: String) -> Bool {
        if hyphenated.contains(head + "-" + tail) { return true }
        if words.contains(head + tail) { return false }
        if head.contains("-") { return true }
        if HyphenResolver.suffixes.contains(tail) && head.count >= 3 { return false }
        return true
    }
}
