import Foundation
import ActionPlanModel

/// Finds graded judgements: "Overall effectiveness Grade 3 (adequate)" lines, judgement tables
/// ("Overall effectiveness      Requires improvement to be good") and the sentence
/// "The overall judgement is that children's services are good".
enum Judgements {
    static func find(lines: [SourceLine], blocks: [Block], contexts: [(line: Int, context: String)]) -> [Judgement] {
        var result: [Judgement] = []
        func add(_ area: String, _ grade: String) {
            var a = Metadata.collapse(area).trimmingCharacters(in: " ")
            while a.hasSuffix(".") || a.hasSuffix(":") || a.hasSuffix(" ") { a.removeLast() }
            if let g = Metadata.firstMatch("^[0-9]+(?:\\.[0-9]+)*\\.?\\s+(.*)$", in: a), g.count > 1 { a = g[1] }
            guard a.count >= 3, a.count <= 200, a.unicodeScalars.contains(where: Characters.isLetter) else { return }
            let j = Judgement(area: a, grade: grade)
            if !result.contains(j) { result.append(j) }
        }
        func context(at line: Int) -> String? { contexts.last { $0.line <= line }?.context }

        // "… Grade 3 (adequate)"
        for b in blocks where b.text.utf8.count <= 400 && b.text.containsBytes("Grade") {
            if let g = Metadata.firstMatch("^(.*?)[\\s.]*Grade\\s+([1-4])\\s*\\(([A-Za-z ]+)\\)\\s*$", in: b.text, options: []), g.count > 3,
               !g[1].isEmpty {
                var area = SectionWalker.tidy(g[1])
                if let c = context(at: b.line) { area = c + " › " + area }
                add(area, "Grade \(g[2]) (\(g[3]))")
            }
        }
        // Judgement tables near the start.
        let content = lines.filter { !$0.furniture }
        let limit = min(content.count, 260)
        let table = headedTable(content, limit: limit) ?? headerlessTable(content, limit: limit)
        for row in table { add(row.area, row.grade) }
        for k in 0..<limit where !content[k].isBlank && content[k].full.utf8.count < 400 {
            let lower = Metadata.collapse(content[k].full).lowercased()
            let effectiveness = lower.hasPrefix("the overall effectiveness of ")
            let overall = lower.hasPrefix("the overall judgement is") || effectiveness
                || ((lower.hasPrefix("children's services in") || lower.hasPrefix("children’s services in"))
                    && ((lower + " ").contains(" are ") || lower.contains(" require")))
            guard overall else { continue }
            // The grade ends the sentence (or its first clause), which may go on over the next lines.
            var sentence = lower
            var next = k + 1
            while !sentence.hasSuffix("."), !sentence.contains(","), next < content.count, next <= k + 2, !content[next].isBlank,
                  BlockBuilder.startsLower(content[next].full) || effectiveness {
                sentence += " " + Metadata.collapse(content[next].full).lowercased()
                next += 1
            }
            if let stop = sentence.firstIndex(where: { $0 == "." || $0 == "," }) { sentence = String(sentence[..<stop]) }
            if let phrase = Headings.gradePhrases.first(where: { sentence.hasSuffix(" " + $0) }) {
                add("Overall effectiveness", capitalised(phrase.hasPrefix("require ") ? "requires" + phrase.dropFirst("require".count) : phrase))
            }
        }
        return result
    }

    /// The outcome of an area SEND inspection under the 2023 framework, from the sentence that
    /// opens the report ("The local area partnership’s arrangements lead to inconsistent
    /// experiences and outcomes …"), as the judgement "Inspection outcome": the outcome's stored
    /// name (`Grade.sendOutcomes`). The first of the three phrases in the report's opening lines
    /// wins; nil when none is there (a report of the 2016–2022 framework).
    static func sendOutcome(lines: [SourceLine]) -> Judgement? {
        var text = ""
        for line in lines where !line.furniture && !line.isBlank {
            text += " " + Metadata.collapse(line.full).lowercased()
            if text.utf8.count > 8_000 { break }
        }
        var best: (at: String.Index, stored: String)?
        for outcome in Grade.sendOutcomes {
            if let range = text.range(of: outcome.phrase), best == nil || range.lowerBound < best!.at {
                best = (range.lowerBound, outcome.stored)
            }
        }
        return best.map { Judgement(area: Grade.sendOutcomeArea, grade: $0.stored) }
    }

