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
        let full = Array(line.full.unicodeScalars)
        let start = column - line.indent
        if start <= 0 { return l }
        // The first word that starts at or just before the column.
        var from = max(0, start - 3)
        while from < full.count, !(full[from] != " " && (from == 0 || full[from - 1] == " ")) { from += 1 }
        if from >= full.count { l.furniture = true; return l }
        var rest = Array(full[from...])
        while let f = rest.first, f == " " { rest.removeFirst() }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: rest)
        let text = String(view)
        let (marker, textStart) = LineSplitter.detectMarker(rest)
        var tv = String.UnicodeScalarView()
        tv.append(contentsOf: rest[textStart...].filter { !Characters.isPrivateUse($0) })
        l.full = text
        l.text = String(tv).trimmingCharacters(in: " ")
        l.marker = marker
        l.indent = column
        l.textColumn = column + textStart
        return l
    }
}
