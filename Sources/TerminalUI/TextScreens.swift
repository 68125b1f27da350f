import Foundation
import ActionPlanModel
import ActionPlanReports
import ActionPlanCore
import TerminalText

/// Lines of a scrolling screen. Long lists are kept as a count and a function, so only the
/// lines in the window are formatted.
struct ScrollContent {
    private enum Block {
        case lines([StyledLine])
        case lazy(count: Int, line: (Int) -> StyledLine)
    }
    private var blocks: [Block] = []
    private(set) var count = 0

    mutating func add(_ line: StyledLine) { add([line]) }
    mutating func add(_ text: String, _ style: Style = .plain) { add([StyledLine(text, style)]) }
    mutating func add(_ lines: [StyledLine]) {
        blocks.append(.lines(lines))
        count += lines.count
    }
    mutating func addLazy(count n: Int, _ line: @escaping (Int) -> StyledLine) {
        blocks.append(.lazy(count: n, line: line))
        count += n
    }

    func line(_ index: Int) -> StyledLine {
        var i = index
        for block in blocks {
            switch block {
            case .lines(let lines):
                if i < lines.count { return lines[i] }
                i -= lines.count
            case .lazy(let n, let make):
                if i < n { return make(i) }
                i -= n
            }
        }
        return StyledLine()
    }

    func draw(_ buffer: inout CellBuffer, area: Area, top: Int) {
        for row in 0..<area.height where top + row < count {
            buffer.put(line(top + row), x: 1, y: area.top + row, maxWidth: area.width - 2)
        }
    }

    /// "lines 1–20 of 54" when the content does not fit, else nil.
    func position(top: Int, visible: Int) -> String? {
        guard count > visible else { return nil }
        return "lines \(top + 1)–\(min(count, top + visible)) of \(count)"
    }

    /// Wrapped paragraphs, each line indented.
    static func wrapped(_ text: String, width: Int, indent: Int, style: Style = .plain) -> [StyledLine] {
        let pad = String(repeating: " ", count: indent)
        return DisplayWidth.wrap(text.replacingOccurrences(of: "\t", with: " "), width: max(1, width - indent))
            .map { StyledLine(pad + $0, style) }
    }
}

/// A page of text built for a width, kept until the width or the data changes, and scrolled.
/// The action, dashboard and help screens each own one.
struct TextPage {
    private(set) var content = ScrollContent()
    private var width = -1
    var offset = ScrollOffset()
    private(set) var position: String?

    /// Forgets the built text (the data changed): it is built again at the next draw or key.
    mutating func invalidate() { width = -1 }

    private mutating func prepare(width: Int, _ build: (Int) -> ScrollContent) {
        if self.width != width {
            content = build(width)
            self.width = width
        }
    }

    mutating func draw(_ buffer: inout CellBuffer, area: Area, build: (Int) -> ScrollContent) {
        prepare(width: area.width - 2, build)
        offset.clamp(count: content.count, visible: area.height)
        content.draw(&buffer, area: area, top: offset.top)
        position = content.position(top: offset.top, visible: area.height)
    }

    /// Scrolls for a movement key; false when the key is not one.
    mutating func move(_ key: Key, area: Area, build: (Int) -> ScrollContent) -> Bool {
        prepare(width: area.width - 2, build)
        return offset.move(key, count: content.count, visible: area.height)
    }

    mutating func scroll(by rows: Int, area: Area) {
        offset.top += rows
        offset.clamp(count: content.count, visible: area.height)
    }
}

/// One action in full: the finding it answers, every field, notes newest first, history.
final class ActionScreen: Screen {
    let actionId: Int64
    let ref: String
    private(set) var action: Action?
    private var finding: Finding?
    private var notes: [Note] = []
    private var history: [AuditEvent] = []
    /// What `actionplan check` says about this action, computed once per load.
    private(set) var flags: [SMARTFlag] = []
    private var page = TextPage()
    var position: String? { page.position }
    private var rules: RAGRules?

    init(actionId: Int64, ref: String) {
        self.actionId = actionId
        self.ref = ref
    }

    var crumb: String { ref }
    var planId: Int64? { action?.planId }
    var selectedAction: Action? { action }
    var selectedFinding: Finding? { finding }

