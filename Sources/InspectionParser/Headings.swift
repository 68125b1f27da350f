import ActionPlanModel

/// What a heading line means to the importer.
enum HeadingRole: Equatable, Sendable {
    /// Opens an improvement section of that category. `timeframe` is set when the heading
    /// itself carries one ("Priority and immediate action").
    case improvement(FindingCategory, Timeframe)
    /// Opens a section of strengths or requirements met.
    case strength
    /// A timescale sub-heading ("Within three months").
    case timescale(Timeframe)
    /// A heading known to start narrative (findings, overview, letter close, ...).
    case narrative
}

enum Headings {
    /// Lower-cases, turns curly apostrophes straight, drops a leading list number, a trailing
    /// footnote number and trailing punctuation, and collapses spaces. Nil when the line ends
    /// in a page number after a space (a contents entry, never a heading).
    static func normalise(_ line: String) -> String? {
        guard line.utf8.count <= 640 else { return nil }
        var scalars = Array(line.unicodeScalars)
        // Trailing spaces.
        while let l = scalars.last, l == " " { scalars.removeLast() }
        guard !scalars.isEmpty, scalars.count <= 160 else { return nil }
        // A contents entry: heading text, space(s), page number.
        var k = scalars.count
        while k > 0, Characters.isDigit(scalars[k - 1]) { k -= 1 }
        if k < scalars.count, scalars.count - k <= 3 {
            if k > 0, scalars[k - 1] == " " {
                // "Areas for improvement 8" is a contents line; "Board 1" too.
                return nil
            }
            // A footnote number stuck to the heading ("practice?1", "Board1").
            if k > 0, Characters.isLetter(scalars[k - 1]) || scalars[k - 1] == "?" || scalars[k - 1] == ":" {
                scalars.removeLast(scalars.count - k)
            }
        }
        var out = String.UnicodeScalarView()
        var lastWasSpace = true
        var index = 0
        // Headings start with a capital (after any list number).
        if let firstLetter = scalars.first(where: { Characters.isLetter($0) }), !Characters.isUpper(firstLetter) { return nil }
        // Leading list number or letter ("3. ", "1) ", "a. ").
        var j = 0
        while j < scalars.count, j < 3, Characters.isDigit(scalars[j]) { j += 1 }
        if j > 0, j < scalars.count, scalars[j] == "." || scalars[j] == ")" { index = j + 1 }
        while index < scalars.count {
            var s = scalars[index]
            index += 1
            if s == "\u{2019}" || s == "\u{2018}" { s = "'" }
            if s == "\u{2013}" || s == "\u{2014}" { s = "-" }
            if s == " " {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            for l in s.properties.lowercaseMapping.unicodeScalars { out.append(l) }
        }
        var text = String(out)
        while let last = text.unicodeScalars.last, last == " " || last == "?" || last == ":" || last == "*" {
            text.unicodeScalars.removeLast()
        }
        return text
    }

    static let improvementExact: [String: (FindingCategory, Timeframe)] = {
        var map: [String: (FindingCategory, Timeframe)] = [:]
        for h in ["areas for priority action", "area for priority action", "priority action", "priority actions",
                  "areas for priority improvement", "areas requiring priority action", "priority areas for action"] {
            map[h] = (.priorityAction, .none)
        }
        for h in ["priority and immediate action", "priority and immediate actions", "immediate and priority action",
                  "areas for priority and immediate action"] {
            map[h] = (.priorityAction, .immediately)
        }
        for h in ["areas for development", "area for development", "areas for further development",
                  "key areas for development", "areas for development identified"] {
            map[h] = (.areaForDevelopment, .none)
        }
        for h in ["areas for improvement", "area for improvement", "areas for further improvement",
                  "areas of improvement", "key areas for improvement", "areas requiring improvement",
                  "areas that require improvement", "areas for improvement identified"] {
            map[h] = (.areaForImprovement, .none)
        }
        for h in ["areas for consideration and improvement", "areas for consideration", "areas for further consideration",
                  "areas for consideration and development", "areas for further consideration and improvement"] {
            map[h] = (.areaForConsideration, .none)
        }
        for h in ["suggestions for improvements", "suggestions for improvement", "suggestions", "suggestions for development",
                  "suggested improvements", "suggested areas for improvement"] {
            map[h] = (.suggestion, .none)
        }
        for h in ["recommendations", "recommendation", "recommendations for improvement", "key recommendations",
                  "our recommendations", "recommendations for action"] {
            map[h] = (.recommendation, .none)
        }
        return map
    }()

    static let strengthExact: Set<String> = [
        "strengths", "strength", "areas of strength", "key strengths", "areas of strength and good practice",
        "what is working well", "what works well", "strengths identified", "areas of good practice",
        "the local authority's strengths", "the lscb's strengths", "the board's strengths", "requirements met",
        "areas where requirements are met", "areas of strength identified",
    ]

    static let narrativeExact: Set<String> = [
        "main findings", "findings", "headline findings", "overview", "summary", "summary of findings",
        "key messages", "next steps", "conclusion", "conclusions", "contents", "background", "introduction",
        "information about this inspection", "inspection judgements", "record of main findings",
        "local area partnership details", "inspection team", "about this inspection", "service information",
        "summary for children and young people", "progress since the last inspection",
        "the inspection judgements and what they mean", "what the inspection judgements mean",
        "yours sincerely", "yours faithfully", "with best wishes", "kind regards", "inspection outcome",
        "information about the local area partnership", "information about the local authority area",
        "inspection judgements about the local authority", "inspection judgement about the lscb",
        "what does the area partnership need to do better", "what is it like to be a child or young person with send in this area",
        "the local area partnership's strategic plans and actions", "evaluation of the local area partnership",
        "appendix", "appendices", "annex", "glossary", "headline finding", "summary of main findings",
        "the local authority", "the local safeguarding children board (lscb)",
    ]

    static let narrativePrefixes: [String] = [
        "the experiences and progress of", "the impact of leaders on", "the effectiveness of the lscb",
        "the effectiveness of leaders", "appendix ", "annex ", "inspection of ", "the inspection outcomes",
        "information about ", "what is it like to be", "focused visit to", "monitoring visit to",
        "inspection judgements about", "the multi-agency response", "children's experiences and progress",
        "inspection findings", "executive summary", "summary of ",
    ]

    /// The role of a heading line, if the line is one of the known headings.
    static func role(ofNormalised n: String) -> HeadingRole? {
        if n.isEmpty { return nil }
        if let hit = improvementExact[n] { return .improvement(hit.0, hit.1) }
        if n.hasPrefix("what needs to improve") || n.hasPrefix("what does the local authority need to improve")
            || n.hasPrefix("what does the lscb need to improve") || n.hasPrefix("what does the council need to improve")
            || n.hasPrefix("what do the local authority and its partners need to improve")
            || n.hasPrefix("what the local authority needs to improve") || n.hasPrefix("what needs to be improved")
            || n.hasPrefix("what should improve") || n.hasPrefix("what does the partnership need to improve")
            || n.hasPrefix("what do leaders need to improve") || n.hasPrefix("what does the board need to improve") {
            guard n.count <= 80 else { return nil }
            return .improvement(.whatNeedsToImprove, .none)
        }
        if n.contains("strengths and weaknesses") || n.contains("strengths and areas") { return .narrative }
        if strengthExact.contains(n) { return .strength }
        if n.hasSuffix("strengths"), n.count <= 70, n.hasPrefix("the ") || n.hasPrefix("key ") || n.hasPrefix("areas of ") { return .strength }
        if n.hasPrefix("the service meets the requirements") || n.hasPrefix("areas where the service meets")
            || n.hasPrefix("the following areas meet the requirements") || n.hasPrefix("practice that meets requirements") {
            return .strength
        }
        if let t = timescale(n) { return .timescale(t) }
        if narrativeExact.contains(n) { return .narrative }
        for p in narrativePrefixes where n.hasPrefix(p) && n.count <= 130 { return .narrative }
        return nil
    }

    static func timescale(_ n: String) -> Timeframe? {
        switch n {
        case "immediately", "immediate", "immediate action", "immediate actions", "action required immediately",
             "to be addressed immediately":
            return .immediately
        case "within three months", "within 3 months", "within three months of the inspection",
             "within three months of receipt", "in three months":
            return .within3Months
        case "within six months", "within 6 months", "within six months of the inspection",
             "within six months of receipt", "in six months":
            return .within6Months
        default:
            return nil
        }
    }

    /// Grade phrases used in judgement tables, longest first.
    static let gradePhrases = [
        "requires improvement to be good", "require improvement to be good", "requires improvement", "require improvement", "outstanding",
        "inadequate", "adequate", "good",
    ]
}
