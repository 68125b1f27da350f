import Foundation

/// A value as the store reads and writes it, on either backend. Every stored column is one of
/// these: integers (ids, counts, 0/1 flags), text (days, timestamps, JSON lists, enumerations)
/// and, for computed values only, reals. Days and timestamps are text in the same formats on
/// SQLite and PostgreSQL, so `RecordColumns` decodes both the same way.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The text form of the value (nil for NULL), as the audit trail records it.
    public var text: String? {
        switch self {
        case .null: return nil
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let v): return v
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }
}

/// What may be passed as a statement's argument.
public protocol SQLArgument: Sendable {
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLArgument { public var sqlValue: SQLValue { self } }
extension String: SQLArgument { public var sqlValue: SQLValue { .text(self) } }
extension Substring: SQLArgument { public var sqlValue: SQLValue { .text(String(self)) } }
extension Int64: SQLArgument { public var sqlValue: SQLValue { .integer(self) } }
extension Int: SQLArgument { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int32: SQLArgument { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Double: SQLArgument { public var sqlValue: SQLValue { .real(self) } }
extension Bool: SQLArgument { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension Optional: SQLArgument where Wrapped: SQLArgument {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// A statement's arguments, in the order of its `?` marks.
public typealias SQLArguments = [any SQLArgument]

/// One row of a result, read by position. A row handed to a callback is valid only during the
/// callback; `copy()` keeps it.
public protocol SQLRow {
    var count: Int { get }
    subscript(index: Int) -> SQLValue { get }
}

/// A row kept after its statement moved on.
public struct SQLStoredRow: SQLRow, Sendable, Hashable {
    public var values: [SQLValue]
    public init(_ values: [SQLValue]) { self.values = values }
    public var count: Int { values.count }
    public subscript(index: Int) -> SQLValue { values[index] }
}

extension SQLRow {
    public func copy() -> SQLStoredRow { SQLStoredRow((0..<count).map { self[$0] }) }
    public func int64(_ index: Int) -> Int64? {
        switch self[index] {
        case .integer(let v): return v
        case .text(let v): return Int64(v)
        case .real(let v): return Int64(exactly: v)
        case .null: return nil
        }
    }
    public func string(_ index: Int) -> String? { self[index].text }
}

/// Which SQL the connection speaks, where the two differ (docs/architecture.md, "Two backends").
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgresql

    /// `column` written so that the query planner reads the table rather than the column's
    /// index. SQLite keeps no statistics of a range (its build has no STAT4) and takes an index
    /// for any range, which for a range holding half the table means one random look-up per
    /// row: `list --overdue` at 100,000 actions read the action table through `action_due` in
    /// 210 ms, and in 70 ms by a scan. PostgreSQL's planner has the statistics and chooses itself.
    func scanned(_ column: String) -> String { self == .sqlite ? "+\(column)" : column }
}

/// One connection, inside a read or a write the store started. SQL is written with `?` marks
/// on both backends (the PostgreSQL connection numbers them); the SQL itself is the common
/// subset of SQLite 3.35+ and PostgreSQL 13+ except where the store asks `dialect`.
public protocol SQLDatabase: AnyObject {
    var dialect: SQLDialect { get }
    /// Runs a statement that returns no rows, and returns how many rows it inserted, changed or
    /// deleted. `cached`: the statement is run many times in this transaction (an import's
    /// inserts), worth preparing once.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue], cached: Bool) throws -> Int
    /// Runs a query, handing each row to `body` as it is read.
    func each(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRow) throws -> Void) throws
    /// Runs an INSERT of one row into a table whose key is an integer `id` the database gives,
    /// and returns that id. The statement is prepared once per connection: an import inserts
    /// thousands of rows with the same few statements.
    func insert(_ sql: String, values: [SQLValue]) throws -> Int64
}

extension SQLDatabase {
    @discardableResult
    public func execute(_ sql: String, _ arguments: SQLArguments = [], cached: Bool = false) throws -> Int {
        try execute(sql, arguments.map(\.sqlValue), cached: cached)
    }

