import ActionPlanCore

/// A failure the person can act on: one line, and the exit status a command ends with
/// (`ExitStatus`, documented in docs/cli.md). The command line prints it; the terminal UI shows
/// it on the status line.
public struct OperationError: Error, Sendable {
    public let message: String
    public let status: ExitStatus

    public init(_ message: String, status: ExitStatus = .usage) {
        self.message = message
        self.status = status
    }

    public init(_ error: StoreError) {
        message = error.message
        status = error.exitStatus
    }

    public static func usage(_ message: String) -> OperationError { OperationError(message, status: .usage) }

    /// The message of any error a use case can end with, for a status line.
    public static func message(of error: any Error) -> String {
        if let error = error as? OperationError { return error.message }
        if let error = error as? StoreError { return error.message }
        return String(describing: error)
    }
}
