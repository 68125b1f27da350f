import Foundation
import Testing
import TestSupport

/// Files the program writes on a shared host are its owner's alone, and never written through
/// a link someone left in the way.
@Suite struct FileSafetyTests {
    func mode(_ path: String) throws -> Int {
        try #require((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test func anExportIsCreatedPrivateAndKeepsTheModeOfTheFileItReplaces() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        _ = try cli.seedPlan()
        let fresh = cli.directory.appendingPathComponent("board.md").path
        try cli.ok(["export", "-o", fresh])
        #expect(try mode(fresh) == 0o600, "a new export is readable by its owner only")
        let shared = cli.directory.appendingPathComponent("team.html").path
        #expect(FileManager.default.createFile(atPath: shared, contents: Data("old".utf8), attributes: [.posixPermissions: 0o640]))
        let refused = try cli.run(["export", "-o", shared])
        #expect(refused.status == 73 && refused.stderr.contains("already exists: add --force"))
        #expect(try String(contentsOfFile: shared, encoding: .utf8) == "old", "without --force the file is left as it was")
        try cli.ok(["export", "-o", shared, "--force"])
        #expect(try mode(shared) == 0o640, "replacing a file keeps the mode its owner chose")
        #expect(try String(contentsOfFile: shared, encoding: .utf8).contains("<html"))
        let private600 = cli.directory.appendingPathComponent("private.csv").path
        #expect(FileManager.default.createFile(atPath: private600, contents: Data(), attributes: [.posixPermissions: 0o600]))
        try cli.ok(["export", "-o", private600, "--force"])
        #expect(try mode(private600) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).filter { $0.contains(".actionplan-") }
        #expect(leftovers.isEmpty, "no temporary file is left: \(leftovers)")
    }

    @Test func aBackupIsPrivateFromItsFirstByteAndRefusesALinkInTheWay() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        _ = try cli.seedPlan()
        let copy = cli.directory.appendingPathComponent("copy.sqlite").path
        try cli.ok(["backup", copy])
        #expect(try mode(copy) == 0o600)
        // A link to a file that does not exist yet: following it would create that file.
        let victim = cli.directory.appendingPathComponent("victim.sqlite").path
        let link = cli.directory.appendingPathComponent("link.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        let result = try cli.run(["backup", link])
        #expect(result.status != 0, "a backup through a link is refused")
        #expect(!FileManager.default.fileExists(atPath: victim), "nothing was written where the link points")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
}

/// The audit's "who" is the name given and the account that gave it.
@Suite struct HistoryAccountTests {
    @Test func historyShowsTheAccountBesideANameThatIsNotIt() throws {
        let cli = try CLIRunner(user: "alice")
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let id = try cli.seedPlan()
        try cli.ok(["update", id, "--note", "Booked the audit"])
        let account = String(cString: getpwuid(geteuid())!.pointee.pw_name)
        let history = try cli.ok(["history", id])
        #expect(history.contains("alice (account \(account))"), "\(history)")
        let json = try #require(try cli.json(["history", id, "--json"]) as? [[String: Any]])
        #expect(json.allSatisfy { $0["account"] as? String == account && $0["who"] as? String == "alice" })
    }
}
