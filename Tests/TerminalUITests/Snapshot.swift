import Foundation
import Testing
@testable import TerminalUI

/// Compares a screen with `Snapshots/<name>.txt`. With `SNAPSHOT_RECORD=1` in the environment
/// (or when the file does not exist yet) it writes the file instead and the test fails, so a
/// new or re-recorded snapshot is always looked at before it is trusted.
///
/// The file holds the screen's rows with trailing spaces removed, framed by a ruler line so
/// that its width is visible, and the cursor position when a prompt shows one.
func assertSnapshot(_ buffer: CellBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent(name + ".txt")
    let actual = snapshotText(buffer)
    let record = ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1"
    let expected = try? String(contentsOf: url, encoding: .utf8)
    if record || expected == nil {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("could not write the snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
            return
        }
        Issue.record("recorded the snapshot \(name).txt: check it, then run the tests again without SNAPSHOT_RECORD",
                     sourceLocation: sourceLocation)
        return
    }
    guard let expected, expected != actual else { return }
    let diff = lineDiff(expected: expected, actual: actual)
    Issue.record("screen \(name) differs from Snapshots/\(name).txt (re-record with SNAPSHOT_RECORD=1 if the change is intended):\n\(diff)",
                 sourceLocation: sourceLocation)
}

func snapshotText(_ buffer: CellBuffer) -> String {
    var ruler = ""
    for i in 0..<buffer.width { ruler.append(i % 10 == 9 ? Character(String((i / 10 + 1) % 10)) : "-") }
    var lines = ["+" + ruler + "+ \(buffer.width)x\(buffer.height)"]
    for y in 0..<buffer.height { lines.append("|" + buffer.text(row: y)) }
    lines.append("+" + ruler + "+")
    if let x = buffer.cursorX { lines.append("cursor \(x),\(buffer.cursorY)") }
    return lines.joined(separator: "\n") + "\n"
}

/// Differing lines, numbered, with the expected and the actual text one above the other.
func lineDiff(expected: String, actual: String) -> String {
    let e = expected.components(separatedBy: "\n")
    let a = actual.components(separatedBy: "\n")
    var out: [String] = []
    for i in 0..<max(e.count, a.count) {
        let l = i < e.count ? e[i] : "<missing>"
        let r = i < a.count ? a[i] : "<missing>"
        if l != r {
            let n = String(repeating: " ", count: max(0, 3 - String(i).count)) + String(i)
            out.append("\(n) - \(l)")
            out.append("\(n) + \(r)")
        }
    }
    return out.joined(separator: "\n")
}

/// A map of the styles of a screen, one character per cell: space for plain text; `r` `a` `g`
/// `b` `c` for red, amber, green, blue and accent; `*` for bold, `_` for underline, `-` for dim
/// without a colour; upper case (or `#` for a plain cell) when the cell is in reverse video.
func styleMap(_ buffer: CellBuffer) -> String {
    var lines: [String] = []
    for y in 0..<buffer.height {
        var line = ""
        for x in 0..<buffer.width {
            let style = buffer[x, y].style
            var code: Character
            switch style.colour {
            case .red: code = "r"
            case .amber: code = "a"
            case .green: code = "g"
            case .blue: code = "b"
            case .accent: code = "c"
            case .normal, .heading: code = style.bold ? "*" : (style.underline ? "_" : (style.dim ? "-" : " "))
            }
            if style.reverse { code = code == " " ? "#" : Character(code.uppercased()) }
            line.append(code)
        }
        while line.last == " " { line.removeLast() }
        lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
}

/// Compares a screen's style map with `Snapshots/<name>.styles.txt` (see `assertSnapshot`).
func assertStyleSnapshot(_ buffer: CellBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent(name + ".styles.txt")
    let actual = styleMap(buffer)
    let expected = try? String(contentsOf: url, encoding: .utf8)
    if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" || expected == nil {
        do {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded the style snapshot \(name).styles.txt: check it, then run the tests again", sourceLocation: sourceLocation)
        } catch {
            Issue.record("could not write \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected, expected != actual else { return }
    let diff = lineDiff(expected: expected, actual: actual)
    Issue.record("styles of \(name) differ from Snapshots/\(name).styles.txt:\n\(diff)", sourceLocation: sourceLocation)
}
