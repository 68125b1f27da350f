import Foundation
import ActionPlanModel
import ActionPlanCore

/// The progress summary as one self-contained HTML file, the board pack: a cover, then per plan
/// the summary with inline SVG charts (a BRAG bar, percent complete by section, complete actions
/// over time), the action register, each owner's actions and the SMART warnings, each part on
/// a new page when printed (A4, table headers repeated, rows kept whole). No script, no
/// external request; every text is escaped. `export --format pdf` prints this page.
///
/// The output is also well-formed XML (every element closed, only the five XML entities), so
/// that tests can parse it with an XML parser.
public enum HTMLReport {
    public static let colours: [RAG: String] = [.blue: "#1d70b8", .red: "#d4351c", .amber: "#f47738", .green: "#00703c"]

    public static func render(_ summary: ProgressSummary) -> String {
        var out = head(summary)
        out.reserveCapacity(16_384 + summary.plans.reduce(0) { $0 + ($1.exceptions.count + $1.overdue.count + $1.dueSoon.count) * 300 })
        for plan in summary.plans { out += self.plan(plan, of: summary) }
        out += tail
        return out
    }

    /// What comes before the plans: the page's head and the cover with the overall figures
    /// (`render` is `head`, `plan` of each plan, then `tail`; a report written plan by plan
    /// gives `head` a summary whose plans keep only their plan, milestones and totals).
    public static func head(_ summary: ProgressSummary) -> String {
        var out = ""
        let title = "Action plan progress as of \(summary.asOf.longDescription)"
        out += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        out += "<title>\(esc(title))</title>\n<style>\n\(css)</style>\n</head>\n<body>\n"
        out += "<header class=\"cover\">\n<p class=\"kicker\">Improvement board pack</p>\n<h1>\(esc(title))</h1>\n"
        out += "<dl class=\"cover\">\n"
        let authorities = summary.authorities
        if !authorities.isEmpty {
            out += "<dt>\(authorities.count == 1 ? "Authority" : "Authorities")</dt><dd>\(esc(authorities.joined(separator: ", ")))</dd>\n"
        }
        for plan in summary.plans { out += "<dt>Plan \(plan.plan.id)</dt><dd>\(esc(plan.plan.title))</dd>\n" }
        out += "<dt>As of</dt><dd>\(esc(summary.asOf.longDescription))</dd>\n</dl>\n"
        out += "<p class=\"scope\">\(esc(summary.scope().joined(separator: " · ")))</p>\n"
        if summary.plans.count > 1 {
            let o = summary.overall
            out += "<p class=\"overall\"><strong>Overall: \(o.percentComplete)% complete</strong> (\(o.count(.complete)) of \(o.active) active actions, \(o.overdue) overdue)</p>\n"
        }
        out += "</header>\n"
        if summary.plans.isEmpty { out += "<p>No plans to report.</p>\n" }
        return out
    }

    /// One plan's part of the page; `summary` holds the plan (or is a summary of the plans
    /// around it, made with the same options).
    public static func plan(_ plan: PlanSummary, of summary: ProgressSummary) -> String {
        var out = ""
        render(plan, summary: summary, into: &out)
        return out
    }

    /// What comes after the plans.
    public static let tail = "<footer><p>Made by actionplan. Working days exclude weekends, Christmas Day, Good Friday and bank holidays in England and Wales.</p></footer>\n"
        + "</body>\n</html>\n"

