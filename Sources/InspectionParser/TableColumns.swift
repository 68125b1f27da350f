/// Two-column tables laid out side by side by `pdftotext -layout`, such as the area SEND
/// reports' "Responsible body | Areas for priority action": the right-hand column holds the
/// findings, one per row, and the left-hand column names the body responsible for each.
///
/// Each line of the table is cut into its two cells at the column (see `split`); the lines of
/// one row are numbered with the same `tableRow`, so that the block builder makes the whole
/// row one finding however its sentences, sub-bullets and page breaks fall, and the row's
/// left-hand cells, joined, become its `ownerBody`.
enum TableColumns {
    /// Finds every such table and rewrites its lines; row numbers start at 1 (0 is "no row").
    static func apply(_ lines: inout [SourceLine]) {
        var header: Int?
        var column = 0
        var rowCount = 0
        var i = 0
        while i < lines.count {
            defer { i += 1 }
            let line = lines[i]
            if line.furniture || line.isBlank { continue }
            if header == nil {
                guard line.marker == .none, let gap = line.full.range(of: "   ") else { continue }
                let right = line.full[gap.upperBound...].drop { $0 == " " }
                guard let n = Headings.normalise(String(right)), case .improvement? = Headings.role(ofNormalised: n) else { continue }
                let leftText = line.full[..<gap.lowerBound]
                guard leftText.count <= 40 else { continue }
                // The header row itself is dropped; the heading above it opened the section.
                column = line.indent + line.full.distance(from: line.full.startIndex, to: right.startIndex)
                lines[i].furniture = true
                header = i
                let end = tableEnd(lines, from: i + 1, column: column)
                rowCount = readRows(&lines, from: i + 1, to: end, column: column, firstRow: rowCount + 1)
                i = end - 1
                header = nil
            }
        }
    }

    /// Where the table ends: at a known heading that starts left of the column.
    static func tableEnd(_ lines: [SourceLine], from start: Int, column: Int) -> Int {
        var k = start
        while k < lines.count {
            let line = lines[k]
            if !line.furniture, !line.isBlank, line.indent < column, let n = Headings.normalise(line.full),
               Headings.role(ofNormalised: n) != nil, !line.full.contains("   ") {
                return k
            }
            k += 1
        }
        return k
    }

    /// Cuts the lines of a table into cells, groups them into rows and rewrites each line as its
    /// right-hand cell. Returns the last row number used.
    static func readRows(_ lines: inout [SourceLine], from start: Int, to end: Int, column header: Int, firstRow: Int) -> Int {
        var column = header
        var row = firstRow - 1
        var bodies: [Int: [String]] = [:]
        var firstLineOfRow: [Int: Int] = [:]
        var previousLeftEmpty = true
        var previousRight: String?
        var previousLeft: String?
        for k in start..<end {
            let line = lines[k]
            if line.furniture || line.isBlank { continue }
            var cut = split(line, column: column, oneSpace: false)
            if cut == nil, let local = rightOnlyColumn(lines, after: k, to: end, header: header) {
                cut = split(line, column: local, oneSpace: true)
            }
            if cut == nil { cut = split(line, column: column, oneSpace: true) }
            guard let (left, right, rightColumn) = cut else {
                // No right-hand cell could be found: the line is the left-hand cell alone.
                lines[k].furniture = true
                if row >= firstRow { bodies[row, default: []].append(line.full) }
                previousLeftEmpty = false
                previousLeft = line.full
                continue
            }
            // The column moves with the rows that have both cells (never with indented sub-bullets).
            if right != nil, !left.isEmpty, rightColumn > 0 { column = rightColumn }
            let startsRow: Bool = {
                guard !left.isEmpty else { return false }
                if row < firstRow { return true }
                // A body cell goes on (over a page break too) while its finding's sentence goes on.
                if let r = right, !BlockBuilder.startsUpperOrDigit(r.text) || r.marker != .none { return false }
                if let before = previousRight, !BlockBuilder.endsSentence(before) { return false }
                if previousLeftEmpty { return true }
                // A new body cell beside a new sentence, after a body cell that was complete.
                let leftGoesOn = previousLeft.map { BlockBuilder.obviouslyContinues($0) } ?? false
                return right != nil && BlockBuilder.startsUpperOrDigit(left) && !leftGoesOn
            }()
            if startsRow {
                row += 1
            }
            if !left.isEmpty, row >= firstRow { bodies[row, default: []].append(left) }
            previousLeftEmpty = left.isEmpty
            if !left.isEmpty { previousLeft = left }
            guard let r = right, row >= firstRow else {
                lines[k].furniture = true
                continue
            }
            var l = r
            l.tableRow = row
            lines[k] = l
            if firstLineOfRow[row] == nil { firstLineOfRow[row] = k }
            previousRight = r.text
        }
        for (r, k) in firstLineOfRow {
            guard let cells = bodies[r] else { continue }
            let body = SectionWalker.tidy(cells.joined(separator: " "))
            if !body.isEmpty { lines[k].ownerBody = body }
        }
        return max(row, firstRow - 1)
    }

