import Foundation
import Testing
@testable import ActionPlanModel

/// The labelled sample (Tests/ActionPlanModelTests/ThemeSample/findings.jsonl): real findings
/// from the shared reports, verbatim, each with its source and the themes a person gave it by
/// reading it. The rules are measured against it, and the measures must be at least those
/// docs/themes.md publishes (its table is the one place they are written).
@Suite struct ThemeSampleTests {
    struct Labelled: Decodable {
        let n: Int
        /// `tuning` (the rules were adjusted looking at these) or `held-out` (never looked at while tuning).
        let split: String
        let source: String
        let ref: String
        let themes: [String]
        let text: String
    }

    /// True and false positives and false negatives of one theme (or all together).
    struct Tally: Equatable {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        var labelled: Int { truePositives + falseNegatives }
        var precision: Double? { truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives) }
        var recall: Double? { labelled == 0 ? nil : Double(truePositives) / Double(labelled) }
        static func += (a: inout Tally, b: Tally) {
            a.truePositives += b.truePositives
            a.falsePositives += b.falsePositives
            a.falseNegatives += b.falseNegatives
        }
    }

    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = here.deletingLastPathComponent().deletingLastPathComponent()

    static func sample() throws -> [Labelled] {
        let text = try String(contentsOf: here.appendingPathComponent("ThemeSample/findings.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Labelled.self, from: Data($0.utf8)) }
    }

    /// Theme id (or `overall`) → tally, over the findings of the splits given.
    static func measure(_ rules: ThemeRules, _ sample: [Labelled], splits: Set<String>) -> [String: Tally] {
        var tallies: [String: Tally] = [:]
        for item in sample where splits.contains(item.split) {
            let got = Set(rules.themeIDs(of: item.text)), wanted = Set(item.themes)
            for theme in rules.themes.map(\.id) {
                var t = Tally()
                switch (got.contains(theme), wanted.contains(theme)) {
                case (true, true): t.truePositives = 1
                case (true, false): t.falsePositives = 1
                case (false, true): t.falseNegatives = 1
                case (false, false): continue
                }
                tallies[theme, default: Tally()] += t
                tallies["overall", default: Tally()] += t
            }
        }
        return tallies
    }

    /// The published table of docs/themes.md: row name → its cells after the name.
    static func published() throws -> [String: [String]] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/themes.md"), encoding: .utf8)
        guard let start = text.range(of: "<!-- measured: the sample test reads this table -->") else { return [:] }
        var rows: [String: [String]] = [:]
        for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            guard line.hasPrefix("|") else { if !rows.isEmpty || !line.isEmpty { break } else { continue } }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = cells.first?.trimmingCharacters(in: CharacterSet(charactersIn: "`*")), !name.hasPrefix("-"), name != "theme" else { continue }
            rows[name] = Array(cells.dropFirst())
        }
        return rows
    }

    @Test func theSampleHasAtLeast150RealFindingsEachWithItsSourceAndKnownThemes() throws {
        let sample = try Self.sample()
        let ids = Set(try shippedThemeRules().themes.map(\.id))
        #expect(sample.count >= 150)
        #expect(Set(sample.map(\.n)).count == sample.count, "each finding once")
        #expect(sample.filter { $0.split == "held-out" }.count >= 50, "a part held out from tuning")
        for item in sample {
            #expect(["tuning", "held-out"].contains(item.split), "#\(item.n): split \(item.split)")
            #expect(!item.source.isEmpty && !item.ref.isEmpty && !item.text.isEmpty, "#\(item.n) is incomplete")
            #expect(Set(item.themes).isSubset(of: ids), "#\(item.n): themes \(item.themes) not all in the rules")
        }
        #expect(Set(sample.map(\.text)).count == sample.count, "no finding twice")
    }

    @Test func theRulesMeetThePublishedPrecisionAndRecallOnEachPartOfTheSample() throws {
        let rules = try shippedThemeRules()
        let sample = try Self.sample()
        let published = try Self.published()
        #expect(published.count == rules.themes.count + 1, "docs/themes.md has a row per theme and an overall row: \(published.keys.sorted())")
        // Columns after the name: labelled (all), then precision and recall on tuning, held-out, all.
        let parts: [(name: String, splits: Set<String>)] = [("tuning", ["tuning"]), ("held-out", ["held-out"]), ("all", ["tuning", "held-out"])]
        var measuredTable: [String] = []
        let measures = parts.map { Self.measure(rules, sample, splits: $0.splits) }
        for name in rules.themes.map(\.id) + ["overall"] {
            let all = measures[2][name] ?? Tally()
            var cells = [String(all.labelled)]
            for m in measures {
                let t = m[name] ?? Tally()
                cells += [Self.cell(t.precision), Self.cell(t.recall)]
            }
            measuredTable.append("| \(name) | " + cells.joined(separator: " | ") + " |")
            guard let row = published[name] else { continue }
            #expect(row.count == cells.count, "docs/themes.md row \(name) has \(row.count) cells, not \(cells.count)")
            #expect(row.first == cells.first, "\(name): \(cells[0]) findings labelled with it, docs say \(row.first ?? "-")")
            for (index, (value, floor)) in zip(cells, row).enumerated().dropFirst() {
                guard let measured = Double(value), let promised = Double(floor) else {
                    #expect(value == floor, "\(name) column \(index): measured \(value), published \(floor)")
                    continue
                }
                #expect(measured + 1e-9 >= promised, "\(name) column \(index): measured \(value) is below the published \(floor)")
            }
        }
        // The measured table, to paste into docs/themes.md after a change of the rules or labels.
        print(measuredTable.joined(separator: "\n"))
    }

    /// A measure written down to two decimals (rounded down, so the published floor is never
    /// above what was measured); "–" when undefined (no finding tagged or none labelled).
    static func cell(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: "%.2f", (value * 100 + 1e-9).rounded(.down) / 100)
    }
}