    static let css = """
    /* Colours are written out, not CSS variables: WeasyPrint 57 (Debian 12), which prints the PDF, ignores custom properties in shorthands such as background, and a red badge printed white on white. */
    body { font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #0b0c0c; margin: 1.5rem auto; max-width: 62rem; padding: 0 1rem; line-height: 1.4; }
    h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
    h2 { font-size: 1.35rem; border-bottom: 3px solid #0b0c0c; padding-bottom: 0.2rem; margin-top: 2rem; }
    h3 { font-size: 1.1rem; margin: 1.4rem 0 0.4rem; }
    h4 { font-size: 1rem; margin: 1rem 0 0.3rem; }
    .scope, .source, footer { color: #505a5f; }
    table { border-collapse: collapse; width: 100%; margin: 0.3rem 0 0.8rem; font-size: 0.9rem; }
    th, td { border: 1px solid #b1b4b6; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
    th { background: #f3f2f1; }
    td.n { text-align: right; font-variant-numeric: tabular-nums; }
    .rag { display: inline-block; min-width: 3.6rem; padding: 0 0.3rem; color: #fff; font-weight: bold; text-align: center; }
    .rag-blue { background: #1d70b8; } .rag-red { background: #d4351c; }
    .rag-amber { background: #f47738; color: #0b0c0c; } .rag-green { background: #00703c; }
    .big { font-size: 1.3rem; }
    svg { display: block; max-width: 100%; height: auto; margin: 0.3rem 0 0.8rem; }
    svg text { font-family: inherit; font-size: 12px; fill: #0b0c0c; }
    .none { color: #505a5f; font-style: italic; }
    .kicker { color: #505a5f; text-transform: uppercase; letter-spacing: 0.05em; margin: 0; }
    dl.cover dt { float: left; clear: left; width: 7rem; font-weight: bold; } dl.cover dd { margin: 0 0 0.2rem 8rem; }
    tr.finding th { background: #e8f0f8; font-weight: normal; }
    tr.finding p { margin: 0.2rem 0; } tr.finding ul { margin: 0.2rem 0; padding-left: 1.2rem; }
    .measure, .note-by { color: #505a5f; font-size: 0.85rem; }
    table.register thead th:nth-child(2) { width: 30%; } table.register thead th:nth-child(7) { width: 24%; }
    ul.smart li { margin: 0.15rem 0; }
    * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    @page { size: A4; margin: 15mm 12mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #505a5f; } }
    @media print {
      body { margin: 0; max-width: none; font-size: 10pt; }
      header.cover { padding-top: 25%; }
      header.cover h1 { font-size: 24pt; }
      section.plan, section.part { break-before: page; page-break-before: always; }
      h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
      tr, svg { break-inside: avoid; page-break-inside: avoid; }
      tr.finding { break-after: avoid; page-break-after: avoid; }
      thead { display: table-header-group; }
    }

    """

