import Foundation
import ActionPlanSQL
import CLibpq

/// One connection to a PostgreSQL server through libpq, speaking the store's `SQLDatabase`.
///
/// Calls are synchronous, like the store's. Statements take `?` marks, numbered `$1…$n` here
/// (`NumberedSQL`, cached per SQL text), and their arguments go as text with no type (oid 0):
/// the server gives each the type its place calls for (a column, a comparison). Where nothing
/// fixes a type (`SELECT ?`, `? IS NULL`) write a cast: `CAST(? AS BIGINT)`.
///
/// Result columns become `SQLValue`s by their type (`PQftype`): int2, int4, int8 and oid are
/// integers; float4 and float8 are reals; numeric is an integer when it has no decimal point
/// and fits in 64 bits (`SUM` of a bigint column is numeric) and a real otherwise; bool is the
/// integer 0 or 1 (as SQLite stores flags); anything else is its text form.
///
/// Not `Sendable`: one libpq connection serves one thread at a time. The store holds it behind
/// its own lock.
public final class PostgresConnection: SQLDatabase {
    public let location: PostgresLocation
    public var dialect: SQLDialect { .postgresql }

    private let connection: OpaquePointer
    private let pq: ActionPlanLibpq
    private var numbered: [String: NumberedSQL] = [:]
    private static let numberedLimit = 2_000
    /// The named statements prepared on this connection, by SQL text (`cached: true`).
    private var prepared: [String: String] = [:]

