import ActionPlanModel
import ActionPlanCore
import TerminalText

/// One plan: its milestones, then its findings grouped by section and category with their
/// actions. Rows are computed once per change of data, filter, search, order or folding;
/// only the rows in the window are formatted.
final class PlanScreen: Screen {
    let id: Int64
    private(set) var data: PlanData?
    private(set) var rows: [PlanRow] = []
    /// The last rows built on the current data (nil after a read): the next search narrows them.
    private var built: PlanRows?
    var cursor = ListCursor()
    private(set) var position: String?
    /// Rows formatted since the counter was last reset (a test checks that a frame formats
    /// only what it shows).
    var formattedRows = 0
    var filter = ActionFilter()
    var search = ""
    var sort = ActionSort.plan
    var collapsed: Set<String> = []
    /// The marked actions' ids (`t`, `T`); kept across reloads while the actions exist.
    private(set) var marked: Set<Int64> = []
    private var who = ""
    private var rules: RAGRules?

    /// The rest of a large plan, while it is read in the background.
    private var reading: PlanReading?
    /// Why the rest of a large plan could not be read, shown in place of its totals.
    private var readingFailed: String?

    /// A plan of more findings than this (real plans have tens) opens on its first ones (a few
    /// screens) and reads the rest in the background; what needs every action (a search, a
    /// filter, an order, the last rows) waits for it.
    static let firstFindings = 250

    init(planId: Int64) { id = planId }

    deinit { reading?.cancel() }

    var kind: ScreenKind { .plan }
    var planId: Int64? { id }
    /// A change to another plan leaves this one as it is.
    func isAffected(by notice: ChangeNotice) -> Bool { notice.concerns(planId: id) }
    var crumb: String { data.map { Format.oneLine($0.plan.title) } ?? "Plan \(id)" }

    var selectedRow: PlanRow? { rows.indices.contains(cursor.selected) ? rows[cursor.selected] : nil }

    var selectedTarget: EditTarget? {
        guard let data, case .action(let a)? = selectedRow else { return nil }
        return EditTarget(action: data.actions[a], ref: data.refs[a])
    }

    var markedCount: Int { marked.count }

    /// The finding whose own row is selected (not one of its actions): `E` edits its text.
    var selectedFindingRow: Finding? {
        guard let data, case .finding(let f)? = selectedRow else { return nil }
        return data.findings[f]
    }

    /// The actions of a finding (all of them, shown or not), as edit targets in plan order: an
    /// edit key on the finding's row acts on its one action, or asks which of several.
    func targets(of finding: Finding) -> [EditTarget] {
        guard let data, let f = data.findings.firstIndex(where: { $0.id == finding.id }) else { return [] }
        return data.actionsByFinding[f].map { EditTarget(action: data.actions[$0], ref: data.refs[$0]) }
    }

    /// The marked actions in plan order, shown or not (the status line says how many are not).
    var markedTarget: EditTarget? {
        if !marked.isEmpty { finishReading() }  // marked actions may be past the first findings
        guard let data, !marked.isEmpty else { return nil }
        let indices = data.actions.indices.filter { marked.contains(data.actions[$0].id) }
        guard !indices.isEmpty else { return nil }
        return EditTarget(actions: indices.map { data.actions[$0] }, refs: indices.map { data.refs[$0] })
    }

    var selectedFinding: Finding? {
        guard let data else { return nil }
        switch selectedRow {
        case .finding(let f)?: return data.findings[f]
        case .action(let a)?: return data.findings[data.findingOfAction[a]]
        default: return nil
        }
    }

    func reload(_ context: UIContext) throws {
        who = context.who
        rules = context.rules
        // The identity of the selection is taken from the old data: row indices mean nothing
        // in the new one.
        let identity = selectedIdentity
        reading?.cancel()
        reading = nil
        readingFailed = nil
        if filter.isEmpty, search.isEmpty, sort == .plan, collapsed.isEmpty,
           let first = try PlanData.loadFirst(planId: id, context: context, findings: Self.firstFindings) {
            reading = PlanReading.start(planId: id, context: context)
            show(first, keeping: identity)
            // The selection (after a change) is further down than the first rows: wait for it.
            if let identity, selectedIdentity != identity { finishReading() }
            return
        }
        show(try PlanData.load(planId: id, context: context, smartCheck: true, recurrences: true, reusing: data?.isPart == false ? data : nil),
             keeping: identity)
    }