    var keys: [KeyHelp] {
        [KeyHelp("j/k ↑/↓", "scroll"), KeyHelp("PgUp/PgDn", "page"), KeyHelp("s", "status"),
         KeyHelp("o", "owner (Tab completes)"), KeyHelp("d", "due date: YYYY-MM-DD, today, +20wd, +3m"),
         KeyHelp("m", "success measure"), KeyHelp("n", "progress note"), KeyHelp("N", "long note in $EDITOR"),
         KeyHelp("v", "evidence"), KeyHelp("r", "RAG override with a reason"), KeyHelp("t", "title"),
         KeyHelp("a", "add another action to this finding"), KeyHelp("u", "undo your last change"),
         KeyHelp("e", "export the plan: Markdown, HTML, CSV, JSON or iCalendar"),
         KeyHelp("?", "help"), KeyHelp("q Esc", "back to the plan")]
    }

    var hints: [KeyHelp] {
        [KeyHelp("s", "status"), KeyHelp("n", "note"), KeyHelp("d", "due"), KeyHelp("o", "owner"),
         KeyHelp("m", "measure"), KeyHelp("v", "evidence"), KeyHelp("u", "undo"), KeyHelp("q", "back"),
         KeyHelp("e", "export")]
    }

    func reload(_ context: UIContext) throws {
        let store = context.store
        rules = context.rules
        action = try store.action(id: actionId)
        if let action {
            finding = try store.finding(id: action.findingId)
            notes = try store.notes(actionId: actionId)
            history = try store.history(entity: "action", id: actionId)
            // The newest note as the check picks it (latest day, then latest written).
            let latest = ReportSnapshot(plans: [], milestones: [], findings: [], actions: [], notes: notes)
                .latestNotes()[actionId]
            flags = SMARTCheck.flags(for: action, finding: finding, latestNote: latest, today: context.today,
                                     timeZone: context.timeZone)
        } else {
            flags = []
        }
        page.invalidate()
    }

    private func build(width: Int) -> ScrollContent {
        var c = ScrollContent()
        guard let action, let rules else {
            c.add("This action is no longer in the database.", .dim)
            return c
        }
        c.add(StyledLine([Span(ref + "  ", .bold), Span(Format.oneLine(action.title), .bold)]))
        if let finding {
            var where_ = "Finding \(finding.ref) · \(finding.category.label)"
            if !finding.sectionPath.isEmpty { where_ += " · \(finding.section)" }
            if finding.timeframe != .none { where_ += " · \(finding.timeframe.label)" }
            c.add(ScrollContent.wrapped(where_, width: width, indent: 0, style: .dim))
            c.add(ScrollContent.wrapped(finding.text, width: width, indent: 2))
        }
        c.add("")
        let label = 17
        func field(_ name: String, _ spans: [Span]) {
            c.add(StyledLine([Span(Format.pad(name, label), .bold)] + spans))
        }
        func longField(_ name: String, _ text: String?) {
            guard let text, !text.isEmpty else {
                field(name, [Span("—", .dim)])
                return
            }
            let lines = DisplayWidth.wrap(text, width: max(1, width - label))
            for (i, l) in lines.enumerated() {
                c.add(StyledLine([Span(Format.pad(i == 0 ? name : "", label), .bold), Span(l)]))
            }
        }
        field("Status", [Span(action.status.label, Format.statusStyle(action.status))])
        let rag = rules.rag(action)
        if let override = action.ragOverride, action.status.isOpen {
            field("RAG", [Span(override.label, Format.ragStyle(override)),
                          Span(" (set by hand: \(action.ragReason ?? "no reason"); derived would be \(Format.rag(rules.derivedRAG(action), short: false)))")])
        } else {
            field("RAG", [Span(Format.rag(rag, short: false), Format.ragStyle(rag)), Span(rag == nil ? "" : " (derived)", .dim)])
        }
        field("Owner", [Span(action.owner ?? "—", action.owner == nil ? .dim : .plain)])
        if let due = action.due {
            let rel = Format.relativeDue(action, rules: rules)
            var spans = [Span("\(due.weekday.shortName) \(due.iso)")]
            if !rel.text.isEmpty { spans += [Span(" ("), Span(rel.text, rel.style), Span(")")] }
            if action.dueProvisional { spans.append(Span(" provisional", .dim)) }
            field("Due", spans)
            if let rule = action.dueRule { field("", [Span("from the rule: \(rule.description)", .dim)]) }
            if let original = action.originalDue, original != due {
                field("", [Span("originally \(original.iso), reprogrammed \(action.reprogramCount)×", .dim)])
            }
        } else {
            field("Due", [Span("no date", .dim)])
        }
        longField("Success measure", action.successMeasure)
        longField("Evidence", action.evidence)
        field("Updated", [Span("\(Format.timestamp(action.updatedAt)) by \(action.updatedBy) (version \(action.version))", .dim)])
        field("Created", [Span(Format.timestamp(action.createdAt), .dim)])
        c.add("")
        addFlags(to: &c, action: action, width: width)
        c.add("")
        c.add(StyledLine("Progress notes (\(notes.count)), newest first", .heading))
        if notes.isEmpty { c.add(StyledLine("  none yet: press n to add one", .dim)) }
        for note in notes {
            c.add(StyledLine([Span("  " + note.day.iso, .bold), Span("  " + note.author, .dim)]))
            c.add(ScrollContent.wrapped(note.text, width: width, indent: 4))
        }
        c.add("")
        c.add(StyledLine("Change history (\(history.count)), newest first", .heading))
        for event in history.reversed() {
            let change: String
            if event.field == "*" {
                if event.entity == "note" {
                    change = event.newValue.map { "note: \(ActionScreen.noteText($0))" } ?? "note deleted"
                } else {
                    change = event.newValue == nil ? "deleted \(event.entity)" : "created \(event.entity)"
                }
            } else {
                let entity = event.entity == "action" ? "" : "\(event.entity) "
                change = "\(entity)\(event.field): \(event.oldValue ?? "—") → \(event.newValue ?? "—")"
            }
            c.add(StyledLine([Span("  " + Format.timestamp(event.at) + "  ", .dim), Span(event.who + "  ", .bold),
                              Span(Format.oneLine(change))]))
        }
        return c
    }

