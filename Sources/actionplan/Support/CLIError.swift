import ActionPlanModel
import ActionPlanCore

/// A failure the person can act on: one line, and an exit status.
///
/// Statuses: 64 a bad option or value (usage), 65 bad input data (a file, a feed),
/// 66 something named does not exist, 73 cannot create, 74 database or I/O failure,
/// 75 try again (locked, or a stale version), 1 anything else.
struct CLIError: Error {
    let message: String
    let status: Int32

    init(_ message: String, status: Int32 = 64) {
        self.message = message
        self.status = status
    }

    init(_ error: StoreError) {
        message = error.message
        switch error {
        case .notFound: status = 66
        case .stale, .locked: status = 75
        case .invalid: status = 65
        case .nothingToUndo, .undoBlocked: status = 1
        case .readOnly, .notADatabase, .newerSchema, .cannotOpen, .failed: status = 74
        }
    }

    static func usage(_ message: String) -> CLIError { CLIError(message, status: 64) }
}

extension UnknownValue {
    var cliError: CLIError { CLIError(message, status: 64) }
}
