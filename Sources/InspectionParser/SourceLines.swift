/// The input text as cleaned lines: control characters and invisible characters gone, bullet
/// glyphs and list numbers recognised, page furniture marked.
///
/// Everything works on arrays of lines and scalars so that a document of several megabytes is
/// handled in one linear pass.
struct SourceLine: Sendable {
    enum Marker: Equatable, Sendable {
        case none
        /// A bullet glyph (•, ◼, ▪, -, private-use glyphs, ...).
        case glyph
        /// A numbered item or paragraph ("17.", "3)").
        case number(Int)
        /// A lettered item ("(a)", "b)").
        case letter
    }

    /// 1-based line number in the input.
    var number: Int
    /// Leading spaces before the marker or text.
    var indent: Int
    /// The column where the text starts, after any marker.
    var textColumn: Int
    var marker: Marker
    /// The text after the marker, trimmed at both ends, private-use glyphs removed.
    var text: String
    /// The whole line after the indent (marker included), trimmed at the end.
    var full: String
    /// A form feed came before or on this line.
    var pageBreak: Bool
    /// Removed as page furniture (page number, running header, CONFIDENTIAL, ...).
    var furniture: Bool = false
    /// A line that is only a page number (which a contents page also has).
    var pageNumberOnly: Bool = false
    /// The row of a two-column table the line belongs to (its right-hand cell); 0 outside tables.
    var tableRow: Int = 0
    /// On the first line of a table row: the row's left-hand cell, the body responsible for it.
    var ownerBody: String?

    var isBlank: Bool { full.isEmpty }
}

enum Characters {
    /// Glyphs that start a bullet when followed by a space (or directly by a letter for the
    /// non-dash ones).
    static let bulletGlyphs: Set<Unicode.Scalar> = [
        "\u{2022}", "\u{25FC}", "\u{25AA}", "\u{25A0}", "\u{25CF}", "\u{25E6}", "\u{25CB}", "\u{25BA}",
        "\u{25B6}", "\u{27A2}", "\u{27A4}", "\u{2713}", "\u{2714}", "\u{25A1}", "\u{2756}", "\u{25C6}",
        "\u{25C7}", "\u{00B7}", "\u{2023}", "\u{2043}", "\u{2219}", "\u{25FE}", "\u{25AB}", "\u{2B1B}",
        "\u{F0B7}", "*", "\u{00A7}", "o",
    ]
    /// Dashes that start a bullet only when followed by a space.
    static let dashGlyphs: Set<Unicode.Scalar> = ["-", "\u{2013}", "\u{2212}", "\u{2014}"]

    static func isPrivateUse(_ s: Unicode.Scalar) -> Bool {
        (0xE000...0xF8FF).contains(s.value) || (0xF0000...0x10FFFF).contains(s.value)
    }

    /// Characters dropped from the text wherever they are.
    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xFFFD: return true
        case 0x00...0x08, 0x0B, 0x0E...0x1F, 0x7F: return true
        case 0x80...0x9F: return true
        default: return false
        }
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\u{00A0}" || s == "\u{2002}" || s == "\u{2003}" || s == "\u{2009}" || s == "\u{202F}"
    }

    static func isUpper(_ s: Unicode.Scalar) -> Bool { s.properties.isUppercase }
    static func isLower(_ s: Unicode.Scalar) -> Bool { s.properties.isLowercase }
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }
    static func isLetter(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic }
}

extension String {
    /// Byte-wise substring test, cheaper than Foundation's `contains` on hot paths.
    func containsBytes(_ needle: String) -> Bool {
        // Native strings are searched in place; only a bridged string is copied.
        if let found = utf8.withContiguousStorageIfAvailable({ h in
            needle.utf8.withContiguousStorageIfAvailable { n in Self.search(h, n) }
        }), let result = found { return result }
        return Self.search(Array(utf8), Array(needle.utf8))
    }

    private static func search<H: RandomAccessCollection, N: RandomAccessCollection>(_ h: H, _ n: N) -> Bool
    where H.Element == UInt8, N.Element == UInt8, H.Index == Int, N.Index == Int {
        let h = h, n = n
        guard !n.isEmpty, h.count >= n.count else { return n.isEmpty }
        let first = n[0]
        var i = 0
        let limit = h.count - n.count
        while i <= limit {
            if h[i] == first {
                var j = 1
                while j < n.count, h[i + j] == n[j] { j += 1 }
                if j == n.count { return true }
            }
            i += 1
        }
        return false
    }
}

