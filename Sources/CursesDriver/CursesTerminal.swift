import Foundation
import CNcursesw
import CTerminalShim
import TerminalUI
import ActionPlanModel
import ActionPlanCore

/// The thin layer between the screens and the terminal: it starts ncurses, turns ncurses
/// input into `Event`s, copies each rendered `CellBuffer` to the screen with one refresh, and
/// performs the `Effect`s that need the terminal (`$EDITOR`) or live elsewhere (import, export).
public enum CursesTerminal {
    /// Imports a document for the `i` key; provided by the command line, which owns the parser.
    public typealias Importer = (_ path: String, _ received: Day?) -> ImportOutcome
    /// Writes a plan's summary to a file for the `e` key; provided by the command line, which
    /// owns the export code (the same as `actionplan export`).
    public typealias Exporter = (_ request: ExportRequest) -> ExportOutcome

    /// Why the interactive UI cannot start here, as one line, or nil when it can.
    public static func unavailableReason(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if ap_stdio_are_ttys() == 0 {
            return "the terminal UI needs a terminal on standard input and output; in scripts use the other commands (see actionplan --help)"
        }
        let term = environment["TERM"] ?? ""
        if term.isEmpty || term == "dumb" || term == "unknown" {
            let shown = term.isEmpty ? "TERM is not set" : "TERM=\(term) cannot draw screens"
            return "\(shown): set TERM to your terminal's type (such as xterm-256color), or use the other commands"
        }
        if ap_terminal_known(term) == 0 {
            return "unknown terminal type TERM=\(term) (not in the terminfo database): set TERM to a known type such as xterm-256color"
        }
        return nil
    }

    /// Runs the terminal UI until the user quits. Returns the process exit status: 0 after a
    /// normal quit; 1 with a one-line message on standard error when the terminal cannot be used.
    public static func run(_ app: App, importer: Importer? = nil, exporter: Exporter? = nil, colours scheme: ColourScheme = .standard,
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        _ = ap_setup_locale()
        if let reason = unavailableReason(environment: environment) {
            FileHandle.standardError.write(Data("actionplan: \(reason)\n".utf8))
            return 1
        }
        // Note folders of runs killed with SIGKILL (older than a day, their process gone).
        NoteFile.sweep(in: NoteFile.temporaryDirectory(environment: environment))
        guard let screen = ap_newterm(), let window = ap_stdscr() else {
            FileHandle.standardError.write(Data("actionplan: could not start the terminal UI on TERM=\(environment["TERM"] ?? "")\n".utf8))
            return 1
        }
        let session = Session(app: app, screen: screen, window: window, importer: importer, exporter: exporter,
                              colours: environment["NO_COLOR"].map { $0.isEmpty } ?? true, scheme: scheme)
        return session.loop()
    }
}

/// One run of the UI on a started ncurses screen.
private final class Session {
    let app: App
    let screen: OpaquePointer
    let importer: CursesTerminal.Importer?
    let exporter: CursesTerminal.Exporter?
    let window: UnsafeMutablePointer<WINDOW>
    let palette: Palette
    private var lastTick = Date()
    /// The `$EDITOR` note's file, from the first `N` until the note is saved or discarded.
    private var noteFile: NoteFile?
    /// The key codes ncurses returns for the start and the end of a bracketed paste (above any
    /// code ncurses gives a key of the terminal's own).
    static let pasteStart: Int32 = 0x7E00
    static let pasteEnd: Int32 = 0x7E01

    init(app: App, screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>, importer: CursesTerminal.Importer?,
         exporter: CursesTerminal.Exporter?, colours wanted: Bool, scheme: ColourScheme) {
        self.app = app
        self.screen = screen
        self.importer = importer
        self.exporter = exporter
        self.window = window
        ap_set_curses_active(1)
        ap_install_restore_handlers()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        intrflush(window, false)
        set_escdelay(25)
        // Other people's changes must appear within two seconds, within one on PostgreSQL
        // (docs/user-guide.md, "Live refresh"): wake twice a second, also while no key comes.
        wtimeout(window, 500)
        ap_enable_mouse()
        palette = Palette(colours: wanted && has_colors(), scheme: scheme)
        // Pasted text arrives between ESC[200~ and ESC[201~ and is delivered as one `.paste`:
        // it is text for a prompt, never keys.
        _ = ap_define_paste_keys(Session.pasteStart, Session.pasteEnd)
        ap_bracketed_paste(1)
    }