    private func show(_ new: PlanData?, keeping identity: RowIdentity?) {
        data = new
        built = nil
        // Marks stay while their actions exist: known only once the whole plan is read.
        if let new, !new.isPart { marked.formIntersection(new.actions.map(\.id)) }
        rebuild(keeping: identity)
    }

    /// Whether only the first findings of a large plan are read so far.
    var isPartlyRead: Bool { data?.isPart ?? false }

    /// Waits for the rest of a large plan, when it is being read, and shows it.
    func finishReading() {
        guard let reading else { return }
        took(reading.wait())
    }

    /// Shows the rest of a large plan if it has been read (looked at by every frame and key).
    private func takeReadPlan() {
        guard let reading, let result = reading.result else { return }
        took(result)
    }

    private func took(_ result: Result<PlanData?, any Error>) {
        reading = nil
        switch result {
        case .success(let whole):
            show(whole, keeping: selectedIdentity)
        case .failure(let error):
            // The first findings stay on screen; the totals line says why the rest is missing.
            readingFailed = "Could not read the rest of the plan: \(PlanWriter.describe(error))"
        }
    }

    /// Recomputes the rows after a change of filter, search, order or folding, keeping the
    /// selected action, finding or group selected when it is still shown. Each needs every
    /// action: the rest of a large plan is waited for.
    func rebuild() {
        finishReading()
        rebuild(keeping: selectedIdentity)
    }

    private func rebuild(keeping identity: RowIdentity?) {
        guard let data, let rules else {
            rows = []
            built = nil
            return
        }
        // On the same data a row stands for the same thing: it is found by value.
        let sameData = built != nil
        let selected = selectedRow
        let next = data.rows(filter: filter, search: search, sort: sort, collapsed: collapsed, rules: rules, who: who,
                             previous: built)
        built = next
        rows = next.rows
        if sameData {
            if let selected, let i = rows.firstIndex(of: selected) { cursor.selected = i }
        } else if let identity, let i = rows.firstIndex(where: { self.identity(of: $0) == identity }) {  // no strings built per row
            cursor.selected = i
        }
        cursor.clamp(count: rows.count, visible: 1_000_000)
    }

    /// What a row shows, independent of row indices (which change when the data is read again).
    enum RowIdentity: Hashable {
        case group(String), finding(Int64), action(Int64), none
    }

    private var selectedIdentity: RowIdentity? { selectedRow.map(identity(of:)) }

    private func identity(of row: PlanRow) -> RowIdentity {
        guard let data else { return .none }
        switch row {
        case .group(let g): return .group(data.groups[g].key)
        case .finding(let f): return .finding(data.findings[f].id)
        case .action(let a): return .action(data.actions[a].id)
        }
    }

    /// Selects the row of an action (after adding one).
    func select(actionId: Int64) {
        if isPartlyRead, !(data?.actions.contains { $0.id == actionId } ?? false) { finishReading() }
        guard let data else { return }
        if let i = rows.firstIndex(where: { if case .action(let a) = $0 { return data.actions[a].id == actionId }; return false }) {
            cursor.selected = i
        }
    }

    // MARK: Layout

    struct Columns {
        /// `id` is 0 (not shown) below 100 columns; the action screen's title always shows it.
        var ref = 5, id = 0, title = 20, owner = 10, due = 11, rel = 13, status = 11, rag = 1
    }

    /// The columns for a screen width; `largestId` sizes the Id column (shown from 100 columns).
    static func columns(width: Int, largestId: Int64) -> Columns {
        var c = Columns()
        if width >= 100 {
            c.id = max(3, "#\(largestId)".count)
            c.owner = 16
            c.rel = 14
            c.rag = 6  // "Amber*": a colour set by hand is starred
        } else if width >= 80 {
            c.owner = 12
            c.rag = 3
        } else {
            c.owner = 9
            c.due = 0
        }
        let gaps = 1 + 6 - (c.due == 0 ? 1 : 0) + (c.id > 0 ? 1 : 0)
        c.title = max(8, width - (c.ref + c.id + c.owner + c.due + c.rel + c.status + c.rag + gaps))
        return c
    }

    private var headerHeight: Int { 2 + milestoneLines + 2 }
    private var milestoneLines = 1

