import ActionPlanModel
import ActionPlanCore
import TerminalText

/// The first screen: one row per plan with its progress, colours and next milestone.
///
/// A database may hold thousands of plans and 100,000 actions, so the counts of a plan are
/// read when its row first comes into view, for the rows in view only, and kept until the
/// next change; nothing is read per frame once they are known.
final class PlansScreen: Screen {
    struct Row: Sendable {
        var plan: Plan
        var next: Milestone?
    }

    private(set) var rows: [Row] = []
    /// Counts of the plans already shown since the last change; nil for a plan whose actions
    /// could not be read.
    private(set) var counts: [Int64: ProgressCounts?] = [:]
    private var countActions: (([Int64]) -> [Int64: ProgressCounts]?)?
    var cursor = ListCursor()
    private(set) var position: String?
    /// Archived plans are listed too (`H`), each marked as archived.
    private(set) var showingArchived = false

    var kind: ScreenKind { .plans }
    var crumb: String { "Plans" }

    var planId: Int64? { selectedPlan?.id }
    var selectedPlan: Plan? { rows.indices.contains(cursor.selected) ? rows[cursor.selected].plan : nil }

    func reload(_ context: UIContext) throws {
        let keep = planId
        let store = context.store
        let rules = context.rules
        let visibility: Visibility = showingArchived ? .includingArchived : .current
        let plans = try store.plans(visibility)
        var milestones: [Int64: [Milestone]] = [:]
        for m in try store.milestones(planId: nil, visibility) { milestones[m.planId, default: []].append(m) }
        rows = plans.map { Row(plan: $0, next: nextMilestone(milestones[$0.id] ?? [])) }
        if let keep, let i = rows.firstIndex(where: { $0.plan.id == keep }) { cursor.selected = i }
        counts = [:]
        countActions = { ids in try? store.progressCounts(planIds: ids, rules: rules) }
    }

    /// Reads the counts of the plans in `range` that are not known yet, in one query.
    private func ensureCounts(_ range: Range<Int>) {
        let missing = range.map { rows[$0].plan.id }.filter { counts[$0] == nil }
        guard !missing.isEmpty, let countActions else { return }
        if let found = countActions(missing) {
            for id in missing { counts[id] = .some(found[id] ?? ProgressCounts()) }
        } else {
            for id in missing { counts[id] = .some(nil) }
        }
    }

    /// Column widths for a screen width: authority, kind, letter date, progress, BRAG.
    private func layout(_ width: Int) -> (authority: Int, kind: Int, bar: Int, brag: Int, milestone: Int) {
        let kind = width >= 100 ? 22 : (width >= 80 ? 11 : 0)
        let bar = width >= 100 ? 10 : 6
        let brag = 12
        // marker 1, letter 10, progress bar + " 100%", spaces between columns.
        let fixed = 1 + (kind > 0 ? kind + 1 : 0) + 11 + (bar + 6) + (brag + 1)
        let rest = max(20, width - fixed)
        let authority = max(10, rest * 45 / 100)
        return (authority, kind, bar, brag, max(0, rest - authority - 1))
    }

