import Foundation
import Testing
import TestSupport
import ActionPlanSQL
@testable import ActionPlanPostgres

/// The throw-away cluster of `make test` is what the issue asks: a Unix socket only, and gone
/// after the run whatever the command did.
@Suite struct TestClusterTests {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts")

    @Test func theClusterListensOnItsSocketOnlyAndIsNotRunByRoot() throws {
        let db = try PostgresConnection(TestServer.location())
        #expect(try db.string("SHOW listen_addresses") == "")
        let directory = try #require(try TestServer.location().socketDirectory)
        #expect(try db.string("SHOW unix_socket_directories") == directory)
        // The server's files belong to the user it runs as, never root.
        let dataDirectory = try #require(try db.string("SHOW data_directory"))
        let owner = try FileManager.default.attributesOfItem(atPath: dataDirectory)[.ownerAccountID] as? NSNumber
        #expect(owner != nil && owner?.intValue != 0, "the test server runs as root")
    }

    @Test func theWrapperGivesTheCommandsStatusAndRemovesItsClusterWhenTheCommandFails() throws {
        let environment = ProcessInfo.processInfo.environment.filter { ["PATH", "HOME", "TMPDIR", "LANG"].contains($0.key) }
        let result = try BuiltProgram.run(
            Self.scripts.appendingPathComponent("with-postgres").path,
            ["sh", "-c", "psql -X -At \"$ACTIONPLAN_TEST_PG\" -c 'SELECT 1' >/dev/null && echo \"$ACTIONPLAN_TEST_PG\" && exit 3"],
            environment: environment)
        #expect(result.status == 3, "\(result.stderr)")
        let uri = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let directory = try #require(try PostgresLocation(uri).socketDirectory, "no socket directory in \(uri)")
        #expect(!FileManager.default.fileExists(atPath: directory), "\(directory) is left after the run")
    }
}