    /// Connects, or refuses with libpq's first line (`connection to server on socket … failed:
    /// FATAL:  database "x" does not exist`). The password, when the server asks, comes from
    /// `~/.pgpass` or `PGPASSWORD` as for every libpq program.
    public init(_ location: PostgresLocation) throws(PostgresError) {
        self.location = location
        let pq = try Libpq.load().api
        self.pq = pq
        // The URI is expanded as `dbname` (expand_dbname); the keywords after it win: text is
        // UTF-8 whatever the environment says, and the server's activity view names the program
        // unless the URI gives an application_name.
        let keywords = ["dbname", "client_encoding", "fallback_application_name"]
        let values = [location.uri, "UTF8", "actionplan"]
        let made: OpaquePointer? = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in
                pq.PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let made else {
            throw PostgresError(sqlState: nil, message: "libpq could not allocate a connection", detail: nil, connectionBroken: true)
        }
        guard pq.PQstatus(made) == CONNECTION_OK else {
            let message = Self.text(pq.PQerrorMessage(made))
            pq.PQfinish(made)
            throw PostgresError(sqlState: nil, message: message, detail: nil, connectionBroken: true)
        }
        connection = made
        // libpq prints notices (`NOTICE: … does not exist, skipping`) on stderr by default;
        // the program's output is its own.
        _ = pq.PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit {
        pq.PQfinish(connection)
    }

    // MARK: SQLDatabase

    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLValue], cached: Bool) throws -> Int {
        let result = try run(sql, arguments, cached: cached)
        defer { pq.PQclear(result) }
        // The rows an INSERT, UPDATE or DELETE touched ("" for other statements).
        return Int(Self.text(pq.PQcmdTuples(result))) ?? 0
    }

    public func insert(_ sql: String, values: [SQLValue]) throws -> Int64 {
        let result = try run(sql + " RETURNING id", values, cached: true)
        defer { pq.PQclear(result) }
        guard pq.PQntuples(result) == 1, pq.PQnfields(result) == 1, pq.PQgetisnull(result, 0, 0) == 0,
              let id = Int64(Self.text(pq.PQgetvalue(result, 0, 0))) else {
            throw PostgresError(message: "the database returned no id for: \(sql)")
        }
        return id
    }

    /// Hands each row to `body` as a view on libpq's result: the values are decoded when read,
    /// so a large result costs libpq's copy of it and no Swift copy. The whole result is read
    /// before the first row (not single-row mode), so `body` may run other statements on this
    /// connection, as the store's loops do.
    public func each(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRow) throws -> Void) throws {
        let result = try run(sql, arguments, cached: false)
        defer { pq.PQclear(result) }
        let columns = pq.PQnfields(result)
        let kinds = (0..<columns).map { ColumnKind(pq.PQftype(result, $0)) }
        let rows = pq.PQntuples(result)
        var row: Int32 = 0
        while row < rows {
            try body(PostgresRow(result: result, row: row, kinds: kinds, pq: pq))
            row += 1
        }
    }

    // MARK: Transactions, scripts, identity

    /// `BEGIN` with an optional mode (`ISOLATION LEVEL SERIALIZABLE`, `READ ONLY`).
    public func begin(_ mode: String = "") throws(PostgresError) {
        try command(mode.isEmpty ? "BEGIN" : "BEGIN " + mode)
    }

    public func commit() throws(PostgresError) { try command("COMMIT") }

    public func rollback() throws(PostgresError) { try command("ROLLBACK") }

    /// Runs several statements at once, with no arguments and no `?` numbering (a migration's
    /// script). They run in one implicit transaction unless the script has its own.
    public func executeScript(_ sql: String) throws(PostgresError) {
        try refuseNul(sql, what: "the SQL")
        let result = pq.PQexec(connection, sql)
        try check(result)
        pq.PQclear(result)
    }

    /// The database login the connection runs as: the audit's "who" on PostgreSQL.
    public func sessionUser() throws(PostgresError) -> String {
        let result = try run("SELECT session_user", [], cached: false)
        defer { pq.PQclear(result) }
        guard pq.PQntuples(result) == 1, pq.PQgetisnull(result, 0, 0) == 0 else {
            throw PostgresError(message: "the server did not say who the session user is")
        }
        return Self.text(pq.PQgetvalue(result, 0, 0))
    }

    /// A C string libpq returned (none is the empty text).
    static func text(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    /// `"name"` with quotes doubled: an identifier that is never read as a keyword or SQL.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: LISTEN / NOTIFY

    /// Starts receiving `channel`'s notifications on this connection (outside a transaction,
    /// or from the transaction's commit).
    public func listen(_ channel: String) throws(PostgresError) {
        try command("LISTEN " + Self.quoteIdentifier(channel))
    }

    public func unlisten(_ channel: String) throws(PostgresError) {
        try command("UNLISTEN " + Self.quoteIdentifier(channel))
    }

    /// Sends a notification (delivered when the current transaction commits, at once outside one).
    public func notify(_ channel: String, payload: String) throws(PostgresError) {
        let result = try run("SELECT pg_notify(?, ?)", [.text(channel), .text(payload)], cached: false)
        pq.PQclear(result)
    }

    /// The notifications that arrived, waiting at most `timeout` seconds for the first one.
    /// Returns at once when some are already queued, and an empty list when the time passed.
    public func waitForNotifications(timeout: Double) throws(PostgresError) -> [(channel: String, payload: String)] {
        let clock = ContinuousClock()
        // At most a day per call; NaN and negative waits are no wait.
        let seconds = timeout > 0 ? min(timeout, 86_400) : 0
        let deadline = clock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        var received = try consumeNotifications()
        while received.isEmpty {
            let left = clock.now.duration(to: deadline)
            if left <= .zero { break }
            let socket = pq.PQsocket(connection)
            guard socket >= 0 else { throw brokenConnection() }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(Double(Int32.max), (Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18) * 1000).rounded(.up))
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw PostgresError(message: "waiting for notifications failed: " + String(cString: strerror(errno)))
            }
            received = try consumeNotifications()
        }
        return received
    }

    /// Reads what the server sent and takes the queued notifications.
    private func consumeNotifications() throws(PostgresError) -> [(channel: String, payload: String)] {
        guard pq.PQconsumeInput(connection) == 1 else { throw brokenConnection() }
        var received: [(channel: String, payload: String)] = []
        while let notification = pq.PQnotifies(connection) {
            received.append((String(cString: notification.pointee.relname), String(cString: notification.pointee.extra)))
            pq.PQfreemem(notification)
        }
        return received
    }

    // MARK: Running statements

    private func command(_ sql: String) throws(PostgresError) {
        let result = try run(sql, [], cached: false)
        pq.PQclear(result)
    }

    /// Runs one statement and returns its successful result (the caller clears it).
    private func run(_ sql: String, _ arguments: [SQLValue], cached: Bool) throws(PostgresError) -> OpaquePointer {
        let statement: NumberedSQL
        if let known = numbered[sql] {
            statement = known
        } else {
            try refuseNul(sql, what: "the SQL")
            statement = NumberedSQL(sql)
            // The store's statements are a fixed set, but `IN (?, ?, …)` lists vary in length:
            // a bound keeps a long-lived connection's cache from growing without end.
            if numbered.count >= Self.numberedLimit { numbered.removeAll(keepingCapacity: true) }
            numbered[sql] = statement
        }
        guard statement.parameterCount == arguments.count else {
            throw PostgresError(message: "the statement has \(statement.parameterCount) ? marks but \(arguments.count) arguments were given: \(sql)")
        }
        var texts: [String?] = []
        texts.reserveCapacity(arguments.count)
        for argument in arguments {
            let text = Self.argumentText(argument)
            if let text { try refuseNul(text, what: "a text value") }
            texts.append(text)
        }
        var name: String?
        if cached {
            if let known = prepared[sql] {
                name = known
            } else {
                let candidate = "actionplan_\(prepared.count + 1)"
                let made = pq.PQprepare(connection, candidate, statement.text, Int32(statement.parameterCount), nil)
                try check(made)
                pq.PQclear(made)
                prepared[sql] = candidate
                name = candidate
            }
        }
        let result: OpaquePointer? = withOptionalCStrings(texts) { values in
            if let name {
                return pq.PQexecPrepared(connection, name, Int32(values.count), values, nil, nil, 0)
            }
            return pq.PQexecParams(connection, statement.text, Int32(values.count), nil, values, nil, nil, 0)
        }
        try check(result)
        return result!
    }

    /// An argument in PostgreSQL's text input form; nil for NULL.
    static func argumentText(_ value: SQLValue) -> String? {
        switch value {
        case .null: return nil
        case .integer(let v): return String(v)
        case .real(let v):
            // Swift's description is the shortest text that reads back as the same double.
            if v.isNaN { return "NaN" }
            if v.isInfinite { return v < 0 ? "-Infinity" : "Infinity" }
            return String(v)
        case .text(let v): return v
        }
    }

    private func refuseNul(_ text: String, what: String) throws(PostgresError) {
        if text.utf8.contains(0) {
            throw PostgresError(message: "\(what) holds a NUL character, which PostgreSQL cannot take")
        }
    }

    /// Throws unless `result` is a statement's success; clears it when it throws.
    private func check(_ result: OpaquePointer?) throws(PostgresError) {
        guard let result else { throw brokenConnection() }
        let status = pq.PQresultStatus(result)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK { return }
        func field(_ code: UInt8) -> String? {
            guard let pointer = pq.PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: pointer)
        }
        // PG_DIAG_SQLSTATE, PG_DIAG_MESSAGE_PRIMARY, PG_DIAG_MESSAGE_DETAIL (character macros).
        let state = field(UInt8(ascii: "C"))
        let message = field(UInt8(ascii: "M")) ?? Self.text(pq.PQresultErrorMessage(result))
        let detail = field(UInt8(ascii: "D"))
        pq.PQclear(result)
        throw PostgresError(sqlState: state, message: message, detail: detail, connectionBroken: pq.PQstatus(connection) == CONNECTION_BAD)
    }

    private func brokenConnection() -> PostgresError {
        PostgresError(sqlState: nil, message: Self.text(pq.PQerrorMessage(connection)), detail: nil,
                      connectionBroken: pq.PQstatus(connection) == CONNECTION_BAD)
    }
}

