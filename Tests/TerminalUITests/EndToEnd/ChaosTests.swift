import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Terminal chaos (issue 6): resize storms, tiny terminals, a C locale and an old terminal
/// type. Each run must not crash, must leave the terminal restored, and must show the right
/// screen after the last change.
@Suite(.serialized) struct ChaosTests {
    /// Quits with Q and checks the program exited 0 and left the alternate screen.
    func quitAndCheckRestored(_ server: TmuxServer, _ session: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try server.send(session, "Q")
        try server.waitFor(session, text: "[exit:0]", sourceLocation: sourceLocation)
        #expect(try server.format(session, "#{alternate_on}") == "0", "still in the alternate screen", sourceLocation: sourceLocation)
        #expect(try server.format(session, "#{cursor_flag}") == "1", "the cursor was left hidden", sourceLocation: sourceLocation)
    }

    @Test func fiftyResizesInASecondWithAPromptOpenEndOnTheRightScreen() throws {
        let server = try EndToEndTests.seeded()
        try server.start("storm")
        try EndToEndTests.openFirstAction(server, "storm")
        try server.send("storm", "d", "C-u")
        try server.type("storm", "+5wd")
        try server.waitFor("storm", text: "Due date of P1.1: +5wd")
        let started = Date()
        var sizes: [(Int, Int)] = []
        for n in 0..<50 { sizes.append((n % 3 == 0 ? 12 + n : 61 + (n * 7) % 80, n % 4 == 0 ? 5 + n % 7 : 16 + (n * 3) % 20)) }
        sizes.append((90, 28))
        for (width, height) in sizes {
            try server.tmux(["resize-window", "-t", "storm", "-x", String(width), "-y", String(height)])
        }
        #expect(Date().timeIntervalSince(started) < 5, "the storm took too long to send to mean anything")
        #expect(try server.programPid("storm") != nil, "the program died in the storm")
        // A second instance started at the final size, brought to the same state, must look the same.
        try server.start("calm", width: 90, height: 28)
        try EndToEndTests.openFirstAction(server, "calm")
        try server.send("calm", "d", "C-u")
        try server.type("calm", "+5wd")
        let expected = try server.waitFor("calm", text: "Due date of P1.1: +5wd")
        let after = try server.waitFor("storm", "the storm's screen to settle like the calm one") { $0 == expected }
        #expect(after == expected)
        try server.send("storm", "Enter")
        try server.waitFor("storm", text: "P1.1 is due Mon 2026-11-30")
        try quitAndCheckRestored(server, "storm")
        try server.send("calm", "Escape")
        try quitAndCheckRestored(server, "calm")
    }

    @Test func aTenByFourTerminalNeitherCrashesNorDrawsGarbage() throws {
        let server = try EndToEndTests.seeded()
        try server.start("tiny", width: 10, height: 4)
        let screen = try server.waitFor("tiny", "a message at 10×4") { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        for line in screen.split(separator: "\n") { #expect(line.count <= 10) }
        #expect(screen.contains("small") || screen.contains("10×4"), "the 10×4 screen does not say it is too small:\n\(screen)")
        try server.send("tiny", "j", "Enter", "s", "n", "Escape")
        #expect(try server.programPid("tiny") != nil)
        try server.tmux(["resize-window", "-t", "tiny", "-x", "80", "-y", "24"])
        try server.waitFor("tiny", text: "Stockton-on-Tees")
        try quitAndCheckRestored(server, "tiny")
        let action = try #require(try EndToEndTests.action(server, 1)["action"] as? [String: Any])
        #expect(action["status"] as? String == "not_started", "keys typed while too small changed data")
    }

    @Test func aCLocaleStillDrawsAccentedAndWideText() throws {
        let server = try EndToEndTests.seeded()
        try server.start("c", extraEnvironment: ["LANG": "C", "LC_ALL": "C"])
        try server.waitFor("c", text: "Stockton-on-Tees")
        try server.send("c", "Enter")
        // Both rows, whichever a capture taken mid-redraw shows first.
        let screen = try server.waitFor("c", "the accented owner and the wide title") { $0.contains("Zoë Hart") && $0.contains("中文") }
        #expect(screen.contains("Zoë Hart") && screen.contains("中文"))
        try quitAndCheckRestored(server, "c")
    }

    @Test func aVT100TerminalWorksWithoutColours() throws {
        let server = try EndToEndTests.seeded()
        try server.start("vt", extraEnvironment: ["TERM": "vt100"])
        try server.waitFor("vt", text: "Stockton-on-Tees")
        try server.send("vt", "Enter")
        try server.waitFor("vt", text: "P1.1")
        let styled = try server.screen("vt", escapes: true)
        // A foreground colour is SGR 30–37 or 38;…; 39 is "default colour", which tmux writes anyway.
        let colour = try NSRegularExpression(pattern: "\u{1B}\\[(?:[0-9]+;)*(?:3[0-7]|38)(?:;[0-9]+)*m")
        let matches = colour.numberOfMatches(in: styled, range: NSRange(styled.startIndex..., in: styled))
        #expect(matches == 0, "vt100 has no colours, but a foreground colour was drawn:\n\(styled)")
        #expect(styled.contains("\u{1B}[1;7m") || styled.contains("\u{1B}[7m"), "no reverse video either:\n\(styled)")
        try quitAndCheckRestored(server, "vt")
    }
}
