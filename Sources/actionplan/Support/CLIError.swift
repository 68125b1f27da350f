import ActionPlanModel
import ActionPlanCore
import ActionPlanOperations

/// A failure of a command: the use cases' error, printed as one line with its exit status.
typealias CLIError = OperationError

extension UnknownValue {
    var cliError: CLIError { CLIError(message, status: .usage) }
}
