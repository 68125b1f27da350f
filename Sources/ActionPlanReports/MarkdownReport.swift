import Foundation
import ActionPlanModel
import ActionPlanCore

/// The progress summary as Markdown: headings and pipe tables that read well in a terminal and
/// in a repository viewer.
public enum MarkdownReport {
    public static func render(_ summary: ProgressSummary) -> String {
        var out = ""
        out.reserveCapacity(4096 + summary.plans.reduce(0) { $0 + $1.actions.count * 120 })
        out += "# Action plan progress as of \(summary.asOf.longDescription)\n\n"
        var scope: [String] = []
        if let since = summary.since { scope.append("Changes since \(since.longDescription)") }
        if let owner = summary.owner { scope.append("Owner: \(escape(owner))") }
        scope.append("Generated \(Moment.readable(summary.generatedAt))")
        scope.append(DueStanding.legend)
        scope.append(RAGRules.setByHandLegend)
        out += scope.joined(separator: " · ") + "\n\n"
        if summary.plans.isEmpty {
            out += "No plans to report.\n"
            return out
        }
        if summary.plans.count > 1 {
            out += "**Overall: \(summary.overall.percentComplete)% complete** (\(summary.overall.count(.complete)) of \(summary.overall.active) active actions, \(summary.overall.overdue) overdue)\n\n"
        }
        for plan in summary.plans { render(plan, summary: summary, into: &out) }
        return out
    }

    private static func render(_ s: PlanSummary, summary: ProgressSummary, into out: inout String) {
        let plan = s.plan
        out += "## Plan \(plan.id): \(escape(plan.title))\n\n"
        var source = "\(plan.kind.label), \(escape(plan.authority))"
        if let letter = plan.letterDate { source += ", letter of \(letter.longDescription)" }
        out += "- Source: \(source)\n"
        out += "- Received: \(plan.received.longDescription)\n"
        if let file = plan.sourceFile { out += "- File: \(escape(file))\n" }
        out += "\n### Milestones\n\n"
        if s.milestones.isEmpty {
            out += "None recorded.\n\n"
        } else {
            table(["Milestone", "Due", "Standing", "Submitted"], s.milestones.map { line in
                [escape(line.milestone.title), line.milestone.due?.iso ?? "—", line.standing, line.milestone.done?.iso ?? "—"]
            }, into: &out)
        }

        out += "### Progress\n\n"
        let t = s.totals
        out += "**\(t.percentComplete)% complete**: \(t.count(.complete)) of \(t.active) active actions (\(t.total) in all, \(t.count(.cancelled)) cancelled); \(t.overdue) overdue.\n\n"
        table(["Status", "Actions", "%"], ActionStatus.allCases.map { [$0.label, String(t.count($0)), t.share($0).map { "\($0)%" } ?? "—"] },
              into: &out)
        table(["BRAG", "Actions", "%"], RAG.allCases.map { [$0.label, String(t.count($0)), "\(t.share($0))%"] },
              into: &out)

        out += "### By section\n\n"
        if s.bySection.isEmpty { out += "No actions.\n\n" } else {
            table(["Section", "Actions", "Complete", "Overdue", "% complete"], s.bySection.map {
                [$0.section.isEmpty ? "(no section)" : escape($0.section), String($0.counts.total),
                 String($0.counts.count(.complete)), String($0.counts.overdue), "\($0.counts.percentComplete)%"]
            }, into: &out)
        }
        out += "### By category\n\n"
        if s.byCategory.isEmpty { out += "No actions.\n\n" } else {
            table(["Category", "Actions", "Complete", "Overdue", "% complete"], s.byCategory.map {
                [$0.category.label, String($0.counts.total), String($0.counts.count(.complete)), String($0.counts.overdue),
                 "\($0.counts.percentComplete)%"]
            }, into: &out)
        }

        out += "### Exceptions (red and amber)\n\n"
        if s.exceptions.isEmpty { out += "None.\n\n" } else {
            table(["RAG", "Ref", "Action", "Owner", "Due", "WD overdue", "Latest note"], s.exceptions.map { line in
                [escape(line.colourText), ref(line), escape(line.action.title), owner(line), line.action.due?.iso ?? "—",
                 String(line.workingDaysOverdue), note(line)]
            }, into: &out)
        }

        out += "### Overdue\n\n"
        if s.overdue.isEmpty { out += "None.\n\n" } else {
            table(["Ref", "Action", "Owner", "Due", "WD overdue", "Status"], s.overdue.map { line in
                [ref(line), escape(line.action.title), owner(line), line.action.due?.iso ?? "—", String(line.workingDaysOverdue),
                 line.action.status.label]
            }, into: &out)
        }

        out += "### Due in the next \(summary.dueSoonWindow) working days\n\n"
        if s.dueSoon.isEmpty { out += "None.\n\n" } else {
            table(["Ref", "Action", "Owner", "Due", "WD left", "Status"], s.dueSoon.map { line in
                [ref(line), escape(line.action.title), owner(line), line.action.due?.iso ?? "—",
                 String(line.workingDaysRemaining ?? 0), line.action.status.label]
            }, into: &out)
        }

        if let changes = s.changes {
            out += "### Changes since \(changes.since.longDescription)\n\n"
            if changes.isEmpty { out += "No changes.\n\n" }
            if !changes.completed.isEmpty {
                out += "Completed:\n\n"
                table(["Ref", "Action", "Owner", "Completed", "By"], changes.completed.map {
                    [ref($0.line), escape($0.line.action.title), owner($0.line), $0.day.iso, escape($0.who)]
                }, into: &out)
            }
            if !changes.reprogrammed.isEmpty {
                out += "Reprogrammed:\n\n"
                table(["Ref", "Action", "Owner", "Old due", "New due", "Moves", "By"], changes.reprogrammed.map {
                    [ref($0.line), escape($0.line.action.title), owner($0.line), $0.oldDue.iso, $0.newDue?.iso ?? "none",
                     String($0.times), escape($0.who)]
                }, into: &out)
            }
            if !changes.ragChanges.isEmpty {
                out += "RAG changes:\n\n"
                table(["Ref", "Action", "Owner", "Was", "Now"], changes.ragChanges.map {
                    [ref($0.line), escape($0.line.action.title), owner($0.line), $0.from?.label ?? "—", $0.to?.label ?? "—"]
                }, into: &out)
            }
            if !changes.newActions.isEmpty {
                out += "New actions:\n\n"
                table(["Ref", "Action", "Owner", "Added", "By"], changes.newActions.map {
                    [ref($0.line), escape($0.line.action.title), owner($0.line), $0.day.iso, escape($0.who)]
                }, into: &out)
            }
        }

        out += "### By owner\n\n"
        if s.owners.isEmpty { out += "No actions.\n\n" } else {
            table(["Owner", "Open", "Overdue", "Complete"], s.owners.map {
                [$0.owner.map(escape) ?? "(no owner)", String($0.open), String($0.overdue), String($0.complete)]
            }, into: &out)
        }

        out += "### Coverage\n\n"
        if s.coverage.isEmpty {
            out += "Every improvement finding has an open or complete action.\n\n"
        } else {
            out += "Improvement findings with no open or complete action:\n\n"
            table(["Ref", "Category", "Finding"], s.coverage.map { [escape($0.ref), $0.category.label, escape($0.text)] }, into: &out)
        }
    }

