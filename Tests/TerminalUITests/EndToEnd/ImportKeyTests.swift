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

    @Test func aReportThatPrintsNoDateIsImportedWithTheDateItWasReceived() throws {
        let server = try EndToEndTests.seeded()
        try server.start("undated", width: 100, height: 30)
        try server.waitFor("undated", text: "Stockton-on-Tees")
        try server.send("undated", "i")
        try server.waitFor("undated", text: "Import file")
        try server.type("undated", Self.samples.appendingPathComponent("northmoor-ilacs-inspection.txt").path)
        try server.send("undated", "Enter")
        try server.waitFor("undated", text: "Date received")
        // Today is offered; a date typed over it is the one deadlines count from.
        try server.send("undated", "C-u")
        try server.type("undated", "2024-04-22")
        try server.send("undated", "Enter")
        try server.waitFor("undated", text: "as plan 2")
        let plans = try #require(try JSONSerialization.jsonObject(with: Data(try server.cli(["plans", "--json"]).utf8)) as? [[String: Any]])
        #expect((plans.last?["plan"] as? [String: Any])?["received"] as? String == "2024-04-22")
        try server.send("undated", "Q")
        try server.waitFor("undated", text: "[exit:0]")
    }
}
