import Foundation
import ActionPlanModel
import ActionPlanCore

/// Due dates as an iCalendar file (RFC 5545): one all-day event per action with a due date and
/// per milestone with a due date.
///
/// UIDs come from ids and the database (`action-12@3f9a0c1e.actionplan`), so importing a newer
/// export into a calendar updates the entries instead of duplicating them, and two databases'
/// action 12 are two entries; SEQUENCE follows the action's version. A completed or cancelled
/// action stays in the file, so a calendar that imported it earlier updates it: cancelled is
/// `STATUS:CANCELLED`; complete keeps `STATUS:CONFIRMED` (RFC 5545 gives `COMPLETED` to to-dos
/// only) with "Done:" in its summary and no reminder. A removed action or milestone (or one of a
/// removed finding or plan) stays too, `STATUS:CANCELLED` with "Removed:" and the removal's
/// reason, its SEQUENCE one past its last (a milestone's: 2, past done). Open actions and pending milestones get a
/// reminder (VALARM) at 09:00 a number of working days before (`reminderWorkingDays`). Lines end
/// in CRLF and are folded at 75 octets without splitting a UTF-8 sequence.
public enum ICalendarExport {
    /// `stamp` is the DTSTAMP of every entry (the moment the export is made): `head`, then
    /// `plan` of each plan, then `tail` (a report written plan by plan gives `head` and `tail`
    /// a summary whose plans keep only their plan, milestones and totals, with every withdrawn entry).
    public static func render(_ summary: ProgressSummary, stamp: Date) -> String {
        var out = head(summary)
        out.reserveCapacity(512 + summary.plans.reduce(0) { $0 + $1.actions.count * 500 })
        for plan in summary.plans { out += self.plan(plan, of: summary, stamp: stamp) }
        out += tail(summary, stamp: stamp)
        return out
    }

    /// The calendar's properties, before the entries.
    public static func head(_ summary: ProgressSummary) -> String {
        var out = ""
        line("BEGIN:VCALENDAR", &out)
        line("VERSION:2.0", &out)
        line("PRODID:-//actionplan//action plan export//EN", &out)
        line("CALSCALE:GREGORIAN", &out)
        line("METHOD:PUBLISH", &out)
        let name = summary.plans.count == 1 ? "Action plan: \(summary.plans[0].plan.title)" : "Action plans"
        line("X-WR-CALNAME:" + escape(name), &out)
        return out
    }

    /// The DTSTAMP of the entries, the reminder of a due date and the UIDs' domain.
    private struct Entries {
        let dtstamp: String
        let domain: String
        let summary: ProgressSummary
        let clock: Clockless

        init(_ summary: ProgressSummary, stamp: Date) {
            dtstamp = Moment.compact(stamp)
            domain = "@" + summary.calendarId + ".actionplan"
            clock = Clockless(timeZone: summary.timeZone)
            self.summary = summary
        }

        func reminder(_ due: Day) -> String? {
            guard let days = summary.reminderWorkingDays else { return nil }
            let day = summary.calendar.addingWorkingDays(-days, to: due)
            return Moment.compact(clock.start(of: day).addingTimeInterval(9 * 3600))
        }
    }

    /// One plan's entries: its milestones', then its actions'.
    public static func plan(_ plan: PlanSummary, of summary: ProgressSummary, stamp: Date) -> String {
        var out = ""
        out.reserveCapacity(plan.actions.count * 500)
        let entries = Entries(summary, stamp: stamp)
        let dtstamp = entries.dtstamp, domain = entries.domain
        for m in plan.milestones {
            guard let due = m.milestone.due else { continue }
            var description = "Plan \(plan.plan.id): \(plan.plan.title)\nMilestone due \(due.iso)"
            if let done = m.milestone.done { description += "\nDone \(done.iso)" }
            event(uid: "milestone-\(m.milestone.id)" + domain, stamp: dtstamp, day: due,
                  summary: "Milestone: \(m.milestone.title)" + (m.milestone.done == nil ? "" : " (done)"),
                  description: description, sequence: m.milestone.done == nil ? 0 : 1, status: "CONFIRMED",
                  alarm: m.milestone.done == nil ? entries.reminder(due) : nil, into: &out)
        }
        for a in plan.actions {
            guard let due = a.action.due else { continue }
            var description = "Plan \(plan.plan.id): \(plan.plan.title)\nAction \(plan.plan.id)/\(a.ref) (id \(a.action.id))"
            if let finding = a.finding { description += "\nFinding \(finding.ref): \(finding.text)" }
            description += "\nOwner: \(a.action.owner ?? "none")"
            description += "\nStatus: \(a.action.status.label)"
            if a.rag != nil { description += "\nRAG: \(a.colourText)" }
            if let measure = a.action.successMeasure { description += "\nSuccess measure: \(measure)" }
            let heading: String
            let status: String
            switch a.action.status {
            case .complete: (heading, status) = ("Done", "CONFIRMED")
            case .cancelled: (heading, status) = ("Cancelled", "CANCELLED")
            case .notStarted, .inProgress: (heading, status) = ("Due", "CONFIRMED")
            }
            event(uid: "action-\(a.action.id)" + domain, stamp: dtstamp, day: due,
                  summary: "\(heading): \(a.action.title)", description: description, sequence: max(0, a.action.version - 1),
                  status: status, alarm: a.action.status.isOpen ? entries.reminder(due) : nil, into: &out)
        }
        return out
    }