    func loop() -> Int32 {
        resize()
        draw()
        while !app.quitRequested {
            var effects: [Effect] = []
            switch readEvent() {
            case .some(.resize):
                resize()
            case .some(let event):
                effects = app.handle(event)
            case nil:
                effects = app.handle(.tick)
                lastTick = Date()
            }
            if Date().timeIntervalSince(lastTick) >= 1 {
                effects += app.handle(.tick)
                lastTick = Date()
            }
            for effect in effects { perform(effect) }
            if app.quitRequested { break }
            // Resize signals can be lost or merged in a burst of resizes: check the real size
            // every time round, so the screen always ends at the terminal's last size.
            if ap_sync_size() != 0 { resize() }
            draw()
        }
        ap_restore_terminal()
        ap_set_curses_active(0)
        delscreen(screen)
        discardNoteFile()
        return 0
    }

    private func resize() {
        var rows: Int32 = 0
        var cols: Int32 = 0
        ap_getmaxyx(window, &rows, &cols)
        _ = app.handle(.resize(width: Int(cols), height: Int(rows)))
    }

    // MARK: Input

    /// The next event, or nil when the poll interval passed with no input.
    private func readEvent() -> Event? {
        var ch: wint_t = 0
        let result = wget_wch(window, &ch)
        if result == ERR { return nil }
        if result == KEY_CODE_YES {
            if Int32(ch) == Session.pasteStart { return readPaste() }
            // The end of a paste whose start was lost: nothing to do.
            if Int32(ch) == Session.pasteEnd { return nil }
            return functionKey(Int32(ch))
        }
        return .key(character(UInt32(ch)))
    }

    /// The text of a bracketed paste, up to its end mark (or two seconds without input, if the
    /// end never comes). Keys the terminal encodes inside it are dropped: a paste is text.
    private func readPaste() -> Event {
        var text = String.UnicodeScalarView()
        var idle = 0
        while idle < 4 {
            var ch: wint_t = 0
            let result = wget_wch(window, &ch)
            if result == ERR {
                idle += 1
                continue
            }
            idle = 0
            if result == KEY_CODE_YES {
                if Int32(ch) == Session.pasteEnd { break }
                continue
            }
            if let scalar = Unicode.Scalar(UInt32(ch)) { text.append(scalar) }
        }
        return .paste(String(text))
    }

