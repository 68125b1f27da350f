import Foundation
import ActionPlanModel
import ActionPlanCore

/// The progress summary as Markdown, the board pack's text form: headings and pipe tables that
/// read well in a terminal and in a repository viewer, then the action register, each owner's
/// actions and the SMART warnings as short lists that fit a narrow terminal.
public enum MarkdownReport {
    public static func render(_ summary: ProgressSummary) -> String {
        var out = head(summary)
        out.reserveCapacity(out.utf8.count + summary.plans.reduce(0) { $0 + $1.actions.count * 120 })
        for plan in summary.plans { out += self.plan(plan, of: summary) }
        return out
    }

    /// What comes before the plans: the title, the cover, the scope and the overall figures
    /// (`render` is `head`, then `plan` of each plan; a report written plan by plan gives
    /// `head` a summary whose plans keep only their plan, milestones and totals).
    public static func head(_ summary: ProgressSummary) -> String {
        var out = ""
        out += "# Action plan progress as of \(summary.asOf.longDescription)\n\n"
        cover(summary, into: &out)
        out += summary.scope(owner: escape).joined(separator: " · ") + "\n\n"
        if summary.plans.isEmpty {
            out += "No plans to report.\n"
            return out
        }
        if summary.plans.count > 1 {
            out += "**Overall: \(summary.overall.percentComplete)% complete** (\(summary.overall.count(.complete)) of \(summary.overall.active) active actions, \(summary.overall.overdue) overdue)\n\n"
        }
        return out
    }

    /// One plan's part of the report; `summary` holds the plan (or is a summary of the plans
    /// around it, made with the same options).
    public static func plan(_ plan: PlanSummary, of summary: ProgressSummary) -> String {
        var out = ""
        out.reserveCapacity(4096 + plan.actions.count * 1200)
        render(plan, summary: summary, into: &out)
        return out
    }

    private static func render(_ s: PlanSummary, summary: ProgressSummary, into out: inout String) {
        let plan = s.plan
        out += "## Plan \(plan.id): \(escape(plan.title))\n\n"
        var source = "\(plan.kind.label), \(escape(plan.authority))"
        if let letter = plan.letterDate { source += ", letter of \(letter.longDescription)" }
        out += "- Source: \(source)\n"
        out += "- Received: \(plan.received.longDescription)\(plan.receivedNote)\n"
        if let file = plan.sourceFile { out += "- File: \(escape(file))\n" }
        inspection(plan, into: &out)
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
        recurring(s, into: &out)
        register(s, into: &out)
        ownerSections(s, into: &out)
        smart(s, asOf: summary.asOf, into: &out)
    }

    // MARK: The board pack's parts

    /// "Recurring findings": each finding the authority's earlier documents raised before, with
    /// where (docs/recurrence.md); left out when there is none.
    private static func recurring(_ s: PlanSummary, into out: inout String) {
        if s.recurring.isEmpty { return }
        out += "### Recurring findings\n\n"
        out += "Findings that \(escape(s.plan.authority))’s earlier documents raised before:\n\n"
        table(["Ref", "Finding", "Raised before"], s.recurring.map {
            [escape($0.finding.ref), escape($0.finding.text), escape(Recurrence.documents($0.recurrences) ?? "")]
        }, into: &out)
    }

    /// The cover: whose plans, which plans, as of when.
    private static func cover(_ summary: ProgressSummary, into out: inout String) {
        let authorities = summary.authorities
        out += "Improvement board pack"
        if !authorities.isEmpty { out += " for \(authorities.map(escape).joined(separator: ", "))" }
        out += "\n\n"
        for plan in summary.plans { out += "- Plan \(plan.plan.id): \(escape(plan.plan.title))\n" }
        out += "- As of: \(summary.asOf.longDescription)\n\n"
    }

    /// The inspectors, the visit dates and the graded judgements of the source document.
    private static func inspection(_ plan: Plan, into out: inout String) {
        if !plan.visitDates.isEmpty { out += "- Visit: \(plan.visitDates.map(\.longDescription).joined(separator: ", "))\n" }
        out += "- Inspectors: \(plan.inspectors.isEmpty ? "none recorded" : plan.inspectors.map(escape).joined(separator: ", "))\n"
        if plan.judgements.isEmpty {
            out += "- Judgements: none recorded\n"
        } else {
            out += "- Judgements:\n"
            for j in plan.judgements { out += "  - \(escape(j.area)): \(escape(j.grade))\n" }
        }
    }

