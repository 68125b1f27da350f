import Foundation
import Testing
@testable import ActionPlanModel

/// One labelled pair of `pairs.tsv`: a later finding (A) and an earlier one (B) of one authority.
struct LabelledPair {
    var id: Int
    var heldOut: Bool
    var same: Bool
    var reason: String
    var a: String
    var b: String

    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("pairs.tsv")

    static func all() throws -> [LabelledPair] {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).filter { !$0.hasPrefix("#") }
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "pairs.tsv has no column \(name)") }
        let (id, split, label, reason, a, b) = (try column("id"), try column("split"), try column("label"), try column("reason"),
                                                try column("a_text"), try column("b_text"))
        return try lines.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            try #require(fields.count == header.count, "a line of pairs.tsv has \(fields.count) fields, not \(header.count): \(line.prefix(60))")
            try #require(["same", "different"].contains(fields[label]) && ["tune", "held-out"].contains(fields[split]),
                         "pair \(fields[id]) has an unknown label or split")
            try #require(!fields[reason].isEmpty, "pair \(fields[id]) has no reason")
            return LabelledPair(id: try #require(Int(fields[id])), heldOut: fields[split] == "held-out", same: fields[label] == "same",
                                reason: fields[reason], a: fields[a], b: fields[b])
        }
    }
}

/// Precision and recall of "raised before" on labelled pairs.
struct PairScore: CustomStringConvertible {
    var truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0

    init(_ pairs: [LabelledPair], threshold: Double = FindingSimilarity.threshold) {
        for pair in pairs {
            let said = FindingSimilarity.score(pair.a, pair.b) >= threshold
            switch (said, pair.same) {
            case (true, true): truePositives += 1
            case (true, false): falsePositives += 1
            case (false, true): falseNegatives += 1
            case (false, false): trueNegatives += 1
            }
        }
    }

    var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
    var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
    var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    var description: String {
        "precision \(String(format: "%.3f", precision)) recall \(String(format: "%.3f", recall)) "
            + "(\(truePositives) right, \(falsePositives) wrongly said, \(falseNegatives) missed, \(trueNegatives) rightly not said)"
    }
}

@Suite struct RecurrencePairTests {
    @Test func thePairSetHasAtLeast200PairsOfBothKindsInBothHalves() throws {
        let pairs = try LabelledPair.all()
        #expect(pairs.count >= 200)
        #expect(Set(pairs.map(\.id)).count == pairs.count, "pair ids are unique")
        for half in [true, false] {
            let part = pairs.filter { $0.heldOut == half }
            #expect(part.filter(\.same).count >= 40 && part.filter { !$0.same }.count >= 80, "each half has both kinds")
        }
    }

    /// The figures docs/recurrence.md publishes, at the threshold chosen on the tuning half.
    @Test func precisionAndRecallAreAtLeastThosePublished() throws {
        let pairs = try LabelledPair.all()
        let tuning = PairScore(pairs.filter { !$0.heldOut })
        let heldOut = PairScore(pairs.filter(\.heldOut))
        let all = PairScore(pairs)
        print("recurrence pairs, tuning half: \(tuning)")
        print("recurrence pairs, held-out half: \(heldOut)")
        print("recurrence pairs, all: \(all)")
        #expect(tuning.precision >= 0.64 && tuning.recall >= 0.75, "tuning half: \(tuning)")
        #expect(heldOut.precision >= 0.67 && heldOut.recall >= 0.78, "held-out half: \(heldOut)")
        #expect(all.precision >= 0.65 && all.recall >= 0.76, "all pairs: \(all)")
    }

    /// The threshold is the best F1 on the tuning half among the scores the pairs take.
    @Test func theThresholdIsTheBestOnTheTuningHalf() throws {
        let tuning = try LabelledPair.all().filter { !$0.heldOut }
        let chosen = PairScore(tuning).f1
        let scores = Set(tuning.map { FindingSimilarity.score($0.a, $0.b) }).filter { $0 > 0 }
        for score in scores {
            let other = PairScore(tuning, threshold: score)
            #expect(other.f1 <= chosen + 1e-9, "a threshold of \(score) does better on the tuning half: \(other)")
        }
    }

    @Test func managersOversightIn2022MeetsTheSameIssueIn2014And2010() {
        let visit2022 = "The quality and effectiveness of managerial oversight, timely case allocation, and supervision."
        let diagnostic2014 = "There was no evidence on the recording system to show management decision making outside of the formal supervision process."
        let letter2010 = "Information sharing between the probation service and the council in respect of convicted adults who pose a risk to "
            + "children is poor. The information lacks important detail about the identified risks, is dealt with as an administrative "
            + "matter and is not properly clarified. The opportunity to assess the potential risks to children is not taken and this "
            + "work is not subject to sufficient management oversight and scrutiny."
        #expect(FindingSimilarity.isRecurrence(FindingSimilarity.score(visit2022, diagnostic2014)))
        #expect(FindingSimilarity.isRecurrence(FindingSimilarity.score(visit2022, letter2010)), "one sentence of a paragraph is enough")
        #expect(!FindingSimilarity.isRecurrence(FindingSimilarity.score(visit2022, "The timeliness and quality of the assessment of regulation 24 carers.")))
    }

    @Test func oneSharedWordIsNotEnough() {
        #expect(FindingSimilarity.score("The timeliness of assessments.", "The quality of social work assessments and plans.") == 0)
    }

    @Test func wordsAreFoldedStemmedAndStopped() {
        #expect(FindingSimilarity.contentWords("Managers’ PLANNING for Zoë’s plans") == ["manage", "plan", "zoe"])
        #expect(FindingSimilarity.contentWords("IROs and supervision") == ["review", "office", "oversi"])
        #expect(FindingSimilarity.contentWords("Ensure that the quality of practice is improved").isEmpty, "words every finding uses say nothing")
        #expect(FindingSimilarity.searchTerms("Supervision of the IROs") == ["supervision", "oversight", "iros", "reviewing", "officer"])
        #expect(FindingSimilarity.searchTerms("Management oversight") == ["management", "oversight", "supervision"])
        #expect(FindingSimilarity.sameTerms["superv"] == ["oversi"] && FindingSimilarity.sameTerms["iro"] == ["review", "office"])
    }
}
