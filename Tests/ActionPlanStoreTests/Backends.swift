import Foundation
import Testing
import TestSupport
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

/// The test cluster `make test` starts (TestSupport's `TestPostgresCluster`), one schema per test.
enum TestPostgres {
    static func location() throws -> PostgresLocation {
        try PostgresLocation(try TestPostgresCluster.superuser())
    }

    /// A schema no other test uses.
    static func newSchema() -> String { TestPostgresCluster.uniqueName("t") }
}