    /// The SMART check's flags, each as `[rule-id] reason` (as `actionplan check` prints them),
    /// wrapped under their rule.
    private func addFlags(to c: inout ScrollContent, action: Action, width: Int) {
        if action.status == .cancelled {
            c.add(StyledLine([Span("SMART check", .heading), Span("  not checked: the action is cancelled", .dim)]))
            return
        }
        if flags.isEmpty {
            c.add(StyledLine([Span("SMART check", .heading), Span("  nothing flagged", .dim)]))
            return
        }
        c.add(StyledLine([Span("SMART check", .heading), Span(" (\(Format.count(flags.count, "flag")))", .heading)]))
        for flag in flags {
            let rule = "[\(flag.rule.rawValue)] "
            let lines = DisplayWidth.wrap(Format.oneLine(rule + flag.reason), width: max(1, width - 4))
            for (i, line) in lines.enumerated() {
                if i == 0, line.hasPrefix(rule) {
                    c.add(StyledLine([Span("  "), Span(rule, Style(colour: .amber, bold: true)), Span(String(line.dropFirst(rule.count)))]))
                } else {
                    c.add(StyledLine((i == 0 ? "  " : "    ") + line))
                }
            }
        }
    }

    func draw(_ buffer: inout CellBuffer, area: Area, context: UIContext) {
        page.draw(&buffer, area: area, build: build)
    }

    func handle(_ key: Key, app: App, area: Area) -> Bool {
        page.move(key, area: area, build: build)
    }

    func scroll(by rows: Int, area: Area) {
        page.scroll(by: rows, area: area)
    }

    /// The text of a note as the audit trail records its creation: the store may keep the
    /// whole row as JSON, or just the text.
    static func noteText(_ value: String) -> String {
        guard value.hasPrefix("{"), let data = value.data(using: .utf8),
              let row = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let text = row["text"] as? String else { return value }
        return text
    }
}

/// A plan's standing for a board: counts and shares by status and colour, completion by
/// section, the overdue actions and those due in the next 20 working days.
final class DashboardScreen: Screen {
    let id: Int64
    private var data: PlanData?
    private var overdue: [Int] = []
    private var dueSoon: [Int] = []
    private var page = TextPage()
    var position: String? { page.position }
    private var rules: RAGRules?

    init(planId: Int64) { id = planId }

    var planId: Int64? { id }
    var crumb: String { "Dashboard" }
    var keys: [KeyHelp] {
        [KeyHelp("j/k ↑/↓", "scroll"), KeyHelp("PgUp/PgDn", "page"), KeyHelp("g/G", "top / bottom"),
         KeyHelp("e", "export the plan: Markdown, HTML, CSV, JSON or iCalendar"), KeyHelp("?", "help"), KeyHelp("q Esc", "back")]
    }
    var hints: [KeyHelp] {
        [KeyHelp("j/k", "scroll"), KeyHelp("e", "export"), KeyHelp("?", "help"), KeyHelp("q", "back")]
    }

