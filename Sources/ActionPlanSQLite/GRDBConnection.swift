import GRDB
import ActionPlanSQL

/// `SQLDatabase` over a GRDB connection, for the duration of one read or write.
final class GRDBConnection: SQLDatabase {
    let db: Database
    init(_ db: Database) { self.db = db }

    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: [SQLValue], cached: Bool) throws -> Int {
        let values = StatementArguments(arguments.map(\.databaseValue))
        if cached {
            try db.cachedStatement(sql: sql).execute(arguments: values)
        } else {
            try db.execute(sql: sql, arguments: values)
        }
        return db.changesCount
    }

    /// SQLite gives an `INTEGER PRIMARY KEY` row its id as the rowid: no `RETURNING` needed
    /// (which would make SQLite collect the returned rows in a table of their own).
    func insert(_ sql: String, values: [SQLValue]) throws -> Int64 {
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(values.map(\.databaseValue)))
        return db.lastInsertedRowID
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