    private static func render(_ s: PlanSummary, summary: ProgressSummary, into out: inout String) {
        let plan = s.plan
        out += "<section class=\"plan\" id=\"plan-\(plan.id)\">\n"
        out += "<h2>Plan \(plan.id): \(esc(plan.title))</h2>\n"
        var source = "\(plan.kind.label), \(plan.authority)"
        if let letter = plan.letterDate { source += ", letter of \(letter.longDescription)" }
        out += "<p class=\"source\">Source: \(esc(source)). Received \(esc(plan.received.longDescription + plan.receivedNote))."
        if let file = plan.sourceFile { out += " File: \(esc(file))." }
        out += "</p>\n"
        inspection(plan, into: &out)

        out += "<h3>Milestones</h3>\n"
        if s.milestones.isEmpty { out += "<p class=\"none\">None recorded.</p>\n" } else {
            table(["Milestone", "Due", "Standing", "Submitted"], numeric: [], s.milestones.map { m in
                [esc(m.milestone.title), m.milestone.due?.iso ?? "—", esc(m.standing), m.milestone.done?.iso ?? "—"]
            }, into: &out)
        }

        let t = s.totals
        out += "<h3>Progress</h3>\n"
        out += "<p class=\"big\"><strong>\(t.percentComplete)% complete</strong>: \(t.count(.complete)) of \(t.active) active actions (\(t.total) in all, \(t.count(.cancelled)) cancelled); \(t.overdue) overdue.</p>\n"
        bragBar(t, into: &out)
        table(["Status", "Actions", "%"], numeric: [1, 2], ActionStatus.allCases.map {
            [esc($0.label), String(t.count($0)), t.share($0).map { "\($0)%" } ?? "—"]
        }, into: &out)
        table(["BRAG", "Actions", "%"], numeric: [1, 2], RAG.allCases.map {
            [ragBadge($0), String(t.count($0)), "\(t.share($0))%"]
        }, into: &out)

        out += "<h3>Percent complete by section</h3>\n"
        if s.bySection.isEmpty { out += "<p class=\"none\">No actions.</p>\n" } else {
            sectionChart(s.bySection, into: &out)
            table(["Section", "Actions", "Complete", "Overdue", "% complete"], numeric: [1, 2, 3, 4], s.bySection.map {
                [esc($0.section.isEmpty ? "(no section)" : $0.section), String($0.counts.total), String($0.counts.count(.complete)),
                 String($0.counts.overdue), "\($0.counts.percentComplete)%"]
            }, into: &out)
        }
        out += "<h3>By category</h3>\n"
        if s.byCategory.isEmpty { out += "<p class=\"none\">No actions.</p>\n" } else {
            table(["Category", "Actions", "Complete", "Overdue", "% complete"], numeric: [1, 2, 3, 4], s.byCategory.map {
                [esc($0.category.label), String($0.counts.total), String($0.counts.count(.complete)), String($0.counts.overdue),
                 "\($0.counts.percentComplete)%"]
            }, into: &out)
        }

        out += "<h3>Complete actions over time</h3>\n"
        completionChart(s, asOf: summary.asOf, into: &out)

        out += "<h3>Exceptions (red and amber)</h3>\n"
        if s.exceptions.isEmpty { out += "<p class=\"none\">None.</p>\n" } else {
            table(["RAG", "Ref", "Action", "Owner", "Due", "WD overdue", "Latest note"], numeric: [5], s.exceptions.map { line in
                [colour(line), ref(line), esc(line.action.title), owner(line), line.action.due?.iso ?? "—",
                 String(line.workingDaysOverdue), note(line)]
            }, into: &out)
        }
        out += "<h3>Overdue</h3>\n"
        if s.overdue.isEmpty { out += "<p class=\"none\">None.</p>\n" } else {
            table(["Ref", "Action", "Owner", "Due", "WD overdue", "Status"], numeric: [4], s.overdue.map { line in
                [ref(line), esc(line.action.title), owner(line), line.action.due?.iso ?? "—", String(line.workingDaysOverdue),
                 esc(line.action.status.label)]
            }, into: &out)
        }
        out += "<h3>Due in the next \(summary.dueSoonWindow) working days</h3>\n"
        if s.dueSoon.isEmpty { out += "<p class=\"none\">None.</p>\n" } else {
            table(["Ref", "Action", "Owner", "Due", "WD left", "Status"], numeric: [4], s.dueSoon.map { line in
                [ref(line), esc(line.action.title), owner(line), line.action.due?.iso ?? "—",
                 String(line.workingDaysRemaining ?? 0), esc(line.action.status.label)]
            }, into: &out)
        }

        if let c = s.changes {
            out += "<h3>Changes since \(esc(c.since.longDescription))</h3>\n"
            if c.isEmpty { out += "<p class=\"none\">No changes.</p>\n" }
            if !c.completed.isEmpty {
                out += "<h4>Completed</h4>\n"
                table(["Ref", "Action", "Owner", "Completed", "By"], numeric: [], c.completed.map {
                    [ref($0.line), esc($0.line.action.title), owner($0.line), $0.day.iso, esc($0.who)]
                }, into: &out)
            }
            if !c.reprogrammed.isEmpty {
                out += "<h4>Reprogrammed</h4>\n"
                table(["Ref", "Action", "Owner", "Old due", "New due", "Moves", "By"], numeric: [5], c.reprogrammed.map {
                    [ref($0.line), esc($0.line.action.title), owner($0.line), $0.oldDue.iso, $0.newDue?.iso ?? "none",
                     String($0.times), esc($0.who)]
                }, into: &out)
            }
            if !c.ragChanges.isEmpty {
                out += "<h4>RAG changes</h4>\n"
                table(["Ref", "Action", "Owner", "Was", "Now"], numeric: [], c.ragChanges.map {
                    [ref($0.line), esc($0.line.action.title), owner($0.line), $0.from.map(ragBadge) ?? "—", $0.to.map(ragBadge) ?? "—"]
                }, into: &out)
            }
            if !c.newActions.isEmpty {
                out += "<h4>New actions</h4>\n"
                table(["Ref", "Action", "Owner", "Added", "By"], numeric: [], c.newActions.map {
                    [ref($0.line), esc($0.line.action.title), owner($0.line), $0.day.iso, esc($0.who)]
                }, into: &out)
            }
        }

        out += "<h3>By owner</h3>\n"
        if s.owners.isEmpty { out += "<p class=\"none\">No actions.</p>\n" } else {
            table(["Owner", "Open", "Overdue", "Complete"], numeric: [1, 2, 3], s.owners.map {
                [esc($0.owner ?? "(no owner)"), String($0.open), String($0.overdue), String($0.complete)]
            }, into: &out)
        }
        out += "<h3>Coverage</h3>\n"
        if s.coverage.isEmpty {
            out += "<p>Every improvement finding has an open or complete action.</p>\n"
        } else {
            out += "<p>Improvement findings with no open or complete action:</p>\n"
            table(["Ref", "Category", "Finding"], numeric: [], s.coverage.map { [esc($0.ref), esc($0.category.label), esc($0.text)] },
                  into: &out)
        }
        recurring(s, into: &out)
        register(s, into: &out)
        ownerSections(s, into: &out)
        smart(s, asOf: summary.asOf, into: &out)
        out += "</section>\n"
    }

