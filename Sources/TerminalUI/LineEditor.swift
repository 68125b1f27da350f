import TerminalText

/// A change of the text of a prompt, as the prompt's key map names it.
enum LineEdit: Hashable, Sendable {
    case left, right, home, end, deleteBackward, deleteForward, deleteToStart, deleteToEnd, deleteWord
}

/// A one-line text editor: cursor keys, Home/End, Backspace/Delete, Ctrl-U/Ctrl-K/Ctrl-W,
/// and multi-byte characters, drawn by display width.
public struct LineEditor: Hashable, Sendable {
    public private(set) var characters: [Character]
    /// Index in `characters` the next character is inserted before.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    public mutating func setText(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    /// Applies an editing key of the prompt's key map, or types a character; false for any
    /// other key.
    public mutating func handle(_ key: Key) -> Bool {
        if case .edit(let edit)? = KeyMap.prompt.request(for: key) {
            apply(edit)
            return true
        }
        guard case .char(let c) = key else { return false }
        // Control characters are swallowed, never typed.
        if c.isASCII, let v = c.asciiValue, v < 0x20 || v == 0x7F { return true }
        characters.insert(c, at: cursor)
        cursor += 1
        return true
    }

    /// Inserts pasted text at the cursor, as text: line breaks are kept when `multiline` (a note)
    /// and become spaces otherwise; a tab becomes a space; other control characters are dropped.
    public mutating func insert(pasted text: String, multiline: Bool) {
        // "\r\n" is one Character in Swift: normalise line breaks on the scalars first.
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var inserted: [Character] = []
        for c in normalised {
            if c == "\n" {
                inserted.append(multiline ? "\n" : " ")
            } else if c == "\t" {
                inserted.append(" ")
            } else if c.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) {
                continue
            } else {
                inserted.append(c)
            }
        }
        characters.insert(contentsOf: inserted, at: cursor)
        cursor += inserted.count
    }

    /// A line break in a note is drawn as this mark on the one-line prompt.
    static let lineBreakMark: Character = "↵"

    mutating func apply(_ edit: LineEdit) {
        switch edit {
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = characters.count
        case .deleteBackward:
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .deleteForward:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .deleteToStart:
            characters.removeFirst(cursor)
            cursor = 0
        case .deleteToEnd:
            characters.removeLast(characters.count - cursor)
        case .deleteWord:
            var i = cursor
            while i > 0, characters[i - 1] == " " { i -= 1 }
            while i > 0, characters[i - 1] != " " { i -= 1 }
            characters.removeSubrange(i..<cursor)
            cursor = i
        }
    }

    /// The part of the text to show in `width` cells so that the cursor is visible, and the
    /// cursor's column within it.
    public func visible(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        let shownCharacters = characters.map { $0 == "\n" ? LineEditor.lineBreakMark : $0 }
        let widths = shownCharacters.map { max(0, DisplayWidth.of($0)) }
        var start = 0
        var before = widths[0..<cursor].reduce(0, +)
        while before > width - 1, start < cursor {
            before -= widths[start]
            start += 1
        }
        var shown = ""
        var used = 0
        var i = start
        while i < characters.count, used + widths[i] <= width {
            shown.append(shownCharacters[i])
            used += widths[i]
            i += 1
        }
        return (shown, before)
    }
}
