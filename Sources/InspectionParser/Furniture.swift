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
        guard text.utf8.count <= 20, let first = text.unicodeScalars.first,
              Characters.isDigit(first) || first == "P" || first == "p" || first == "-" else { return false }
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
        guard text.utf8.count <= 40, let f = text.unicodeScalars.first, "CPORNDISciproinds".unicodeScalars.contains(f) else { return false }
        var t = text.lowercased()
        t = t.replacingOccurrences(of: "\u{2013}", with: "-")
        while t.hasSuffix(" ") || t.hasSuffix(".") { t.removeLast() }
        return markings.contains(t)
    }

    static func isCopyright(_ text: String) -> Bool {
        text.hasPrefix("\u{00A9}") || text.hasPrefix("Crown copyright") || text.hasPrefix("(c) Crown copyright") || text.hasPrefix("CROWN COPYRIGHT")
    }

    static func isURLOnly(_ text: String) -> Bool {
        let lower = text.lowercased()
        return (lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.")) && !text.contains(" ")
    }

    /// A key for repeated-line detection: digits folded, spaces collapsed.
    static func repeatKey(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var lastSpace = false
        for b in text.utf8 {
            if b == 0x20 { if !lastSpace { out.append(b) }; lastSpace = true; continue }
            lastSpace = false
            out.append(b >= 0x30 && b <= 0x39 ? 0x23 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `forHash` keeps the rules the content hash has always used (no footnotes, repeated table
    /// rows taken as furniture), so that a document imported before these rules is still
    /// recognised when imported again.
    static func mark(_ lines: inout [SourceLine], forHash: Bool = false) {
        // Fixed furniture.
        var boundary = [Bool](repeating: false, count: lines.count)
        for i in lines.indices where !lines[i].isBlank {
            let t = lines[i].full
            if isPageNumber(t) || isMarking(t) || isCopyright(t) {
                lines[i].furniture = true
                lines[i].pageNumberOnly = isPageNumber(t)
                boundary[i] = true
            }
            if lines[i].pageBreak { boundary[i] = true }
        }
        if !forHash { markFootnotes(&lines, boundary: boundary) }
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
        for i in lines.indices where !lines[i].isBlank && !lines[i].furniture && lines[i].full.utf8.count <= 300 {
            let key = repeatKey(lines[i].full)
            var c = counts[key] ?? (0, 0)
            c.total += 1
            if near[i] { c.nearBoundary += 1 }
            counts[key] = c
        }
        var decided: [String: Bool] = [:]
        for i in lines.indices where !lines[i].isBlank && !lines[i].furniture && lines[i].full.utf8.count <= 300 {
            let line = lines[i]
            let key = repeatKey(line.full)
            if let known = decided[key] {
                if known { lines[i].furniture = true }
                continue
            }
            let verdict = isRunningHeader(line, counts[key], hasBoundaries: hasBoundaries, tableRows: !forHash)
            decided[key] = verdict
            if verdict { lines[i].furniture = true }
        }
    }

    /// Footnotes at the foot of a page ("1" / "  Ofsted produces this report under …", or "3 These
    /// are residential special schools …"), so that a list or a sentence goes on across them: a
    /// short run of lines that starts with a footnote number and is followed only by blank lines
    /// up to the page boundary.
    static func markFootnotes(_ lines: inout [SourceLine], boundary: [Bool]) {
        var i = 0
        while i < lines.count {
            defer { i += 1 }
            guard boundary[i] else { continue }
            // The page's last lines: back over blank lines to the end of the run before the boundary.
            var end = i - 1
            while end >= 0, lines[end].isBlank { end -= 1 }
            guard end >= 0, !lines[end].furniture else { continue }
            var start = end
            while start > 0, end - start < 8, !lines[start - 1].isBlank, !boundary[start - 1] { start -= 1 }
            // The run starts at a footnote number: a lone number just above it (read as a page
            // number) or a number before its first word.
            let first = lines[start]
            let loneNumberAbove = start > 0 && lines[start - 1].pageNumberOnly && lines[start - 1].full.utf8.count <= 2
            let inline = first.full.range(of: #"^[0-9]{1,2} {1,3}[A-Z‘“(]"#, options: .regularExpression) != nil
            guard loneNumberAbove || (inline && (start == 0 || lines[start - 1].isBlank)), end - start < 8 else { continue }
            guard first.marker == .none || inline else { continue }
            for k in start...end { lines[k].furniture = true }
        }
    }

    /// A line repeated on most pages near the page boundaries, that is neither a heading, a
    /// list item, a grade nor the tail of a sentence.
    static func isRunningHeader(_ line: SourceLine, _ count: (total: Int, nearBoundary: Int)?, hasBoundaries: Bool, tableRows: Bool = true) -> Bool {
        guard let c = count else { return false }
        if isURLOnly(line.full) && c.total >= 2 { return true }
        guard c.total >= 3, c.nearBoundary * 3 >= c.total * 2 else { return false }
        if line.marker != .none { return false }
        if BlockBuilder.startsLower(line.full) { return false }
        if !hasBoundaries, let last = line.full.unicodeScalars.last, ".,;:".unicodeScalars.contains(last) { return false }
        if let n = Headings.normalise(line.full) {
            if Headings.role(ofNormalised: n) != nil { return false }
            if Headings.gradePhrases.contains(n) { return false }
        }
        if line.full.unicodeScalars.filter(Characters.isLetter).count < 4 { return false }
        // A row of a two-column table whose cells repeat ("Halton Borough Council and      Leaders
        // across education, health and social care should") is text, not a header.
        if tableRows, let gap = line.full.range(of: "   ") {
            let right = line.full[gap.upperBound...]
            if right.split(separator: " ").count >= 4, let last = right.unicodeScalars.last, !Characters.isDigit(last) { return false }
        }
        return true
    }
}