    func draw(_ buffer: inout CellBuffer, area: Area, context: UIContext) {
        takeReadPlan()
        guard let data else {
            buffer.put("This plan is no longer in the database.", x: 1, y: area.top + 1)
            return
        }
        let rules = context.rules
        var y = area.top
        // Plan header.
        let p = data.plan
        var line = StyledLine([Span(p.authority, .bold), Span(" · \(p.kind.label)")])
        if let letter = p.letterDate { line.spans.append(Span(" · letter \(letter.iso)")) }
        line.spans.append(Span(" · received \(p.received.iso)" + (p.receivedEstimated ? " (estimate)" : "")))
        if let earlier = data.earlierPlan {
            // The document says the earlier visit's priority actions remain.
            line.spans.append(Span(" · continues plan \(earlier.id) (\(earlier.received.iso))", Style(colour: .accent)))
        }
        buffer.put(line, x: 1, y: y, maxWidth: area.width - 2)
        y += 1
        milestoneLines = data.milestones.isEmpty ? 1 : min(data.milestones.count, area.height >= 20 ? 3 : 1)
        if data.milestones.isEmpty {
            buffer.put("No milestones.", x: 1, y: y, style: .dim)
        } else if milestoneLines == 1 {
            var ms = StyledLine([Span("Milestones: ")])
            for (i, m) in data.milestones.enumerated() {
                if i > 0 { ms.spans.append(Span(" · ")) }
                ms.spans += Format.milestone(m, rules: rules)
            }
            buffer.put(ms, x: 1, y: y, maxWidth: area.width - 2)
        } else {
            for (i, m) in data.milestones.prefix(milestoneLines).enumerated() {
                var ms = StyledLine([Span(i == 0 ? "Milestones: " : "            ")])
                ms.spans += Format.milestone(m, rules: rules)
                if i == milestoneLines - 1, data.milestones.count > milestoneLines {
                    ms.spans.append(Span(" (+\(data.milestones.count - milestoneLines) more: \(KeyMap.plan.keyName(for: .milestones)) lists them)", .dim))
                }
                buffer.put(ms, x: 1, y: y + i, maxWidth: area.width - 2)
            }
        }
        y += milestoneLines
        // Totals and what is shown.
        if data.isPart {
            let text = readingFailed ?? "Reading the rest of the plan: its totals and its SMART check follow…"
            buffer.put(text, x: 1, y: y, style: readingFailed == nil ? .dim : Style(colour: .red), maxWidth: area.width - 2)
        } else {
            buffer.put(PlanScreen.totals(data, width: area.width - 2), x: 1, y: y, maxWidth: area.width - 2)
        }
        y += 1
        var shown: [String] = []
        if !search.isEmpty { shown.append("search “\(search)”") }
        if !filter.isEmpty { shown.append("filter: \(filter.summary)") }
        if sort != .plan { shown.append("sorted by \(sort.label)") }
        if !shown.isEmpty {
            let count = rows.reduce(0) { if case .action = $1 { return $0 + 1 }; return $0 }
            buffer.put("Showing \(count) · " + shown.joined(separator: " · "), x: 1, y: y, style: Style(colour: .accent),
                       maxWidth: area.width - 2)
        }
        y += 1
        // Column headings.
        let c = PlanScreen.columns(width: area.width, largestId: data.actions.last?.id ?? 0)
        var heading = " " + Format.pad("Ref", c.ref) + " " + (c.id > 0 ? Format.pad("Id", c.id) + " " : "")
            + Format.pad("Action", c.title) + " " + Format.pad("Owner", c.owner) + " "
        if c.due > 0 { heading += Format.pad("Due", c.due) + " " }
        heading += Format.pad("", c.rel) + " " + Format.pad("Status", c.status) + " " + Format.pad(c.rag >= 3 ? "RAG" : "", c.rag)
        buffer.put(heading, x: 0, y: y, style: .heading, maxWidth: area.width)
        y += 1
        let listTop = y
        let visible = max(1, area.top + area.height - listTop)
        if rows.isEmpty {
            let why = data.findings.isEmpty ? "This plan has no findings yet." : "Nothing matches: press \(KeyMap.plan.keyName(for: .filter)) then x to clear the filter, or "
                + "\(KeyMap.plan.keyName(for: .search)) and \(KeyMap.prompt.keyName(for: .cancel))."
            buffer.put(why, x: 2, y: listTop, style: .dim, maxWidth: area.width - 3)
            return
        }
        cursor.clamp(count: rows.count, visible: visible)
        for i in cursor.top..<min(rows.count, cursor.top + visible) {
            let selected = i == cursor.selected
            let rowY = listTop + i - cursor.top
            if selected { buffer.fill(y: rowY, style: .selection) }
            buffer.put(format(rows[i], data: data, columns: c, rules: rules), x: 0, y: rowY, maxWidth: area.width,
                       reverse: selected)
            if case .action(let a) = rows[i], marked.contains(data.actions[a].id) {
                // A mark is a character, not a colour: it shows on any terminal.
                buffer.put("*", x: 0, y: rowY, style: selected ? Style.bold.selected : .bold)
            }
        }
        position = status(visible: visible)
    }

