import GRDB
import GRDBSQLite
import ActionPlanSQL

/// `SQLDatabase` over a GRDB connection, for the duration of one read or write.
final class GRDBConnection: SQLDatabase {
    let db: Database
    init(_ db: Database) { self.db = db }

    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: [SQLValue], cached: Bool) throws -> Int {
        if cached {
            try run(try db.cachedStatement(sql: sql), arguments)
        } else {
            try db.execute(sql: sql, arguments: StatementArguments(arguments.map(\.databaseValue)))
        }
        return db.changesCount
    }

    /// SQLite gives an `INTEGER PRIMARY KEY` row its id as the rowid: no `RETURNING` needed
    /// (which would make SQLite collect the returned rows in a table of their own).
    func insert(_ sql: String, values: [SQLValue]) throws -> Int64 {
        try run(try db.cachedStatement(sql: sql), values)
        return db.lastInsertedRowID
    }

    /// Runs a cached statement that returns no rows (an import's INSERTs, thousands of values a
    /// statement), binding the values straight to SQLite: GRDB's `StatementArguments` boxes
    /// each value on the way, a seventh of an import's time. Text is bound up to its first NUL,
    /// as GRDB binds it. An error is GRDB's `DatabaseError`, as from any other statement.
    private func run(_ statement: Statement, _ arguments: [SQLValue]) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        guard arguments.count == Int(sqlite3_bind_parameter_count(handle)) else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(arguments.count) values for \(sqlite3_bind_parameter_count(handle)) parameters",
                                sql: statement.sql)
        }
        for (index, value) in arguments.enumerated() {
            let position = CInt(index + 1)
            let code: CInt
            switch value {
            case .null: code = sqlite3_bind_null(handle, position)
            case .integer(let v): code = sqlite3_bind_int64(handle, position, v)
            case .real(let v): code = sqlite3_bind_double(handle, position, v)
            case .text(let v): code = v.withCString { sqlite3_bind_text(handle, position, $0, -1, Self.transient) }
            }
            guard code == SQLITE_OK else { throw error(code, statement) }
        }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_DONE: return
            case SQLITE_ROW: continue
            case let code: throw error(code, statement)
            }
        }
    }

    /// SQLite copies the bound text (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    private func error(_ code: CInt, _ statement: Statement) -> DatabaseError {
        let connection = db.sqliteConnection
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: statement.sql)
    }

    func each(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRow) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments.map(\.databaseValue)))
        // Each row is read straight from the stepped statement (`DatabaseValue(sqliteStatement:)`,
        // as GRDB's rows do), without the generic decoding of a `Row` subscript: a tenth of a
        // 100,000-action count (docs/benchmarks.md).
        let row = GRDBStatementRow(statement: statement.sqliteStatement, count: statement.columnCount)
        while try cursor.next() != nil { try body(row) }
    }
}

/// The current row of a stepped statement, read as `SQLValue`s: valid until the next step.
struct GRDBStatementRow: SQLRow {
    let statement: SQLiteStatement
    let count: Int
    subscript(index: Int) -> SQLValue {
        switch DatabaseValue(sqliteStatement: statement, index: CInt(index)).storage {
        case .null: return .null
        case .int64(let v): return .integer(v)
        case .double(let v): return .real(v)
        case .string(let v): return .text(v)
        case .blob(let v): return .text(v.base64EncodedString())
        }
    }
}

extension SQLValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let v): return v.databaseValue
        case .real(let v): return v.databaseValue
        case .text(let v): return v.databaseValue
        }
    }
}
