import Foundation

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
        let content = lines.enumerated().filter { !$0.element.furniture }
        let limit = min(content.count, 260)
        for k in 0..<limit {
            let line = content[k].element
            if line.isBlank { continue }
            let t = Metadata.collapse(line.full)
            let lower = t.lowercased()
            if lower.hasPrefix("the overall judgement is that") {
                for phrase in Headings.gradePhrases where lower.contains(phrase) {
                    add("Overall effectiveness", capitalised(phrase == "require improvement" ? "requires improvement" : phrase)); break
                }
                continue
            }
            guard let phrase = Headings.gradePhrases.first(where: { lower.hasSuffix($0) }) else { continue }
            if lower == "judgement grade" { continue }
            let gradeStart = line.full.count - phrase.count
            let left = String(line.full.prefix(gradeStart))
            let leftTrimmed = left.trimmingCharacters(in: " ")
            if leftTrimmed.isEmpty {
                // A row whose area wraps round the grade: the lines just above and below.
                var parts: [String] = []
                if k > 0, !content[k - 1].element.isBlank, Headings.gradePhrases.first(where: { Metadata.collapse(content[k - 1].element.full).lowercased().hasSuffix($0) }) == nil {
                    parts.append(content[k - 1].element.full)
                }
                if k + 1 < content.count, !content[k + 1].element.isBlank, content[k + 1].element.full.count <= 60,
                   Headings.gradePhrases.first(where: { Metadata.collapse(content[k + 1].element.full).lowercased().hasSuffix($0) }) == nil {
                    parts.append(content[k + 1].element.full)
                }
                if !parts.isEmpty { add(parts.joined(separator: " "), capitalised(phrase)) }
            } else if left.hasSuffix("  ") {
                // The area may go on over the next line ("The experiences and progress of / children in care").
                var area = leftTrimmed
                if k + 1 < content.count, !content[k + 1].element.isBlank, content[k + 1].element.full.count <= 60,
                   BlockBuilder.startsLower(content[k + 1].element.text) {
                    area += " " + content[k + 1].element.text
                }
                add(area, capitalised(phrase))
            }
        }
        return result
    }

    static func capitalised(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }
}
