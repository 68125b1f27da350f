/// A logical unit of the document: a heading, a list item or a paragraph, with its wrapped
/// lines joined.
/// The parts of a block the builder decides by, without its text.
struct OpenBlock {
    let heading: HeadingRole?
    let marker: SourceLine.Marker
    let kind: Block.Kind
    let textIsEmpty: Bool
    let startsWithDear: Bool
    let textColumn: Int
    let lineCount: Int
    let minRestIndent: Int
    let maybeSpaceBullet: Bool
    let firstIndent: Int

    init(_ b: Block) {
        heading = b.heading
        marker = b.marker
        kind = b.kind
        textIsEmpty = b.text.isEmpty
        startsWithDear = b.text.hasPrefix("Dear ")
        textColumn = b.textColumn
        lineCount = b.lineCount
        minRestIndent = b.minRestIndent
        maybeSpaceBullet = b.maybeSpaceBullet
        firstIndent = b.firstIndent
    }
}

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
            // Taken out of `current` so that its text is not shared and grows in place.
            guard var b = current else { return }
            current = nil
            hyphens.append(line.full.isEmpty ? line.text : (line.marker == .none ? line.text : line.full), to: &b.text)
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
            current = nil
            if line.marker == .glyph || line.marker == .letter {
                // Sub-items printed without punctuation are told apart in the joined text.
                if let last = b.subItems.last, !endsSentence(last), !obviouslyContinues(last) { b.text += ";" }
                b.subItems.append(line.text)
                b.subItemIndent = line.indent
            } else if let indent = b.subItemIndent, line.indent > indent, !b.subItems.isEmpty {
                hyphens.append(line.text, to: &b.subItems[b.subItems.count - 1])
            } else {
                b.subItemIndent = nil
            }
            hyphens.append(line.text, to: &b.text)
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

            // What the decisions below need of the open block, without its text: holding a copy
            // of the text while it is appended to would copy it at every line (quadratic on a
            // paragraph of thousands of lines).
            guard let b = current.map(OpenBlock.init), b.heading == nil, let previous = lastLine else {
                start(line, spaceBullet: false, heading: nil, maybe: line.marker == .none && line.indent > 0 && startsUpperOrDigit(line.text))
                continue
            }
            let previousText = previous.text
            if blankRun {
                // Blank lines (often a page break) inside a sentence do not end the paragraph.
                // A glyph alone on its line owns the text after it, even across a blank line.
                let loneGlyph = b.marker == .glyph && b.textIsEmpty
                let continues = line.marker == .none && !endsSentence(previousText) && !b.startsWithDear
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

    /// Appends a wrapped line to the text before it, in place: a paragraph of thousands of lines
    /// is joined in time proportional to its length (only the end of the text is looked at, and
    /// no view of the text is alive while it grows, so it is never copied).
    func append(_ next: String, to text: inout String) {
        if text.isEmpty { text = next; return }
        if next.isEmpty { return }
        switch lineEnd(text, next) {
        case .space: text += " "
        case .keepHyphen: break
        case .dropHyphen: text.unicodeScalars.removeLast()
        }
        text += next
    }

    private enum LineEnd { case space, keepHyphen, dropHyphen }

    /// How a line ending in `text` meets `next`: a word broken by a hyphen is joined, without
    /// the hyphen unless the word is one that keeps it.
    private func lineEnd(_ text: String, _ next: String) -> LineEnd {
        let scalars = text.unicodeScalars
        guard let last = scalars.last, last == "-", scalars.index(before: scalars.endIndex) > scalars.startIndex,
              Characters.isLetter(scalars[scalars.index(scalars.endIndex, offsetBy: -2)]) else { return .space }
        // The word broken at the line end: its letters back to the last non-letter.
        var start = scalars.index(before: scalars.endIndex)
        while start > scalars.startIndex {
            let previous = scalars.index(before: start)
            let c = scalars[previous]
            guard Characters.isLetter(c) || c == "-" else { break }
            start = previous
        }
        let head = String(String.UnicodeScalarView(scalars[start..<scalars.index(before: scalars.endIndex)])).lowercased()
        let tail = String(next.prefix { $0.isLetter }).lowercased()
        let nextStartsLower = next.unicodeScalars.first.map(Characters.isLower) ?? false
        return nextStartsLower && !tail.isEmpty && keepsHyphen(head: head, tail: tail) == false ? .dropHyphen : .keepHyphen
    }

    private func keepsHyphen(head: String, tail: String) -> Bool {
        if hyphenated.contains(head + "-" + tail) { return true }
        if words.contains(head + tail) { return false }
        if head.contains("-") { return true }
        if HyphenResolver.suffixes.contains(tail) && head.count >= 3 { return false }
        return true
    }
}
