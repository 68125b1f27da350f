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

    @Test func oneEventPerOpenActionDueDateAndPerMilestone() {
        let summary = Fixture.summary()
        let uids = unfolded(ics).filter { $0.hasPrefix("UID:") }.map { String($0.dropFirst(4)) }
        let open = summary.plans.flatMap(\.actions).filter { $0.action.status.isOpen && $0.action.due != nil }
        let milestones = summary.plans.flatMap(\.milestones).filter { $0.milestone.due != nil }
        #expect(uids.count == open.count + milestones.count)
        #expect(Set(uids).count == uids.count, "UIDs are unique")
        #expect(uids.contains("action-\(Fixture.frontDoor)@actionplan"))
        #expect(!uids.contains("action-\(Fixture.icpcTracker)@actionplan"), "a complete action has no entry")
        #expect(uids.contains("milestone-1@actionplan"))
    }

    @Test func uidsAreStableAcrossExportsAndChanges() {
        let later = Fixture.history()
        let options = ReportOptions(asOf: Day(iso: "2023-02-01")!, timeZone: Fixture.utc, generatedAt: ScriptedHistory.at("2023-02-01"))
        let other = ICalendarExport.render(ProgressSummary(snapshot: later.snapshot(), calendar: Fixture.calendar, options: options),
                                           stamp: ScriptedHistory.at("2023-02-01"))
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
        let before = events(ics), after = events(other)
        let uid = "UID:action-\(Fixture.frontDoor)@actionplan"
        #expect(before[uid]?.contains("DTSTART;VALUE=DATE:20230106") == true)
        #expect(after[uid]?.contains("DTSTART;VALUE=DATE:20230210") == true, "the moved due date is the same entry")
        let seqBefore = before[uid]!.first { $0.hasPrefix("SEQUENCE:") }!.dropFirst(9)
        let seqAfter = after[uid]!.first { $0.hasPrefix("SEQUENCE:") }!.dropFirst(9)
        #expect(Int(seqAfter)! > Int(seqBefore)!, "the sequence grows when the action changes")
        let again = ICalendarExport.render(Fixture.summary(), stamp: Fixture.generatedAt)
        #expect(again == ics, "the same data gives the same file")
    }
}
