import Foundation
import Testing

/// `actionplan digest`: each owner's overdue, due-soon and missing items.
@Suite struct DigestCLITests {
    /// Three actions: one overdue (Ann), one due in 3 working days (Ann, spelt in capitals and
    /// without the accent on another action), one due far ahead with no owner.
    func seeded() throws -> CLIRunner {
        let cli = try CLIRunner(today: "2026-11-23")
        let plan = try cli.ok(["new-plan", "--authority", "Northmoor", "--kind", "focused-visit", "--letter-date", "2026-10-01", "--quiet"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let finding = try cli.ok(["add-finding", "--plan", plan, "--category", "priority_action", "--text", "Oversight.", "--quiet"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for (title, owner, due) in [("Audit referrals", "Anaïs Lee", "2026-11-16"), ("Train managers", "ANAIS LEE", "2026-11-26"),
                                    ("Review thresholds", "", "2027-03-01")] {
            var arguments = ["add-action", "--finding", finding, "--title", title, "--due", due, "--measure", "95% within 15 days", "--quiet"]
            if !owner.isEmpty { arguments += ["--owner", owner] }
            try cli.ok(arguments)
        }
        return cli
    }

    @Test func eachOwnerGetsTheirOverdueDueSoonAndMissing() throws {
        let cli = try seeded()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let text = try cli.ok(["digest"])
        let anais = try #require(text.range(of: "Anaïs Lee\n"))
        let noOwner = try #require(text.range(of: "No owner\n"))
        #expect(anais.lowerBound < noOwner.lowerBound, "named owners first, the actions without one last")
        let annPart = String(text[anais.lowerBound..<noOwner.lowerBound])
        #expect(annPart.contains("Overdue (1):") && annPart.contains("Audit referrals (due 2026-11-16, 5 wd overdue"))
        #expect(annPart.contains("Due within 10 working days (1):") && annPart.contains("Train managers (due 2026-11-26, in 3 wd"))
        let nobody = String(text[noOwner.lowerBound...])
        #expect(nobody.contains("Missing (1):") && nobody.contains("Review thresholds") && nobody.contains("no owner"))
        #expect(!nobody.contains("Overdue"))

        let mine = try cli.ok(["digest", "--owner", "anais lee", "--within", "2"])
        #expect(mine.contains("Audit referrals") && !mine.contains("Train managers") && !mine.contains("No owner"))
        let md = try cli.ok(["digest", "--format", "md"])
        #expect(md.hasPrefix("# Action plan digest") && md.contains("## Anaïs Lee"))
        #expect(try cli.ok(["digest", "--format", "html"]).contains("<h2>Anaïs Lee</h2>"))
        let ics = try cli.ok(["digest", "--format", "ics"])
        #expect(ics.components(separatedBy: "BEGIN:VEVENT").count - 1 == 2, "the overdue and the due-soon action")
    }

    @Test func badInputIsRefusedInOneLine() throws {
        let cli = try seeded()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        for (arguments, message) in [(["digest", "--within", "soon"], "--within"), (["digest", "--format", "pdf"], "--format"),
                                     (["digest", "--owner", " "], "--owner"), (["digest", "--plan", "9"], "no plan with id 9")] {
            let result = try cli.run(arguments)
            #expect(result.status != 0 && result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1,
                    "\(arguments): \(result.stderr)")
        }
    }
}
