import Foundation
import ActionPlanModel

/// An earlier finding of the same authority that raised the issue a finding raises: found by
/// `PlanStore.recurrences(planId:)` and `recurrences(findingId:)` (full-text candidates re-ranked
/// by `FindingSimilarity`, docs/recurrence.md).
public struct Recurrence: Sendable, Hashable {
    /// The earlier finding.
    public var findingId: Int64
    /// Its reference in its plan ("P2").
    public var ref: String
    public var category: FindingCategory
    /// Its text, verbatim.
    public var text: String
    /// The plan of the earlier document.
    public var planId: Int64
    public var kind: DocumentKind
    /// The earlier document's date (`Plan.documentDate`).
    public var date: Day
    /// How alike the two findings' wording is (`FindingSimilarity.score`), at least the threshold.
    public var score: Double

    public init(findingId: Int64, ref: String, category: FindingCategory, text: String, planId: Int64, kind: DocumentKind,
                date: Day, score: Double) {
        self.findingId = findingId
        self.ref = ref
        self.category = category
        self.text = text
        self.planId = planId
        self.kind = kind
        self.date = date
        self.score = score
    }

    /// The earlier document as a history names it: "2010 inspection" (`Plan.historyLabel`).
    public var document: String { kind.historyLabel(date) }

    /// The order recurrences are given in: the newest document first, then the closest wording,
    /// then the document's order.
    public static func newestFirst(_ a: Recurrence, _ b: Recurrence) -> Bool {
        if a.date != b.date { return a.date > b.date }
        if a.planId != b.planId { return a.planId > b.planId }
        if a.score != b.score { return a.score > b.score }
        return a.findingId < b.findingId
    }

    /// "Raised before: 2014 peer review (C6), 2010 inspection (P2)": each earlier document once,
    /// newest first, with the reference of its finding whose wording is closest; two documents
    /// of one year and kind are told apart by their month ("October 2010 inspection"). Nil for
    /// none. The one wording of the terminal UI, `show` and the board pack.
    public static func raisedBefore(_ recurrences: [Recurrence]) -> String? {
        documents(recurrences).map { "Raised before: " + $0 }
    }

    /// "2014 peer review (C6), 2010 inspection (P2)": the documents of `raisedBefore` (a table's
    /// "Raised before" column); nil for none.
    public static func documents(_ recurrences: [Recurrence]) -> String? {
        let documents = byDocument(recurrences)
        if documents.isEmpty { return nil }
        return documents.map { "\($0.document) (\($0.closest.ref))" }.joined(separator: ", ")
    }

    /// "raised before 2014, 2010": the short form on a finding's row of the terminal UI (the
    /// years of the documents `raisedBefore` names, each once); nil for none.
    public static func raisedBeforeYears(_ recurrences: [Recurrence]) -> String? {
        var years: [Int] = []
        for document in byDocument(recurrences) where !years.contains(document.closest.date.year) { years.append(document.closest.date.year) }
        return years.isEmpty ? nil : "raised before " + years.map(String.init).joined(separator: ", ")
    }

    /// The earlier documents of a list of recurrences, newest first, each named as
    /// `raisedBefore` names it, with its findings (closest wording first).
    public static func byDocument(_ recurrences: [Recurrence]) -> [RecurrenceDocument] {
        var order: [Int64] = []
        var findings: [Int64: [Recurrence]] = [:]
        for recurrence in recurrences.sorted(by: newestFirst) {
            if findings[recurrence.planId] == nil { order.append(recurrence.planId) }
            if findings[recurrence.planId, default: []].contains(where: { $0.findingId == recurrence.findingId }) { continue }
            findings[recurrence.planId, default: []].append(recurrence)
        }
        var labels: [String: Int] = [:]
        for planId in order { if let first = findings[planId]?.first { labels[first.document, default: 0] += 1 } }
        return order.compactMap { planId in
            guard let all = findings[planId]?.sorted(by: { ($0.score, $1.findingId) > ($1.score, $0.findingId) }), let closest = all.first else {
                return nil
            }
            let document = (labels[closest.document] ?? 0) > 1
                ? "\(Day.monthNames[closest.date.month - 1]) \(closest.document)" : closest.document
            return RecurrenceDocument(planId: planId, document: document, closest: closest, all: all)
        }
    }
}

/// One earlier document of a finding's recurrences (`Recurrence.byDocument`).
public struct RecurrenceDocument: Sendable, Hashable {
    public var planId: Int64
    /// "2010 inspection", or "October 2010 inspection" beside another of that year and kind.
    public var document: String
    /// Its finding whose wording is closest.
    public var closest: Recurrence
    /// Its findings that raised the issue, closest first.
    public var all: [Recurrence]
}
