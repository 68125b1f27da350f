/// Text made safe inside an XML 1.0 part of a workbook.
///
/// XML 1.0 forbids most C0 controls (all but tab, line feed and carriage return) and U+FFFE,
/// U+FFFF even as character references, so a part holding one is not well-formed and Excel
/// offers to "repair" the file. Cell text keeps them as Excel itself does, with its escape
/// `_xHHHH_` (ST_Xstring), which Excel, LibreOffice and openpyxl read back as the character;
/// an underscore that would start such an escape is itself escaped (`_x005F_`), so that text
/// typed as `_x0041_` stays that text. Elsewhere (attributes, document properties) a forbidden
/// character becomes a space.
enum XMLText {
    /// Whether XML 1.0 allows the character at all.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0x00...0x1F, 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }

    /// Text for an element or an attribute: markup characters as entities, forbidden ones as spaces.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // A carriage return or tab in an attribute would be normalised away by a reader.
            case "\r", "\t", "\n": out += "&#\(scalar.value);"
            default: out.unicodeScalars.append(isAllowed(scalar) ? scalar : " ")
            }
        }
        return out
    }

    /// The text of a cell (`<t>`): markup as entities, forbidden characters and carriage
    /// returns as `_xHHHH_`, an underscore that would read as such an escape as `_x005F_`.
    static func escapeCellText(_ text: String) -> String {
        // Most text needs nothing: returned as it is after a byte scan (0xEF leads U+FFFE and U+FFFF).
        if !text.utf8.contains(where: { byte in
            byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x5F || byte == 0xEF || (byte < 0x20 && byte != 0x09 && byte != 0x0A)
        }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "_" where startsEscape(scalars, at: index): out += "_x005F_"
            // A reader turns a raw CR (and CR LF) into a line feed.
            case "\r": out += "_x000D_"
            default:
                if isAllowed(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "_x" + hex4(scalar.value) + "_"
                }
            }
        }
        return out
    }

    /// Reads Excel's `_xHHHH_` escapes back into characters.
    static func unescapeCellText(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if startsEscape(scalars, at: index),
               let value = UInt32(String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 6)])), radix: 16),
               let scalar = Unicode.Scalar(value) {
                out.append(scalar)
                index += 7
            } else {
                out.append(scalars[index])
                index += 1
            }
        }
        return String(out)
    }

    /// Whether `_xHHHH_` (four hex digits) starts at `index`.
    static func startsEscape(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index] == "_", scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return scalars[(index + 2)..<(index + 6)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    static func hex4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
