import ActionPlanModel

/// What a key asks for, whatever the key (tig's "requests"). The key maps turn keys into
/// requests; the screens and the shell carry them out.
enum Request: Hashable, Sendable {
    // Moving in a list or a page of text.
    case down, up, pageDown, pageUp, halfPageDown, halfPageUp, first, last
    // Going between screens.
    case open, dashboard, help, back, quit, redraw
    // The plan screen's groups, search, filter and order.
    case toggleGroup, fold, unfold, toggleAllGroups, search, nextMatch, previousMatch, clearSearch, filter, sort
    // Marking actions, and applying the next edit to the marked ones.
    case mark, markAll, applyToMarked
    // Changing the selected action, or adding one to the selected finding.
    case status, owner, due, measure, evidence, title, note, longNote, colour, editForm, addAction
    // The command line (`:`).
    case command
    // Shaping a plan: remove (with a reason), move an action, a note of the action, the
    // milestones screen and its edits, the plans screen's archive and edit.
    case remove, move, notes, milestones, addMilestone, milestoneTitle, milestoneDue, milestoneMet
    case archive, showArchived, editPlan
    // The views across every plan (`ActionView`).
    case view(ActionView)
    // The database.
    case undo, importFile, export
    // In a prompt.
    case edit(LineEdit), submit, cancel, complete, completeBackwards, editInEditor, historyBack, historyForward

    /// The requests that change the selected action: they need one.
    var editsAction: Bool {
        switch self {
        case .status, .owner, .due, .measure, .evidence, .title, .note, .longNote, .colour, .editForm: return true
        default: return false
        }
    }
}

/// The kinds of screen, each with its key map.
enum ScreenKind: String, Hashable, Sendable, CaseIterable {
    case plans = "Plans", plan = "Plan", action = "Action", dashboard = "Dashboard", milestones = "Milestones", views = "Views", help = "Help"
}

/// One row of a key map: the keys, the request each makes, what the help says about them, and
/// the word the status line shows for them (with its place there) when they are worth a hint.
struct KeyBinding: Sendable {
    /// How the keys are written in help ("j/k ↑/↓"); the status line shows its first word.
    let label: String
    let keys: [Key]
    let requests: [Request]
    let help: String
    private(set) var hint: (text: String, rank: Int)?

    /// Keys that all make one request, written as their names unless `label` is given.
    init(_ keys: [Key], _ request: Request, _ help: String, label: String? = nil) {
        self.label = label ?? keys.map(\.name).joined(separator: " ")
        self.keys = keys
        requests = Array(repeating: request, count: keys.count)
        self.help = help
    }

    /// Keys that make different requests, under one label ("j/k ↑/↓": down, up).
    init(_ label: String, _ help: String, _ pairs: KeyValuePairs<Key, Request>) {
        self.label = label
        keys = pairs.map(\.key)
        requests = pairs.map(\.value)
        self.help = help
    }

    /// The same binding, shown on the status line as its label's first word and `text`;
    /// hints are shown by rank, as many as fit.
    func hint(_ text: String, _ rank: Int) -> KeyBinding {
        var b = self
        b.hint = (text, rank)
        return b
    }

    /// The keys as the status line shows them: the label's first word ("j/k", "q", "Enter").
    var shortLabel: String { String(label.split(separator: " ").first ?? "") }
}

/// The keys of one screen: one table from which the key handling, the `?` help and the status
/// line's hints are all made, so they cannot drift apart.
struct KeyMap: Sendable {
    let bindings: [KeyBinding]
    private let index: [Key: Request]

    init(_ bindings: [KeyBinding]) {
        self.bindings = bindings
        var index: [Key: Request] = [:]
        for b in bindings {
            // The first binding of a key wins; a test checks that no table binds a key twice.
            for (key, request) in zip(b.keys, b.requests) where index[key] == nil { index[key] = request }
        }
        self.index = index
    }

    func request(for key: Key) -> Request? { index[key] }

    /// The rows of the help screen.
    var helpRows: [KeyHelp] { bindings.map { KeyHelp($0.label, $0.help) } }

    /// The status line's hints, in their order.
    var hints: [KeyHelp] {
        bindings.compactMap { b in b.hint.map { (rank: $0.rank, help: KeyHelp(b.shortLabel, $0.text)) } }
            .sorted { $0.rank < $1.rank }
            .map(\.help)
    }

