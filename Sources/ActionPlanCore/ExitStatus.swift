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
}

extension StoreError {
    /// The exit status a command ends with when this error stops it.
    public var exitStatus: ExitStatus {
        switch self {
        case .notFound, .noSuchReference: return .noInput
        case .stale, .locked, .lockHeld: return .tryAgain
        case .invalid, .alreadyImported, .removed: return .dataError
        case .notYours: return .noPermission
        case .nothingToUndo, .undoBlocked: return .failure
        case .readOnly, .notADatabase, .newerSchema, .cannotOpen, .damaged, .failed: return .ioError
        }
    }
}