    func reload(_ context: UIContext) throws {
        let rules = context.rules
        self.rules = rules
        data = try PlanData.load(planId: id, context: context)
        if let data {
            overdue = data.actions.indices.filter { rules.isOverdue(data.actions[$0]) }
                .sorted { (data.actions[$0].due?.dayNumber ?? 0, $0) < (data.actions[$1].due?.dayNumber ?? 0, $1) }
            dueSoon = data.actions.indices.filter { rules.isDueWithin(data.actions[$0], workingDays: 20) }
                .sorted { (data.actions[$0].due?.dayNumber ?? 0, $0) < (data.actions[$1].due?.dayNumber ?? 0, $1) }
        }
        page.invalidate()
    }

    private func build(width: Int) -> ScrollContent {
        var c = ScrollContent()
        guard let data, let rules else {
            c.add("This plan is no longer in the database.", .dim)
            return c
        }
        let counts = data.counts
        c.add(StyledLine([Span(Format.oneLine(data.plan.title), .bold), Span(" · as of \(rules.today.iso)", .dim)]))
        c.add(StyledLine("\(counts.total) actions · \(counts.percentComplete)% complete · \(counts.overdue) overdue"))
        c.add("")
        let barWidth = max(5, min(30, width - 40))
        c.add(StyledLine("By status", .heading))
        for status in ActionStatus.allCases {
            let n = counts.count(status)
            c.add(StyledLine([Span("  " + Format.pad(status.label, 13), Format.statusStyle(status)),
                              Span(Format.pad("\(n)", 6, right: true) + Format.pad("\(counts.percent(n))%", 6, right: true) + "  "),
                              Span(Format.bar(percent: counts.percent(n), width: barWidth), Style(colour: .accent))]))
        }
        c.add("")
        c.add(StyledLine("By RAG", .heading))
        for rag in [RAG.blue, .red, .amber, .green] {
            let n = counts.count(rag)
            c.add(StyledLine([Span("  " + Format.pad(rag.label, 13), Format.ragStyle(rag)),
                              Span(Format.pad("\(n)", 6, right: true) + Format.pad("\(counts.percent(n))%", 6, right: true) + "  "),
                              Span(Format.bar(percent: counts.percent(n), width: barWidth), Format.ragStyle(rag))]))
        }
        c.add("")
        c.add(StyledLine("Complete by section", .heading))
        var sections: [(String, ProgressCounts)] = []
        var sectionIndex: [String: Int] = [:]
        for (i, action) in data.actions.enumerated() {
            let f = data.findings[data.findingOfAction[i]]
            let name = f.sectionPath.isEmpty ? f.category.label : f.section
            if sectionIndex[name] == nil {
                sectionIndex[name] = sections.count
                sections.append((name, ProgressCounts()))
            }
            sections[sectionIndex[name]!].1.add(action, rules: rules)
        }
        let nameWidth = max(10, width - barWidth - 20)
        for (name, sc) in sections {
            c.add(StyledLine([Span("  " + Format.pad(name, nameWidth) + " "),
                              Span(Format.bar(percent: sc.percentComplete, width: barWidth), Style(colour: .blue)),
                              Span(Format.pad("\(sc.percentComplete)%", 5, right: true) + "  \(sc.count(.complete))/\(sc.active)")]))
        }
        c.add("")
        c.add(StyledLine("Overdue (\(overdue.count))", overdue.isEmpty ? .heading : Style(colour: .red, bold: true, underline: true)))
        if overdue.isEmpty { c.add(StyledLine("  none", .dim)) }
        let overdueList = overdue
        c.addLazy(count: overdueList.count) { [data, rules] i in
            DashboardScreen.actionLine(overdueList[i], data: data, rules: rules, width: width)
        }
        c.add("")
        c.add(StyledLine("Due in the next 20 working days (\(dueSoon.count))", .heading))
        if dueSoon.isEmpty { c.add(StyledLine("  none", .dim)) }
        let soonList = dueSoon
        c.addLazy(count: soonList.count) { [data, rules] i in
            DashboardScreen.actionLine(soonList[i], data: data, rules: rules, width: width)
        }
        c.add("")
        c.add(StyledLine("Milestones", .heading))
        if data.milestones.isEmpty { c.add(StyledLine("  none", .dim)) }
        for m in data.milestones { c.add(StyledLine([Span("  ")] + Format.milestone(m, rules: rules))) }
        return c
    }

