import Foundation
import ActionPlanModel
import ActionPlanReports
import ActionPlanCore
import TerminalText

/// One action in full: the finding it answers, every field, notes newest first, history.
final class ActionScreen: PagedScreen {
    let actionId: Int64
    /// The reference shown: the one it was opened with, then the store's (a move changes it).
    private(set) var ref: String
    private(set) var action: Action?
    private var finding: Finding?
    /// The finding's themes, worked out once per load.
    private var themes: [Theme] = []
    /// Where the finding was raised before ("Raised before: …"), read with the finding.
    private var raisedBefore: String?
    private var notes: [Note] = []
    private var history: [AuditEvent] = []
    /// What `actionplan check` says about this action, computed once per load.
    private(set) var flags: [SMARTFlag] = []
    var page = TextPage()
    var position: String? { page.position }
    private var rules: RAGRules?

    init(actionId: Int64, ref: String) {
        self.actionId = actionId
        self.ref = ref
    }

    var kind: ScreenKind { .action }
    var crumb: String { Format.refAndId(ref, actionId) }
    var planId: Int64? { action?.planId }
    /// A change to another plan leaves this action as it is (one not read yet: any change).
    func isAffected(by notice: ChangeNotice) -> Bool { notice.concerns(planId: action?.planId) }
    var selectedTarget: EditTarget? { action.flatMap { $0.removed == nil ? EditTarget(action: $0, ref: ref) : nil } }
    var selectedFinding: Finding? { finding }

    func reload(_ context: UIContext) throws {
        let store = context.store
        rules = context.rules
        action = try store.action(id: actionId)
        if let action, !action.ref.isEmpty { ref = action.ref }
        if let action, action.removed == nil {
            finding = try store.finding(id: action.findingId)
            themes = finding.flatMap { $0.category.isImprovement ? context.themeRules?.themes(of: $0.text) : nil } ?? []
            raisedBefore = Recurrence.raisedBefore(try store.recurrences(findingId: action.findingId))
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

    func perform(_ request: Request, app: App, area: Area) -> Bool {
        if page.move(request, area: area, build: build) { return true }
        guard let target = selectedTarget else { return false }
        switch request {
        case .remove:
            app.ask(.removeReason(.action(target)))
        case .notes:
            switch notes.count {
            case 0:
                app.say("\(ref) has no note yet: \(KeyMap.action.keyName(for: .note)) adds one")
            case 1:
                app.ask(.noteChoice(target, notes[0]))
            default:
                app.ask(.whichNote(target, notes))
            }
        default:
            return false
        }
        return true
    }

    func build(width: Int) -> ScrollContent {
        var c = ScrollContent()
        if let removal = action?.removed {
            c.add(ScrollContent.wrapped("\(ref) was removed by \(removal.by) at \(Format.timestamp(removal.at)) (\(removal.reason)): "
                                        + "an undo by them brings it back.", width: width, indent: 0, style: .dim))
            return c
        }
        guard let action, let rules else {
            c.add("This action is no longer in the database.", .dim)
            return c
        }
        c.add(StyledLine([Span(Format.refAndId(ref, actionId) + "  ", .bold), Span(Format.oneLine(action.title), .bold)]))
        if let finding {
            var where_ = "Finding \(finding.ref) · \(finding.category.label)"
            if !finding.sectionPath.isEmpty { where_ += " · \(finding.section)" }
            if finding.timeframe != .none { where_ += " · \(finding.timeframe.label)" }
            c.add(ScrollContent.wrapped(where_, width: width, indent: 0, style: .dim))
            c.add(ScrollContent.wrapped(finding.text, width: width, indent: 2))
            if let raisedBefore {
                c.add(ScrollContent.wrapped(raisedBefore, width: width, indent: 2, style: Style(colour: .accent)))
            }
            if !themes.isEmpty {
                c.add(ScrollContent.wrapped("Themes: " + themes.map(\.name).joined(separator: "; "), width: width, indent: 2, style: .dim))
            }
            if let body = finding.ownerBody {
                c.add(ScrollContent.wrapped("Responsible body: \(body)", width: width, indent: 2, style: .dim))
            }
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
        if notes.isEmpty { c.add(StyledLine("  none yet: press \(KeyMap.action.keyName(for: .note)) to add one", .dim)) }
        for note in notes {
            c.add(StyledLine([Span("  " + note.day.iso, .bold), Span("  " + note.author, .dim)]))
            c.add(ScrollContent.wrapped(note.text, width: width, indent: 4))
        }
        c.add("")
        let shown = history.filter { !$0.isBookkeeping }
        c.add(StyledLine("Change history (\(shown.count)), newest first", .heading))
        for event in shown.reversed() {
            c.add(StyledLine([Span("  " + Format.timestamp(event.at) + "  ", .dim), Span(event.byline + "  ", .bold),
                              Span(Format.oneLine(event.changeText))]))
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

}