    /// A table under a "Judgement   Grade" header: rows separated by blank lines, each row's
    /// area left of the Grade column and its grade (on one line or two) under it.
    static func headedTable(_ lines: [SourceLine], limit: Int) -> [(area: String, grade: String)]? {
        guard let h = lines.prefix(limit).firstIndex(where: { line in
            guard line.full.utf8.count < 200 else { return false }
            let t = Metadata.collapse(line.full).lowercased()
            return t.hasPrefix("judgement") && t.hasSuffix(" grade") && t.count < 40
        }) else { return nil }
        let header = lines[h]
        guard let gradeOffset = header.full.range(of: "Grade")
            .map({ header.full.distance(from: header.full.startIndex, to: $0.lowerBound) }) else { return nil }
        let column = header.indent + gradeOffset
        var rows: [(area: String, grade: String)] = []
        var left: [String] = [], right: [String] = []
        func finishRow() -> Bool {
            defer { left = []; right = [] }
            guard !left.isEmpty || !right.isEmpty else { return true }
            let grade = right.joined(separator: " ")
            guard Headings.gradePhrases.contains(where: { grade.lowercased().hasPrefix($0) }) else { return false }
            rows.append((left.joined(separator: " "), capitalised(grade.lowercased())))
            return true
        }
        var i = h + 1
        while i < min(lines.count, h + 60) {
            let line = lines[i]
            i += 1
            if line.isBlank { if !finishRow() { break }; continue }
            let scalars = Array(line.full.unicodeScalars)
            let cut = max(0, column - 1 - line.indent)
            if cut >= scalars.count {
                // Rows printed without a blank line between them: a capitalised area after a row
                // that has its grade starts the next row.
                if !left.isEmpty, !right.isEmpty, BlockBuilder.startsUpperOrDigit(line.full), !finishRow() { break }
                left.append(line.full)
                continue
            }
            // A word straddling the column is prose running across it: the table has ended.
            if cut > 0, scalars[cut - 1] != " ", scalars[cut] != " " { break }
            var l = String.UnicodeScalarView(); l.append(contentsOf: scalars[..<cut])
            var r = String.UnicodeScalarView(); r.append(contentsOf: scalars[cut...])
            let leftText = String(l).trimmingCharacters(in: " "), rightText = String(r).trimmingCharacters(in: " ")
            if !leftText.isEmpty, !left.isEmpty, !right.isEmpty, BlockBuilder.startsUpperOrDigit(leftText), !finishRow() { break }
            if !leftText.isEmpty { left.append(leftText) }
            if !rightText.isEmpty { right.append(rightText) }
        }
        _ = finishRow()
        return rows.isEmpty ? nil : rows
    }

    /// A judgement table without a header (older reports): blank-separated rows whose area is on
    /// the left and whose grade is on the right, each possibly wrapped ("Requires" / "improvement").
    static func headerlessTable(_ lines: [SourceLine], limit: Int) -> [(area: String, grade: String)] {
        var rows: [(area: String, grade: String)] = []
        func split(_ line: SourceLine) -> (left: String, right: String) {
            if line.indent >= 40 { return ("", line.full) }
            guard let gap = line.full.range(of: "      ") else { return (line.full, "") }
            let right = String(line.full[gap.upperBound...]).trimmingCharacters(in: " ")
            guard right.count <= 40, line.indent + line.full.distance(from: line.full.startIndex, to: gap.lowerBound) >= 10 else {
                return (line.full, "")
            }
            return (String(line.full[..<gap.lowerBound]).trimmingCharacters(in: " "), right)
        }
        func isGrade(_ text: String) -> Bool { Headings.gradePhrases.contains(text.lowercased()) }
        var group: [SourceLine] = []
        func finishGroup() {
            defer { group = [] }
            // Sentences ("Children's services in Derby City are good") are not part of a row.
            // The end of such a sentence wrapped onto the next line ("… require improvement to be" /
            // "good") goes with it.
            var kept: [(left: String, right: String)] = []
            var inSentence = false
            for part in group.map(split) {
                let padded = " " + part.left + " "
                if part.right.isEmpty, inSentence || padded.contains(" are ") || padded.contains(" is ") || padded.contains(" require")
                    || part.left.hasSuffix(".") {
                    inSentence = !part.left.hasSuffix(".")
                    continue
                }
                inSentence = false
                kept.append(part)
            }
            var parts = kept
            // A row that starts on the line with its grade owns no line above it.
            if let first = parts.firstIndex(where: { !$0.right.isEmpty }), !parts[first].left.isEmpty {
                parts.removeFirst(first)
            }
            guard !parts.isEmpty, parts.count <= 5 else { return }
            let whole = parts.filter { !$0.left.isEmpty && isGrade($0.right) }
            if whole.count >= 2 {
                for p in whole { rows.append((p.left, capitalised(p.right.lowercased()))) }
                return
            }
            let grade = parts.map(\.right).filter { !$0.isEmpty }.joined(separator: " ")
            let area = parts.map(\.left).filter { !$0.isEmpty }.joined(separator: " ")
            if isGrade(grade), !area.isEmpty { rows.append((area, capitalised(grade.lowercased()))) }
        }
        for line in lines.prefix(limit) {
            if line.isBlank { finishGroup() } else { group.append(line) }
        }
        finishGroup()
        return rows
    }

    static func capitalised(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }
}
