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

    func each(_ sql: String, _ arguments: [SQLValue], _ body: (any SQLRow) throws -> Void) throws {
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments.map(\.databaseValue)))
        while let row = try cursor.next() { try body(GRDBRow(row: row)) }
    }
}

/// A GRDB row read as `SQLValue`s.
struct GRDBRow: SQLRow {
    let row: Row
    var count: Int { row.count }
    subscript(index: Int) -> SQLValue {
        switch (row[index] as DatabaseValue).storage {
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
