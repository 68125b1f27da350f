import Foundation
import ActionPlanModel

/// Each owner's reminder: what is overdue, what falls due within a number of working days and
/// what the SMART check says is missing, ready to paste into an email (`actionplan digest`).
///
/// Built from a `ProgressSummary` (the same actions, colours and standings as every report) and
/// the `SMARTReport` of the same plans. Owners are grouped by `OwnerMatch.key`, so "Zoë Hart"
/// and "ZOE HART" are one person; actions without an owner form a group of their own.
public struct Digest: Sendable {
    public struct Entry: Sendable {
        public var line: ActionLine
        public var planId: Int64
    }

    public struct Missing: Sendable {
        public var planId: Int64
        public var ref: String
        public var title: String
        public var reasons: [String]
    }

    public struct OwnerDigest: Sendable {
        /// The owner as first written on an action; nil for the actions without one.
        public var owner: String?
        public var overdue: [Entry]
        public var dueSoon: [Entry]
        public var missing: [Missing]
        public var isEmpty: Bool { overdue.isEmpty && dueSoon.isEmpty && missing.isEmpty }
    }

    public var asOf: Day
    public var within: Int
    public var owners: [OwnerDigest]

    /// `within`: working days from the as-of date; `owner` keeps only that owner (folded match).
    public init(summary: ProgressSummary, smart: SMARTReport, within: Int, owner: String?) {
        asOf = summary.asOf
        self.within = within
        let flagsByAction = Dictionary(grouping: smart.plans.flatMap(\.flags).filter { $0.actionId != nil }, by: { $0.actionId! })
        var groups: [String: OwnerDigest] = [:]
        var order: [String] = []
        for plan in summary.plans {
            for line in plan.actions {
                let action = line.action
                if let owner, !OwnerMatch.matches(action.owner, owner) { continue }
                let key = OwnerMatch.key(action.owner)
                var group = groups[key] ?? OwnerDigest(owner: action.owner, overdue: [], dueSoon: [], missing: [])
                let entry = Entry(line: line, planId: plan.plan.id)
                if action.status.isOpen, line.workingDaysOverdue > 0 {
                    group.overdue.append(entry)
                } else if action.status.isOpen, let left = line.workingDaysRemaining, left >= 0, left <= within {
                    group.dueSoon.append(entry)
                }
                if let flags = flagsByAction[action.id], !flags.isEmpty {
                    group.missing.append(Missing(planId: plan.plan.id, ref: line.ref, title: action.title, reasons: flags.map(\.reason)))
                }
                if groups[key] == nil { order.append(key) }
                groups[key] = group
            }
        }
        owners = order.compactMap { groups[$0] }.filter { !$0.isEmpty }.sorted {
            switch ($0.owner, $1.owner) {
            case (nil, _): return false
            case (_, nil): return true
            case (let a?, let b?): return OwnerMatch.key(a) < OwnerMatch.key(b)
            }
        }
        for index in owners.indices {
            owners[index].overdue.sort { ($0.line.workingDaysOverdue, $0.line.action.id) > ($1.line.workingDaysOverdue, $1.line.action.id) }
            owners[index].dueSoon.sort { ($0.line.action.due ?? asOf, $0.line.action.id) < ($1.line.action.due ?? asOf, $1.line.action.id) }
        }
    }

    /// The actions the digest names (overdue and due soon), for its calendar form.
    public var actionIds: Set<Int64> {
        Set(owners.flatMap { $0.overdue + $0.dueSoon }.map(\.line.action.id))
    }

    static func name(_ owner: String?) -> String { owner ?? "No owner" }

    static func item(_ entry: Entry) -> String {
        let a = entry.line.action
        let when: String
        if entry.line.workingDaysOverdue > 0 {
            when = "due \(a.due?.iso ?? "—"), \(entry.line.workingDaysOverdue) wd overdue"
        } else if let left = entry.line.workingDaysRemaining {
            when = "due \(a.due?.iso ?? "—"), " + (left == 0 ? "due today" : "in \(left) wd")
        } else {
            when = "no due date"
        }
        return "\(entry.planId)/\(entry.line.ref) \(a.title) (\(when); \(a.status.label.lowercased()), \(entry.line.colourText))"
    }

    // MARK: Renderings