    /// The column of the next line that holds only a right-hand cell (no left-hand text), for a
    /// line whose cells are run together: rows of one table are not all cut at the same column.
    static func rightOnlyColumn(_ lines: [SourceLine], after k: Int, to end: Int, header: Int) -> Int? {
        var j = k + 1
        var seen = 0
        var found: Int?
        while j < end, seen < 10 {
            let l = lines[j]
            j += 1
            if l.furniture || l.isBlank { continue }
            seen += 1
            // The leftmost such line: sub-bullets and their wrapped lines sit further right.
            if l.marker == .none, l.indent >= 10, l.indent <= header + 12 { found = min(found ?? l.indent, l.indent) }
        }
        return found
    }

    /// The line cut into its left-hand text and its right-hand cell (as a line of its own), and
    /// the column where the right-hand cell starts; nil when the line cannot be cut near `column`.
    static func split(_ line: SourceLine, column: Int, oneSpace: Bool) -> (left: String, right: SourceLine?, column: Int)? {
        // A line that starts in the right-hand column is all right-hand column.
        if line.indent >= column - 3 { return ("", line, line.indent) }
        let full = Array(line.full.unicodeScalars)
        // The gap of two or more spaces nearest the column (the left-hand column's width varies a
        // little from row to row and from page to page).
        var best: Int?
        var k = 0
        while k < full.count {
            if full[k] == " ", k + 1 < full.count, full[k + 1] == " " {
                var e = k
                while e < full.count, full[e] == " " { e += 1 }
                if e < full.count, abs(line.indent + e - column) <= 12,
                   best.map({ abs(line.indent + e - column) < abs(line.indent + $0 - column) }) ?? true {
                    best = e
                }
                k = e
                continue
            }
            k += 1
        }
        // Cells run together with one space ("NHS Greater Manchester ICB Leaders at …"): cut at
        // the column itself when a word starts there.
        if best == nil, oneSpace {
            for delta in [0, -1, 1] {
                let e = column + delta - line.indent
                if e > 1, e < full.count, full[e - 1] == " ", full[e] != " " { best = e; break }
            }
        }
        guard let start = best else {
            // The whole line sits left of the column: a left-hand cell alone.
            if line.indent + full.count < column - 1 { return (SectionWalker.tidy(line.full), nil, 0) }
            return nil
        }
        var leftView = String.UnicodeScalarView()
        leftView.append(contentsOf: full[..<start])
        let left = SectionWalker.tidy(String(leftView))
        return (left, rightPart(line, scalars: full, from: start), line.indent + start)
    }

    static func rightPart(_ line: SourceLine, scalars full: [Unicode.Scalar], from start: Int) -> SourceLine {
        var l = line
        let rest = Array(full[start...])
        var view = String.UnicodeScalarView()
        view.append(contentsOf: rest)
        let (marker, textStart) = LineSplitter.detectMarker(rest)
        var tv = String.UnicodeScalarView()
        tv.append(contentsOf: rest[textStart...].filter { !Characters.isPrivateUse($0) })
        l.full = String(view)
        l.text = String(tv).trimmingCharacters(in: " ")
        l.marker = marker
        l.indent = line.indent + start
        l.textColumn = l.indent + textStart
        return l
    }
}
