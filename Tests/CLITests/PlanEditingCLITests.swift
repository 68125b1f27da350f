import Foundation
import Testing

/// The commands that shape a plan after import: remove and bring back, move, edit findings,
/// notes, plans and milestones, archive, several actions at once; and the meanings around them.
@Suite struct PlanEditingCLITests {
    /// A plan with two findings (P1, D1) and three actions (P1.1, P1.2, D1.1). Returns their ids.
    func shapedPlan(_ cli: CLIRunner) throws -> (plan: String, p1: String, d1: String, actions: [String]) {
        let plan = try cli.ok(["new-plan", "--authority", "Northmoor", "--kind", "focused-visit", "--letter-date", "2026-10-01", "--quiet"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        func finding(_ category: String, _ text: String) throws -> String {
            try cli.ok(["add-finding", "--plan", plan, "--category", category, "--timeframe", "within_3_months", "--text", text, "--quiet"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let p1 = try finding("priority_action", "Improve management oversight of referrals.")
        let d1 = try finding("area_for_development", "Improve the quality of supervision.")
        var actions: [String] = []
        for (f, title) in [(p1, "Weekly audits"), (p1, "Weekly audits (duplicate)"), (d1, "Supervision training")] {
            actions.append(try cli.ok(["add-action", "--finding", f, "--title", title, "--quiet"]).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return (plan, p1, d1, actions)
    }

    @Test(arguments: CLIBackend.allCases) func removeNeedsAReasonLeavesEveryListAndUndoBringsItBack(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let shaped = try shapedPlan(cli)
        let before = try cli.snapshot()
        let noReason = try cli.run(["remove", shaped.actions[1]])
        #expect(noReason.status == 64 && noReason.stderr.contains("--reason"))
        let two = try cli.run(["remove", shaped.actions[1], "--finding", shaped.p1, "--reason", "x"])
        #expect(two.status == 64 && two.stderr.contains("exactly one"))
        #expect(try cli.snapshot() == before, "a refused removal writes nothing")

        let out = try cli.ok(["remove", "\(shaped.plan)/P1.2", "--reason", "duplicate of P1.1"])
        #expect(out.contains("removed action \(shaped.actions[1])"))
        #expect(!(try cli.ok(["list"])).contains("(duplicate)"))
        #expect(!(try cli.ok(["export", "--format", "json"])).contains("(duplicate)"))
        let removed = try #require(try cli.json(["list", "--removed", "--json"]) as? [[String: Any]])
        #expect(removed.count == 1)
        #expect(removed.first?["reason"] as? String == "duplicate of P1.1")
        #expect(removed.first?["removed_by"] as? String == cli.who)
        #expect(removed.first?["ref"] as? String == "P1.2")
        // A removed action cannot be changed; the message says who removed it and why.
        let refused = try cli.run(["update", shaped.actions[1], "--status", "complete"])
        #expect(refused.status == 65 && refused.stderr.contains("removed by \(cli.who)") && refused.stderr.contains("duplicate of P1.1"))
        try cli.ok(["undo"])
        #expect(try cli.ok(["list"]).contains("(duplicate)"))
        #expect(try cli.ok(["list", "--removed"]).contains("Nothing removed."))
        // The history keeps the removal and its undo.
        let history = try cli.ok(["history", shaped.actions[1]])
        #expect(history.contains("duplicate of P1.1"))
    }

    @Test(arguments: CLIBackend.allCases) func removingAFindingTakesItsActionsAndAPlanTakesEverything(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let shaped = try shapedPlan(cli)
        try cli.ok(["remove", "--finding", shaped.d1, "--reason", "garbled import"])
        #expect(!(try cli.ok(["list"])).contains("Supervision training"))
        try cli.ok(["remove", "--plan", shaped.plan, "--reason", "imported twice"])
        #expect(try cli.ok(["plans"]).contains("No plans yet"))
        #expect(try cli.ok(["list"]).contains("No actions match."))
        try cli.ok(["undo"])
        try cli.ok(["undo"])
        #expect(try cli.ok(["list"]).contains("Supervision training"))
    }

    @Test(arguments: CLIBackend.allCases) func theCalendarCancelsWhatWasRemovedSoThatASubscribedCalendarDropsIt(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let shaped = try shapedPlan(cli)
        /// Each event of the calendar by its UID, unfolded.
        func events() throws -> [String: String] {
            let text = try cli.ok(["export", "--format", "ics"]).replacingOccurrences(of: "\r\n ", with: "")
            var out: [String: String] = [:]
            for block in text.components(separatedBy: "BEGIN:VEVENT").dropFirst() {
                guard let uid = block.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("UID:action-") }) else { continue }
                out[String(uid.dropFirst(4).prefix { $0 != "@" })] = block
            }
            return out
        }
        let before = try events()
        #expect(before.count == 3 && before.values.allSatisfy { $0.contains("STATUS:CONFIRMED") && $0.contains("SUMMARY:Due: ") })
        try cli.ok(["remove", shaped.actions[1], "--reason", "duplicate of P1.1"])
        let removed = try #require(try events()["action-\(shaped.actions[1])"])
        #expect(removed.contains("STATUS:CANCELLED") && removed.contains("SUMMARY:Removed: Weekly audits (duplicate)"))
        #expect(removed.contains("duplicate of P1.1") && !removed.contains("BEGIN:VALARM"))
        func sequence(_ event: String?) -> Int? {
            event?.components(separatedBy: "\r\n").first { $0.hasPrefix("SEQUENCE:") }.flatMap { Int($0.dropFirst(9)) }
        }
        let shownBefore = try #require(sequence(before["action-\(shaped.actions[1])"]))
        #expect(try #require(sequence(removed)) > shownBefore, "a calendar takes the cancellation as newer than what it showed")
        #expect(try events()["action-\(shaped.actions[0])"]?.contains("STATUS:CONFIRMED") == true, "the others stay")
        // A removed plan takes its actions off the calendar; undo puts them back.
        try cli.ok(["remove", "--plan", shaped.plan, "--reason", "imported twice"])
        #expect(try events().values.allSatisfy { $0.contains("STATUS:CANCELLED") } && (try events()).count == 3)
        try cli.ok(["undo"])
        try cli.ok(["undo"])
        #expect(try events().mapValues { $0.contains("STATUS:CONFIRMED") } == before.mapValues { _ in true })
        // A board calendar of one owner names nothing removed of other owners.
        try cli.ok(["remove", shaped.actions[2], "--reason", "merged"])
        #expect(try cli.ok(["export", "--format", "ics", "--owner", "Nobody Known"]).contains("BEGIN:VEVENT") == false)
    }

    @Test(arguments: CLIBackend.allCases) func moveGivesTheNextReferenceUnderTheNewFinding(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let shaped = try shapedPlan(cli)
        let out = try cli.ok(["move", "\(shaped.plan)/P1.2", "--finding", "D1"])
        #expect(out.contains("to \(shaped.plan)/D1.2"))
        #expect(try cli.ok(["show", "\(shaped.plan)/D1.2"]).contains("Weekly audits (duplicate)"))
        let missing = try cli.run(["move", shaped.actions[0], "--finding", "W9"])
        #expect(missing.status == 66 && missing.stderr.contains("has no finding W9"))
    }

    @Test(arguments: CLIBackend.allCases) func editFindingChangesTextCategoryTimescaleAndSection(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let shaped = try shapedPlan(cli)
        try cli.ok(["edit-finding", shaped.d1, "--text", "Improve the quality and frequency of supervision.",
                    "--timeframe", "within_6_months", "--section", "Areas for development > Workforce"])
        let history = try cli.ok(["history", "--finding", shaped.d1])
        #expect(history.contains("Improve the quality and frequency of supervision."))
        #expect(history.contains("Improve the quality of supervision."), "the old text stays in the history")
        #expect(try cli.ok(["history", "--plan", shaped.plan]).contains("Workforce"))
        let bad = try cli.run(["edit-finding", shaped.d1, "--category", "urgent"])
        #expect(bad.status == 64 && bad.stderr.contains("--category"))
        let nothing = try cli.run(["edit-finding", shaped.d1])
        #expect(nothing.status == 64 && nothing.stderr.contains("nothing to change"))
    }

    @Test(arguments: CLIBackend.allCases) func severalActionsAreUpdatedInOneChangeGroup(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let shaped = try shapedPlan(cli)
        let out = try cli.ok(["update"] + shaped.actions + ["--owner", "Zoë Hart"])
        #expect(out.split(separator: "\n").count == 3)
        #expect(try cli.ok(["list", "--owner", "ZOE HART"]).split(separator: "\n").count == 4)
        try cli.ok(["undo"])
        #expect(try cli.ok(["list", "--owner", "Zoë Hart"]).contains("No actions match."))
        // One unknown action refuses them all.
        let refused = try cli.run(["update", shaped.actions[0], "999", "--status", "complete"])
        #expect(refused.status == 66)
        #expect(!(try cli.ok(["list", "--status", "complete"])).contains("Weekly"))
        let versioned = try cli.run(["update", shaped.actions[0], shaped.actions[1], "--status", "complete", "--expect-version", "1"])
        #expect(versioned.status == 64 && versioned.stderr.contains("only with one action"))
    }

    @Test(arguments: CLIBackend.allCases) func searchFoldsCaseAndAccentsAsTheTerminalUIDoes(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let shaped = try shapedPlan(cli)
        try cli.ok(["update", shaped.actions[2], "--owner", "Zoë Hart"])
        #expect(try cli.ok(["list", "--search", "ZOË"]).contains("Supervision training"))
        #expect(try cli.ok(["list", "--search", "zoe hart"]).contains("Supervision training"))
        #expect(try cli.ok(["list", "--search", "SUPERVISION"]).contains("Supervision training"))
        #expect(try cli.ok(["list", "--search", "100%"]).contains("No actions match."))
    }

    @Test func notesAreEditedByTheirAuthorOnlyAndRemovedWithAReason() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let shaped = try shapedPlan(cli)
        try cli.ok(["update", shaped.actions[0], "--note", "Audit startd"])
        let shown = try #require(try cli.json(["show", shaped.actions[0], "--json"]) as? [String: Any])
        let notes = try #require(shown["notes"] as? [[String: Any]])
        let noteId = try #require(notes.first?["id"] as? Int)
        let other = try cli.run(["edit-note", String(noteId), "--text", "mine now"], environment: ["ACTIONPLAN_USER": "someone else"])
        #expect(other.status == 77 && other.stderr.contains("only its author"))
        try cli.ok(["edit-note", String(noteId), "--text", "Audit started"])
        #expect(try cli.ok(["show", shaped.actions[0]]).contains("Audit started"))
        #expect(try cli.ok(["history", shaped.actions[0]]).contains("Audit startd"))
        try cli.ok(["remove", "--note", String(noteId), "--reason", "wrong action"])
        #expect(!(try cli.ok(["show", shaped.actions[0]])).contains("Audit started"))
    }

    @Test(arguments: CLIBackend.allCases) func milestonesAreAddedAndChangedAndArchivedPlansAreHiddenUnlessAsked(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let shaped = try shapedPlan(cli)
        let added = try cli.ok(["milestone", "add", "--plan", shaped.plan, "--title", "Improvement board", "--due", "20/01/2027"])
        #expect(added.contains("added milestone"))
        let list = try cli.ok(["milestone"])
        #expect(list.contains("Improvement board") && list.contains("2027-01-20"))
        let missing = try cli.run(["milestone", "add", "--title", "No plan"])
        #expect(missing.status == 64)
        try cli.ok(["edit-plan", shaped.plan, "--authority", "Southmoor", "--kind", "ilacs-inspection"])
        #expect(try cli.ok(["plans"]).contains("Southmoor"))
        try cli.ok(["archive", shaped.plan])
        #expect(try cli.ok(["plans"]).contains("No plans yet"))
        #expect(try cli.ok(["plans", "--archived"]).contains("Southmoor (archived)"))
        #expect(try cli.ok(["list"]).contains("No actions match."))
        #expect(try cli.ok(["list", "--plan", shaped.plan]).contains("Weekly audits"))
        #expect(try cli.ok(["list", "--archived"]).contains("Weekly audits"))
        #expect(try cli.ok(["export", "--plan", shaped.plan, "--format", "json"]).contains("Weekly audits"))
        #expect(!(try cli.ok(["export", "--format", "json"])).contains("Weekly audits"))
        try cli.ok(["unarchive", shaped.plan])
        #expect(try cli.ok(["plans"]).contains("Southmoor"))
    }

    @Test func datesAreReadInUKFormsAndADayOffIsKeptWithAWarning() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let shaped = try shapedPlan(cli)
        let saturday = try cli.run(["update", shaped.actions[0], "--due", "26 Dec 2026"])
        #expect(saturday.status == 0)
        #expect(saturday.stderr.contains("warning: --due: 2026-12-26 is not a working day (Saturday)"))
        #expect(try cli.ok(["show", shaped.actions[0]]).contains("2026-12-26"))
        let british = try cli.run(["update", shaped.actions[0], "--due", "31/12/2026"])
        #expect(british.status == 0 && british.stderr.isEmpty)
        let bad = try cli.run(["update", shaped.actions[0], "--due", "next week"])
        #expect(bad.status == 64)
        for form in ["YYYY-MM-DD", "31/12/2026", "31 Dec 2026", "today", "+Nwd", "+Nm", "+Nd"] {
            #expect(bad.stderr.contains(form), "the refusal lists \(form)")
        }
    }

    @Test func confirmingAProvisionalDateIsNotReportedAsReprogrammed() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        try cli.ok(["demo"])
        let provisional = try #require((try cli.json(["list", "--json"]) as? [[String: Any]])?.first { $0["due_provisional"] as? Bool == true })
        let id = try #require(provisional["id"] as? Int)
        try cli.ok(["update", String(id), "--due", "+30wd"])
        let shown = try #require(try cli.json(["show", String(id), "--json"]) as? [String: Any])
        let action = try #require(shown["action"] as? [String: Any])
        #expect((action["reprogram_count"] as? Int) == 0)
    }

    @Test func twoDatabasesExportDifferentCalendarUIDsAndTheSameDatabaseTheSameOnes() throws {
        let first = try CLIRunner(), second = try CLIRunner()
        defer {
            try? FileManager.default.removeItem(at: first.directory)
            try? FileManager.default.removeItem(at: second.directory)
        }
        _ = try first.seedPlan()
        _ = try second.seedPlan()
        func uids(_ cli: CLIRunner, _ extra: [String] = []) throws -> Set<String> {
            Set(try cli.ok(["export", "--format", "ics"] + extra).replacingOccurrences(of: "\r\n ", with: "")
                .components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") })
        }
        let a = try uids(first), b = try uids(second)
        #expect(!a.isEmpty && a.isDisjoint(with: b), "action 1 of two databases is two calendar entries")
        #expect(try uids(first) == a, "the same database gives the same entries")
        let backup = first.directory.appendingPathComponent("copy.sqlite").path
        try first.ok(["backup", backup])
        #expect(try uids(first, ["--db", backup]) == a, "a backup keeps the entries")
        #expect(!(try first.ok(["export", "--format", "ics", "--remind", "none"])).contains("VALARM"))
        let bad = try first.run(["export", "--format", "ics", "--remind", "-2"])
        #expect(bad.status == 64 && bad.stderr.contains("--remind"))
        let notICS = try first.run(["export", "--format", "md", "--remind", "3"])
        #expect(notICS.status == 64 && notICS.stderr.contains("only for --format ics"))
    }
}
