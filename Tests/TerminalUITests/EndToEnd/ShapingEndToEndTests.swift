import Foundation
import Testing

/// Issue 11 through the real binary in tmux: an action removed with a reason, and brought back
/// with `u`.
@Suite(.serialized) struct ShapingEndToEndTests {
    @Test func xRemovesTheActionWithAReasonAndUBringsItBack() throws {
        let server = try EndToEndTests.seeded()
        try server.start("remove", user: "alice")
        try EndToEndTests.openFirstAction(server, "remove")
        try server.send("remove", "x")
        try server.waitFor("remove", text: "Remove action P1.1? Why:")
        // No reason: refused, and the prompt stays open for one.
        try server.send("remove", "Enter")
        try server.waitFor("remove", text: "Give a reason: it is kept with the removal, and u brings it back")
        try server.type("remove", "Duplicate of P1.2")
        try server.send("remove", "Enter")
        let removed = try server.waitFor("remove", text: "Removed action P1.1: u brings it back")
        #expect(!removed.contains("Audit every open"), "the row is gone at once:\n\(removed)")
        let listed = try server.cli(["list", "--removed"])
        #expect(listed.contains("Duplicate of P1.2"), "list --removed: \(listed)")
        try server.send("remove", "u")
        try server.waitFor("remove", text: "Undone")
        try server.waitFor("remove", text: "Audit every open")
        #expect(!(try server.cli(["list", "--removed"])).contains("Duplicate of P1.2"), "it is back in the plan")
        try server.send("remove", "Q")
        try server.waitFor("remove", text: "[exit:0]")
    }
}
