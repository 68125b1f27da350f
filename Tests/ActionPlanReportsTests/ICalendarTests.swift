import Foundation
import Testing
import ActionPlanModel
@testable import ActionPlanReports

@Suite struct ICalendarTests {
    let ics = ICalendarExport.render(Fixture.summary(), stamp: Fixture.generatedAt)

    /// Physical lines as bytes, split at CRLF.
    func physicalLines(_ text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 13, i + 1 < bytes.count, bytes[i + 1] == 10 { lines.append(current); current = []; i += 2; continue }
            current.append(bytes[i]); i += 1
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    func unfolded(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test func everyLineEndsInCRLFAndIsAtMost75Octets() {
        #expect(ics.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!ics.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "a bare line feed")
        for line in physicalLines(ics) {
            #expect(line.count <= 75, "line of \(line.count) octets: \(String(decoding: line, as: UTF8.self))")
            #expect(String(validating: line, as: UTF8.self) != nil, "a fold split a UTF-8 sequence")
        }
    }

    @Test func foldingNeverSplitsAMultiByteCharacter() {
        let content = "SUMMARY:" + String(repeating: "é✓🙂", count: 40)
        let folded = ICalendarExport.fold(content)
        for line in physicalLines(folded + "\r\n") {
            #expect(line.count <= 75)
            #expect(String(validating: line, as: UTF8.self) != nil)
        }
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == content, "unfolding gives the line back")
        #expect(ICalendarExport.fold("SHORT:x") == "SHORT:x")
        #expect(ICalendarExport.fold(String(repeating: "a", count: 75)) == String(repeating: "a", count: 75))
        #expect(ICalendarExport.fold(String(repeating: "a", count: 76)) == String(repeating: "a", count: 75) + "\r\n a")
    }

    @Test func textIsEscaped() {
        #expect(ICalendarExport.escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf")
        let lines = unfolded(ics)
        #expect(lines.contains("SUMMARY:Due: =SUM(A1:A9) supervision audit"))
        #expect(lines.contains { $0.contains("Finding W2: Use of performance data by managers\\, including\\, commas\\; semicolons\\\\backslashes.") }
                || !lines.contains { $0.contains("Finding W2:") }, "commas, semicolons and backslashes are escaped")
        let description = lines.first { $0.hasPrefix("DESCRIPTION:") && $0.contains("Service Manager") }
        #expect(description?.contains("Owner: Service Manager\\, MASH") == true)
    }

    /// The lines of each event, by UID.
    func events(_ text: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        var current: [String] = []
        for line in unfolded(text) {
            if line == "BEGIN:VEVENT" { current = [] } else if line == "END:VEVENT" {
                let uid = current.first { $0.hasPrefix("UID:") }!
                result[uid] = current
            } else { current.append(line) }
        }
        return result
    }

    @Test func oneEventPerActionDueDateAndPerMilestoneWithItsStatus() {
        let summary = Fixture.summary()
        let uids = unfolded(ics).filter { $0.hasPrefix("UID:") }.map { String($0.dropFirst(4)) }
        let dated = summary.plans.flatMap(\.actions).filter { $0.action.due != nil }
        let milestones = summary.plans.flatMap(\.milestones).filter { $0.milestone.due != nil }
        #expect(uids.count == dated.count + milestones.count)
        #expect(Set(uids).count == uids.count, "UIDs are unique")
        #expect(uids.contains("action-\(Fixture.frontDoor)@local.actionplan"))
        #expect(uids.contains("milestone-1@local.actionplan"))
        // A completed action stays, so a calendar that imported it updates it; it has no reminder.
        let done = try! #require(events(ics)["UID:action-\(Fixture.icpcTracker)@local.actionplan"])
        #expect(done.contains { $0.hasPrefix("SUMMARY:Done: ") })
        #expect(done.contains("STATUS:CONFIRMED") && !done.contains("BEGIN:VALARM"))
    }

    @Test func aCancelledActionIsCancelledInTheCalendar() throws {
        var summary = Fixture.summary()
        var line = try #require(summary.plans[0].actions.first { $0.action.due != nil && $0.action.status.isOpen })
        line.action.status = .cancelled
        summary.plans[0].actions = [line]
        let event = try #require(events(ICalendarExport.render(summary, stamp: Fixture.generatedAt))["UID:action-\(line.action.id)@local.actionplan"])
        #expect(event.contains("STATUS:CANCELLED") && !event.contains("BEGIN:VALARM"))
    }

