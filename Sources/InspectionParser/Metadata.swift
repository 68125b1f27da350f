import Foundation
import ActionPlanModel

/// Reads the document's metadata: kind, title, authority, dates, inspectors and stated deadlines.
enum Metadata {
    static func fill(_ e: inout Extraction, lines: [SourceLine], blocks: [Block], authorities: LocalAuthorityTable) {
        let content = lines.filter { !$0.furniture && !$0.isBlank }
        let head = Array(content.prefix(120))
        // Each line is cut short first: a pathological line must not make the head expensive.
        let titleRegion = String(head.prefix(40).map { String($0.full.prefix(400)) }.joined(separator: " ").prefix(8_000))
        // The head is where the metadata is; a bound keeps the patterns cheap on any input.
        let headText = collapse(String(head.map { String($0.full.prefix(2_000)) }.joined(separator: " ").prefix(40_000)))

        e.kind = kind(titleRegion: collapse(titleRegion), head: headText)
        e.title = title(blocks) ?? reportTitle(Array(lines.filter { !$0.furniture }.prefix(60)))
        e.letterDate = letterDate(head)
        e.authority = authority(head: headText, lines: head, kind: e.kind)
        resolveAuthority(&e, authorities: authorities)
        e.visitDates = visitDates(headText, reference: e.letterDate ?? head.lazy.compactMap { headerYearDate($0.full) }.first)
        if e.letterDate == nil {
            e.warnings.append(noDateWarning)
        }
        e.inspectors = inspectors(content: content, headText: headText)
        e.statedDeadlines = deadlines(blocks)
    }

    /// The warning of a document that prints no letter or publication date (ILACS and area SEND
    /// reports): the date received must be given, as nothing else says when the clock starts.
    public static let noDateWarning = "the report prints no letter or publication date: give the date it was received"

    /// Names the authority by the local-authority table: its code and canonical name, keeping the
    /// document's wording; a name the table does not know is kept as written and flagged.
    static func resolveAuthority(_ e: inout Extraction, authorities: LocalAuthorityTable) {
        guard !authorities.isEmpty else { return }
        var found: LocalAuthorityTable.Authority?
        if let written = e.authority { found = authorities.resolve(written) ?? authorities.find(in: written) }
        if found == nil, e.authority == nil, let title = e.title { found = authorities.find(in: title) }
        if let found {
            e.authorityCode = found.code
            e.authorityName = found.name
            if e.authority == nil { e.authority = found.name }
        } else if let written = e.authority {
            e.warnings.append("the authority \u{201C}\(written)\u{201D} is not in the local-authority table: kept as written")
        }
    }

    /// The year of a report's running header date range ("20 to 24 November 2023"), for dates
    /// written without a year when the report prints no letter date.
    static func headerYearDate(_ text: String) -> Day? {
        guard text.utf8.count < 120 else { return nil }
        return DateScanner.runs(in: text).first.flatMap { DateScanner.resolve($0, reference: nil).last }
    }

    static func collapse(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var space = false
        for ch in text {
            if ch == " " { space = true; continue }
            if space, !out.isEmpty { out.append(" ") }
            space = false
            out.append(ch == "\u{2019}" ? "'" : ch)
        }
        return out
    }

    static func firstMatch(_ pattern: String, in text: String, options: NSRegularExpression.Options = [.caseInsensitive]) -> [String]? {
        guard let re = try? NSRegularExpression(pattern: pattern, options: options) else { return nil }
        let ns = text as NSString
        guard let m = re.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        var groups: [String] = []
        for g in 0..<m.numberOfRanges {
            let r = m.range(at: g)
            groups.append(r.location == NSNotFound ? "" : ns.substring(with: r))
        }
        return groups
    }