    // MARK: The board pack's parts

    /// "Recurring findings": each finding the authority's earlier documents raised before, with
    /// where (docs/recurrence.md); left out when there is none.
    private static func recurring(_ s: PlanSummary, into out: inout String) {
        if s.recurring.isEmpty { return }
        out += "<h3>Recurring findings</h3>\n"
        out += "<p>Findings that \(esc(s.plan.authority))’s earlier documents raised before:</p>\n"
        table(["Ref", "Finding", "Raised before"], numeric: [], s.recurring.map {
            [esc($0.finding.ref), esc($0.finding.text), esc(Recurrence.documents($0.recurrences) ?? "")]
        }, into: &out)
    }

    /// The inspectors, the visit dates and the graded judgements of the source document.
    private static func inspection(_ plan: Plan, into out: inout String) {
        out += "<h3>The inspection</h3>\n<p>"
        if !plan.visitDates.isEmpty { out += "Visit: \(esc(plan.visitDates.map(\.longDescription).joined(separator: ", "))). " }
        out += "Inspectors: \(plan.inspectors.isEmpty ? "none recorded" : esc(plan.inspectors.joined(separator: ", ")))."
        out += "</p>\n"
        if plan.judgements.isEmpty { out += "<p class=\"none\">No graded judgements recorded.</p>\n"; return }
        table(["Judgement", "Grade"], numeric: [], plan.judgements.map { [esc($0.area), esc($0.grade)] }, into: &out)
    }

