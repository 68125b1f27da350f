import Foundation
import Testing

/// The `i` key imports a document through the same code as `actionplan import`.
@Suite(.serialized) struct ImportKeyTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data/samples")

    @Test func importingASampleLetterOpensTheNewPlanAndABadPathSaysWhy() throws {
        let server = try EndToEndTests.seeded()
        try server.start("imp", width: 100, height: 30)
        try server.waitFor("imp", text: "Stockton-on-Tees")
        try server.send("imp", "i")
        try server.waitFor("imp", text: "Import file")
        try server.type("imp", server.directory.appendingPathComponent("missing.pdf").path)
        try server.send("imp", "Enter")
        try server.waitFor("imp", text: "missing.pdf")
        let plansBefore = try server.cli(["plans", "--json"])
        #expect(try JSONSerialization.jsonObject(with: Data(plansBefore.utf8)) as? [Any] != nil)
        try server.send("imp", "i")
        try server.waitFor("imp", text: "Import file")
        try server.type("imp", Self.samples.appendingPathComponent("northmoor-focused-visit.txt").path)
        try server.send("imp", "Enter")
        let screen = try server.waitFor("imp", text: "as plan 2")
        #expect(screen.contains("Northmoor"))
        let plans = try #require(try JSONSerialization.jsonObject(with: Data(try server.cli(["plans", "--json"]).utf8)) as? [[String: Any]])
        #expect(plans.count == 2)
        #expect((plans.last?["plan"] as? [String: Any])?["authority"] as? String == "Northmoor")
        // The same document again is refused, as on the command line.
        try server.send("imp", "i")
        try server.waitFor("imp", text: "Import file")
        try server.type("imp", Self.samples.appendingPathComponent("northmoor-focused-visit.txt").path)
        try server.send("imp", "Enter")
        try server.waitFor("imp", text: "already imported as plan 2")
        try server.send("imp", "Q")
        try server.waitFor("imp", text: "[exit:0]")
    }
}
