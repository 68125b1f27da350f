import Foundation
import ActionPlanCore

/// A failure of PostgreSQL or of libpq, with what a person needs to read and what the store
/// needs to decide (retry a serialization failure, refuse a duplicate, report a missing grant).
///
/// `message` and `detail` are one line each, with every control character shown as a readable
/// escape (`TerminalSafe`), so they can be printed as they are: server messages quote the
/// values people typed.
public struct PostgresError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The five-character SQLSTATE the server sent (`23505`), or nil when there was no server
    /// answer: a connection that could not be made or was lost, or a refusal before sending.
    public var sqlState: String?
    /// The primary message, one line.
    public var message: String
    /// The server's detail line (`Key (code)=(x) already exists.`), when it sent one.
    public var detail: String?
    /// The connection could not be made, or broke: nothing more can be sent on it.
    let connectionBroken: Bool

    public init(sqlState: String? = nil, message: String, detail: String? = nil) {
        self.init(sqlState: sqlState, message: message, detail: detail, connectionBroken: false)
    }

    init(sqlState: String?, message: String, detail: String?, connectionBroken: Bool) {
        self.sqlState = sqlState
        self.message = PostgresError.oneLine(message)
        self.detail = detail.map(PostgresError.oneLine)
        self.connectionBroken = connectionBroken
    }

    public var description: String { message }

    /// 40001: a serializable transaction lost to a concurrent one; running it again may succeed.
    /// 40P01 (a deadlock) is retried the same way.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// 23505: a unique index or constraint refused the row.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// 42501: the login lacks a privilege (a grant, or a row-level security policy's check).
    public var isInsufficientPrivilege: Bool { sqlState == "42501" }
    /// The server could not be reached or the connection was lost (class 08, or the server
    /// shutting down: 57P01–57P03).
    public var isConnectionFailure: Bool {
        if connectionBroken { return true }
        guard let state = sqlState else { return false }
        return state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03"
    }

    /// The first non-empty line, trimmed, with control characters made visible.
    static func oneLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty } ?? ""
        return TerminalSafe.visible(line, oneLine: true)
    }
}