    /// The first key bound to a request, as help writes it ("Esc"), for messages that name a key.
    func keyName(for request: Request) -> String {
        for b in bindings {
            if let i = b.requests.firstIndex(of: request) { return b.keys[i].name }
        }
        return "?"
    }

    /// The label of the row that binds a request ("n/N" for `.nextMatch`).
    func label(for request: Request) -> String {
        bindings.first { $0.requests.contains(request) }?.label ?? "?"
    }

    /// The status line's form of the row that binds a request ("j/k" for `.down`).
    func shortLabel(for request: Request) -> String {
        bindings.first { $0.requests.contains(request) }?.shortLabel ?? "?"
    }

    static func of(_ kind: ScreenKind) -> KeyMap {
        switch kind {
        case .plans: return plans
        case .plan: return plan
        case .action: return action
        case .dashboard: return dashboard
        case .milestones: return milestones
        case .views: return views
        case .help: return helpScreen
        }
    }
}

// MARK: The tables

extension KeyMap {
    /// Keys of every screen, after the screen's own (which may bind the same keys with words of
    /// their own, as `q` on the plans screen).
    static let everywhere = KeyMap([
        KeyBinding([.char("?")], .help, "this help"),
        KeyBinding([.char("q"), .escape], .back, "back (q on the plans screen quits)"),
        KeyBinding([.char("Q")], .quit, "quit from any screen"),
        KeyBinding([.ctrl("l")], .redraw, "redraw the screen"),
        KeyBinding("1 2 3 4", "views across every plan: 1 mine, 2 overdue, 3 due soon, 4 by owner",
                   [.char("1"): .view(.mine), .char("2"): .view(.overdue), .char("3"): .view(.dueSoon), .char("4"): .view(.byOwner)]),
    ])

    /// Keys while the terminal is too small to draw in: only quitting (and Ctrl-L, which works
    /// everywhere).
    static let tooSmall = KeyMap([
        KeyBinding([.char("Q"), .char("q")], .quit, "quit"),
    ])

    /// Keys while a text prompt is open; any other character is typed.
    static let prompt = KeyMap([
        KeyBinding("← → Home End", "move in the text",
                   [.left: .edit(.left), .right: .edit(.right), .home: .edit(.home), .end: .edit(.end)]),
        KeyBinding("Ctrl-B/Ctrl-F", "back / forward one character", [.ctrl("b"): .edit(.left), .ctrl("f"): .edit(.right)]),
        KeyBinding("Ctrl-A/Ctrl-E", "to the start / to the end", [.ctrl("a"): .edit(.home), .ctrl("e"): .edit(.end)]),
        KeyBinding("Backspace Del", "delete before / at the cursor",
                   [.backspace: .edit(.deleteBackward), .delete: .edit(.deleteForward)]),
        KeyBinding("Ctrl-H/Ctrl-D", "the same as Backspace / Del",
                   [.ctrl("h"): .edit(.deleteBackward), .ctrl("d"): .edit(.deleteForward)]),
        KeyBinding("Ctrl-U Ctrl-K", "delete to the start / to the end",
                   [.ctrl("u"): .edit(.deleteToStart), .ctrl("k"): .edit(.deleteToEnd)]),
        KeyBinding([.ctrl("w")], .edit(.deleteWord), "delete the word before the cursor"),
        KeyBinding("Tab Shift-Tab", "complete an owner from those already used (next / previous)",
                   [.tab: .complete, .backTab: .completeBackwards]),
        KeyBinding("↑/↓", "command line: an earlier / a later line of this session",
                   [.up: .historyBack, .down: .historyForward]),
        KeyBinding([.ctrl("x")], .editInEditor, "continue a title, measure, evidence, note or reason in $EDITOR"),
        KeyBinding([.enter], .submit, "save"),
        KeyBinding([.escape], .cancel, "cancel"),
        KeyBinding([.ctrl("c"), .ctrl("g")], .cancel, "cancel, as Esc", label: "Ctrl-C/Ctrl-G"),
    ])

