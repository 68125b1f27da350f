/// Marks page furniture: page numbers, running headers and footers, protective markings,
/// copyright lines and repeated footnote links. Furniture is removed wherever it lands, even in
/// the middle of a list.
enum Furniture {
    static let markings: Set<String> = [
        "confidential", "protect: inspection", "protect - inspection", "protect-inspection", "protect inspection",
        "official", "official-sensitive", "official - sensitive", "official sensitive", "restricted",
        "not protectively marked", "protect", "in confidence", "draft", "strictly confidential",
    ]

    static func isPageNumber(_ text: String) -> Bool {
        let words = text.lowercased().split(separator: " ")
        guard !words.isEmpty, words.count <= 4 else { return false }
        func isNumber<S: StringProtocol>(_ w: S) -> Bool { !w.isEmpty && w.count <= 4 && w.allSatisfy { $0.isASCII && $0.isNumber } }
        switch words.count {
        case 1: return isNumber(words[0])
        case 2: return words[0] == "page" && isNumber(words[1])
        case 3: return (words[0] == "-" && isNumber(words[1]) && words[2] == "-") || (isNumber(words[0]) && words[1] == "of" && isNumber(words[2]))
        default: return words[0] == "page" && isNumber(words[1]) && words[2] == "of" && isNumber(words[3])
        }
    }

    static func isMarking(_ text: String) -> Bool {
        guard text.count <= 40 else { return false }
        var t = text.lowercased()
        t = t.replacingOccurrences(of: "\u{2013}", with: "-")
        while t.hasSuffix(" ") || t.hasSuffix(".") { t.removeLast() }
        return markings.contains(t)
    }

    static func isCopyright(_ text: String) -> Bool {
        text.hasPrefix("\u{00A9}") || text.lowercased().hasPrefix("crown copyright") || text.lowercased().hasPrefix("(c) crown copyright")
    }

    static func isURLOnly(_ text: String) -> Bool {
        let lower = text.lowercased()
        return (lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.")) && !text.contains(" ")
    }

    /// A key for repeated-line detection: digits folded, spaces collapsed.
    static func repeatKey(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastSpace = false
        for s in text.unicodeScalars {
            if s == " " { if !lastSpace { out.append(" ") }; lastSpace = true; continue }
            lastSpace = false
            out.append(Characters.isDigit(s) ? "#" : s)
        }
        return String(out)
    }

    static func mark(_ lines: inout [SourceLine]) {
        // Fixed furniture.
        var boundary = [Bool](repeating: false, count: lines.count)
        for i in lines.indices where !lines[i].isBlank {
            let t = lines[i].full
            if isPageNumber(t) || isMarking(t) || isCopyright(t) {
                lines[i].furniture = true
                boundary[i] = true
            }
            if lines[i].pageBreak { boundary[i] = true }
        }
        // Lines near a page boundary, for running headers and footers.
        let hasBoundaries = boundary.contains(true)
        var near = [Bool](repeating: !hasBoundaries, count: lines.count)
        if hasBoundaries {
            let reach = 6
            var lastBoundary = -1_000
            for i in lines.indices {
                if boundary[i] { lastBoundary = i }
                if i - lastBoundary <= reach { near[i] = true }
            }
            var nextBoundary = Int.max / 2
            for i in lines.indices.reversed() {
                if boundary[i] { nextBoundary = i }
                if nextBoundary - i <= reach { near[i] = true }
            }
        }
        // Repeated short lines that are not headings, list items or grades.
        var counts: [String: (total: Int, nearBoundary: Int)] = [:]
        for i in lines.indices where !lines[i].isBlank && !lines[i].furniture && lines[i].full.count <= 150 {
            let key = repeatKey(lines[i].full)
            var c = counts[key] ?? (0, 0)
            c.total += 1
            if near[i] { c.nearBoundary += 1 }
            counts[key] = c
        }
        for i in lines.indices where !lines[i].isBlank && !lines[i].furniture && lines[i].full.count <= 150 {
            let line = lines[i]
            guard let c = counts[repeatKey(line.full)] else { continue }
            if isURLOnly(line.full) && c.total >= 2 { lines[i].furniture = true; continue }
            guard c.total >= 3, c.nearBoundary * 3 >= c.total * 2 else { continue }
            if line.marker == .glyph { continue }
            if let n = Headings.normalise(line.full) {
                if Headings.role(ofNormalised: n) != nil { continue }
                if Headings.gradePhrases.contains(n) { continue }
            }
            // A line with too few letters to be a header is left alone (table cells, dates).
            if line.full.unicodeScalars.filter(Characters.isLetter).count < 4 { continue }
            lines[i].furniture = true
        }
    }
}
