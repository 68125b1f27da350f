import ActionPlanModel
import ActionPlanCore

/// A failure the person can act on: one line, and an exit status (`ExitStatus`, documented in
/// docs/cli.md).
struct CLIError: Error {
    let message: String
    let status: ExitStatus

    init(_ message: String, status: ExitStatus = .usage) {
        self.message = message
        self.status = status
    }

    init(_ error: StoreError) {
        message = error.message
        status = error.exitStatus
    }

    static func usage(_ message: String) -> CLIError { CLIError(message, status: .usage) }
}

extension UnknownValue {
    var cliError: CLIError { CLIError(message, status: .usage) }
}
