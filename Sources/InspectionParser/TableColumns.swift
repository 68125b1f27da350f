/// Two-column tables laid out side by side by `pdftotext -layout`, such as the area SEND
/// reports' "Responsible body | Areas for priority action": only the right-hand column holds
/// the findings, so the left-hand column is cut away until the table ends.
enum TableColumns {
    static func apply(_ lines: inout [SourceLine]) {
        var column: Int?
        var i = 0
        while i < lines.count {
            defer { i += 1 }
            let line = lines[i]
            if line.furniture || line.isBlank { continue }
            if let c = column {
                // The table ends at a known heading that starts left of the column.
                if line.indent < c, let n = Headings.normalise(line.full), Headings.role(ofNormalised: n) != nil,
                   !line.full.contains("   ") {
                    column = nil
                    continue
                }
                lines[i] = rightPart(line, from: c)
                continue
            }
            guard line.marker == .none, let gap = line.full.range(of: "   ") else { continue }
            let right = line.full[gap.upperBound...].drop { $0 == " " }
            guard let n = Headings.normalise(String(right)), case .improvement? = Headings.role(ofNormalised: n) else { continue }
            let leftText = line.full[..<gap.lowerBound].lowercased()
            guard leftText.count <= 40 else { continue }
            // The header row itself is dropped; the heading above it opened the section.
            let offset = line.full.distance(from: line.full.startIndex, to: right.startIndex)
            column = line.indent + offset
            lines[i].furniture = true
        }
    }

    static func rightPart(_ line: SourceLine, from column: Int) -> SourceLine {
        var l = line
        // A line that starts in the right-hand column is all right-hand column.
        if line.indent >= column - 3 { return l }
        // Otherwise the right-hand column starts after the gap of two or more spaces nearest the
        // column (the left-hand column's width varies a little from row to row).
        let full = Array(line.full.unicodeScalars)
        var from: Int?
        var k = 0
        while k < full.count {
            if full[k] == " ", k + 1 < full.count, full[k + 1] == " " {
                var e = k
                while e < full.count, full[e] == " " { e += 1 }
                if e < full.count, line.indent + e >= column - 12 { from = e; break }
                k = e
                continue
            }
            k += 1
        }
        guard let start = from else { l.furniture = true; return l }
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
