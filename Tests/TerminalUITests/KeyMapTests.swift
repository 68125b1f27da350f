import Testing
import ActionPlanModel
import ActionPlanCore
@testable import TerminalUI

/// The key maps are the one source of the keys: what help and the status line say must be
/// what the keys do.
@Suite struct KeyMapTests {
    static let maps: [(String, KeyMap)] = ScreenKind.allCases.map { ($0.rawValue, KeyMap.of($0)) }
        + [("everywhere", KeyMap.everywhere), ("prompt", KeyMap.prompt), ("too small", KeyMap.tooSmall)]

    /// How to reach each screen from the plans screen of the fixture.
    static let route: [ScreenKind: String] = [.plans: "", .plan: "<Enter>jj", .action: "<Enter>jj<Enter>",
                                              .dashboard: "<Enter>D", .milestones: "<Enter>M", .views: "2", .help: "<Enter>?"]

    @Test func noTableBindsAKeyTwice() {
        for (name, map) in Self.maps {
            var seen: [Key: String] = [:]
            for binding in map.bindings {
                for key in binding.keys {
                    #expect(seen[key] == nil, "the \(name) map binds \(key.name) in “\(seen[key] ?? "")” and in “\(binding.label)”")
                    seen[key] = binding.label
                }
            }
        }
    }

    @Test func everyLabelNamesExactlyTheKeysItsRowBinds() {
        for (name, map) in Self.maps {
            for binding in map.bindings {
                // "j/k ↑/↓": names apart by spaces or slashes ("/" alone is the key /).
                let named = Set(binding.label.split(separator: " ").flatMap { word in
                    word == "/" ? [String(word)] : word.split(separator: "/").map(String.init)
                })
                let bound = Set(binding.keys.map(\.name))
                #expect(named == bound, "the \(name) map's row “\(binding.label)” binds \(bound.sorted())")
            }
        }
    }

    @Test func theStatusLineHintsOfEachScreenComeFromItsMapInTheirOrder() {
        #expect(KeyMap.plan.hints.map { "\($0.keys) \($0.text)" }
                == ["Enter open", "s status", "c note", "d due", "/ search", "f filter", "e export", "? help", "o owner", "q back",
                    "t mark", ": command"])
        #expect(KeyMap.plans.hints.map(\.keys) == ["Enter", "D", "e", "i", "?", "q"])
        #expect(KeyMap.action.hints.map(\.keys) == ["s", "c", "d", "o", "m", "v", "u", "q", "e"])
        #expect(KeyMap.helpScreen.hints.map { "\($0.keys) \($0.text)" } == ["j/k scroll", "q close help"])
        for kind in ScreenKind.allCases {
            let labels = Set(KeyMap.of(kind).bindings.map(\.shortLabel))
            for hint in KeyMap.of(kind).hints {
                #expect(labels.contains(hint.keys), "the \(kind) hint \(hint.keys) is not a key of its map")
            }
        }
    }

    /// Every key help lists does something on its screen: it never gets the answer for a key
    /// the screen does not know.
    @Test func everyKeyInHelpDoesSomethingOnItsScreen() throws {
        let store = try makeFixtureStore()
        for kind in ScreenKind.allCases {
            for binding in KeyMap.of(kind).bindings {
                for key in binding.keys {
                    let app = makeApp(store: store)
                    press(app, Self.route[kind]!)
                    #expect(app.top.kind == kind)
                    _ = app.handle(.key(key))
                    let said = app.message?.text ?? ""
                    #expect(!said.contains("does nothing here"), "\(key.name) on the \(kind) screen: \(said)")
                    if app.prompt != nil { press(app, "<Esc>") }
                }
            }
        }
    }

    @Test func aKeyThatIsNotInTheScreensMapSaysWhereItWorksOrThatItDoesNothing() throws {
        let store = try makeFixtureStore()
        let cases: [(String, String)] = [
            ("s", "Open a plan first (Enter), then select an action"),
            ("a", "Select a finding or one of its actions first"),
            ("/", "The key / does nothing here: press ? for the keys of this screen"),
            ("<Enter>Ds", "Go back to the plan (q), then select an action"),
            ("<Enter>?e", "Go back to a plan to export it (q)"),
            ("<Enter>?u", "Close the help (q) first"),
            ("<Enter>?x", "The key x does nothing here: press ? for the keys of this screen"),
        ]
        for (script, expected) in cases {
            let app = makeApp(store: store)
            press(app, script)
            #expect(app.message?.text == expected, "after \(script)")
            #expect(app.prompt == nil, "after \(script)")
        }
    }

    @Test func helpShowsTheRowsOfTheScreensMapOfEveryScreenAndOfPrompts() throws {
        let app = makeApp(store: try makeFixtureStore(), width: 100, height: 80)
        press(app, "<Enter>jj<Enter>?")
        let text = helpText(app).joined(separator: "\n")
        #expect(text.contains("Keys of the Action screen"))
        for row in KeyMap.action.helpRows + KeyMap.everywhere.helpRows + KeyMap.prompt.helpRows {
            #expect(text.contains(Format.pad(row.keys, 14) + " " + row.text), "help lacks \(row.keys): \(row.text)")
        }
    }
}