    static func actionLine(_ i: Int, data: PlanData, rules: RAGRules, width: Int) -> StyledLine {
        let a = data.actions[i]
        let rel = Format.relativeDue(a, rules: rules)
        let rag = data.rags[i]
        let owner = a.owner ?? "no owner"
        let tail = "  \(Format.pad(owner, 14))  \(Format.due(a))  "
        let titleWidth = max(8, width - 8 - DisplayWidth.of(tail) - 14)
        return StyledLine([Span("  "), Span(Format.pad(Format.rag(rag, short: true), 2), Format.ragStyle(rag)),
                           Span(Format.pad(data.refs[i], 6)), Span(Format.pad(a.title, titleWidth)), Span(tail),
                           Span(rel.text, rel.style)])
    }

    func draw(_ buffer: inout CellBuffer, area: Area, context: UIContext) {
        page.draw(&buffer, area: area, build: build)
    }

    func handle(_ key: Key, app: App, area: Area) -> Bool {
        page.move(key, area: area, build: build)
    }

    func scroll(by rows: Int, area: Area) {
        page.scroll(by: rows, area: area)
    }
}

/// Every key of the screen it was opened from, the line editor's keys, and what the marks mean.
final class HelpScreen: Screen {
    private let forScreen: String
    private let screenKeys: [KeyHelp]
    private var page = TextPage()
    var position: String? { page.position }

    init(for screen: any Screen) {
        forScreen = screen is PlansScreen ? "Plans" : (screen is PlanScreen ? "Plan" : (screen is ActionScreen ? "Action" : "Dashboard"))
        screenKeys = screen.keys
    }

    var crumb: String { "Help" }
    var keys: [KeyHelp] { [KeyHelp("j/k ↑/↓", "scroll"), KeyHelp("q Esc ?", "close help")] }
    var hints: [KeyHelp] { [KeyHelp("j/k", "scroll"), KeyHelp("q", "close help")] }

    func reload(_ context: UIContext) throws {}

    private func build(width: Int) -> ScrollContent {
        var c = ScrollContent()
        func section(_ title: String, _ keys: [KeyHelp]) {
            c.add(StyledLine(title, .heading))
            for k in keys {
                c.add(StyledLine([Span("  " + Format.pad(k.keys, 14), .bold), Span(" " + k.text)]))
            }
            c.add("")
        }
        section("Keys of the \(forScreen) screen", screenKeys)
        section("Everywhere", [KeyHelp("?", "this help"), KeyHelp("q Esc", "back (q on the plans screen quits)"),
                               KeyHelp("Q", "quit from any screen"), KeyHelp("Ctrl-L", "redraw the screen"),
                               KeyHelp("mouse", "click selects a row, double-click opens, the wheel scrolls")])
        section("While typing in a prompt", [KeyHelp("← → Home End", "move in the text (also Ctrl-A, Ctrl-E)"),
                                             KeyHelp("Backspace Del", "delete before / at the cursor"),
                                             KeyHelp("Ctrl-U Ctrl-K", "delete to the start / to the end"),
                                             KeyHelp("Ctrl-W", "delete the word before the cursor"),
                                             KeyHelp("Tab", "complete an owner from those already used"),
                                             KeyHelp("Enter", "save"), KeyHelp("Esc", "cancel")])
        section("What the marks mean", [KeyHelp("wd", "working days (weekends and bank holidays not counted)"),
                                        KeyHelp("~2023-08-16", "a provisional due date, from a default"),
                                        KeyHelp("Amber*", "a colour set by hand (r), not derived"),
                                        KeyHelp("B R A G", "blue = complete, red = overdue or off track, amber = at risk, green = on track"),
                                        KeyHelp("▾ ▸", "an open / folded group of findings"),
                                        KeyHelp("SMART: 3 flags", "what `actionplan check` flags in the plan; the action screen lists an action's flags")])
        c.add(ScrollContent.wrapped("Every change is saved at once, with your name, and can be undone with u. If someone else changed an action after you opened it, your edit is refused and the screen shows theirs.", width: width, indent: 0, style: .dim))
        return c
    }

    func draw(_ buffer: inout CellBuffer, area: Area, context: UIContext) {
        page.draw(&buffer, area: area, build: build)
    }

    func handle(_ key: Key, app: App, area: Area) -> Bool {
        if key == .char("?") {
            app.pop()
            return true
        }
        return page.move(key, area: area, build: build)
    }

    func scroll(by rows: Int, area: Area) {
        page.scroll(by: rows, area: area)
    }
}
