import Foundation
import ActionPlanModel
import ActionPlanReports

/// A key as the screens understand it, independent of ncurses.
public enum Key: Hashable, Sendable {
    case char(Character)
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, escape, backspace, delete, tab, backTab
    /// A control key: `.ctrl("u")` is Ctrl-U.
    case ctrl(Character)
    case function(Int)
}

/// A mouse event at a cell of the screen.
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case click, doubleClick, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int
    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// What happened to a file import the driver ran for `i`.
public struct ImportOutcome: Sendable, Hashable {
    /// The plan created, if any.
    public var planId: Int64?
    /// One line for the status line ("imported 12 findings from letter.txt as plan 3").
    public var message: String
    public var failed: Bool
    /// The document prints no date: the import needs the date it was received (the UI asks).
    public var needsReceivedDate: Bool
    /// The file, when the import is to be tried again with the date received.
    public var path: String?
    public init(planId: Int64?, message: String, failed: Bool, needsReceivedDate: Bool = false, path: String? = nil) {
        self.path = path
        self.planId = planId
        self.message = message
        self.failed = failed
        self.needsReceivedDate = needsReceivedDate
    }
}

/// An export the screens ask for with `e`: one plan, in one format, to one file, as of a day.
public struct ExportRequest: Sendable, Hashable {
    public var planId: Int64
    public var format: ReportFormat
    /// The file as typed (a leading `~` expanded); relative to the current directory.
    public var path: String
    /// The day the summary describes (the screen's today).
    public var asOf: Day
    /// Whether an existing file may be replaced: only once the person said so (the screen asks
    /// "FILE exists: replace it?"); otherwise the export refuses, as the command line does
    /// without `--force`.
    public var replacing: Bool
    public init(planId: Int64, format: ReportFormat, path: String, asOf: Day, replacing: Bool = false) {
        self.replacing = replacing
        self.planId = planId
        self.format = format
        self.path = path
        self.asOf = asOf
    }
}

/// What happened to an export the driver ran for `e`.
public struct ExportOutcome: Sendable, Hashable {
    public var request: ExportRequest
    /// The absolute path of the file written (or that could not be written).
    public var path: String
    /// How many actions the export holds.
    public var actions: Int
    /// Why nothing was written, in one line; nil when the file was written.
    public var error: String?
    public init(request: ExportRequest, path: String, actions: Int = 0, error: String? = nil) {
        self.request = request
        self.path = path
        self.actions = actions
        self.error = error
    }
}

/// Everything the screens react to.
public enum Event: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(width: Int, height: Int)
    /// The driver's poll timer (about twice a second): look for other people's changes.
    case tick
    /// Text pasted in the terminal (bracketed paste): text for a prompt, never keys.
    case paste(String)
    /// `$EDITOR` closed; the text written, or nil when it failed or was left empty, and where
    /// the note file is (kept until the note is saved or discarded).
    case editorFinished(text: String?, error: String?, file: String? = nil)
    case importFinished(ImportOutcome)
    case exportFinished(ExportOutcome)
}

/// What the screens ask the driver to do, because it needs the terminal or lives elsewhere.
public enum Effect: Hashable, Sendable {
    case quit
    /// Suspend the screen, run `$EDITOR` on the note file (a private file, created if there is
    /// none) holding `initial`, answer with `.editorFinished`. The file stays until
    /// `.discardNoteFile`.
    case editText(initial: String)
    /// The note written in `$EDITOR` is saved or thrown away on purpose: remove its file.
    case discardNoteFile
    /// Import a document into the database (counting its deadlines from `received` when given),
    /// answer with `.importFinished`.
    case importFile(path: String, received: Day?)
    /// Clear and repaint the whole terminal (Ctrl-L).
    case redraw
    /// Write a plan's progress summary to a file (whole or not at all), answer with
    /// `.exportFinished`.
    case export(ExportRequest)
}