    /// The right of the key line: the marks, the search, the row; what stays in view while
    /// other messages come and go.
    private func status(visible: Int) -> String? {
        var parts: [String] = []
        if !marked.isEmpty {
            let shown = rows.reduce(0) { count, row in
                if case .action(let a) = row, let data, marked.contains(data.actions[a].id) { return count + 1 }
                return count
            }
            parts.append("\(marked.count) marked" + (shown < marked.count ? " (\(marked.count - shown) not shown)" : ""))
        }
        if !search.isEmpty { parts.append("/" + TerminalSafe.visible(search, oneLine: true)) }
        if rows.count > visible { parts.append("row \(cursor.selected + 1) of \(rows.count)") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// Formats one visible row.
    private func format(_ row: PlanRow, data: PlanData, columns c: Columns, rules: RAGRules) -> StyledLine {
        formattedRows += 1
        switch row {
        case .group(let g):
            let group = data.groups[g]
            let folded = collapsed.contains(group.key)
            let actions = group.findingIndices.reduce(0) { $0 + data.actionsByFinding[$1].count }
            let size = data.isPart ? "reading…"
                : "\(Format.count(group.findingIndices.count, "finding")), \(Format.count(actions, "action"))"
            return StyledLine([Span(folded ? "▸ " : "▾ ", .accent), Span(group.title, .accent), Span("  (\(size))", .dim)])
        case .finding(let f):
            let finding = data.findings[f]
            var line = StyledLine([Span(" "), Span(Format.pad(finding.ref, c.ref) + " ", .bold)])
            if let years = Recurrence.raisedBeforeYears(data.raisedBefore[finding.id] ?? []) {
                line.spans.append(Span(years + " · ", Style(colour: .accent)))
            }
            line.spans.append(Span(Format.oneLine(finding.text)))
            return line
        case .action(let a):
            let action = data.actions[a]
            let rag = data.rags[a]
            var line = StyledLine([Span(" "), Span(Format.pad(data.refs[a], c.ref) + " ")])
            if c.id > 0 { line.spans.append(Span(Format.pad("#\(action.id)", c.id) + " ", .dim)) }
            line.spans.append(Span(Format.pad(action.title, c.title) + " "))
            line.spans.append(Span(Format.pad(action.owner ?? "—", c.owner) + " ", action.owner == nil ? .dim : .plain))
            if c.due > 0 {
                line.spans.append(Span(Format.pad(Format.due(action), c.due) + " ", action.dueProvisional ? .dim : .plain))
            }
            var rel = Format.relativeDue(action, rules: rules)
            if DisplayWidth.of(rel.text) > c.rel { rel.text = rel.text.replacingOccurrences(of: " wd", with: "wd") }
            line.spans.append(Span(Format.pad(rel.text, c.rel), rel.style))
            line.spans.append(Span(" "))
            line.spans.append(Span(Format.pad(action.status.label, c.status) + " ", Format.statusStyle(action.status)))
            var ragText = Format.rag(rag, short: c.rag < 5)
            if RAGRules.isSetByHand(action) && c.rag > 1 { ragText += RAGRules.setByHandMark }
            line.spans.append(Span(Format.pad(ragText, c.rag), Format.ragStyle(rag)))
            return line
        }
    }

    /// "5 actions · 20% complete · B1 R1 A1 G2 · 1 overdue · SMART: 7 flags (4 actions, 1 finding)",
    /// shortened to fit `width` so that the SMART count stays in view.
    static func totals(_ data: PlanData, width: Int) -> StyledLine {
        let counts = data.counts
        var smart: [[Span]] = [[]]
        if let s = data.smart {
            if s.flags == 0 {
                smart = [[Span(" · SMART: no flags", .dim)]]
            } else {
                let style = Style(colour: .amber)
                let head = " · SMART: \(Format.count(s.flags, "flag"))"
                var about: [String] = []
                if s.actions > 0 { about.append(Format.count(s.actions, "action")) }
                if s.findings > 0 { about.append(Format.count(s.findings, "finding")) }
                smart = [[Span(head + " (" + about.joined(separator: ", ") + ")", style)], [Span(head, style)]]
            }
        }
        var best = StyledLine()
        for complete in [" complete", ""] {
            for tail in smart {
                var line = StyledLine([Span("\(counts.total) actions · \(counts.percentComplete)%\(complete) · ")])
                line.spans += Format.brag(counts)
                line.spans.append(Span(" · \(counts.overdue) overdue", counts.overdue > 0 ? Style(colour: .red) : .plain))
                line.spans += tail
                best = line
                if DisplayWidth.of(line.text) <= width { return line }
            }
        }
        return best
    }

    private func listGeometry(_ area: Area) -> (top: Int, visible: Int) {
        let top = area.top + headerHeight
        return (top, max(1, area.top + area.height - top))
    }

    // MARK: Keys

    func perform(_ request: Request, app: App, area: Area) -> Bool {
        takeReadPlan()
        let visible = listGeometry(area).visible
        if isPartlyRead {
            // Moving within the rows read is instant; towards the last of them, or marking every
            // action shown, waits for the rest (a change of search, filter, order or folding
            // waits in `rebuild`).
            var probe = cursor
            if probe.move(request, count: rows.count, visible: visible) ? probe.top + 2 * visible >= rows.count : request == .markAll {
                finishReading()
            }
        }
        if cursor.move(request, count: rows.count, visible: visible) { return true }
        guard let data else { return false }
        switch request {
        case .open:
            switch selectedRow {
            case .group?: toggleGroup()
            case .action(let a)?: app.push(ActionScreen(actionId: data.actions[a].id, ref: data.refs[a]))
            case .finding(let f)?:
                if let first = data.actionsByFinding[f].first {
                    app.push(ActionScreen(actionId: data.actions[first].id, ref: data.refs[first]))
                } else {
                    app.say("This finding has no action yet: press \(KeyMap.plan.keyName(for: .addAction)) to add one.")
                }
            case nil: break
            }
        case .unfold:
            if case .action(let a)? = selectedRow {
                app.push(ActionScreen(actionId: data.actions[a].id, ref: data.refs[a]))
            } else {
                setFolded(false)
            }
        case .fold:
            setFolded(true)
        case .toggleGroup:
            toggleGroup()
        case .toggleAllGroups:
            if collapsed.isEmpty {
                collapsed = Set(data.groups.map(\.key))
            } else {
                collapsed = []
            }
            rebuild()
        case .search:
            app.ask(.search(previous: search))
        case .nextMatch, .previousMatch:
            goToMatch(forward: request == .nextMatch, app: app)
        case .clearSearch:
            if search.isEmpty { return false }
            search = ""
            rebuild()
            app.say("Search cleared")
        case .mark:
            guard case .action(let a)? = selectedRow else {
                app.say("Select an action to mark (\(KeyMap.plan.shortLabel(for: .down)) to move)")
                return true
            }
            let actionId = data.actions[a].id
            if marked.remove(actionId) == nil { marked.insert(actionId) }
            app.say(marked.contains(actionId) ? "Marked \(data.refs[a]) (\(marked.count) marked): "
                    + "\(KeyMap.plan.keyName(for: .applyToMarked)) then an edit key changes them all" : "Unmarked \(data.refs[a]) (\(marked.count) marked)")
            // Down to the next row, as mutt does, so that t t t marks a run of actions.
            _ = cursor.move(.down, count: rows.count, visible: visible)
        case .markAll:
            let shown = rows.compactMap { row -> Int64? in
                if case .action(let a) = row { return data.actions[a].id }
                return nil
            }
            if !shown.isEmpty, !Set(shown).isSubset(of: marked) {
                marked.formUnion(shown)
                app.say("Marked the \(Format.count(shown.count, "action")) shown (\(marked.count) marked)")
            } else {
                let count = marked.count
                marked = []
                app.say(count == 0 ? "No action is shown to mark" : "Unmarked all \(count)")
            }
        case .filter:
            app.ask(.filter(filter))
        case .sort:
            app.ask(.sort)
        case .dashboard:
            app.push(DashboardScreen(planId: id))
        case .milestones:
            app.push(MilestonesScreen(planId: id))
        case .remove:
            switch selectedRow {
            case .action?:
                if let target = selectedTarget { app.ask(.removeReason(.action(target))) }
            case .finding(let f)?:
                app.ask(.removeReason(.finding(data.findings[f], actions: data.actionsByFinding[f].count)))
            default:
                app.say("Select an action or a finding to remove (\(KeyMap.plan.shortLabel(for: .down)) to move)")
                app.ignoreTypedText(after: .remove)
            }
        default:
            return false
        }
        return true
    }

    /// `n`/`N`: the next or previous action row the search matches, wrapping around with a word.
    private func goToMatch(forward: Bool, app: App) {
        guard !search.isEmpty else {
            app.say("No search: press \(KeyMap.plan.keyName(for: .search)) to search first")
            return
        }
        let matches = rows.indices.filter { if case .action = rows[$0] { return true }; return false }
        guard !matches.isEmpty else {
            app.say("Nothing matches “\(TerminalSafe.visible(search, oneLine: true))”")
            return
        }
        let current = cursor.selected
        var next = forward ? matches.first { $0 > current } : matches.last { $0 < current }
        var wrapped = false
        if next == nil {
            next = forward ? matches.first : matches.last
            wrapped = true
        }
        cursor.selected = next ?? current
        let number = (matches.firstIndex(of: cursor.selected) ?? 0) + 1
        app.say("Match \(number) of \(matches.count)" + (wrapped ? (forward ? ": search wrapped to the top" : ": search wrapped to the bottom") : ""))
    }

    /// Shows and selects an action (`:42`), clearing the search and the filter and unfolding its
    /// group if they hid it; true when something was cleared.
    @discardableResult
    func reveal(actionId: Int64) -> Bool {
        finishReading()
        guard let data, let a = data.actions.firstIndex(where: { $0.id == actionId }) else { return false }
        var cleared = false
        if !rows.contains(.action(a)) {
            cleared = !search.isEmpty || !filter.isEmpty
            search = ""
            filter = ActionFilter()
            if let g = data.groups.firstIndex(where: { $0.findingIndices.contains(data.findingOfAction[a]) }) {
                collapsed.remove(data.groups[g].key)
            }
            rebuild()
        }
        select(actionId: actionId)
        return cleared
    }

    /// The group the selection is in.
    private var selectedGroup: Int? {
        guard let data else { return nil }
        var i = cursor.selected
        while i >= 0, rows.indices.contains(i) {
            if case .group(let g) = rows[i] { return g }
            i -= 1
        }
        if sort != .plan, let f = selectedFinding, let g = data.groups.firstIndex(where: { $0.findingIndices.contains(data.findings.firstIndex(of: f) ?? -1) }) {
            return g
        }
        return nil
    }

    private func toggleGroup() {
        guard let data, let g = selectedGroup else { return }
        setFolded(!collapsed.contains(data.groups[g].key))
    }

    private func setFolded(_ folded: Bool) {
        guard sort == .plan, let data, let g = selectedGroup else { return }
        let key = data.groups[g].key
        if folded { collapsed.insert(key) } else { collapsed.remove(key) }
        if folded, let i = rows.firstIndex(of: .group(g)) { cursor.selected = i }
        rebuild()
    }

    func click(row: Int, area: Area, app: App, double: Bool) {
        let geometry = listGeometry(area)
        let index = cursor.top + (area.top + row - geometry.top)
        guard area.top + row >= geometry.top, rows.indices.contains(index) else { return }
        cursor.selected = index
        if double { _ = perform(.open, app: app, area: area) }
    }

    func scroll(by n: Int, area: Area) {
        takeReadPlan()
        let visible = listGeometry(area).visible
        if isPartlyRead, cursor.top + n + 2 * visible >= rows.count { finishReading() }
        cursor.scroll(by: n, count: rows.count, visible: visible)
    }
}