    private func character(_ code: UInt32) -> Key {
        switch code {
        case 27: return .escape
        case 10, 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(code + 96)!))
        case 0: return .ctrl("@")
        default:
            guard let scalar = Unicode.Scalar(code) else { return .char("\u{FFFD}") }
            return .char(Character(scalar))
        }
    }

    private func functionKey(_ code: Int32) -> Event? {
        switch code {
        case KEY_RESIZE: return .resize(width: 0, height: 0)
        case KEY_MOUSE:
            var x: Int32 = 0
            var y: Int32 = 0
            let kind: MouseEvent.Kind
            switch ap_read_mouse(&x, &y) {
            case 1: kind = .click
            case 2: kind = .doubleClick
            case 3: kind = .wheelUp
            case 4: kind = .wheelDown
            default: return .key(.function(0))
            }
            return .mouse(MouseEvent(kind, x: Int(x), y: Int(y)))
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        default:
            let f0 = ap_key_f0()
            if code > f0 && code <= f0 + 12 { return .key(.function(Int(code - f0))) }
            return .key(.function(0))
        }
    }

    // MARK: Output

    /// Copies a frame to the terminal: erase, draw every glyph at its own column (so that a
    /// terminal that measures a character differently cannot shift the rest of the line), one
    /// refresh. ncurses sends only what changed, so nothing flickers.
    private func draw() {
        let frame = app.render()
        werase(window)
        var rows: Int32 = 0
        var cols: Int32 = 0
        ap_getmaxyx(window, &rows, &cols)
        let height = min(frame.height, Int(rows))
        let width = min(frame.width, Int(cols))
        for y in 0..<max(0, height) {
            var x = 0
            var currentStyle: Style?
            while x < width {
                let cell = frame[x, y]
                if cell.width == 0 {
                    x += 1
                    continue
                }
                if cell.style != currentStyle {
                    let (attrs, pair) = palette.attributes(cell.style)
                    _ = ap_set_attr(window, attrs, pair)
                    currentStyle = cell.style
                }
                // Writing the bottom-right cell returns ERR (the cursor cannot move past it) but
                // the character is drawn: scrolling is off.
                _ = String(cell.character).withCString { ap_put(window, Int32(y), Int32(x), $0) }
                x += Int(cell.width)
            }
        }
        _ = ap_set_attr(window, ap_a_normal(), 0)
        if let cx = frame.cursorX, cx < width, frame.cursorY < height {
            curs_set(1)
            wmove(window, Int32(frame.cursorY), Int32(cx))
        } else {
            curs_set(0)
        }
        wnoutrefresh(window)
        doupdate()
    }

    // MARK: Effects

    private func perform(_ effect: Effect) {
        switch effect {
        case .quit:
            break
        case .redraw:
            ap_clear_on_next_refresh()
        case .editText(let initial):
            let (text, error) = runEditor(initial: initial)
            let next = app.handle(.editorFinished(text: text, error: error, file: noteFile?.path))
            resize()
            for effect in next { perform(effect) }
        case .discardNoteFile:
            discardNoteFile()
        case .importFile(let path, let received):
            let outcome = importer?(path, received)
                ?? ImportOutcome(planId: nil, message: "Importing from the terminal UI is not available in this build; \(path) was not imported", failed: true)
            _ = app.handle(.importFinished(outcome))
        case .export(let request):
            // A large plan takes a moment: show "Exporting to …" while it is written.
            draw()
            let outcome = exporter?(request)
                ?? ExportOutcome(request: request, path: request.path,
                                 error: "exporting from the terminal UI is not available in this build; use actionplan export")
            _ = app.handle(.exportFinished(outcome))
        }
    }

    /// Suspends the screen, runs `$VISUAL` or `$EDITOR` (else `vi`) on the private note file
    /// (made on first use, kept until the note is saved or discarded), and returns what was
    /// written, with why the editor failed if it did.
    private func runEditor(initial: String) -> (String?, String?) {
        let env = ProcessInfo.processInfo.environment
        let editor = [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let file: NoteFile
        do {
            if let existing = noteFile {
                try existing.write(initial)
                file = existing
            } else {
                file = try NoteFile.create(initial: initial, in: NoteFile.temporaryDirectory(environment: env))
                noteFile = file
                ap_set_note_file(file.path, file.directory)
            }
        } catch {
            return (nil, "cannot make the note file: \(error)")
        }
        def_prog_mode()
        endwin()
        ap_bracketed_paste(0)
        // The editor owns the terminal now: a signal must not run endwin over it.
        ap_set_curses_active(0)
        ap_ignore_interrupts(1)
        let status = spawnAndWait(["/bin/sh", "-c", Session.shellCommand(editor: editor), "sh", file.path])
        ap_ignore_interrupts(0)
        ap_set_curses_active(1)
        reset_prog_mode()
        ap_bracketed_paste(1)
        ap_clear_on_next_refresh()
        let text = try? file.read()
        guard status == 0 else { return (text, "\(editor) exited with status \(status)") }
        guard let text else { return (nil, "cannot read what the editor wrote in \(file.path)") }
        return (text, nil)
    }

    /// The shell command that runs the editor on "$1". A plain command (`vim`, `code --wait`) is
    /// run with `exec`, so that the process the driver waits for, and passes a SIGTERM or SIGHUP
    /// on to, is the editor itself; anything with shell syntax runs as written.
    static func shellCommand(editor: String) -> String {
        let plain = !editor.contains { ";&|<>()$`\\\n".contains($0) }
            && !(editor.split(separator: " ").first?.contains("=") ?? false)
        return (plain ? "exec " : "") + editor + " \"$1\""
    }

    private func discardNoteFile() {
        guard let file = noteFile else { return }
        ap_set_note_file(nil, nil)
        file.remove()
        noteFile = nil
    }

    private func spawnAndWait(_ arguments: [String]) -> Int32 {
        var pid: pid_t = 0
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for p in argv { free(p) } }
        let rc = posix_spawn(&pid, arguments[0], nil, nil, argv, ap_environ())
        guard rc == 0 else { return 127 }
        ap_set_editor_pid(pid)
        defer { ap_set_editor_pid(0) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return 127 }
        }
        // WIFEXITED / WEXITSTATUS are macros.
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }
}

