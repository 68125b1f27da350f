import Foundation
import Testing
@testable import ActionPlanSQLite
@testable import ActionPlanSQL
import ActionPlanPostgres
import ActionPlanCore
import ActionPlanModel

/// The two backends every backend-neutral store test runs on: a fresh SQLite file, or a fresh
/// schema in the throw-away PostgreSQL cluster `make test` starts (`ACTIONPLAN_TEST_PG`).
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }

    static let holidays = StatutoryHolidays.holidays(year: 2026) + StatutoryHolidays.holidays(year: 2027)

    /// A new, empty store of this kind, seeded with the 2026–27 bank holidays.
    func open(now: Date = epoch, account: String? = nil, holidays: [BankHoliday] = Backend.holidays) throws -> any SQLPlanStore {
        let options = StoreOptions(busyTimeout: 2, initialHolidays: holidays, now: { now }, account: account)
        switch self {
        case .sqlite:
            return try SQLitePlanStore(path: try TempDatabase().path, options: options)
        case .postgresql:
            return try PostgresPlanStore(location: try TestPostgres.location(), schema: TestPostgres.newSchema(), options: options)
        }
    }
}

/// The test cluster `make test` starts (scripts/with-postgres), named by `ACTIONPLAN_TEST_PG`.
enum TestPostgres {
    static func location() throws -> PostgresLocation {
        guard let text = ProcessInfo.processInfo.environment["ACTIONPLAN_TEST_PG"], !text.isEmpty else {
            throw TestPostgresMissing()
        }
        return try PostgresLocation(text)
    }

    /// A schema no other test uses.
    static func newSchema() -> String {
        "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
    }
}

struct TestPostgresMissing: Error, CustomStringConvertible {
    var description: String {
        "ACTIONPLAN_TEST_PG is not set: run the tests through `make test`, which starts a throw-away PostgreSQL cluster for them"
    }
}
