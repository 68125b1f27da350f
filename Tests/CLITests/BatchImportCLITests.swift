import Foundation
import Testing

/// `import FILE… --jobs N` (issue 15's first part): each document its own plan, written in the
/// order given, the ones already imported skipped, the ones that cannot be imported refused
/// while the others go on, and a summary.
@Suite struct BatchImportCLITests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/samples")

    var letters: [String] {
        ["northmoor-focused-visit.txt", "northmoor-ilacs-inspection.txt", "northmoor-area-send.txt",
         "northmoor-safeguarding-and-looked-after-children.txt"].map { Self.samples.appendingPathComponent($0).path }
    }

    @Test func eachDocumentIsItsOwnPlanInTheOrderGivenAndARefusalStopsNoOther() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let junk = cli.directory.appendingPathComponent("junk.txt").path
        try Data("not an inspection letter\n".utf8).write(to: URL(fileURLWithPath: junk))
        let twin = cli.directory.appendingPathComponent("copy-of-focused-visit.txt").path
        try FileManager.default.copyItem(atPath: letters[0], toPath: twin)

        // Two of the samples print no date: without --received they are refused, naming it.
        let undated = try cli.run(["import", letters[1], letters[2], "--jobs", "2"])
        #expect(undated.status == 65 && undated.stderr.contains("give the date it was received with --received"))
        #expect(undated.stdout.hasSuffix("2 documents: imported 0, skipped 0 (already imported), refused 2\n"))

        let first = try cli.run(["import"] + [letters[0], junk, letters[1], letters[2], twin, letters[3]]
                                + ["--jobs", "2", "--received", "2026-11-02"])
        #expect(first.status == 65, "\(first.stderr)")
        let plans = first.stdout.split(separator: "\n").filter { $0.hasPrefix("plan ") }
        #expect(plans.map { String($0.prefix(7)) } == ["plan 1:", "plan 2:", "plan 3:", "plan 4:"], "ids follow the order given")
        #expect(plans[0].contains("Focused visit") && plans[1].contains("inspection") && plans[3].contains("Northmoor"))
        #expect(first.stdout.hasSuffix("6 documents: imported 4, skipped 1 (already imported), refused 1\n"))
        #expect(first.stderr.contains("refused: \(junk): no improvement section found"))
        #expect(first.stderr.contains("skipped: \(twin): has the same text as \(letters[0])"))
        #expect(first.stderr.contains("1 of 6 documents was refused: the others are in the database"))
        #expect(try cli.ok(["plans"]).contains("Northmoor"))

        let again = try cli.run(["import"] + letters + ["--jobs", "3", "--received", "2026-11-02"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "4 documents: imported 0, skipped 4 (already imported), refused 0\n")
        #expect(again.stderr.split(separator: "\n").allSatisfy { $0.contains("skipped:") && $0.contains("already imported as plan") })
        #expect(!again.stderr.contains("\u{1B}"), "no progress bar when standard error is not a terminal")
    }

    @Test func badJobsAreRefusedAndWriteNothing() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        for (arguments, message) in [(["--jobs", "0"], "--jobs: '0'"), (["--jobs", "two"], "--jobs: 'two'"),
                                     (["--jobs", "2", "--dry-run"], "does not go with --dry-run")] {
            let result = try cli.run(["import", letters[0]] + arguments)
            #expect(result.status == 64 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let word = try cli.run(["import", letters[0], "--received", "publishd"])
        #expect(word.status == 64 && word.stderr.contains("--received: 'publishd' is not a date") && word.stderr.contains("published or last-visit"))
        let stdin = try cli.run(["import", "-", "--jobs", "2"], stdin: "text")
        #expect(stdin.status == 64 && stdin.stderr.contains("not - (standard input)"))
        #expect(!FileManager.default.fileExists(atPath: cli.database), "nothing was created")
    }

    @Test func receivedLastVisitTakesTheLastVisitDayAndMarksItAnEstimate() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        // `published` is the default said out loud: a report that prints no date is refused.
        let published = try cli.run(["import", letters[1], "--jobs", "1", "--received", "published"])
        #expect(published.status == 65 && published.stderr.contains("prints no letter or publication date"))
        let result = try cli.run(["import"] + letters + ["--jobs", "2", "--received", "last-visit"])
        #expect(result.status == 0, "\(result.stderr)")
        let plans = try #require(try cli.json(["plans", "--json"]) as? [[String: Any]])
        #expect(plans.count == 4)
        for entry in plans {
            let plan = try #require(entry["plan"] as? [String: Any])
            let visits = try #require(plan["visit_dates"] as? [String])
            #expect(plan["received"] as? String == visits.max(), "the received date is the last day of the visit")
            #expect(plan["received_estimated"] as? Bool == true)
        }
        #expect(try cli.ok(["export", "--format", "md", "--plan", "1"]).contains("(estimated: the last day of the visit)"))
        // A document that gives no visit date cannot be estimated: refused, saying how to give the date.
        let undatedVisit = cli.directory.appendingPathComponent("no-visit.txt").path
        try Data("Focused visit to Northmoor children's services\n\nAreas for priority action\n\n1. Improve oversight of referrals.\n".utf8)
            .write(to: URL(fileURLWithPath: undatedVisit))
        let refused = try cli.run(["import", undatedVisit, "--received", "last-visit"])
        #expect(refused.status == 65 && refused.stderr.contains("gives no visit dates"), "\(refused.stderr)")
        // Without --jobs the same forms apply; a date given by hand is not an estimate.
        let byHand = try cli.run(["import", undatedVisit, "--received", "2026-11-02"])
        #expect(byHand.status == 0, "\(byHand.stderr)")
        let last = try #require((try cli.json(["plans", "--json"]) as? [[String: Any]])?.last?["plan"] as? [String: Any])
        #expect(last["received_estimated"] as? Bool == false)
    }
}
