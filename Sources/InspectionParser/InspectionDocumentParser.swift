import ActionPlanModel

/// Reads the text of an inspection letter or report and finds its metadata, its improvement
/// findings (with category, timescale and section path), its strengths and its judgements.
///
/// Pure: text in, `Extraction` out. It never traps on any input, and runs in time linear in the
/// length of the text.
public enum InspectionDocumentParser {
    /// Parses one document. `fileName` is only copied into the result (it is never a source of a
    /// date). `authorities` names the authority by its code and canonical name (see
    /// `LocalAuthorityTable`); with the empty table, the authority is only kept as written.
    public static func parse(text: String, fileName: String? = nil, authorities: LocalAuthorityTable = LocalAuthorityTable()) -> Extraction {
        var lines = LineSplitter.lines(text)
        Furniture.mark(&lines)
        TableColumns.apply(&lines)
        let blocks = BlockBuilder.build(lines)
        var extraction = Extraction(fileName: fileName)
        let sections = SectionWalker.walk(blocks)
        extraction.findings = sections.findings
        extraction.context = sections.context
        extraction.earlierPriorityActionsRemain = sections.earlierPriorityActionsRemain
        extraction.judgements = Judgements.find(lines: lines, blocks: blocks, contexts: sections.contextAtLine)
        Metadata.fill(&extraction, lines: lines, blocks: blocks, authorities: authorities)
        if extraction.kind == .sendLocalArea, let outcome = Judgements.sendOutcome(lines: lines) {
            extraction.judgements.append(outcome)
        }
        if !extraction.hasImprovementFindings {
            extraction.warnings.append("no improvement section found")
        }
        return extraction
    }

    /// The text reduced to its words, for recognising the same document imported twice
    /// whatever its line breaks, spacing or page furniture.
    public static func normalisedForHash(_ text: String) -> String {
        var lines = LineSplitter.lines(text)
        Furniture.mark(&lines, forHash: true)
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for line in lines where !line.furniture && !line.isBlank {
            for s in line.full.unicodeScalars {
                if s == " " { pendingSpace = true; continue }
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(s)
            }
            pendingSpace = true
        }
        return String(out)
    }
}

/// Walks the blocks, opening a section at each improvement or strength heading and closing it
/// at the next heading that is not one of its sub-headings.
enum SectionWalker {
    struct Result {
        var findings: [ExtractedFinding]
        /// Statements of the sections that are not findings but say something about the plan.
        var context: [String] = []
        var earlierPriorityActionsRemain = false
        /// The part of the document ("Looked after children") in force at a line, for judgements.
        var contextAtLine: [(line: Int, context: String)]
    }

    struct Item {
        var block: Block
        var path: [String]
        var timeframe: Timeframe
    }

    struct Group {
        var category: FindingCategory
        var path: [String]
        var timeframe: Timeframe
        var subPath: [String] = []
        var subTimeframe: Timeframe?
        var items: [Item] = []
    }

    static func cleanHeading(_ text: String) -> String {
        var t = text.trimmingCharacters(in: " ")
        // A footnote number stuck to the end ("practice?1").
        while let last = t.unicodeScalars.last, Characters.isDigit(last) {
            let before = t.unicodeScalars.dropLast().last
            if let b = before, Characters.isLetter(b) || b == "?" || b == ":" || Characters.isDigit(b) { t.unicodeScalars.removeLast() } else { break }
        }
        while t.hasSuffix(":") || t.hasSuffix(" ") { t.removeLast() }
        return t
    }