    @Test func aRemovedActionOrMilestoneIsCancelledWithItsReason() throws {
        var summary = Fixture.summary()
        var action = try #require(summary.plans[0].actions.first { $0.action.due != nil }).action
        action.version = 4
        let removal = Removal(at: Fixture.generatedAt, by: "qa", reason: "duplicate; see P1.1")
        summary.plans[0].actions.removeAll { $0.action.id == action.id }
        summary.withdrawn = [Withdrawn(item: .action(action), plan: summary.plans[0].plan, removal: removal)]
        let event = try #require(events(ICalendarExport.render(summary, stamp: Fixture.generatedAt))["UID:action-\(action.id)@local.actionplan"])
        #expect(event.contains("STATUS:CANCELLED") && event.contains("SEQUENCE:4") && !event.contains("BEGIN:VALARM"))
        #expect(event.contains("SUMMARY:Removed: \(ICalendarExport.escape(action.title))"))
        #expect(event.contains { $0.hasPrefix("DESCRIPTION:") && $0.contains("duplicate\\; see P1.1") }, "the reason, escaped")
    }

    @Test func anOpenActionIsRemindedWorkingDaysBeforeItsDueDate() throws {
        var summary = Fixture.summary()
        summary.reminderWorkingDays = 4
        let event = try #require(events(ICalendarExport.render(summary, stamp: Fixture.generatedAt))["UID:action-\(Fixture.frontDoor)@local.actionplan"])
        // Due Friday 6 January 2023: four working days before is Friday 30 December 2022 (Monday
        // 2 January 2023 was the New Year bank holiday, as the 1st fell on a Sunday).
        #expect(event.contains("DTSTART;VALUE=DATE:20230106"))
        #expect(event.contains("TRIGGER;VALUE=DATE-TIME:20221230T090000Z"))
        summary.reminderWorkingDays = nil
        let none = try #require(events(ICalendarExport.render(summary, stamp: Fixture.generatedAt))["UID:action-\(Fixture.frontDoor)@local.actionplan"])
        #expect(!none.contains("BEGIN:VALARM"))
    }

    @Test func twoDatabasesGiveTheirActionsDifferentUIDs() {
        var first = Fixture.summary(), second = Fixture.summary()
        first.calendarId = "3f9a0c1e"
        second.calendarId = "7b21d004"
        let a = Set(unfolded(ICalendarExport.render(first, stamp: Fixture.generatedAt)).filter { $0.hasPrefix("UID:") })
        let b = Set(unfolded(ICalendarExport.render(second, stamp: Fixture.generatedAt)).filter { $0.hasPrefix("UID:") })
        #expect(!a.isEmpty && a.isDisjoint(with: b))
    }

    @Test func uidsAreStableAcrossExportsAndChanges() {
        let later = Fixture.history()
        let options = ReportOptions(asOf: Day(iso: "2023-02-01")!, timeZone: Fixture.utc, generatedAt: ScriptedHistory.at("2023-02-01"))
        let other = ICalendarExport.render(ProgressSummary(snapshot: later.snapshot(), calendar: Fixture.calendar, options: options),
                                           stamp: ScriptedHistory.at("2023-02-01"))
        let before = events(ics), after = events(other)
        let uid = "UID:action-\(Fixture.frontDoor)@local.actionplan"
        #expect(before[uid]?.contains("DTSTART;VALUE=DATE:20230106") == true)
        #expect(after[uid]?.contains("DTSTART;VALUE=DATE:20230210") == true, "the moved due date is the same entry")
        let seqBefore = before[uid]!.first { $0.hasPrefix("SEQUENCE:") }!.dropFirst(9)
        let seqAfter = after[uid]!.first { $0.hasPrefix("SEQUENCE:") }!.dropFirst(9)
        #expect(Int(seqAfter)! > Int(seqBefore)!, "the sequence grows when the action changes")
        let again = ICalendarExport.render(Fixture.summary(), stamp: Fixture.generatedAt)
        #expect(again == ics, "the same data gives the same file")
    }
}
