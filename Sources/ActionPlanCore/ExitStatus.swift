/// How a command ends, as its exit status. One list for every command (docs/cli.md shows it).
///
/// The numbers follow BSD's sysexits.h where one fits, so scripts can tell a typing mistake
/// from a missing file from a database that needs attention.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// The command did what it was asked.
    case success = 0
    /// Anything else: nothing to undo, an undo refused, a terminal UI that could not start.
    case failure = 1
    /// A bad option or value (unknown status, impossible date, negative count, unknown option).
    case usage = 64
    /// Bad input data (a holiday feed, an empty title, a letter with no findings).
    case dataError = 65
    /// Something named does not exist (an id, a file).
    case noInput = 66
    /// A program it needs is missing (pdftotext).
    case unavailable = 69
    /// Cannot create a file it was asked to write (no place for the database, a folder path).
    case cannotCreate = 73
    /// The database or a file cannot be used: read-only, not SQLite, newer, damaged; a write failed.
    case ioError = 74
    /// Try again: the database is locked past the timeout, or the record changed since your version.
    case tryAgain = 75
    /// Not yours to change: another person's note.
    case noPermission = 77
    /// The configuration file cannot be used: a bad line, an unknown key, a value out of range.
    case config = 78
}

extension ExitStatus {
    /// What the status means, in one line: the manual page's EXIT STATUS section is made from
    /// it (docs/cli.md's table says the same at length).
    public var meaning: String {
        switch self {
        case .success: return "The command did what it was asked."
        case .failure: return "Nothing to undo, an undo refused because someone changed the same rows since, or a terminal UI that could not start."
        case .usage: return "A bad option or value: an unknown status, an impossible date, a negative count, an unknown option, a control character in typed text."
        case .dataError: return "Bad input data: a holiday feed, an empty title, a letter with no findings."
        case .noInput: return "Something named does not exist: an id, a file."
        case .unavailable: return "A program it needs is missing (pdftotext: install poppler-utils)."
        case .cannotCreate: return "A file it was asked to write cannot be created: no place for the database, a folder that does not exist."
        case .ioError: return "Standard output cannot be written, or the database cannot be used: read-only for a change, not a regular file, not SQLite, written by a newer version, damaged, or its disk is full."
        case .tryAgain: return "Try again: the database is locked past the timeout, or the action changed since the version given."
        case .noPermission: return "Not yours to change: another person's note."
        case .config: return "The configuration file cannot be used: a bad line, an unknown key, a value of the wrong kind."
        }
    }
}

extension StoreError {
    /// The exit status a command ends with when this error stops it.
    public var exitStatus: ExitStatus {
        switch self {
        case .notFound, .noSuchReference: return .noInput
        case .stale, .locked, .lockHeld: return .tryAgain
        case .invalid, .alreadyImported, .removed: return .dataError
        case .notYours, .notAllowed: return .noPermission
        case .nothingToUndo, .undoBlocked: return .failure
        case .readOnly, .notADatabase, .newerSchema, .cannotOpen, .damaged, .failed: return .ioError
        }
    }
}