/// Maps the views' styles to ncurses attributes: colour pairs when the terminal has colours
/// and `NO_COLOR` is not set (each colour as the configuration's `ColourScheme` says), else
/// bold, underline and reverse so that red and amber still stand out.
private struct Palette {
    let colours: Bool
    /// Whether the selected row has a background colour of its own rather than reverse video.
    let selectionBackground: Bool

    /// The views' colours in pair order: pair `n + 1` is `order[n]` on the default background,
    /// pair `n + 1 + order.count` the same on the selection colour.
    static let order: [(Colour, ColourScheme.Role?)] = [
        (.normal, nil), (.red, .red), (.amber, .amber), (.green, .green), (.blue, .blue), (.accent, .accent), (.heading, .heading),
    ]

    init(colours: Bool, scheme: ColourScheme) {
        var usable = colours
        if usable {
            usable = start_color() != ERR
            if usable {
                _ = use_default_colors()
                let background = Palette.number(scheme[.selection])
                for (index, (_, role)) in Palette.order.enumerated() {
                    let foreground = role.map { Palette.number(scheme[$0]) } ?? -1
                    _ = init_pair(Int16(index + 1), foreground, -1)
                    _ = init_pair(Int16(index + 1 + Palette.order.count), foreground, background)
                }
            }
        }
        self.colours = usable
        selectionBackground = usable && scheme[.selection] != .default
    }

    /// The ncurses number of a colour name; -1 is the terminal's own (`use_default_colors`).
    static func number(_ colour: ColourScheme.Colour) -> Int16 {
        switch colour {
        case .default: return -1
        case .black: return Int16(COLOR_BLACK)
        case .red: return Int16(COLOR_RED)
        case .green: return Int16(COLOR_GREEN)
        case .yellow: return Int16(COLOR_YELLOW)
        case .blue: return Int16(COLOR_BLUE)
        case .magenta: return Int16(COLOR_MAGENTA)
        case .cyan: return Int16(COLOR_CYAN)
        case .white: return Int16(COLOR_WHITE)
        }
    }

    func attributes(_ style: Style) -> (attr_t, Int16) {
        var attrs = ap_a_normal()
        if style.bold { attrs |= ap_a_bold() }
        if style.reverse && !(style.selection && selectionBackground) { attrs |= ap_a_reverse() }
        if style.underline { attrs |= ap_a_underline() }
        if style.dim { attrs |= ap_a_dim() }
        guard colours else {
            switch style.colour {
            case .red: attrs |= ap_a_bold() | ap_a_underline()
            case .amber, .accent: attrs |= ap_a_bold()
            case .normal, .green, .blue, .heading: break
            }
            return (attrs, 0)
        }
        let index = Palette.order.firstIndex { $0.0 == style.colour } ?? 0
        if style.selection && selectionBackground { return (attrs, Int16(index + 1 + Palette.order.count)) }
        return (attrs, style.colour == .normal ? 0 : Int16(index + 1))
    }
}