    static let plans = KeyMap([
        move("move"),
        KeyBinding("g/G Home/End", "first / last plan", [.char("g"): .first, .home: .first, .char("G"): .last, .end: .last]),
        page, fullPageControl, halfPage,
        KeyBinding([.enter, .char("l"), .right], .open, "open the plan").hint("open", 1),
        KeyBinding([.char("D")], .dashboard, "dashboard of the plan").hint("dashboard", 2),
        export.hint("export", 3),
        KeyBinding([.char("i")], .importFile, "import a document as a new plan").hint("import", 4),
        KeyBinding([.char("E")], .editPlan, "edit the plan: title, date received, authority or kind"),
        KeyBinding([.char("A")], .archive, "archive the plan (again: bring it back to the current plans)"),
        KeyBinding([.char("H")], .showArchived, "show or hide archived plans"),
        KeyBinding([.char("x")], .remove, "remove the plan, with a reason (u brings it back)"),
        undo, command,
        openHelp.hint("help", 5),
        KeyBinding([.char("q")], .quit, "quit").hint("quit", 6),
    ])

    static let plan = KeyMap([
        move("move"),
        KeyBinding("g/G Home/End", "first / last row", [.char("g"): .first, .home: .first, .char("G"): .last, .end: .last]),
        page, fullPageControl, halfPage,
        KeyBinding([.enter], .open, "open the action, or fold/unfold a group").hint("open", 1),
        KeyBinding([.char("z"), .char(" ")], .toggleGroup, "fold or unfold the group", label: "z Space"),
        KeyBinding("h ←  l →", "fold / unfold the group (l on an action opens it)",
                   [.char("h"): .fold, .left: .fold, .char("l"): .unfold, .right: .unfold]),
        KeyBinding([.char("Z")], .toggleAllGroups, "fold or unfold every group"),
        status.hint("status", 2), owner.hint("owner", 9), due.hint("due", 4), measure,
        note.hint("note", 3), longNote, evidence, colour, title, editForm,
        KeyBinding([.char("a")], .addAction, "add an action to the finding"),
        KeyBinding([.char("F")], .move, "move the action under another finding (its reference changes)"),
        KeyBinding([.char("x")], .remove, "remove the action, or on a finding's row the finding, with a reason (u brings it back)"),
        KeyBinding([.char("M")], .milestones, "milestones: add, change, mark met, remove"),
        KeyBinding([.char("t")], .mark, "mark or unmark the action").hint("mark", 11),
        KeyBinding([.char("T")], .markAll, "mark every action shown (again: unmark all)"),
        KeyBinding([.char(";")], .applyToMarked, "apply the next edit key to the marked actions (one change, one undo)"),
        command.hint("command", 12),
        undo,
        KeyBinding([.char("/")], .search, "search: show only the actions that match, as you type").hint("search", 5),
        KeyBinding("n/N", "next / previous match of the search (wraps around)", [.char("n"): .nextMatch, .char("N"): .previousMatch]),
        KeyBinding([.char("f")], .filter, "filter: mine, overdue, due soon, status, RAG, owner, category").hint("filter", 6),
        KeyBinding([.char("S")], .sort, "sort: plan order, due date, status, RAG, owner"),
        KeyBinding([.char("D")], .dashboard, "dashboard"),
        export.hint("export", 7),
        importFile,
        openHelp.hint("help", 8),
        KeyBinding([.char("q")], .back, "back to the plans").hint("back", 10),
        KeyBinding([.escape], .clearSearch, "clear the search, else back to the plans"),
    ])

    static let action = KeyMap([
        move("scroll"), page, space, fullPageControl, halfPage, topBottom,
        status.hint("status", 1), owner.hint("owner", 4), due.hint("due", 3), measure.hint("measure", 5),
        note.hint("note", 2), longNote, evidence.hint("evidence", 6), colour, title, editForm,
        KeyBinding([.char("a")], .addAction, "add another action to this finding"),
        KeyBinding([.char("F")], .move, "move the action under another finding (its reference changes)"),
        KeyBinding([.char("x")], .remove, "remove the action, with a reason (u brings it back)"),
        KeyBinding([.char("n")], .notes, "a note: edit your own, or remove one with a reason"),
        command,
        undo.hint("undo", 7),
        export.hint("export", 9),
        importFile,
        openHelp,
        back("back to the plan").hint("back", 8),
    ])

    static let dashboard = KeyMap([
        move("scroll").hint("scroll", 1), page, space, fullPageControl, halfPage, topBottom,
        export.hint("export", 2),
        KeyBinding([.char("M")], .milestones, "milestones: add, change, mark met, remove"),
        undo, importFile, command,
        openHelp.hint("help", 3),
        back("back").hint("back", 4),
    ])

