import Testing
import CLibpq
@testable import ActionPlanPostgres

/// libpq is opened when a PostgreSQL database is used, not linked (Libpq.swift).
@Suite struct LibpqTests {
    @Test func theInstalledLibraryOpensWithEveryFunction() throws {
        let library = try Libpq.open(Libpq.fileName).get()
        // The function looked up is libpq's: PQstatus of no connection is CONNECTION_BAD.
        #expect(library.api.PQstatus(nil) == CONNECTION_BAD)
    }

    @Test func aMissingLibraryIsOneLineSayingWhatToInstall() {
        let result = Libpq.open("libpq-not-installed.so.5")
        guard case .failure(let error) = result else {
            Issue.record("a missing library opened")
            return
        }
        #expect(error.message.hasPrefix("cannot load PostgreSQL's client library ("))
        #expect(error.message.hasSuffix("install libpq5 (apt-get install libpq5)"))
        #expect(!error.message.contains("\n"))
    }
}