    func draw(_ buffer: inout CellBuffer, area: Area, context: UIContext) {
        let rules = context.rules
        let l = layout(area.width)
        var header = " " + Format.pad("Authority", l.authority) + " "
        if l.kind > 0 { header += Format.pad("Kind", l.kind) + " " }
        header += Format.pad("Letter", 10) + " " + Format.pad("Complete", l.bar + 5) + " "
            + Format.pad("B  R  A  G", l.brag) + " " + "Next milestone"
        buffer.put(header, x: 0, y: area.top, style: .heading, maxWidth: area.width)
        buffer.fill(x: DisplayWidth.of(header), y: area.top, style: .heading)
        let listTop = area.top + 1
        let visible = max(1, area.height - 4)
        if rows.isEmpty {
            buffer.put("No plans yet. Press \(KeyMap.plans.keyName(for: .importFile)) to import an inspection letter,", x: 2, y: listTop + 1)
            buffer.put("or run `actionplan demo` to make a demonstration database.", x: 2, y: listTop + 2)
            return
        }
        cursor.clamp(count: rows.count, visible: visible)
        ensureCounts(cursor.top..<min(rows.count, cursor.top + visible))
        for i in cursor.top..<min(rows.count, cursor.top + visible) {
            let row = rows[i]
            let known = counts[row.plan.id] ?? nil
            let y = listTop + i - cursor.top
            let selected = i == cursor.selected
            var line = StyledLine()
            line.spans.append(Span(selected ? "▶" : " "))
            // First, so that it shows however narrow the column (the title below says the rest).
            let authority = row.plan.archived ? "(archived) " + row.plan.authority : row.plan.authority
            line.spans.append(Span(Format.pad(authority, l.authority) + " ", row.plan.archived ? .dim : .bold))
            if l.kind > 0 { line.spans.append(Span(Format.pad(l.kind >= 20 ? row.plan.kind.label : PlansScreen.shortKind(row.plan.kind), l.kind) + " ")) }
            line.spans.append(Span(Format.pad(row.plan.letterDate?.iso ?? "—", 10) + " "))
            let rowCounts = known ?? ProgressCounts()
            let pct = rowCounts.percentComplete
            line.spans.append(Span(Format.bar(percent: pct, width: l.bar), Style(colour: .blue)))
            line.spans.append(Span(Format.pad(known == nil ? "?" : "\(pct)%", 5, right: true) + " "))
            var bragWidth = 0
            for span in (known == nil ? [Span("cannot read", .dim)] : bragColumns(rowCounts)) {
                line.spans.append(span)
                bragWidth += DisplayWidth.of(span.text)
            }
            line.spans.append(Span(String(repeating: " ", count: max(0, l.brag + 1 - bragWidth))))
            if let next = row.next, let due = next.due {
                let rel = Format.relative(due: due, rules: rules)
                line.spans.append(Span(rel.text, rel.style))
                line.spans.append(Span(": " + next.title))
            } else {
                line.spans.append(Span("—", .dim))
            }
            if selected { buffer.fill(y: y, style: .selection) }
            buffer.put(line, x: 0, y: y, maxWidth: area.width, reverse: selected)
        }
        position = rows.count > visible ? "plan \(cursor.selected + 1) of \(rows.count)" : nil
        // The selected plan in full, below the list.
        let detailY = area.top + area.height - 3
        let row = rows[cursor.selected]
        buffer.put(Format.oneLine(row.plan.title), x: 1, y: detailY, style: .bold, maxWidth: area.width - 2)
        var summary = (row.plan.archived ? "Archived · " : "") + "\(row.plan.kind.label) · received \(row.plan.received.iso)" + (row.plan.receivedEstimated ? " (estimate)" : "")
        if let c = counts[row.plan.id] ?? nil {
            summary += " · \(Format.count(c.total, "action")), \(c.percentComplete)% complete, \(c.overdue) overdue"
        }
        buffer.put(summary, x: 1, y: detailY + 1, maxWidth: area.width - 2)
        if let next = row.next {
            var line = StyledLine([Span("Next milestone: ")])
            line.spans += Format.milestone(next, rules: rules)
            buffer.put(line, x: 1, y: detailY + 2, maxWidth: area.width - 2)
        }
    }

    static func shortKind(_ kind: DocumentKind) -> String {
        switch kind {
        case .unannouncedInspection: return "Unannounced"
        case .focusedVisit: return "Focused"
        case .ilacsInspection: return "ILACS"
        case .slacInspection: return "SLAC"
        case .monitoringVisit: return "Monitoring"
        case .sendLocalArea: return "Area SEND"
        case .jtai: return "JTAI"
        case .peerReview: return "Peer review"
        case .other: return "Other"
        }
    }

    /// "B2  R1  A3  G4" with every count in its colour, each in 3 cells when they fit.
    private func bragColumns(_ counts: ProgressCounts) -> [Span] {
        var spans: [Span] = []
        for rag in [RAG.blue, .red, .amber, .green] {
            let text = "\(counts.count(rag))"
            spans.append(Span(text, Format.ragStyle(rag)))
            spans.append(Span(String(repeating: " ", count: max(1, 3 - text.count))))
        }
        return spans
    }

    func perform(_ request: Request, app: App, area: Area) -> Bool {
        let visible = max(1, area.height - 4)
        if cursor.move(request, count: rows.count, visible: visible) { return true }
        switch request {
        case .open:
            if let id = planId { app.push(PlanScreen(planId: id)) }
            return true
        case .dashboard:
            if let id = planId { app.push(DashboardScreen(planId: id)) }
            return true
        case .showArchived:
            showingArchived.toggle()
            app.reloadTop()
            app.say(showingArchived ? "Archived plans are shown, marked (archived): \(KeyMap.plans.keyName(for: .showArchived)) hides them"
                    : "Archived plans are hidden: \(KeyMap.plans.keyName(for: .showArchived)) shows them")
            return true
        case .archive, .editPlan, .remove:
            guard let plan = selectedPlan else {
                app.say("No plan yet: press \(KeyMap.plans.keyName(for: .importFile)) to import one")
                app.ignoreTypedText(after: request)
                return true
            }
            switch request {
            case .archive:
                let result = app.writer.updatePlan(plan, PlanChanges(archived: !plan.archived))
                app.reloadTop()
                app.show(result)
            case .editPlan:
                app.ask(.planField(plan))
            default:
                ensureCounts(cursor.selected..<cursor.selected + 1)
                let known = counts[plan.id] ?? nil
                app.ask(.removeReason(.plan(plan, actions: known?.total)))
            }
            return true
        default:
            return false
        }
    }

    func click(row: Int, area: Area, app: App, double: Bool) {
        let index = cursor.top + row - 1
        guard row >= 1, rows.indices.contains(index) else { return }
        cursor.selected = index
        if double, let id = planId { app.push(PlanScreen(planId: id)) }
    }

    func scroll(by rows: Int, area: Area) {
        cursor.scroll(by: rows, count: self.rows.count, visible: max(1, area.height - 4))
    }
}