    /// Every action under its finding: one table, so that its header repeats on every page.
    private static func register(_ s: PlanSummary, into out: inout String) {
        out += "<section class=\"part register\" id=\"register-\(s.plan.id)\">\n<h3>Action register: plan \(s.plan.id)</h3>\n"
        if s.register.isEmpty { out += "<p class=\"none\">No findings with actions.</p>\n</section>\n"; return }
        let header = ["Ref", "Action and success measure", "Owner", "Due", "Status", "RAG", "Latest note"]
        out += "<table class=\"register\">\n<thead><tr>"
        for h in header { out += "<th scope=\"col\">\(esc(h))</th>" }
        out += "</tr></thead>\n"
        for entry in s.register {
            let f = entry.finding
            out += "<tbody>\n<tr class=\"finding\"><th colspan=\"\(header.count)\" scope=\"rowgroup\"><strong>\(esc(f.ref))</strong> · \(esc(f.category.label))"
            if !f.sectionPath.isEmpty { out += " · \(esc(f.section))" }
            out += "<p>\(esc(f.text))</p>"
            if !f.subItems.isEmpty { out += "<ul>" + f.subItems.map { "<li>\(esc($0))</li>" }.joined() + "</ul>" }
            out += "</th></tr>\n"
            if entry.actions.isEmpty { out += "<tr><td colspan=\"\(header.count)\" class=\"none\">No action.</td></tr>\n" }
            for line in entry.actions {
                let a = line.action
                out += "<tr><td>\(ref(line))</td><td>\(esc(a.title))<div class=\"measure\">Success measure: \(esc(a.successMeasure ?? "—"))</div></td>"
                out += "<td>\(owner(line))</td><td>\(esc(line.dueWithStanding))</td><td>\(esc(a.status.label))</td><td>\(colour(line))</td>"
                out += "<td>\(noteWithAuthor(line))</td></tr>\n"
            }
            out += "</tbody>\n"
        }
        out += "</table>\n</section>\n"
    }

    /// Each owner's actions, named owners first, then the actions nobody owns.
    private static func ownerSections(_ s: PlanSummary, into out: inout String) {
        out += "<section class=\"part owners\" id=\"owners-\(s.plan.id)\">\n<h3>Actions by owner: plan \(s.plan.id)</h3>\n"
        if s.owners.isEmpty { out += "<p class=\"none\">No actions.</p>\n" }
        for o in s.owners {
            out += "<h4>\(esc(o.owner ?? "(no owner)"))</h4>\n<p>\(o.open) open, \(o.overdue) overdue, \(o.complete) complete</p>\n"
            table(["Ref", "Action", "Due", "Status", "RAG"], numeric: [], o.actions.map { line in
                [ref(line), esc(line.action.title), esc(line.dueWithStanding), esc(line.action.status.label), colour(line)]
            }, into: &out)
        }
        out += "</section>\n"
    }

    /// The SMART check's warnings, worded as `actionplan check` words them.
    private static func smart(_ s: PlanSummary, asOf: Day, into out: inout String) {
        out += "<section class=\"part smart\" id=\"smart-\(s.plan.id)\">\n<h3>SMART warnings: plan \(s.plan.id)</h3>\n"
        if s.smartFlags.isEmpty {
            out += "<p>None on \(esc(asOf.longDescription)).</p>\n"
        } else {
            let n = s.smartFlags.count
            out += "<p>\(n) \(n == 1 ? "warning" : "warnings") on \(esc(asOf.longDescription)), as <code>actionplan check</code> gives them:</p>\n<ul class=\"smart\">\n"
            for flag in s.smartFlags { out += "<li>\(esc(flag.text))</li>\n" }
            out += "</ul>\n"
        }
        out += "</section>\n"
    }

    /// The colour badge, with the mark and the reason when a person set it (`ActionLine.colourText`).
    private static func colour(_ line: ActionLine) -> String {
        guard let rag = line.rag else { return "—" }
        guard RAGRules.isSetByHand(line.action) else { return ragBadge(rag) }
        return ragBadge(rag) + RAGRules.setByHandMark + (line.action.ragReason.map { " <small>(\(esc($0)))</small>" } ?? "")
    }

    private static func noteWithAuthor(_ line: ActionLine) -> String {
        guard let note = line.latestNote else { return "—" }
        return "\(note.day.iso) <span class=\"note-by\">\(esc(note.author))</span>: \(esc(note.text))"
    }

