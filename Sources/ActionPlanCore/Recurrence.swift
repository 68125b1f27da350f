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
    public var document: String { "\(date.year) \(kind.historyName)" }

    /// The order recurrences are given in: the newest document first, then the closest wording,
    /// then the document's order.
    public static func newestFirst(_ a: Recurrence, _ b: Recurrence) -> Bool {
        if a.date != b.date { return a.date > b.date }
        if a.planId != b.planId { return a.planId > b.planId }
        if a.score != b.score { return a.score > b.score }
        return a.findingId < b.findingId
    }

    /// "Raised before: 2014 peer review (C5, C6), 2010 inspection (P2)": each earlier document
    /// once, newest first, with the references of its findings that raised the issue; nil for none.
    /// The one wording of the terminal UI, `show` and the board pack.
    public static func raisedBefore(_ recurrences: [Recurrence]) -> String? {
        let documents = byDocument(recurrences)
        if documents.isEmpty { return nil }
        return "Raised before: " + documents.map { "\($0.document) (\($0.refs.joined(separator: ", ")))" }.joined(separator: ", ")
    }

    /// The earlier documents of a list of recurrences, newest first, each with the references of
    /// its findings in the document's order.
    public static func byDocument(_ recurrences: [Recurrence]) -> [(planId: Int64, document: String, refs: [String])] {
        var order: [Int64] = []
        var documents: [Int64: String] = [:]
        var findings: [Int64: [(id: Int64, ref: String)]] = [:]
        for recurrence in recurrences.sorted(by: newestFirst) {
            if documents[recurrence.planId] == nil {
                order.append(recurrence.planId)
                documents[recurrence.planId] = recurrence.document
            }
            if findings[recurrence.planId, default: []].contains(where: { $0.id == recurrence.findingId }) { continue }
            findings[recurrence.planId, default: []].append((recurrence.findingId, recurrence.ref))
        }
        return order.map { planId in
            (planId: planId, document: documents[planId] ?? "", refs: (findings[planId] ?? []).sorted { $0.id < $1.id }.map(\.ref))
        }
    }
}