    public func each(_ sql: String, _ arguments: SQLArguments = [], _ body: (any SQLRow) throws -> Void) throws {
        try each(sql, arguments.map(\.sqlValue), body)
    }

    public func rows(_ sql: String, _ arguments: SQLArguments = []) throws -> [SQLStoredRow] {
        var result: [SQLStoredRow] = []
        try each(sql, arguments) { result.append($0.copy()) }
        return result
    }

    public func row(_ sql: String, _ arguments: SQLArguments = []) throws -> SQLStoredRow? {
        var result: SQLStoredRow?
        try each(sql, arguments) { row in if result == nil { result = row.copy() } }
        return result
    }

    /// The first column of the first row.
    public func value(_ sql: String, _ arguments: SQLArguments = []) throws -> SQLValue {
        try row(sql, arguments).map { $0[0] } ?? .null
    }

    public func int64(_ sql: String, _ arguments: SQLArguments = []) throws -> Int64? {
        try row(sql, arguments)?.int64(0)
    }

    public func int(_ sql: String, _ arguments: SQLArguments = []) throws -> Int? {
        try int64(sql, arguments).map { Int($0) }
    }

    public func string(_ sql: String, _ arguments: SQLArguments = []) throws -> String? {
        try row(sql, arguments)?.string(0)
    }

    /// The first column of every row, as text (NULLs left out).
    public func strings(_ sql: String, _ arguments: SQLArguments = []) throws -> [String] {
        var result: [String] = []
        try each(sql, arguments) { row in if let text = row.string(0) { result.append(text) } }
        return result
    }

    public func int64s(_ sql: String, _ arguments: SQLArguments = []) throws -> [Int64] {
        var result: [Int64] = []
        try each(sql, arguments) { row in if let value = row.int64(0) { result.append(value) } }
        return result
    }

    /// Inserts rows of `columns.count` values each (`values` holds them one row after another)
    /// with as few statements as the databases allow: an import's thousands of rows, audit
    /// events and search index rows. Each statement of a full batch is the same text, prepared
    /// once. On SQLite this also keeps FTS5 from writing its pending index data out after every
    /// row: FTS5 flushes at the end of each statement of a transaction.
    /// `rowsPerStatement` is at most 500 unless a caller asks for more (at most what the
    /// parameters allow): each distinct count is a statement of its own to prepare.
    public func insertRows(into table: String, columns: [String], values: [SQLValue], rowsPerStatement: Int = 500) throws {
        let width = columns.count
        precondition(width > 0 && values.count % width == 0, "insertRows: \(values.count) values are not rows of \(width)")
        // Below SQLite's 32,766 and PostgreSQL's 65,535 parameters a statement.
        let perStatement = max(1, min(rowsPerStatement, 30_000 / width))
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        let row = "(" + sqlMarks(width) + ")"
        var start = 0
        while start < values.count {
            // Full statements, then what is left in powers of two (256 + 64 + …): a dozen
            // statements a table at most, each prepared once (parsing one of 500 rows costs
            // more than running it), not one more for every count an import happens to have.
            var count = min(perStatement, (values.count - start) / width)
            if count < perStatement { count = 1 << (Int.bitWidth - 1 - count.leadingZeroBitCount) }
            let sql = head + Array(repeating: row, count: count).joined(separator: ", ")
            try execute(sql, Array(values[start..<(start + count * width)]), cached: true)
            start += count * width
        }
    }

    /// Runs an INSERT of one row and returns the id the database gave it.
    public func insert(_ sql: String, _ arguments: SQLArguments = []) throws -> Int64 {
        try insert(sql, values: arguments.map(\.sqlValue))
    }
}

/// `?, ?, ?` for `count` values.
public func sqlMarks(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
}

/// An error of the SQL layer itself (not of the database), with its message.
public struct SQLFailure: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A list of values as statement arguments.
public func sqlArguments<S: Sequence>(_ values: S) -> SQLArguments where S.Element: SQLArgument {
    values.map { $0 as any SQLArgument }
}