    private static func ref(_ line: ActionLine) -> String { escape(line.ref) }
    private static func owner(_ line: ActionLine) -> String { escape(line.accountable) }
    private static func note(_ line: ActionLine) -> String {
        guard let note = line.latestNote else { return "—" }
        return "\(note.day.iso): \(escape(note.text))"
    }

    private static func table(_ header: [String], _ rows: [[String]], into out: inout String) {
        out += "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in "---|" }.joined() + "\n"
        for row in rows { out += "| " + row.joined(separator: " | ") + " |\n" }
        out += "\n"
    }

    /// Text made safe for a table cell: Markdown punctuation escaped, a pipe cannot end the
    /// cell, a line break cannot end the row, no raw HTML reaches a viewer and no control
    /// character reaches a terminal.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var lastWasSpace = false
        for ch in text.unicodeScalars {
            switch ch {
            case "\\", "|", "*", "_", "`", "[", "]", "<", ">", "#":
                out.unicodeScalars.append("\\"); out.unicodeScalars.append(ch); lastWasSpace = false
            case "\n", "\r", "\t":
                if !lastWasSpace { out += " " }
                lastWasSpace = true
            default:
                // A control character is shown as `\x1b` (TerminalSafe): never raw in a file
                // or on a terminal.
                if TerminalSafe.isControl(ch) { out += TerminalSafe.escape(ch) } else { out.unicodeScalars.append(ch) }
                lastWasSpace = ch == " "
            }
        }
        return out
    }
}
