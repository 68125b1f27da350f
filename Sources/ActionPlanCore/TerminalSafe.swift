/// Text made safe to print on someone's terminal (issue 10).
///
/// A terminal acts on some characters instead of showing them: ESC starts a sequence that can
/// set the window title, clear the screen or write the clipboard (`ESC ] 52`); C1 controls do
/// the same in one byte (`U+009B` is CSI); the bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069) reorder the text around them so that what is read is not
/// what is stored. Typed text can carry any of them. Every text the command line prints goes
/// through `visible(_:)`, and the command line refuses them in typed fields (`firstControl`).
///
/// Foundation-free, so that `make fuzz-sanitiser` compiles this file alone.
public enum TerminalSafe {
    /// Whether a terminal would act on this character instead of showing it: a C0 control
    /// other than tab and line feed, DEL, a C1 control, or a bidirectional embedding, override
    /// or isolate.
    @inlinable
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: return false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// Whether the text holds nothing `isControl` would catch (a byte scan: most text is clean).
    /// With `oneLine`, a tab or a line feed also counts.
    public static func isClean(_ text: String, oneLine: Bool = false) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                switch byte {
                case 0x09, 0x0A:
                    if oneLine { return false }
                case 0x00...0x1F, 0x7F:
                    return false
                case 0xC2:
                    // U+0080–U+009F: C2 80 … C2 9F.
                    if index + 1 < count, (0x80...0x9F).contains(bytes[index + 1]) { return false }
                case 0xE2:
                    // U+202A–U+202E: E2 80 AA … AE; U+2066–U+2069: E2 81 A6 … A9.
                    if index + 2 < count {
                        let second = bytes[index + 1], third = bytes[index + 2]
                        if second == 0x80 && (0xAA...0xAE).contains(third) { return false }
                        if second == 0x81 && (0xA6...0xA9).contains(third) { return false }
                    }
                default:
                    break
                }
                index += 1
            }
            return true
        }
    }

    /// The text with every character `isControl` catches shown as an escape a person can read:
    /// `\x1b` for ESC (and every C0, DEL and C1 control), `\u202e` for a bidirectional
    /// character. Tab and line feed are kept, or with `oneLine` (a table cell) become a space.
    /// Idempotent: what it returns holds no such character, so a second pass changes nothing.
    public static func visible(_ text: String, oneLine: Bool = false) -> String {
        if isClean(text, oneLine: oneLine) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if oneLine && (scalar == "\t" || scalar == "\n") {
                out.append(" ")
            } else if isControl(scalar) {
                out.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `\x1b` (two hex digits) for a code below U+0100, else `\u202e` (four).
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        if scalar.value < 0x100 {
            return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
        }
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The first character that typed text may not hold, with its position (1-based, counted in
    /// Unicode scalars), or nil. A one-line field refuses every `isControl` character and
    /// also tab and line feed; a note (`allowLineBreaks`) keeps tab and line feed.
    public static func firstControl(in text: String, allowLineBreaks: Bool) -> (scalar: Unicode.Scalar, position: Int)? {
        if isClean(text, oneLine: !allowLineBreaks) { return nil }
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            if isControl(scalar) || (!allowLineBreaks && (scalar == "\t" || scalar == "\n")) {
                return (scalar, position)
            }
        }
        return nil
    }

    /// A character's name in a refusal: `ESC (\x1b)`, `line feed (\x0a)`, `U+202E (\u202e)`.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        let names: [UInt32: String] = [0x09: "tab", 0x0A: "line feed", 0x0D: "carriage return", 0x1B: "ESC", 0x07: "BEL",
                                       0x00: "NUL", 0x08: "backspace", 0x7F: "DEL", 0x9B: "CSI"]
        let escaped = escape(scalar)
        if let name = names[scalar.value] { return "\(name) (\(escaped))" }
        if scalar.value >= 0x100 { return "a bidirectional control (\(escaped))" }
        return "a control character (\(escaped))"
    }
}

extension String {
    /// Whether any UTF-8 byte of the text meets `predicate`, read from the string's own storage
    /// (the generic walk of `utf8.contains(where:)` led the profiles of the exports and lists,
    /// whose every cell is checked for characters to escape).
    @inlinable
    public func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        var text = self
        return text.withUTF8 { $0.contains(where: predicate) }
    }
}