    private static func ref(_ line: ActionLine) -> String { esc(line.ref) }
    private static func owner(_ line: ActionLine) -> String { esc(line.accountable) }
    private static func note(_ line: ActionLine) -> String {
        guard let note = line.latestNote else { return "—" }
        return "\(note.day.iso): \(esc(note.text))"
    }
    private static func ragBadge(_ rag: RAG) -> String { "<span class=\"rag rag-\(rag.rawValue)\">\(rag.label)</span>" }

    /// Cells are already escaped HTML.
    static func table(_ header: [String], numeric: Set<Int>, _ rows: [[String]], into out: inout String) {
        out += "<table>\n<thead><tr>"
        for h in header { out += "<th scope=\"col\">\(esc(h))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() { out += numeric.contains(i) ? "<td class=\"n\">\(cell)</td>" : "<td>\(cell)</td>" }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
    }

    // MARK: Charts

    private static func bragBar(_ t: ProgressCounts, into out: inout String) {
        let width = 600.0, height = 28.0
        let total = RAG.allCases.reduce(0) { $0 + t.count($1) }
        let label = RAG.allCases.map { "\($0.label) \(t.count($0))" }.joined(separator: ", ")
        out += "<svg class=\"brag\" viewBox=\"0 0 \(Int(width)) 52\" width=\"\(Int(width))\" height=\"52\" role=\"img\" aria-label=\"\(esc("BRAG: " + label))\">\n"
        out += "<title>\(esc("BRAG: " + label))</title>\n"
        if total == 0 {
            out += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#f3f2f1\"/>\n"
            out += "<text x=\"8\" y=\"19\">No open or complete actions</text>\n"
        } else {
            var x = 0.0
            for rag in RAG.allCases where t.count(rag) > 0 {
                let w = width * Double(t.count(rag)) / Double(total)
                out += "<rect x=\"\(num(x))\" y=\"0\" width=\"\(num(w))\" height=\"\(Int(height))\" fill=\"\(colours[rag]!)\"><title>\(rag.label): \(t.count(rag))</title></rect>\n"
                x += w
            }
        }
        var lx = 0.0
        for rag in RAG.allCases {
            out += "<rect x=\"\(num(lx))\" y=\"36\" width=\"12\" height=\"12\" fill=\"\(colours[rag]!)\"/>"
            out += "<text x=\"\(num(lx + 16))\" y=\"46\">\(rag.label) \(t.count(rag)) (\(t.share(rag))%)</text>\n"
            lx += 150
        }
        out += "</svg>\n"
    }

    private static func sectionChart(_ sections: [SectionProgress], into out: inout String) {
        let labelWidth = 300.0, barWidth = 260.0, row = 22.0
        let height = Double(sections.count) * row + 6
        out += "<svg class=\"sections\" viewBox=\"0 0 620 \(num(height))\" width=\"620\" height=\"\(num(height))\" font-size=\"12\" role=\"img\" aria-label=\"Percent complete by section\">\n"
        out += "<title>Percent complete by section</title>\n"
        for (i, s) in sections.enumerated() {
            let y = Double(i) * row + 3
            let name = s.section.isEmpty ? "(no section)" : s.section
            // At the chart's own font size (12 units, whatever the page's) 42 characters fit the
            // 300-unit label column; the whole name is the row's tooltip.
            let shown = name.count > 42 ? String(name.prefix(41)) + "…" : name
            let pct = s.counts.percentComplete
            out += "<g><title>\(esc("\(name): \(pct)% complete"))</title>"
            out += "<text x=\"0\" y=\"\(num(y + 14))\">\(esc(shown))</text>"
            out += "<rect x=\"\(num(labelWidth))\" y=\"\(num(y + 2))\" width=\"\(num(barWidth))\" height=\"14\" fill=\"#f3f2f1\"/>"
            out += "<rect x=\"\(num(labelWidth))\" y=\"\(num(y + 2))\" width=\"\(num(barWidth * Double(pct) / 100))\" height=\"14\" fill=\"\(colours[.blue]!)\"/>"
            out += "<text x=\"\(num(labelWidth + barWidth + 8))\" y=\"\(num(y + 14))\">\(pct)%</text></g>\n"
        }
        out += "</svg>\n"
    }

