import ActionPlanModel

/// What the parser found in one inspection document: metadata, findings and judgements.
///
/// Produced by `InspectionDocumentParser.parse(text:fileName:)`; turned into a plan by
/// `ImportPlanner`. No I/O happens in this module.
public struct Extraction: Sendable, Hashable {
    /// The file the text came from, as given by the caller.
    public var fileName: String?
    public var kind: DocumentKind
    /// The document's title line(s), joined ("Focused visit to Stockton-on-Tees children's services").
    public var title: String?
    /// The authority as the document words it ("Durham County Council").
    public var authority: String?
    /// The authority's DfE code from the local-authority table ("840"); nil when the table does
    /// not know the name (then a warning says so) or no table was given.
    public var authorityCode: String?
    /// The authority's canonical name from the local-authority table ("Durham").
    public var authorityName: String?
    /// The date of the letter, or the publication date of a report; nil when the document prints
    /// none (ILACS and area SEND reports), with a warning: the file name is never a source of a date.
    public var letterDate: Day?
    /// The date the document was received, when the document itself says so (rare); nil otherwise.
    public var received: Day?
    /// Visit or inspection dates: every day of a list ("21 and 22 September"), the first and last
    /// day of a range ("13 to 24 September").
    public var visitDates: [Day]
    public var inspectors: [String]
    /// Deadlines the document states for the authority's response.
    public var statedDeadlines: [StatedDeadline]
    /// Improvement findings and strengths, in document order.
    public var findings: [ExtractedFinding]
    public var judgements: [Judgement]
    /// Statements of the improvement sections that are not findings but say something about the
    /// plan ("The areas for priority action set at the last focused visit … remain."), verbatim.
    public var context: [String]
    /// The document says that the priority actions of an earlier visit still stand, so the plan
    /// goes on from that visit's plan.
    public var earlierPriorityActionsRemain: Bool
    /// Things a person should check (no date found, no improvement section, ...).
    public var warnings: [String]

    public init(fileName: String? = nil, kind: DocumentKind = .other, title: String? = nil, authority: String? = nil,
                letterDate: Day? = nil, received: Day? = nil, visitDates: [Day] = [], inspectors: [String] = [],
                statedDeadlines: [StatedDeadline] = [], findings: [ExtractedFinding] = [],
                judgements: [Judgement] = [], context: [String] = [], earlierPriorityActionsRemain: Bool = false,
                warnings: [String] = []) {
        self.fileName = fileName
        self.kind = kind
        self.title = title
        self.authority = authority
        self.letterDate = letterDate
        self.received = received
        self.visitDates = visitDates
        self.inspectors = inspectors
        self.statedDeadlines = statedDeadlines
        self.findings = findings
        self.judgements = judgements
        self.context = context
        self.earlierPriorityActionsRemain = earlierPriorityActionsRemain
        self.warnings = warnings
    }

    /// The findings that call for action (everything but strengths).
    public var improvementFindings: [ExtractedFinding] { findings.filter { $0.category.isImprovement } }

    /// Whether the document has at least one improvement finding.
    public var hasImprovementFindings: Bool { findings.contains { $0.category.isImprovement } }

    /// Counts of findings per category.
    public func count(_ category: FindingCategory) -> Int { findings.filter { $0.category == category }.count }

    /// Counts of improvement findings per timescale.
    public func count(_ timeframe: Timeframe) -> Int {
        findings.filter { $0.category.isImprovement && $0.timeframe == timeframe }.count
    }
}

/// One finding, verbatim, with where it sits in the document.
public struct ExtractedFinding: Sendable, Hashable {
    /// "P1", "W3", "G2": category prefix and position within the category.
    public var ref: String
    public var category: FindingCategory
    public var timeframe: Timeframe
    /// Headings from the outermost to the innermost ("Looked after children", "Areas for improvement",
    /// "Within three months").
    public var sectionPath: [String]
    /// The whole finding: a nested list's lead-in followed by its sub-items, in order.
    public var text: String
    /// The 1-based line of the input text where the finding starts.
    public var line: Int
    /// The body the document makes responsible for the finding (the left-hand cell of an area SEND
    /// "Responsible body | Areas for priority action" table), as printed; nil when none is named.
    public var ownerBody: String?
    /// The sub-items of a nested list item ("… by:" followed by bullets), in order; empty otherwise.
    public var subItems: [String]

    public init(ref: String, category: FindingCategory, timeframe: Timeframe, sectionPath: [String], text: String, line: Int,
                ownerBody: String? = nil, subItems: [String] = []) {
        self.ref = ref
        self.category = category
        self.timeframe = timeframe
        self.sectionPath = sectionPath
        self.text = text
        self.line = line
        self.ownerBody = ownerBody
        self.subItems = subItems
    }

    /// The section path as one string ("Looked after children › Areas for improvement").
    public var section: String { sectionPath.joined(separator: " › ") }
}

/// A deadline the document sets for the authority ("within 70 working days of receiving this letter"),
/// or a milestone it announces ("A monitoring inspection will be carried out within approximately 18 months").
public struct StatedDeadline: Sendable, Hashable {
    /// The milestone as the document names it ("Monitoring inspection", "Priority action plan (area SEND)").
    public var title: String
    /// When it is due; nil when the document asks for it without a date.
    public var rule: DeadlineRule?
    /// The sentence the deadline was read from.
    public var sentence: String
    public var line: Int

    public init(title: String, rule: DeadlineRule?, sentence: String, line: Int) {
        self.title = title
        self.rule = rule
        self.sentence = sentence
        self.line = line
    }
}