    static func allMatches(_ pattern: String, in text: String, options: NSRegularExpression.Options = [.caseInsensitive]) -> [[String]] {
        guard let re = try? NSRegularExpression(pattern: pattern, options: options) else { return [] }
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { g in
                let r = m.range(at: g)
                return r.location == NSNotFound ? "" : ns.substring(with: r)
            }
        }
    }

    // MARK: Kind

    static let kindPatterns: [(DocumentKind, [String])] = [
        (.focusedVisit, ["focused visit"]),
        (.monitoringVisit, ["monitoring visit"]),
        (.jtai, ["joint targeted area inspection"]),
        (.sendLocalArea, ["area send inspection", "local area partnership report", "local area send", "send inspection of",
                          "joint local area send", "special educational needs and/or disabilities (send) inspection"]),
        (.unannouncedInspection, ["unannounced inspection", "arrangements for the protection of children"]),
        (.slacInspection, ["inspection of safeguarding and looked after children", "safeguarding and looked after children services",
                           "inspection of looked after children", "looked after children services"]),
        (.ilacsInspection, ["local authority children's services", "inspection of services for children in need",
                            "inspection of children's social care services", "inspection of local authority children",
                            "services for children in need of help and protection"]),
        (.peerReview, ["peer review", "practice diagnostic", "peer challenge", "safeguarding diagnostic", "local government association"]),
    ]

    /// Titles that say what the document is, whatever else its first page mentions ("Inspection
    /// of X local authority children's services" that goes on "… and a focused visit in 2021").
    static let titlePatterns: [(DocumentKind, String)] = [
        (.focusedVisit, "focused visit to "),
        (.monitoringVisit, "monitoring visit to "),
        (.jtai, "joint targeted area inspection of "),
        (.sendLocalArea, "area send inspection of "),
        (.ilacsInspection, "(?<!unannounced )inspection of [a-z' &-]{2,60}? local authority children'?s services"),
    ]

    static func kind(titleRegion: String, head: String) -> DocumentKind {
        let title = titleRegion.lowercased().replacingOccurrences(of: "\u{2019}", with: "'")
        var earliest: (DocumentKind, Int)?
        for (kind, pattern) in titlePatterns {
            if let r = title.range(of: pattern, options: .regularExpression) {
                let offset = title.distance(from: title.startIndex, to: r.lowerBound)
                if earliest == nil || offset < earliest!.1 { earliest = (kind, offset) }
            }
        }
        if let earliest { return earliest.0 }
        for text in [titleRegion.lowercased(), head.lowercased()] {
            var best: (DocumentKind, String.Index)?
            for (kind, patterns) in kindPatterns {
                for p in patterns {
                    // "Since the last focused visit …" in an inspection report names an earlier
                    // event, not the document.
                    var from = text.startIndex
                    while let r = text.range(of: p, range: from..<text.endIndex) {
                        let before = text[text.index(r.lowerBound, offsetBy: -min(24, text.distance(from: text.startIndex, to: r.lowerBound)))..<r.lowerBound]
                        let earlier = ["last ", "previous ", "recent ", "since ", "earlier ", "prior ", "most recent "].contains { before.hasSuffix($0) || before.hasSuffix($0 + "ilacs ") }
                        if !earlier {
                            if best == nil || r.lowerBound < best!.1 { best = (kind, r.lowerBound) }
                            break
                        }
                        from = r.upperBound
                    }
                }
            }
            if let best { return best.0 }
        }
        return .other
    }

    // MARK: Title

    static func title(_ blocks: [Block]) -> String? {
        for (i, b) in blocks.prefix(80).enumerated() where b.text.hasPrefix("Dear ") && b.text.count < 60 {
            var j = i + 1
            while j < blocks.count, blocks[j].text.count < 3 { j += 1 }
            if j < blocks.count, blocks[j].text.count <= 200, !blocks[j].text.hasSuffix(".") {
                return SectionWalker.tidy(blocks[j].text)
            }
        }
        return nil
    }

    /// A report's title: the first line naming an inspection or visit, with the lines that go on
    /// from it, up to a blank line or the inspection dates.
    static func reportTitle(_ head: [SourceLine]) -> String? {
        guard let start = head.prefix(12).firstIndex(where: { line in
            let lower = line.full.lowercased()
            return line.full.utf8.count < 200 && (lower.contains("inspection of") || lower.contains("visit to") || lower.contains("inspection report"))
        }) else { return nil }
        var parts: [String] = []
        for line in head[start...].prefix(6) {
            let lower = line.full.lowercased()
            if line.isBlank || lower.hasPrefix("inspection date") || lower.hasPrefix("dates of") || lower.hasPrefix("date of")
                || lower.hasPrefix("report published") || lower.hasPrefix("lead inspector") || lower.hasPrefix("published") { break }
            if DateScanner.standaloneDate(line.full) != nil { break }
            parts.append(line.full)
        }
        let title = SectionWalker.cleanHeading(SectionWalker.tidy(parts.joined(separator: " ")))
        return title.isEmpty || title.count > 240 ? nil : title
    }

    // MARK: Dates

    /// The date a letter prints on a line of its own, or a report's "Report published: …" line.
    /// A date that ends a wrapped sentence ("… by" / "1 April 2015.") is not a letter date, and the
    /// file name is never a source of a date.
    static func letterDate(_ head: [SourceLine]) -> Day? {
        for line in head {
            let lower = line.full.lowercased()
            for key in ["report published", "published", "publication date", "date of publication", "date published", "date of letter", "letter date"]
            where lower.hasPrefix(key) {
                let rest = String(line.full.dropFirst(key.count))
                if let run = DateScanner.runs(in: rest).first, let d = DateScanner.resolve(run, reference: nil).first { return d }
            }
        }
        var previous: SourceLine?
        for line in head.prefix(60) {
            defer { previous = line }
            guard let d = DateScanner.standaloneDate(line.full) else { continue }
            if line.full.hasSuffix(".") { continue }
            if let p = previous, BlockBuilder.obviouslyContinues(p.text) || ["by", "until", "since", "from", "before"].contains(p.text.split(separator: " ").last?.lowercased() ?? "") { continue }
            return d
        }
        return nil
    }

    static let visitTriggers = ["inspection dates", "inspection date", "visit", "conducted", "carried out", "took place",
                                "inspected", "visited", "on site", "fieldwork", "dates of inspection", "dates of the inspection"]

    static func visitDates(_ head: String, reference: Day?) -> [Day] {
        for run in DateScanner.runs(in: head) {
            let before = run.before.lowercased()
            let near = before.split(separator: " ").suffix(6).joined(separator: " ")
            guard visitTriggers.contains(where: { before.contains($0) }) || before.hasSuffix("between") else { continue }
            if near.contains("previous") || near.contains("published") || near.contains("last") || near.contains("publication") { continue }
            let days = DateScanner.resolve(run, reference: reference)
            if !days.isEmpty { return days }
        }
        return []
    }

    // MARK: Authority

    static func cleanAuthority(_ raw: String) -> String? {
        var t = collapse(raw).trimmingCharacters(in: " ")
        // A title line is not a name ("Inspection of Kent County Council").
        for prefix in ["Inspection of ", "inspection of ", "Focused visit to ", "Monitoring visit to ", "Area SEND inspection of ", "Joint targeted area inspection of "]
        where t.hasPrefix(prefix) { t = String(t.dropFirst(prefix.count)) }
        for prefix in ["the ", "The "] where t.hasPrefix(prefix) { t = String(t.dropFirst(prefix.count)) }
        for suffix in [" Local Area Partnership", " local area partnership", " local area", " Local Area"] where t.hasSuffix(suffix) {
            t = String(t.dropLast(suffix.count))
        }
        while t.hasSuffix(",") || t.hasSuffix(".") { t.removeLast() }
        guard t.count >= 2, t.count <= 70, t.first?.isUppercase ?? false else { return nil }
        return t
    }

    static func authority(head: String, lines: [SourceLine], kind: DocumentKind) -> String? {
        let patterns = [
            "(?:focused visit|monitoring visit|visit) (?:to|of|in) ([^.]{2,70}?)(?: local authority)? children's (?:services|social care)",
            "joint targeted area inspection of (?:the )?multi-agency response to [^.]{0,120}? in ((?:[A-Z][A-Za-z'’\\-]*)(?: (?:[A-Z][A-Za-z'’\\-]*|upon|on|and|of|the))*)",
            "area SEND inspection of (?:the )?([^.]{2,70}?) (?:Local Area Partnership|local area)",
            "Inspection of ([^.]{2,70}?) local authority children",
            "looked after children(?:'s)? services ([^.]{2,60}?) (?:Inspection dates?|Reporting inspector)",
            "within ([^.]{2,70}?)(?: local authority)? children's services",
            "^([^.]{2,60}?) (?:Inspection of services for children|Re-inspection of services for children|Inspection of children's social care)",
        ]
        // A title on one line first ("… domestic abuse in Northmoor"), where the end of the line ends the name.
        for line in lines.prefix(40) where line.full.utf8.count < 300 {
            if let g = firstMatch(patterns[1], in: collapse(line.full)), g.count > 1, let a = cleanAuthority(g[1]) { return a }
        }
        for p in patterns {
            if let g = firstMatch(p, in: head), g.count > 1, let a = cleanAuthority(g[1]) { return a }
        }
        for line in lines.prefix(40) {
            if let g = firstMatch("^(.{2,60}?)\\s+[-\u{2013}]\\s+.*(?:diagnostic|peer review|peer challenge)", in: line.full), g.count > 1,
               let a = cleanAuthority(g[1]) { return a }
        }
        for line in lines.prefix(40) {
            let t = collapse(line.full)
            if t.count <= 60, t.contains("Council"), !t.lowercased().hasPrefix("copy"), let a = cleanAuthority(t) { return a }
        }
        return nil
    }

    // MARK: Inspectors

    static func plausibleName(_ raw: String) -> String? {
        var t = collapse(raw).trimmingCharacters(in: " ")
        // A hyphenated name wrapped at its hyphen ("Paula Thomson-" / "Jones").
        t = t.replacingOccurrences(of: #"([A-Za-z])- ([A-Z])"#, with: "$1-$2", options: .regularExpression)
        for suffix in [" HMI", ", HMI", " Senior HMI", " OI", ",", "."] where t.hasSuffix(suffix) { t = String(t.dropLast(suffix.count)) }
        t = t.trimmingCharacters(in: " ")
        // Courtesy titles are dropped ("Mr Charlie Fordham"); "Dr" is kept.
        for title in ["Mr ", "Mrs ", "Ms ", "Miss "] where t.hasPrefix(title) { t = String(t.dropFirst(title.count)) }
        let words = t.split(separator: " ")
        guard (2...5).contains(words.count), t.count <= 45 else { return nil }
        let lowerAllowed: Set<String> = ["de", "van", "von", "der", "da", "le", "la"]
        let banned: Set<String> = ["HMI", "Her", "His", "Majesty's", "Majesty’s", "Inspector", "Inspectors", "Ofsted", "Senior",
                                   "The", "Lead", "Team", "Children's", "Director", "Services", "Council", "Care", "Quality", "Commission"]
        for w in words {
            if banned.contains(String(w)) { return nil }
            if lowerAllowed.contains(String(w)) { continue }
            guard let f = w.first, f.isUppercase, w.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" || $0 == "’" || $0 == "." }) else { return nil }
        }
        return t
    }

    static func splitNames(_ text: String) -> [String] {
        var parts: [String] = []
        for chunk in text.components(separatedBy: ",") {
            for piece in chunk.components(separatedBy: " and ") {
                let p = piece.trimmingCharacters(in: " ")
                if p.hasPrefix("and ") { parts.append(String(p.dropFirst(4))) } else { parts.append(p) }
            }
        }
        return parts.compactMap(plausibleName)
    }

    static func inspectors(content: [SourceLine], headText: String) -> [String] {
        var names: [String] = []
        func add(_ n: String?) { if let n, !names.contains(n) { names.append(n) } }
        // "His Majesty's Inspectors for this visit were Jo Warburton and Victoria Horsefield."
        for g in allMatches("inspectors?(?: for this (?:visit|inspection))? (?:were|was) (.{3,200}?)\\.(?: |$)", in: headText) where g.count > 1 {
            let list = g[1].components(separatedBy: ". The ").first ?? g[1]
            splitNames(list).forEach { add($0) }
        }
        let inspectorLines = content.filter { $0.full.utf8.count < 300 && ($0.full.containsBytes("nspector") || $0.full.containsBytes("NSPECTOR")) }
        for line in inspectorLines {
            let t = collapse(line.full)
            if let g = firstMatch("^(?:lead|reporting|deputy lead|team|assistant lead) inspectors?:?\\s+(.+)$", in: t), g.count > 1 {
                let list = g[1].replacingOccurrences(of: " Her Majesty's Inspector", with: "").replacingOccurrences(of: " His Majesty's Inspector", with: "")
                splitNames(list).forEach { add($0) }
            }
        }
        // Signature: the name above (or before) "Her/His Majesty's Inspector".
        for (i, line) in content.enumerated() where line.full.utf8.count < 160 && (i < 400 || i > content.count - 400)
            && line.full.containsBytes("Majesty") {
            let t = collapse(line.full)
            guard let r = t.range(of: "(?:Her|His) Majesty'?s? Inspector", options: [.regularExpression, .caseInsensitive]),
                  r.upperBound == t.endIndex || t[r.upperBound...].trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let before = String(t[..<r.lowerBound])
            if !before.trimmingCharacters(in: .whitespaces).isEmpty { add(plausibleName(before)) }
            else if i > 0 { add(plausibleName(content[i - 1].full)) }
        }
        // Area SEND "Inspection team": "Charlie Fordham, Ofsted lead inspector".
        if let start = content.firstIndex(where: { $0.full.utf8.count < 40 && collapse($0.full).lowercased() == "inspection team" }) {
            // Two columns (Ofsted, Care Quality Commission): each cell on its own.
            let cells = content[start..<min(content.count, start + 16)].flatMap { $0.full.components(separatedBy: "   ") }
            for cell in cells where !cell.trimmingCharacters(in: " ").isEmpty {
                for g in allMatches("((?:(?:Mr|Mrs|Ms|Miss|Dr) )?[A-Z][A-Za-z'’\\-]+(?: [A-Z][A-Za-z'’\\-]+){1,3}), (?:Ofsted|CQC|His Majesty|Her Majesty|HMI|lead|Children)", in: collapse(cell), options: []) where g.count > 1 {
                    add(plausibleName(g[1]))
                }
            }
        }
        // Peer review: "The Peer Team were: 1. Cliff James (Head of ...)".
        if let start = content.firstIndex(where: { $0.full.range(of: "team were", options: .caseInsensitive) != nil }) {
            for line in content[start..<min(content.count, start + 14)] where line.marker.isNumber {
                if let paren = line.text.firstIndex(of: "(") { add(plausibleName(String(line.text[..<paren]))) }
            }
        }
        return names
    }

    // MARK: Deadlines

    /// What an area SEND report asks for and announces, named as the report names them: "…
    /// requires the local area partnership to prepare and submit a priority action plan (area
    /// SEND)" (no date: the framework gives none), "A monitoring inspection will be carried out
    /// within approximately 18 months", "The next full reinspection will be within approximately
    /// three years".
    static func announcedMilestones(_ blocks: [Block], stated: [StatedDeadline]) -> [StatedDeadline] {
        var result: [StatedDeadline] = []
        func add(_ title: String, _ rule: DeadlineRule?, _ sentence: String, _ line: Int) {
            guard !result.contains(where: { $0.title.lowercased() == title.lowercased() }),
                  !stated.contains(where: { $0.title.lowercased() == title.lowercased() }) else { return }
            result.append(StatedDeadline(title: title, rule: rule, sentence: SectionWalker.tidy(sentence), line: line))
        }
        for b in blocks where b.heading == nil && b.text.utf8.count < 3_000 && (b.text.containsBytes("approximately") || b.text.containsBytes("action plan")) {
            let text = collapse(b.text)
            let lower = text.lowercased()
            guard lower.contains("priority action plan") || lower.contains("within approximately") else { continue }
            for sentence in text.components(separatedBy: ". ") {
                let s = sentence.lowercased()
                if s.contains("priority action plan"), ["submit", "prepare", "produce"].contains(where: { s.contains($0) }),
                   !s.contains("working days"), let r = sentence.range(of: "priority action plan", options: .caseInsensitive) {
                    // "a priority action plan (area SEND)": the name, with its bracket if it has one.
                    var name = String(sentence[r.lowerBound...])
                    if let close = name.firstIndex(of: ")"), name.contains("(") { name = String(name[...close]) }
                    else { name = String(sentence[r]) }
                    add(capitalisedFirst(name), nil, sentence, b.line)
                }
                if let g = firstMatch("(?:^|\\b)(?:an? |the )?((?:next )?(?:full )?(?:area SEND |local area |joint )?(?:monitoring inspection|monitoring visit|reinspection|re-inspection|inspection))(?: of [^,]{1,60})? will (?:be carried out|take place|be)(?: carried out)? within approximately ([0-9]+|[a-z]+) (months?|years?)",
                                      in: sentence), g.count > 3 {
                    let n = Int(g[2]) ?? numberWords[g[2].lowercased()] ?? ["one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "eighteen": 18][g[2].lowercased()]
                    if let n, n > 0, n <= 120 {
                        add(capitalisedFirst(g[1]), .months(g[3].lowercased().hasPrefix("year") ? n * 12 : n), sentence, b.line)
                    }
                }
            }
        }
        return result
    }

    static func capitalisedFirst(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }

    static let numberWords: [String: Int] = ["ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                                             "sixty": 60, "seventy": 70, "five": 5]

    static func deadlines(_ blocks: [Block]) -> [StatedDeadline] {
        var result: [StatedDeadline] = []
        for b in blocks where b.kind == .plain && b.heading == nil {
            let text = collapse(b.text)
            let lower = text.lowercased()
            guard lower.contains("plan") || lower.contains("statement"),
                  lower.contains("working days") || lower.contains(" by ") else { continue }
            for sentence in text.components(separatedBy: ". ") {
                let s = sentence.lowercased()
                guard s.contains("plan") || s.contains("statement") else { continue }
                guard ["submit", "send", "share", "provide", "publish", "prepare", "produce", "return"].contains(where: { s.contains($0) }) else { continue }
                let isDraft = s.contains("draft")
                var rule: DeadlineRule?
                if let g = firstMatch("within ([0-9]{1,3}|[a-z]+) working days", in: s), g.count > 1 {
                    if let n = Int(g[1]) ?? numberWords[g[1]] { rule = .workingDays(n) }
                } else if let run = DateScanner.runs(in: sentence).first(where: { $0.before.lowercased().hasSuffix("by") || $0.before.lowercased().hasSuffix("by the") }),
                          let day = DateScanner.resolve(run, reference: nil).last {
                    rule = .fixed(day)
                }
                guard let rule else { continue }
                let title = isDraft ? "Early draft action plan to Ofsted"
                    : (s.contains("statement") && !s.contains("plan") ? "Written statement of action to Ofsted" : "Action plan to Ofsted")
                if !result.contains(where: { $0.rule == rule && $0.title == title }) {
                    result.append(StatedDeadline(title: title, rule: rule, sentence: SectionWalker.tidy(sentence), line: b.line))
                }
            }
        }
        result += announcedMilestones(blocks, stated: result)
        if result.contains(where: { $0.title.hasPrefix("Early draft") }) {
            for i in result.indices where result[i].title == "Action plan to Ofsted" { result[i].title = "Final action plan to Ofsted" }
        }
        return result
    }
}