enum LineSplitter {
    /// Splits the text into lines, removing invisible characters, expanding tabs and turning
    /// every kind of space into a plain space. A form feed marks the line it is on.
    static func rawLines(_ text: String) -> [(scalars: [Unicode.Scalar], pageBreak: Bool)] {
        var result: [(scalars: [Unicode.Scalar], pageBreak: Bool)] = []
        var current: [Unicode.Scalar] = []
        var pageBreak = false
        var previousWasCR = false
        result.reserveCapacity(text.utf8.count / 40 + 1)
        for s in text.unicodeScalars {
            if s == "\n" {
                if previousWasCR { previousWasCR = false; continue }
                result.append((current, pageBreak)); current = []; pageBreak = false
                continue
            }
            previousWasCR = false
            if s == "\r" || s == "\u{2028}" || s == "\u{2029}" || s == "\u{85}" {
                result.append((current, pageBreak)); current = []; pageBreak = false
                previousWasCR = (s == "\r")
                continue
            }
            if s == "\u{0C}" { pageBreak = true; continue }
            if s == "\t" {
                let spaces = 8 - current.count % 8
                current.append(contentsOf: repeatElement(" ", count: spaces))
                continue
            }
            if Characters.isInvisible(s) { continue }
            current.append(Characters.isSpace(s) ? " " : s)
        }
        if !current.isEmpty || pageBreak { result.append((current, pageBreak)) }
        return result
    }

