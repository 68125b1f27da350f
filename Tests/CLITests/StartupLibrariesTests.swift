import Foundation
import Testing
import TestSupport

/// What every start of the program loads (issue 14: a command that reads nothing starts in
/// under 10 ms). libpq is opened only when a PostgreSQL database is used, and workbooks are read
/// without libxml2; neither may come back as a library every start loads.
@Suite struct StartupLibrariesTests {
    @Test func theProgramDoesNotLoadLibpqOrLibxml2AtStart() throws {
        let result = try BuiltProgram.run("/usr/bin/readelf", ["-d", CLIRunner.binary], environment: ["PATH": "/usr/bin:/bin"],
                                          in: FileManager.default.temporaryDirectory)
        let needed = result.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(!needed.isEmpty, "readelf listed no libraries: \(result.stderr)")
        #expect(!needed.contains { $0.contains("libpq") }, "the program links libpq: \(needed)")
        // A statically linked build would name libxml2; a build linked with the Swift runtime as
        // shared libraries (the tests' build) names FoundationXML, which loads it.
        #expect(!needed.contains { $0.contains("libxml2") || $0.contains("FoundationXML") }, "the program links libxml2: \(needed)")
    }
}