    static let milestones = KeyMap([
        move("move").hint("move", 1),
        KeyBinding("g/G Home/End", "first / last milestone", [.char("g"): .first, .home: .first, .char("G"): .last, .end: .last]),
        page, fullPageControl, halfPage,
        KeyBinding([.char("a")], .addMilestone, "add a milestone: its title, then its due date").hint("add", 2),
        KeyBinding([.char("s")], .milestoneMet, "met: on today or a day typed (not after today); none clears it").hint("met", 3),
        KeyBinding([.char("d")], .milestoneDue, "due date: \(DateExpression.acceptedForms), or none").hint("due", 4),
        KeyBinding([.char("R")], .milestoneTitle, "title (rename)"),
        KeyBinding([.char("x")], .remove, "remove the milestone, with a reason (u brings it back)").hint("remove", 5),
        undo,
        openHelp.hint("help", 6),
        back("back").hint("back", 7),
    ])

    static let views = KeyMap([
        move("move").hint("move", 1),
        KeyBinding("g/G Home/End", "first / last row", [.char("g"): .first, .home: .first, .char("G"): .last, .end: .last]),
        page, fullPageControl, halfPage,
        KeyBinding([.enter, .char("l"), .right], .open, "open the action").hint("open", 2),
        status.hint("status", 3), owner, due.hint("due", 4), measure, note.hint("note", 5), longNote, evidence, colour, title, editForm,
        undo,
        openHelp.hint("help", 6),
        back("back").hint("back", 7),
    ])

    static let helpScreen = KeyMap([
        move("scroll").hint("scroll", 1), page, space, fullPageControl, halfPage, topBottom,
        KeyBinding([.char("q"), .escape, .char("?")], .back, "close help").hint("close help", 2),
    ])

    // Rows that several tables share.

    private static func move(_ help: String) -> KeyBinding {
        KeyBinding("j/k ↑/↓", help, [.char("j"): .down, .down: .down, .char("k"): .up, .up: .up])
    }
    private static let page = KeyBinding("PgUp/PgDn", "page", [.pageUp: .pageUp, .pageDown: .pageDown])
    private static let fullPageControl = KeyBinding("Ctrl-F/Ctrl-B", "page down / up", [.ctrl("f"): .pageDown, .ctrl("b"): .pageUp])
    private static let halfPage = KeyBinding("Ctrl-D/Ctrl-U", "half a page down / up", [.ctrl("d"): .halfPageDown, .ctrl("u"): .halfPageUp])
    private static let space = KeyBinding([.char(" ")], .pageDown, "page down")
    private static let topBottom = KeyBinding("g/G Home/End", "top / bottom", [.char("g"): .first, .home: .first, .char("G"): .last, .end: .last])
    private static let status = KeyBinding([.char("s")], .status, "status")
    private static let owner = KeyBinding([.char("o")], .owner, "owner (Tab completes)")
    private static let due = KeyBinding([.char("d")], .due, "due date: \(DateExpression.acceptedForms), or none")
    private static let measure = KeyBinding([.char("m")], .measure, "success measure")
    private static let note = KeyBinding([.char("c")], .note, "progress note (a comment)")
    private static let longNote = KeyBinding([.char("C")], .longNote, "long note in $EDITOR")
    private static let evidence = KeyBinding([.char("v")], .evidence, "evidence")
    private static let colour = KeyBinding([.char("r")], .colour, "RAG override with a reason")
    private static let title = KeyBinding([.char("R")], .title, "title (rename)")
    private static let editForm = KeyBinding([.char("E")], .editForm, "edit the action as a form in $EDITOR; on a finding: its text")
    private static let command = KeyBinding([.char(":")], .command, "command line: :42 :P1.2 jump; :owner :due :status :rag :measure edit")
    private static let undo = KeyBinding([.char("u")], .undo, "undo your last change")
    private static let importFile = KeyBinding([.char("i")], .importFile, "import a document")
    private static let export = KeyBinding([.char("e")], .export, "export the plan: Markdown, HTML, CSV, JSON or iCalendar")
    private static let openHelp = KeyBinding([.char("?")], .help, "help")
    private static func back(_ help: String) -> KeyBinding { KeyBinding([.char("q"), .escape], .back, help) }
}

/// A key and what it does, as the help screen and the status line show it.
struct KeyHelp: Hashable, Sendable {
    var keys: String
    var text: String
    init(_ keys: String, _ text: String) {
        self.keys = keys
        self.text = text
    }
}

extension Key {
    /// The key as help writes it: "j", "Enter", "↑", "PgDn", "Ctrl-L", "Space".
    var name: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .function(let n): return "F\(n)"
        }
    }
}