    /// Builds `SourceLine`s with markers recognised.
    static func lines(_ text: String) -> [SourceLine] {
        // Fast path for the common case: lines of plain ASCII need no cleaning.
        let utf8 = text.utf8
        if !utf8.contains(0x0D) {
            var lines: [SourceLine] = []
            lines.reserveCapacity(utf8.count / 60 + 1)
            var number = 0
            for piece in utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
                number += 1
                if !needsCleaning(piece) {
                    lines.append(cleanLine(piece, number: number))
                } else {
                    let scalars = rawLines(String(decoding: piece, as: UTF8.self))
                    // A line of its own never splits further here (no CR), except on U+2028/U+2029.
                    for item in scalars.isEmpty ? [([], false)] : scalars {
                        lines.append(line(item.scalars, pageBreak: item.pageBreak, number: number))
                    }
                }
            }
            if let last = lines.last, last.isBlank, !last.pageBreak, text.utf8.last == 0x0A { lines.removeLast() }
            return lines
        }
        let raw = rawLines(text)
        var lines: [SourceLine] = []
        lines.reserveCapacity(raw.count)
        for (index, item) in raw.enumerated() {
            lines.append(line(item.scalars, pageBreak: item.pageBreak, number: index + 1))
        }
        return lines
    }

    /// Whether a line's UTF-8 holds anything to clean: control characters, odd spaces,
    /// invisible characters, private-use glyphs.
    static func needsCleaning(_ bytes: Substring.UTF8View.SubSequence) -> Bool {
        var it = bytes.makeIterator()
        var previous2: UInt8 = 0, previous1: UInt8 = 0
        while let b = it.next() {
            if b < 0x20 || b == 0x7F || b == 0xEE || b == 0xF3 || b == 0xF4 { return true }
            if previous1 == 0xC2, (0x80...0xA0).contains(b) || b == 0xAD { return true }
            if previous1 == 0xEF, (0x80...0xA3).contains(b) { return true }
            if previous2 == 0xE2, previous1 == 0x80, [0x82, 0x83, 0x89, 0x8B, 0x8C, 0x8D, 0xA8, 0xA9, 0xAF].contains(b) { return true }
            if previous2 == 0xE2, previous1 == 0x81, b == 0xA0 { return true }
            if previous2 == 0xEF, previous1 == 0xBB, b == 0xBF { return true }
            if previous2 == 0xEF, previous1 == 0xBF, b == 0xBD { return true }
            previous2 = previous1
            previous1 = b
        }
        return false
    }

    /// A line with nothing to clean: only spaces to trim and a marker to find.
    static func cleanLine(_ bytes: Substring.UTF8View.SubSequence, number: Int) -> SourceLine {
        var start = bytes.startIndex
        var indent = 0
        while start < bytes.endIndex, bytes[start] == 0x20 { start = bytes.index(after: start); indent += 1 }
        var end = bytes.endIndex
        while end > start, bytes[bytes.index(before: end)] == 0x20 { end = bytes.index(before: end) }
        let body = bytes[start..<end]
        let full = String(decoding: body, as: UTF8.self)
        let head = Array(full.unicodeScalars.prefix(24))
        let (marker, textStart) = detectMarker(head)
        var text = full
        var column = indent
        if marker != .none {
            let byteOffset = head[..<textStart].reduce(0) { $0 + UTF8.width($1) }
            var rest = body.dropFirst(byteOffset)
            column += textStart
            while let f = rest.first, f == 0x20 { rest = rest.dropFirst(); column += 1 }
            text = String(decoding: rest, as: UTF8.self)
        }
        return SourceLine(number: number, indent: indent, textColumn: column, marker: marker, text: text, full: full, pageBreak: false)
    }

    static func line(_ input: [Unicode.Scalar], pageBreak: Bool, number: Int) -> SourceLine {
            var scalars = input
            while let last = scalars.last, last == " " { scalars.removeLast() }
            var i = 0
            while i < scalars.count, scalars[i] == " " { i += 1 }
            let indent = i
            let body = Array(scalars[i...])
            let (marker, textStart) = detectMarker(body)
            var textScalars = Array(body[textStart...])
            // Private-use glyphs carry no text anywhere in the line.
            textScalars.removeAll { Characters.isPrivateUse($0) }
            var t = 0
            while t < textScalars.count, textScalars[t] == " " { t += 1 }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: textScalars[t...])
            var fullView = String.UnicodeScalarView()
            fullView.append(contentsOf: body.filter { !Characters.isPrivateUse($0) || marker == .glyph })
            let fullText = String(fullView)
            return SourceLine(number: number, indent: indent, textColumn: indent + textStart + t,
                              marker: marker, text: String(view),
                              full: fullText.isEmpty && marker == .glyph ? "•" : fullText,
                              pageBreak: pageBreak)
    }

    /// Recognises a bullet glyph or a list number at the start of a line; returns the marker and
    /// where the text starts.
    static func detectMarker(_ body: [Unicode.Scalar]) -> (SourceLine.Marker, Int) {
        guard let first = body.first else { return (.none, 0) }
        let second: Unicode.Scalar? = body.count > 1 ? body[1] : nil
        if Characters.isPrivateUse(first) {
            var i = 1
            while i < body.count, Characters.isPrivateUse(body[i]) || body[i] == " " { i += 1 }
            return (.glyph, i)
        }
        if Characters.bulletGlyphs.contains(first) {
            if first == "o" || first == "*" || first == "\u{00A7}" {
                // Only with a space after; "o" (a Word sub-bullet) only before a capital or after
                // two spaces ("o Ensure …", "o   the quality …"), never the word "o".
                guard second == " " else { return (.none, 0) }
                if first == "o", body.count > 2, !Characters.isUpper(body[2]), body[2] != " " { return (.none, 0) }
            }
            if second == nil || second == " " || (second.map(Characters.isLetter) ?? false) {
                var i = 1
                while i < body.count, body[i] == " " { i += 1 }
                return (.glyph, i)
            }
        }
        // A dash followed by a space, or alone on its line (its item on the next line).
        if Characters.dashGlyphs.contains(first), second == " " || second == nil {
            var i = 1
            while i < body.count, body[i] == " " { i += 1 }
            return (.glyph, i)
        }
        // "17." / "3)" followed by a space, up to three digits.
        var i = 0
        var value = 0
        while i < body.count, i < 3, Characters.isDigit(body[i]) {
            value = value * 10 + Int(body[i].value - 48)
            i += 1
        }
        if i > 0, i < body.count - 1, body[i] == "." || body[i] == ")", body[i + 1] == " " {
            var j = i + 1
            while j < body.count, body[j] == " " { j += 1 }
            if j < body.count { return (.number(value), j) }
        }
        // "(a) " / "a) " / "(iv) " / "b. " / "iii. "
        if first == "(" || Characters.isLower(first) {
            var j = first == "(" ? 1 : 0
            let start = j
            while j < body.count, j - start < 4, Characters.isLower(body[j]) { j += 1 }
            let letters = j - start
            let closer = j < body.count ? body[j] : " "
            if letters >= 1, j < body.count - 1, closer == ")" || (closer == "." && first != "("), body[j + 1] == " " {
                let roman = body[start..<j].allSatisfy { "ivx".unicodeScalars.contains($0) }
                // With a full stop, only early letters and roman numerals ("s. 47" is a reference).
                let plausible = closer == ")" || roman || "abcdefgh".unicodeScalars.contains(body[start])
                if (letters == 1 || roman) && plausible {
                    var k = j + 1
                    while k < body.count, body[k] == " " { k += 1 }
                    if k < body.count { return (.letter, k) }
                }
            }
        }
        return (.none, 0)
    }
}