    /// Plain text to paste into an email: a heading per owner, then its lists.
    public func text() -> String {
        var out = "Action plan digest, \(asOf.longDescription): overdue, due within \(within) working days, and what is missing.\n"
        out += DueStanding.legend + "\n"
        if owners.isEmpty { return out + "\nNothing overdue, nothing due and nothing missing.\n" }
        for group in owners {
            out += "\n" + Self.name(group.owner) + "\n" + String(repeating: "=", count: Self.name(group.owner).count) + "\n"
            if !group.overdue.isEmpty {
                out += "\nOverdue (\(group.overdue.count)):\n"
                for entry in group.overdue { out += "- " + Self.item(entry) + "\n" }
            }
            if !group.dueSoon.isEmpty {
                out += "\nDue within \(within) working days (\(group.dueSoon.count)):\n"
                for entry in group.dueSoon { out += "- " + Self.item(entry) + "\n" }
            }
            if !group.missing.isEmpty {
                out += "\nMissing (\(group.missing.count)):\n"
                for m in group.missing { out += "- \(m.planId)/\(m.ref) \(m.title): " + m.reasons.joined(separator: "; ") + "\n" }
            }
        }
        return out
    }

    public func markdown() -> String {
        var out = "# Action plan digest, \(asOf.longDescription)\n\nOverdue, due within \(within) working days, and what is missing. "
            + DueStanding.legend + ".\n"
        if owners.isEmpty { return out + "\nNothing overdue, nothing due and nothing missing.\n" }
        for group in owners {
            out += "\n## " + MarkdownReport.escape(Self.name(group.owner)) + "\n"
            for (title, entries) in [("Overdue", group.overdue), ("Due within \(within) working days", group.dueSoon)] where !entries.isEmpty {
                out += "\n### \(title) (\(entries.count))\n\n"
                for entry in entries { out += "- " + MarkdownReport.escape(Self.item(entry)) + "\n" }
            }
            if !group.missing.isEmpty {
                out += "\n### Missing (\(group.missing.count))\n\n"
                for m in group.missing {
                    out += "- " + MarkdownReport.escape("\(m.planId)/\(m.ref) \(m.title): " + m.reasons.joined(separator: "; ")) + "\n"
                }
            }
        }
        return out
    }

    public func html() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>Action plan digest, \(asOf.longDescription)</title>\n"
        out += "<style>body { font-family: Arial, sans-serif; max-width: 48rem; margin: 1rem auto; } h2 { border-bottom: 1px solid #b1b4b6; }</style>\n"
        out += "</head>\n<body>\n<h1>Action plan digest, \(asOf.longDescription)</h1>\n"
        out += "<p>Overdue, due within \(within) working days, and what is missing. \(HTMLReport.esc(DueStanding.legend)).</p>\n"
        if owners.isEmpty { out += "<p>Nothing overdue, nothing due and nothing missing.</p>\n" }
        for group in owners {
            out += "<h2>\(HTMLReport.esc(Self.name(group.owner)))</h2>\n"
            for (title, entries) in [("Overdue", group.overdue), ("Due within \(within) working days", group.dueSoon)] where !entries.isEmpty {
                out += "<h3>\(title) (\(entries.count))</h3>\n<ul>\n"
                for entry in entries { out += "<li>\(HTMLReport.esc(Self.item(entry)))</li>\n" }
                out += "</ul>\n"
            }
            if !group.missing.isEmpty {
                out += "<h3>Missing (\(group.missing.count))</h3>\n<ul>\n"
                for m in group.missing {
                    out += "<li>\(HTMLReport.esc("\(m.planId)/\(m.ref) \(m.title): " + m.reasons.joined(separator: "; ")))</li>\n"
                }
                out += "</ul>\n"
            }
        }
        return out + "</body>\n</html>\n"
    }
}

extension Digest {
    /// The digest's overdue and due-soon actions as an iCalendar file (`ICalendarExport`, its
    /// UIDs and reminders): milestones and other actions left out.
    public func calendar(_ summary: ProgressSummary) -> String {
        var filtered = summary
        let wanted = actionIds
        for index in filtered.plans.indices {
            filtered.plans[index].actions = filtered.plans[index].actions.filter { wanted.contains($0.action.id) }
            filtered.plans[index].milestones = []
        }
        filtered.plans = filtered.plans.filter { !$0.actions.isEmpty }
        // Only what is due: nothing removed is named (the board's calendar export cancels it).
        filtered.withdrawn = []
        return ICalendarExport.render(filtered, stamp: summary.generatedAt)
    }
}