    private static func completionChart(_ s: PlanSummary, asOf: Day, into out: inout String) {
        let points = s.completions
        guard let first = points.first else {
            out += "<p class=\"none\">The audit trail records no completed action up to this date.</p>\n"
            return
        }
        let start = min(s.plan.received, first.day)
        let end = max(asOf, points.last!.day)
        let span = max(1, end.dayNumber - start.dayNumber)
        let top = max(1, s.totals.active, points.map(\.complete).max() ?? 1)
        let left = 40.0, right = 600.0, topY = 10.0, bottom = 170.0
        func x(_ d: Day) -> Double { left + (right - left) * Double(d.dayNumber - start.dayNumber) / Double(span) }
        func y(_ v: Int) -> Double { bottom - (bottom - topY) * Double(v) / Double(top) }
        var path = "\(num(x(start))),\(num(y(0)))"
        var current = 0
        for p in points {
            path += " \(num(x(p.day))),\(num(y(current))) \(num(x(p.day))),\(num(y(p.complete)))"
            current = p.complete
        }
        path += " \(num(x(end))),\(num(y(current)))"
        let label = "Complete actions over time: \(current) complete at \(end.iso), out of \(s.totals.active) active"
        out += "<svg class=\"completions\" viewBox=\"0 0 620 200\" width=\"620\" height=\"200\" role=\"img\" aria-label=\"\(esc(label))\">\n"
        out += "<title>\(esc(label))</title>\n"
        out += "<line x1=\"\(num(left))\" y1=\"\(num(bottom))\" x2=\"\(num(right))\" y2=\"\(num(bottom))\" stroke=\"#0b0c0c\"/>\n"
        out += "<line x1=\"\(num(left))\" y1=\"\(num(topY))\" x2=\"\(num(left))\" y2=\"\(num(bottom))\" stroke=\"#0b0c0c\"/>\n"
        out += "<line x1=\"\(num(left))\" y1=\"\(num(y(s.totals.active)))\" x2=\"\(num(right))\" y2=\"\(num(y(s.totals.active)))\" stroke=\"#b1b4b6\" stroke-dasharray=\"4 3\"/>\n"
        out += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colours[.blue]!)\" stroke-width=\"2\"/>\n"
        out += "<text x=\"\(num(left - 6))\" y=\"\(num(bottom + 4))\" text-anchor=\"end\">0</text>\n"
        out += "<text x=\"\(num(left - 6))\" y=\"\(num(y(top) + 4))\" text-anchor=\"end\">\(top)</text>\n"
        out += "<text x=\"\(num(left))\" y=\"\(num(bottom + 20))\">\(start.iso)</text>\n"
        out += "<text x=\"\(num(right))\" y=\"\(num(bottom + 20))\" text-anchor=\"end\">\(end.iso)</text>\n"
        out += "</svg>\n"
    }

    /// A coordinate with at most one decimal.
    static func num(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// Text escaped for element content and attribute values.
    public static func esc(_ text: String) -> String {
        if TerminalSafe.isClean(text), !text.containsUTF8Byte(where: { $0 == 0x0D || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) {
            return text
        }
        // Built as bytes: appending scalar by scalar to a String is several times slower.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;".utf8
            case "<": out += "&lt;".utf8
            case ">": out += "&gt;".utf8
            case "\"": out += "&quot;".utf8
            case "'": out += "&#39;".utf8
            default:
                // Control characters other than tab and line breaks are not allowed in HTML or
                // XML; C1 controls and bidirectional overrides (which would reorder the page's
                // text) are dropped too.
                if TerminalSafe.isControl(scalar) && scalar != "\r" {
                    out.append(0x20)
                } else if scalar.isASCII {
                    out.append(UInt8(scalar.value))
                } else {
                    UTF8.encode(scalar) { out.append($0) }
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