    /// "The inspection outcomes: services for looked after children" → "Looked after children".
    static func contextName(_ text: String) -> String {
        var t = cleanHeading(text)
        // "Section 2: The effectiveness of the LSCB" followed on the next line by its first
        // sentence or subtitle ("The effectiveness of …"): the part's name stops where it restarts.
        if t.hasPrefix("Section "), let colon = t.firstIndex(of: ":") {
            var search = t.index(after: colon)
            while let r = t.range(of: " The ", range: search..<t.endIndex) {
                let before = t[..<r.lowerBound].split(separator: " ").last.map(String.init) ?? ""
                if t.distance(from: t.startIndex, to: r.lowerBound) > 15, !BlockBuilder.connectives.contains(before.lowercased()), !before.hasSuffix(":") {
                    t = String(t[..<r.lowerBound])
                    break
                }
                search = r.upperBound
            }
        }
        // "The Local Safeguarding Children Board is good": the part, not its grade.
        let lowerName = t.lowercased()
        for grade in Headings.gradePhrases {
            for verb in [" is ", " are "] where lowerName.hasSuffix(verb + grade) && t.count > verb.count + grade.count + 3 {
                return String(t.dropLast(verb.count + grade.count))
            }
        }
        let lower = t.lowercased()
        if lower.hasPrefix("the inspection outcomes") {
            if let colon = t.firstIndex(of: ":") { t = String(t[t.index(after: colon)...]).trimmingCharacters(in: " ") }
            if t.lowercased().hasPrefix("services for ") { t = String(t.dropFirst("services for ".count)) }
            if t.lowercased().hasSuffix(" services") { t = String(t.dropLast(" services".count)) }
            if let f = t.first { t = f.uppercased() + t.dropFirst() }
        }
        return t
    }

    static func isGenericHeading(_ blocks: [Block], _ i: Int) -> Bool {
        let b = blocks[i]
        guard b.heading == nil, b.marker == .none, b.lineCount <= 2, b.text.count <= 130, b.longestLine <= 100, !looksLikeJudgement(b.text) else { return false }
        guard BlockBuilder.startsUpperOrDigit(b.text), Headings.normalise(b.text) != nil, !b.text.contains("   "), !endsWithGrade(b.text),
              DateScanner.runs(in: b.text).isEmpty, !soundsLikeASentence(b.text) else { return false }
        if let last = b.text.unicodeScalars.last, ".,;:!".unicodeScalars.contains(last) { return false }
        if b.text.contains(". ") || b.text.contains("; ") { return false }
        if b.text.unicodeScalars.filter(Characters.isLetter).count < 3 { return false }
        // A bullet that lost its glyph, printed without a full stop, among bullets at its indent
        // (the first or the last of a list) is an item, not a sub-heading.
        if b.spaceBullet || b.maybeSpaceBullet {
            let near = [i > 0 ? blocks[i - 1] : nil, i + 1 < blocks.count ? blocks[i + 1] : nil].compactMap { $0 }
            if near.contains(where: { $0.heading == nil && $0.kind == .glyph && abs($0.firstIndent - b.firstIndent) <= 1 }) { return false }
        }
        if b.blankAfter { return true }
        if i + 1 < blocks.count, blocks[i + 1].heading != nil || blocks[i + 1].marker != .none { return true }
        return false
    }