/// How a result column's text becomes an `SQLValue`.
enum ColumnKind: Sendable {
    case integer, real, numeric, boolean, text

    init(_ type: Oid) {
        switch type {
        case 20, 21, 23, 26: self = .integer  // int8, int2, int4, oid
        case 700, 701: self = .real  // float4, float8
        case 1700: self = .numeric
        case 16: self = .boolean
        default: self = .text
        }
    }
}

/// One row of a libpq result, decoded when read. Valid while its `each` callback runs.
struct PostgresRow: SQLRow {
    let result: OpaquePointer
    let row: Int32
    let kinds: [ColumnKind]
    let pq: ActionPlanLibpq

    var count: Int { kinds.count }

    subscript(index: Int) -> SQLValue {
        let column = Int32(index)
        if pq.PQgetisnull(result, row, column) != 0 { return .null }
        let bytes = UnsafeBufferPointer(start: pq.PQgetvalue(result, row, column).map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) },
                                        count: Int(pq.PQgetlength(result, row, column)))
        switch kinds[index] {
        case .integer:
            if let value = Self.integer(bytes) { return .integer(value) }
            return .text(String(decoding: bytes, as: UTF8.self))
        case .numeric:
            if !bytes.contains(UInt8(ascii: ".")), let value = Self.integer(bytes) { return .integer(value) }
            return Self.real(bytes)
        case .real:
            return Self.real(bytes)
        case .boolean:
            return .integer(bytes.first == UInt8(ascii: "t") ? 1 : 0)
        case .text:
            return .text(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// A decimal integer (optional minus sign) that fits in 64 bits, else nil.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; index = 1 }
        guard index < bytes.count else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = negative ? times.subtractingReportingOverflow(Int64(digit)) : times.addingReportingOverflow(Int64(digit))
            if overflowTimes || overflowAdd { return nil }
            value = next
            index += 1
        }
        return value
    }

    /// float4, float8 and numeric text (`1.5`, `1e+20`, `NaN`, `Infinity`) as a double.
    static func real(_ bytes: UnsafeBufferPointer<UInt8>) -> SQLValue {
        let text = String(decoding: bytes, as: UTF8.self)
        return Double(text).map(SQLValue.real) ?? .text(text)
    }
}

/// Calls `body` with C copies of `strings` (NULL for nil), freed afterwards.
private func withOptionalCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let buffers: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0)! } }
    defer { for buffer in buffers { free(buffer) } }
    return body(buffers.map { $0.map { UnsafePointer($0) } })
}

/// The same for libpq's keyword and value arrays, which end with a NULL.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    withOptionalCStrings(strings.map(Optional.some)) { pointers in body(pointers + [nil]) }
}