    /// Every action under its finding, with everything the board asks about it.
    private static func register(_ s: PlanSummary, into out: inout String) {
        out += "### Action register\n\n"
        if s.register.isEmpty { out += "No findings with actions.\n\n"; return }
        for entry in s.register {
            let f = entry.finding
            out += "#### \(escape(f.ref)) · \(f.category.label)\n\n"
            if !f.sectionPath.isEmpty { out += "Section: \(escape(f.section))\n\n" }
            out += "\(escape(f.text))\n\n"
            if !f.subItems.isEmpty {
                for item in f.subItems { out += "- \(escape(item))\n" }
                out += "\n"
            }
            if entry.actions.isEmpty { out += "No action.\n\n" }
            for line in entry.actions {
                let a = line.action
                out += "**\(ref(line))** \(escape(a.title))\n\n"
                out += "- Owner: \(owner(line))\n"
                out += "- Due: \(escape(line.dueWithStanding))\n"
                out += "- Status: \(a.status.label) · Colour: \(escape(line.colourText))\n"
                out += "- Success measure: \(a.successMeasure.map(escape) ?? "—")\n"
                out += "- Latest note: \(noteWithAuthor(line))\n\n"
            }
        }
    }

    /// Each owner's actions, named owners first, then the actions nobody owns.
    private static func ownerSections(_ s: PlanSummary, into out: inout String) {
        out += "### Actions by owner\n\n"
        if s.owners.isEmpty { out += "No actions.\n\n"; return }
        for o in s.owners {
            out += "#### \(o.owner.map(escape) ?? "(no owner)")\n\n"
            out += "\(o.open) open, \(o.overdue) overdue, \(o.complete) complete\n\n"
            for line in o.actions {
                out += "- \(ref(line)) \(escape(line.action.title)) · due \(escape(line.dueWithStanding)) · \(line.action.status.label) · \(escape(line.colourText))\n"
            }
            out += "\n"
        }
    }

    /// The SMART check's warnings, worded as `actionplan check` words them.
    private static func smart(_ s: PlanSummary, asOf: Day, into out: inout String) {
        out += "### SMART warnings\n\n"
        if s.smartFlags.isEmpty { out += "None on \(asOf.longDescription).\n\n"; return }
        let n = s.smartFlags.count
        out += "\(n) \(n == 1 ? "warning" : "warnings") on \(asOf.longDescription), as `actionplan check` gives them:\n\n"
        for flag in s.smartFlags { out += "- \(escape(flag.text))\n" }
        out += "\n"
    }

    private static func noteWithAuthor(_ line: ActionLine) -> String {
        guard let note = line.latestNote else { return "—" }
        return "\(note.day.iso), \(escape(note.author)): \(escape(note.text))"
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

    /// The bytes of the punctuation `escape` puts a backslash before, and CR, by byte value
    /// (a table, not a set: `escape` looks up every byte of every cell).
    private static let escaped: [Bool] = (0...255).map { byte in "\\|*_`[]<>#\r".utf8.contains(UInt8(byte)) }

    /// Text made safe for a table cell: Markdown punctuation escaped, a pipe cannot end the
    /// cell, a line break cannot end the row, no raw HTML reaches a viewer and no control
    /// character reaches a terminal.
    static func escape(_ text: String) -> String {
        // Most text has nothing to escape: returned as it is, after a byte scan.
        if TerminalSafe.isClean(text, oneLine: true), !text.containsUTF8Byte(where: { escaped[Int($0)] }) { return text }
        // Built as bytes: appending scalar by scalar to a String is several times slower.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        var lastWasSpace = false
        for ch in text.unicodeScalars {
            switch ch {
            case "\\", "|", "*", "_", "`", "[", "]", "<", ">", "#":
                out.append(0x5C); out.append(UInt8(ch.value)); lastWasSpace = false
            case "\n", "\r", "\t":
                if !lastWasSpace { out.append(0x20) }
                lastWasSpace = true
            default:
                // A control character is shown as `\x1b` (TerminalSafe): never raw in a file
                // or on a terminal.
                if TerminalSafe.isControl(ch) {
                    out += TerminalSafe.escape(ch).utf8
                } else if ch.isASCII {
                    out.append(UInt8(ch.value))
                } else {
                    UTF8.encode(ch) { out.append($0) }
                }
                lastWasSpace = ch == " "
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