    /// The withdrawn entries and the calendar's end.
    public static func tail(_ summary: ProgressSummary, stamp: Date) -> String {
        var out = ""
        let entries = Entries(summary, stamp: stamp)
        let dtstamp = entries.dtstamp, domain = entries.domain
        // What was removed stays in the file as cancelled, one SEQUENCE past its last showing,
        // so a calendar that imported it earlier takes it off the day.
        for entry in summary.withdrawn {
            let plan = "Plan \(entry.plan.id): \(entry.plan.title)"
            let why = "\nRemoved by \(entry.removal.by) on \(Moment.readable(entry.removal.at)): \(entry.removal.reason)"
            switch entry.item {
            case .action(let action):
                guard let due = action.due else { continue }
                event(uid: "action-\(action.id)" + domain, stamp: dtstamp, day: due, summary: "Removed: \(action.title)",
                      description: plan + "\nAction id \(action.id)" + why, sequence: action.version, status: "CANCELLED",
                      alarm: nil, into: &out)
            case .milestone(let milestone):
                guard let due = milestone.due else { continue }
                event(uid: "milestone-\(milestone.id)" + domain, stamp: dtstamp, day: due, summary: "Removed: \(milestone.title)",
                      description: plan + why, sequence: 2, status: "CANCELLED", alarm: nil, into: &out)
            }
        }
        line("END:VCALENDAR", &out)
        return out
    }

    private static func event(uid: String, stamp: String, day: Day, summary: String, description: String, sequence: Int,
                              status: String, alarm: String?, into out: inout String) {
        line("BEGIN:VEVENT", &out)
        line("UID:" + uid, &out)
        line("DTSTAMP:" + stamp, &out)
        line("DTSTART;VALUE=DATE:" + Moment.compact(day), &out)
        line("DTEND;VALUE=DATE:" + Moment.compact(day.adding(days: 1)), &out)
        line("SUMMARY:" + escape(summary), &out)
        line("DESCRIPTION:" + escape(description), &out)
        line("SEQUENCE:\(sequence)", &out)
        line("STATUS:" + status, &out)
        line("TRANSP:TRANSPARENT", &out)
        if let alarm {
            line("BEGIN:VALARM", &out)
            line("ACTION:DISPLAY", &out)
            line("DESCRIPTION:" + escape(summary), &out)
            line("TRIGGER;VALUE=DATE-TIME:" + alarm, &out)
            line("END:VALARM", &out)
        }
        line("END:VEVENT", &out)
    }

    private static func line(_ content: String, _ out: inout String) {
        out += fold(content)
        out += "\r\n"
    }

    /// A content line folded so that no physical line is longer than 75 octets: a CRLF and a
    /// space are inserted before the octet that would pass the limit, never inside a UTF-8
    /// sequence.
    public static func fold(_ content: String) -> String {
        if content.utf8.count <= 75 { return content }
        // Bytes, not characters: a UTF-8 sequence starts at any byte that is not 10xxxxxx.
        var out: [UInt8] = []
        out.reserveCapacity(content.utf8.count + content.utf8.count / 37)
        var used = 0
        let bytes = content.utf8
        var index = bytes.startIndex
        while index != bytes.endIndex {
            var end = bytes.index(after: index)
            while end != bytes.endIndex, bytes[end] & 0xC0 == 0x80 { end = bytes.index(after: end) }
            let size = bytes.distance(from: index, to: end)
            if used + size > 75 {
                out += [13, 10, 32]
                used = 1
            }
            out += bytes[index..<end]
            used += size
            index = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// TEXT escaping: backslash, semicolon, comma and line breaks.
    public static func escape(_ text: String) -> String {
        if TerminalSafe.isClean(text), !text.containsUTF8Byte(where: { $0 == 0x0A || $0 == 0x09 || $0 == 0x5C || $0 == 0x3B || $0 == 0x2C }) { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        var previousCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += [0x5C, 0x5C]
            case ";": out += [0x5C, 0x3B]
            case ",": out += [0x5C, 0x2C]
            case "\r": out += [0x5C, 0x6E]
            case "\n": if !previousCR { out += [0x5C, 0x6E] }
            default:
                // Other control characters are not allowed in TEXT; C1 controls and
                // bidirectional overrides are dropped too.
                if scalar.value < 0x20 || TerminalSafe.isControl(scalar) {
                    out.append(0x20)
                } else if scalar.isASCII {
                    out.append(UInt8(scalar.value))
                } else {
                    UTF8.encode(scalar) { out.append($0) }
                }
            }
            previousCR = scalar == "\r"
        }
        return String(decoding: out, as: UTF8.self)
    }
}