    /// A part heading: a short unpunctuated block (numbered or not) directly followed by an
    /// improvement, strength or narrative heading ("1. Contact and Referral Process" before
    /// "Areas of Strength").
    static func isContextHeading(_ blocks: [Block], _ i: Int, lastNumber: Int? = nil) -> Bool {
        let b = blocks[i]
        // "Section 2: The effectiveness of the local safeguarding children board" names a part
        // wherever its first section heading comes, even with its first sentence run on to it
        // (the name is cut where the title restarts: `contextName`).
        if b.heading == nil, b.marker == .none, i + 1 < blocks.count, b.lineCount <= 5, b.text.count <= 240, b.text.hasPrefix("Section "),
           b.text.range(of: #"^Section [0-9]+: [A-Za-z]"#, options: .regularExpression) != nil,
           let last = b.text.unicodeScalars.last, !Characters.isDigit(last) { return true }
        guard b.heading == nil, b.marker == .none || b.marker.isNumber, !b.spaceBullet || b.lineCount == 1,
              b.lineCount <= 3, b.text.count <= 200, i + 1 < blocks.count, !looksLikeJudgement(contextName(b.text)) else { return false }
        // The last of a list of bullets that lost their glyph is an item.
        if b.spaceBullet || b.maybeSpaceBullet, i > 0, blocks[i - 1].heading == nil, blocks[i - 1].kind == .glyph,
           abs(blocks[i - 1].firstIndent - b.firstIndent) <= 1 { return false }
        // The next item of a numbered list ("42. Ensure that …" without a full stop) is an item.
        if let n = b.number, let last = lastNumber, n == last + 1 { return false }
        // "Directly followed": a line at the foot of a page ("Ofsted is proud to use recycled
        // paper") does not name what starts the next page.
        if blocks[i + 1].pageBreakBefore { return false }
        guard BlockBuilder.startsUpperOrDigit(b.text), !b.text.hasPrefix("Dear "), Headings.normalise(b.text) != nil, !b.text.contains("   "), !endsWithGrade(b.text),
              DateScanner.runs(in: b.text).isEmpty, !soundsLikeASentence(b.text) else { return false }
        if let last = b.text.unicodeScalars.last, ".,;:!".unicodeScalars.contains(last) { return false }
        if b.text.contains(". ") { return false }
        let next = Headings.normalise(blocks[i + 1].text) ?? ""
        for title in ["focused visit to", "monitoring visit to", "inspection of ", "joint targeted"] where next.hasPrefix(title) { return false }
        switch blocks[i + 1].heading {
        case .improvement?, .strength?: return true
        case .narrative?: return blocks[i + 1].text.count > 3
        default: return false
        }
    }

    /// Headings name things; a block that tells someone what to do is a finding or narrative,
    /// and a graded judgement ("Capacity for improvement Grade 3 (adequate)") is not a heading.
    static func soundsLikeASentence(_ text: String) -> Bool {
        if text.range(of: "Grade [1-4]", options: .regularExpression) != nil { return true }
        let lower = " " + text.lowercased() + " "
        return [" should ", " must ", " need to ", " needs to ", " will ", " were ", " has been ", " have been "].contains { lower.contains($0) }
    }

    /// Words of a judgement table that a converter can leave on a line of their own or splice into
    /// a row ("Good", "Grade", "Leadership, management and Good governance", "A service that does
    /// not meet minimum requirements"): never a heading.
    static func looksLikeJudgement(_ text: String) -> Bool {
        let lower = text.lowercased().trimmingCharacters(in: " ")
        if Headings.gradePhrases.contains(lower) || ["grade", "grades", "judgement", "judgements", "judgement grade"].contains(lower) { return true }
        if lower.contains("minimum requirements") { return true }
        // A grade capitalised inside a line ("… and Good governance").
        for word in text.split(separator: " ").dropFirst() where ["Good", "Outstanding", "Inadequate", "Adequate"].contains(String(word)) {
            return true
        }
        return false
    }

    /// A judgement table row ("Leadership, management and governance Good") is not a heading.
    static func endsWithGrade(_ text: String) -> Bool {
        let lower = text.lowercased()
        if Headings.gradePhrases.contains(where: { lower.hasSuffix(" " + $0) && !lower.hasSuffix(" is " + $0) }) { return true }
        // A table row whose grade landed in the middle of the area ("Leadership, management and Inadequate governance").
        return ["requires improvement", "outstanding", "inadequate"].contains { lower.contains($0) } && !lower.contains(" is ") && !lower.contains(" are ")
    }

    static func walk(_ blocks: [Block]) -> Result {
        var findings: [ExtractedFinding] = []
        var contexts: [(line: Int, context: String)] = []
        var context: String?
        var parentPrefix: [String] = []
        var group: Group?
        var counters: [FindingCategory: Int] = [:]
        var seen: Set<String> = []
        var statements: [String] = []
        var remain = false

        func finish() {
            guard let g = group else { return }
            group = nil
            var items: [Item] = []
            for item in g.items {
                switch statement(item.block.text) {
                case .finding: items.append(item)
                case .earlierActionsRemain:
                    remain = true
                    statements.append(tidy(item.block.text))
                case .notAFinding: break
                }
            }
            for item in select(items) {
                let text = withoutTrailingHeading(tidy(item.block.text))
                guard text.unicodeScalars.contains(where: Characters.isLetter), !seen.contains(text) else { continue }
                seen.insert(text)
                let n = (counters[g.category] ?? 0) + 1
                counters[g.category] = n
                let subItems = item.block.subItems.map(tidy).filter { !$0.isEmpty }
                findings.append(ExtractedFinding(ref: "\(g.category.refPrefix)\(n)", category: g.category,
                                                 timeframe: item.timeframe, sectionPath: item.path, text: text,
                                                 line: item.block.line, ownerBody: item.block.ownerBody, subItems: subItems))
            }
        }

        // A contents page lists headings (with their page numbers on the same line or the next):
        // from "Contents" to the next page or the first paragraph of prose, no heading opens a section.
        var inContents = false

        var i = 0
        while i < blocks.count {
            let b = blocks[i]
            defer { i += 1 }
            if b.pageBreakBefore || (b.heading == nil && b.text.utf8.count >= 150) { inContents = false }
            if let role = b.heading {
                let headingText = cleanHeading(b.text)
                if case .narrative = role, Headings.normalise(b.text) == "contents" {
                    finish()
                    inContents = true
                    continue
                }
                if inContents { continue }
                switch role {
                case .improvement(let category, let timeframe):
                    if let g = group, g.category != .strength {
                        if g.items.isEmpty {
                            if g.path.last?.lowercased() == headingText.lowercased() { continue }
                            parentPrefix = Array(g.path.dropFirst(context == nil ? 0 : 1))
                        } else if parentPrefix.isEmpty || !g.path.contains(parentPrefix.last ?? "") {
                            parentPrefix = []
                        }
                    } else {
                        parentPrefix = []
                    }
                    finish()
                    var path: [String] = []
                    if let c = context { path.append(c) }
                    path += parentPrefix
                    path.append(headingText)
                    group = Group(category: category, path: path, timeframe: timeframe)
                case .strength:
                    finish()
                    parentPrefix = []
                    var path: [String] = []
                    if let c = context { path.append(c) }
                    path.append(headingText)
                    group = Group(category: .strength, path: path, timeframe: .none)
                case .timescale(let timeframe):
                    if group != nil {
                        group?.subPath = [headingText]
                        group?.subTimeframe = timeframe
                    }
                case .narrative:
                    finish()
                    parentPrefix = []
                    if headingText.lowercased().hasPrefix("the inspection outcomes") {
                        context = contextName(headingText)
                        contexts.append((b.line, context ?? ""))
                    }
                }
                continue
            }
            if inContents { continue }
            // Looked up only for a numbered block: a scan per block would make long lists quadratic.
            let lastNumber = b.number == nil ? nil : group?.items.last { $0.block.number != nil }?.block.number
            if isContextHeading(blocks, i, lastNumber: lastNumber), group == nil || !(group?.items.isEmpty ?? true) || blocks[i + 1].heading != nil {
                if let g = group, g.items.isEmpty, g.category != .strength, case .improvement? = blocks[i + 1].heading {
                    // A sub-heading between a parent heading and its sections.
                    group?.subPath = [cleanHeading(b.text)]
                    continue
                }
                finish()
                parentPrefix = []
                context = contextName(b.text)
                contexts.append((b.line, context ?? ""))
                continue
            }
            // The group is read through `group!` and never bound to a copy: a copy would share the
            // items' storage and make every append copy the whole list.
            // "… a written statement of action … to tackle the following areas of significant
            // weakness:" opens a list of priority actions in letters that have no heading for it.
            if group == nil, b.kind == .plain, b.text.hasSuffix(":"), b.text.utf8.count < 1200,
               b.text.lowercased().contains("areas of significant weakness") {
                var path: [String] = []
                if let c = context { path.append(c) }
                path.append("Areas of significant weakness")
                group = Group(category: .priorityAction, path: path, timeframe: .none)
                continue
            }
            guard group != nil else { continue }
            // A stray list number or symbol on its own line ("1." left by a converter) is noise.
            if !b.text.unicodeScalars.contains(where: Characters.isLetter) { continue }
            if isGenericHeading(blocks, i) {
                if group!.items.isEmpty {
                    group?.subPath = [cleanHeading(b.text)]
                    continue
                }
                // A sub-heading goes on with the list only when the next item is of the same kind
                // and, for numbered items, continues the numbering.
                var j = i + 1
                while j < blocks.count, isGenericHeading(blocks, j) { j += 1 }
                let lastKind = group!.items.last?.block.kind
                var goesOn = false
                if j < blocks.count, blocks[j].heading == nil, let lastKind, blocks[j].kind == lastKind {
                    if lastKind == .number {
                        let lastNumber = group!.items.last { $0.block.number != nil }?.block.number ?? -1
                        goesOn = blocks[j].number == lastNumber + 1
                    } else {
                        goesOn = lastKind == .glyph && !blocks[j].spaceBullet
                    }
                }
                let lowerHeading = b.text.lowercased()
                if lowerHeading.contains("findings") || lowerHeading.contains("inspection") || b.text.count > 100 { goesOn = false }
                if goesOn {
                    group?.subPath = [cleanHeading(b.text)]
                    group?.subTimeframe = nil
                } else {
                    finish()
                    parentPrefix = []
                }
                continue
            }
            var timeframe = group!.subTimeframe ?? group!.timeframe
            if timeframe == .none, let stated = inlineTimescale(b.text) { timeframe = stated }
            let item = Item(block: b, path: group!.path + group!.subPath, timeframe: timeframe)
            // Appended in place: copying the group would make a long list quadratic.
            group?.items.append(item)
        }
        finish()
        return Result(findings: findings, context: statements, earlierPriorityActionsRemain: remain, contextAtLine: contexts)
    }

    enum Statement { case finding, earlierActionsRemain, notAFinding }

    /// Sentences of an improvement section that are not findings: "The areas for priority action
    /// set at the last focused visit … remain" (the plan goes on from that visit's plan), "Ofsted
    /// will take the findings …", and those that say there is nothing (`saysNothing`).
    static func statement(_ text: String) -> Statement {
        guard text.utf8.count < 600 else { return .finding }
        // Cheap tests first: this runs on every item of every list.
        if text.hasPrefix("Ofsted will ") || text.hasPrefix("This letter will be published") { return .notAFinding }
        guard text.containsBytes("remain") || text.containsBytes("continue to") || text.containsBytes("still") else { return .finding }
        let lower = Metadata.collapse(text).lowercased()
        if lower.hasPrefix("ofsted will ") || lower.hasPrefix("this letter will be published") { return .notAFinding }
        let earlier = ["last", "previous", "earlier", "prior"].contains { lower.contains(" " + $0 + " ") }
        let actions = ["priority action", "areas for improvement", "areas for development", "recommendations", "what needs to improve"].contains { lower.contains($0) }
        if earlier, actions, text.count < 400,
           lower.range(of: #"\b(remains?|continue to (be|apply)|still (apply|stand))\b"#, options: .regularExpression) != nil {
            return .earlierActionsRemain
        }
        return .finding
    }

    /// Picks the findings among a section's blocks: its list items when it has a list (an
    /// introduction or a closing paragraph is narrative), else its paragraphs. Sub-bullets that
    /// start in lower case belong to the item that introduces them with a colon.
    static func select(_ items: [Item]) -> [Item] {
        let items = items.filter { item in
            item.block.text.unicodeScalars.contains(where: Characters.isLetter) && !saysNothing(item.block.text)
        }
        // Sub-bullets belong to the item that introduces them (see `nests`): the lead-in and its
        // sub-items are one finding.
        let paragraphs = items.filter { $0.block.kind == .plain }.count
        var merged: [Item] = []
        // The indent of the sub-items being folded into the last item, if any.
        var subIndent: Int?
        for item in items {
            // A sub-heading (a timescale, a theme) between two items ends any nesting.
            if item.block.kind == .glyph, item.block.tableRow == 0, var last = merged.last, last.block.tableRow == 0,
               last.path == item.path, last.timeframe == item.timeframe {
                let sibling = subIndent.map { abs(item.block.firstIndent - $0) <= 1 } ?? false
                if sibling || nests(item.block, under: last.block, paragraphs: paragraphs) {
                    let separator = Self.subItemSeparator(after: last.block)
                    // Out of the array while it grows, so that its text is not shared and is
                    // appended to in place (a list of thousands of sub-items stays linear).
                    merged.removeLast()
                    last.block.text += separator
                    last.block.text += item.block.text
                    last.block.subItems.append(item.block.text)
                    merged.append(last)
                    subIndent = item.block.firstIndent
                    continue
                }
            }
            subIndent = nil
            merged.append(item)
        }
        // A paragraph that only goes on from the one before ("In particular they should …:") is part of it.
        var joined: [Item] = []
        for item in merged {
            if item.block.kind == .plain, item.block.tableRow == 0, var last = joined.last, last.block.kind == .plain,
               last.block.tableRow == 0, continuesPrevious(item.block.text) {
                joined.removeLast()
                last.block.text += " "
                last.block.text += item.block.text
                joined.append(last)
                continue
            }
            joined.append(item)
        }
        merged = joined
        // A list's items are its bullets, else its numbered items; a stray bullet left over among
        // more numbered items does not make the numbered items narrative.
        let glyphs = merged.filter { $0.block.kind == .glyph }.count, numbers = merged.filter { $0.block.kind == .number }.count
        let chosen: Block.Kind = glyphs > 0 && glyphs >= numbers ? .glyph : (numbers > 0 ? .number : .plain)
        if chosen == .plain { merged = splitRunTogether(merged) }
        return merged.filter { item in
            item.block.kind == chosen && !item.block.text.hasSuffix(":")
        }
    }

    /// What goes between a lead-in (or the sub-items so far) and the next sub-item: a space
    /// after the lead-in or where the text reads on, else a semicolon.
    static func subItemSeparator(after block: Block) -> String {
        if block.subItems.isEmpty { return " " }
        let t = block.text
        return BlockBuilder.endsSentence(t) || BlockBuilder.obviouslyContinues(t) || t.hasSuffix(" and") || t.hasSuffix(" or") ? " " : "; "
    }

    /// Whether a bulleted block is a sub-item of the item before it: the item introduces it (it
    /// ends with a colon, or stops mid-sentence: "… by", "… including") and either is a numbered
    /// item or a bullet that the sub-bullet is indented under, or is a paragraph in a section of
    /// paragraph findings (area SEND reports) followed by a sub-bullet in lower case. When the only
    /// paragraph is an introduction, each bullet is a finding of its own.
    static func nests(_ item: Block, under parent: Block, paragraphs: Int) -> Bool {
        let t = parent.text
        let introduces = t.hasSuffix(":") || isLeadIn(t)
            || ((!BlockBuilder.endsSentence(t) || t.containsBytes(": ")) && BlockBuilder.startsLower(item.text))
        guard introduces else { return false }
        switch parent.kind {
        case .number:
            return item.firstIndent > parent.firstIndent || BlockBuilder.startsLower(item.text)
        case .glyph:
            return item.firstIndent > parent.firstIndent
        case .plain:
            return paragraphs >= 2 && (BlockBuilder.startsLower(item.text) || item.firstIndent > parent.firstIndent + 1)
        }
    }

    /// A lead-in without a colon: a sentence that stops where its list begins ("Improve the
    /// quality of plans by", "… including"), not a short title ("Quality of practice").
    static func isLeadIn(_ text: String) -> Bool {
        guard !BlockBuilder.endsSentence(text), text.utf8.count < 1_000 else { return false }
        let words = text.split(separator: " ")
        guard let last = words.last?.lowercased() else { return false }
        if BlockBuilder.obviouslyContinues(text) { return true }
        return ["by", "including", "through", "that", "demonstrate", "ensure", "ensuring", "so", "where", "when", "how"].contains(last)
    }

    /// Paragraph findings printed without a gap between them ("… as necessary. Leaders across the
    /// partnership should …") are split where a sentence opens with the word that opens other
    /// findings of the section and goes on to say what someone should do.
    static func splitRunTogether(_ items: [Item]) -> [Item] {
        var openings: [String: Int] = [:]
        for item in items {
            if let first = item.block.text.split(separator: " ").first { openings[String(first), default: 0] += 1 }
        }
        let common = Set(openings.filter { $0.value >= 2 && ($0.key.first?.isUppercase ?? false) }.map(\.key))
        guard !common.isEmpty else { return items }
        var result: [Item] = []
        for item in items {
            // A table row is one finding by construction.
            if item.block.tableRow != 0 { result.append(item); continue }
            var rest = item.block.text
            var pieces: [String] = []
            var searchFrom = rest.startIndex
            while let r = rest.range(of: ". ", range: searchFrom..<rest.endIndex) {
                let after = rest[r.upperBound...]
                let word = after.prefix { $0 != " " }
                let sentence = " " + after.prefix(90).lowercased()
                if common.contains(String(word)), [" should ", " must ", " need to ", " needs to "].contains(where: { sentence.contains($0) }) {
                    pieces.append(String(rest[..<r.lowerBound]) + ".")
                    rest = String(after)
                    searchFrom = rest.startIndex
                } else {
                    searchFrom = r.upperBound
                }
            }
            pieces.append(rest)
            for (index, piece) in pieces.enumerated() {
                var copy = item
                copy.block.text = piece
                // Sub-items follow the lead-in, which ends the paragraph: they belong to its last piece.
                if index < pieces.count - 1 { copy.block.subItems = [] }
                result.append(copy)
            }
        }
        return result
    }

    static let continuationOpenings = ["In particular", "This includes", "This should", "In addition", "Specifically",
                                       "These include", "This must", "They should", "This will", "It should", "This means"]

    static func continuesPrevious(_ text: String) -> Bool {
        continuationOpenings.contains { text.hasPrefix($0 + " ") || text.hasPrefix($0 + ",") }
    }

    /// A timescale written at the end of a finding: "… (within three months)", "… Timescale: immediately."
    static func inlineTimescale(_ text: String) -> Timeframe? {
        guard text.utf8.count < 2000 else { return nil }
        var tail = text.suffix(40).lowercased()
        while let last = tail.last, last == "." || last == " " || last == ")" { tail.removeLast() }
        for (phrase, timeframe) in [("immediately", Timeframe.immediately), ("within three months", .within3Months),
                                    ("within 3 months", .within3Months), ("within six months", .within6Months),
                                    ("within 6 months", .within6Months)] {
            if tail.hasSuffix("(" + phrase) || tail.hasSuffix("timescale: " + phrase) || tail.hasSuffix("– " + phrase) {
                return timeframe
            }
        }
        return nil
    }

    /// A known heading printed at the end of a finding's last line ("… missing from home and care.
    /// Areas for improvement", a converter's artefact) is not part of the finding.
    static func withoutTrailingHeading(_ text: String) -> String {
        // The last ". " within the last 64 bytes (a heading is short); found on the bytes, as this
        // runs on every finding.
        let bytes = text.utf8
        var k = bytes.endIndex
        var steps = 0
        var stop: String.Index?
        while k > bytes.startIndex, steps < 64 {
            let previous = bytes.index(before: k)
            if bytes[previous] == 0x2E, k < bytes.endIndex, bytes[k] == 0x20 { stop = previous; break }
            k = previous
            steps += 1
        }
        guard let dot = stop else { return text }
        let tail = text[bytes.index(dot, offsetBy: 2)...]
        guard !tail.isEmpty, tail.count <= 60, let n = Headings.normalise(String(tail)), Headings.role(ofNormalised: n) != nil else { return text }
        return String(text[..<dot]) + "."
    }

    /// "There are no priority actions." and the like.
    static func saysNothing(_ text: String) -> Bool {
        guard text.utf8.count < 300 else { return false }
        let lower = text.lowercased()
        if lower == "none" || lower == "none." || lower == "n/a" { return true }
        guard text.count < 140 else { return false }
        return lower.hasPrefix("there are no ") || lower.hasPrefix("there were no ") || lower.hasPrefix("no recommendations")
            || lower.hasPrefix("no areas for") || lower.hasPrefix("no priority actions") || lower.contains("did not find any")
            || lower.contains("did not identify any") || lower.contains("were not any areas")
    }

    /// Collapses runs of spaces and trims.
    static func tidy(_ text: String) -> String {
        // Most texts are already tidy.
        var clean = true
        var previous: UInt8 = 0x20
        for b in text.utf8 {
            if (b == 0x20 && previous == 0x20) || b == 0xEE || b == 0xF3 || b == 0xF4 || (previous == 0xEF && (0x80...0xA3).contains(b)) {
                clean = false
                break
            }
            previous = b
        }
        if clean, previous != 0x20 { return text }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in text.unicodeScalars {
            if s == " " { pendingSpace = true; continue }
            if Characters.isPrivateUse(s) { continue }
            if pendingSpace, !out.isEmpty { out.append(" ") }
            pendingSpace = false
            out.append(s)
        }
        return String(out)
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
