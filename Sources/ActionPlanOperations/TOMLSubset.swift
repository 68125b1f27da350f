import ActionPlanCore

/// A strict reader of the part of TOML the configuration file uses: `key = value` lines with a
/// string, a whole number or a boolean, `[table]` headers, comments and blank lines. Anything
/// else (arrays, inline tables, dotted or quoted keys, floats, dates, multi-line strings) is
/// refused with the line it is on, rather than half understood.
public enum TOMLSubset {
    public enum Value: Hashable, Sendable {
        case string(String)
        case integer(Int)
        case boolean(Bool)

        /// What the value is, for a message: "a string", "a whole number", "true or false".
        public var kind: String {
            switch self {
            case .string: return "a string"
            case .integer: return "a whole number"
            case .boolean: return "true or false"
            }
        }
    }

    /// One `key = value` line, in the table it stands under ("" before any table header).
    public struct Entry: Hashable, Sendable {
        public let table: String
        public let key: String
        public let value: Value
        public let line: Int
    }

    /// A `[table]` header: the table's name and its line.
    public struct Header: Hashable, Sendable {
        public let table: String
        public let line: Int
    }

    /// What a document holds: its table headers and its entries, each in order.
    public struct Document: Hashable, Sendable {
        public var headers: [Header] = []
        public var entries: [Entry] = []
    }

    /// A line that is not in the subset: its number (from 1) and what was expected there.
    public struct BadLine: Error, Hashable, Sendable {
        public let line: Int
        public let expected: String
    }

    /// The headers and entries of a document. A table header opens a table for the lines after
    /// it; a table or a key given twice is refused.
    public static func parse(_ text: String) throws(BadLine) -> Document {
        var document = Document()
        var table = ""
        var tables: Set<String> = [""]
        var seen: Set<String> = []
        // Lines end with LF or CR LF (one Character in Swift); a CR anywhere else is refused below.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if let scalar = line.unicodeScalars.first(where: { $0 != "\t" && TerminalSafe.isControl($0) }) {
                throw BadLine(line: number, expected: "text without control characters, found \(TerminalSafe.describe(scalar))")
            }
            var rest = trimmed(line)
            if rest.isEmpty || rest.first == "#" { continue }
            if rest.first == "[" {
                rest.removeFirst()
                let name = rest.prefix { isBareKeyCharacter($0) }
                rest = trimmedLeading(rest.dropFirst(name.count))
                guard !name.isEmpty, rest.first == "]" else {
                    throw BadLine(line: number, expected: "a table header such as [colours] (letters, digits, - and _ between [ and ])")
                }
                try endOfLine(rest.dropFirst(), line: number)
                let tableName = String(name)
                guard tables.insert(tableName).inserted else {
                    throw BadLine(line: number, expected: "each table once: [\(tableName)] is already given above")
                }
                table = tableName
                document.headers.append(Header(table: tableName, line: number))
                continue
            }
            let key = rest.prefix { isBareKeyCharacter($0) }
            rest = trimmedLeading(rest.dropFirst(key.count))
            guard !key.isEmpty, rest.first == "=" else {
                throw BadLine(line: number, expected: "key = value, a [table] header or a # comment")
            }
            rest = trimmedLeading(rest.dropFirst())
            let value = try self.value(&rest, line: number)
            try endOfLine(rest, line: number)
            let qualified = table.isEmpty ? String(key) : "\(table).\(key)"
            guard seen.insert(qualified).inserted else {
                throw BadLine(line: number, expected: "each key once: \(key) is already set above")
            }
            document.entries.append(Entry(table: table, key: String(key), value: value, line: number))
        }
        return document
    }

    private static func isBareKeyCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-")
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var text = trimmedLeading(text)
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return text
    }

    private static func trimmedLeading(_ text: Substring) -> Substring {
        text.drop { $0 == " " || $0 == "\t" }
    }

    /// After a value or a header only blanks and a comment may follow.
    private static func endOfLine(_ rest: Substring, line: Int) throws(BadLine) {
        let rest = trimmedLeading(rest)
        guard rest.isEmpty || rest.first == "#" else {
            throw BadLine(line: line, expected: "the end of the line or a # comment after the value, found '\(TerminalSafe.visible(String(rest), oneLine: true))'")
        }
    }

    private static let expectedValue = "a value: a string in double quotes, a whole number, true or false"

    /// Reads one value from the start of `rest`, leaving what follows it.
    private static func value(_ rest: inout Substring, line: Int) throws(BadLine) -> Value {
        guard let first = rest.first else { throw BadLine(line: line, expected: expectedValue) }
        if first == "\"" {
            if rest.hasPrefix("\"\"\"") { throw BadLine(line: line, expected: "a string on one line (multi-line strings are not read)") }
            return .string(try basicString(&rest, line: line))
        }
        if first == "'" {
            if rest.hasPrefix("'''") { throw BadLine(line: line, expected: "a string on one line (multi-line strings are not read)") }
            rest.removeFirst()
            guard let end = rest.firstIndex(of: "'") else { throw BadLine(line: line, expected: "a closing ' at the end of the string") }
            let text = String(rest[..<end])
            rest = rest[rest.index(after: end)...]
            return .string(text)
        }
        let token = rest.prefix { $0 != " " && $0 != "\t" && $0 != "#" }
        rest = rest.dropFirst(token.count)
        if token == "true" { return .boolean(true) }
        if token == "false" { return .boolean(false) }
        if let number = integer(token) { return .integer(number) }
        throw BadLine(line: line, expected: "\(expectedValue), found '\(TerminalSafe.visible(String(token), oneLine: true))'")
    }

    /// A decimal whole number as TOML writes it: an optional sign, no leading zero, `_` only
    /// between digits.
    private static func integer(_ token: Substring) -> Int? {
        var digits = token
        var sign = ""
        if let first = digits.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            digits = digits.dropFirst()
        }
        guard let first = digits.first, let last = digits.last, first.isASCII, first.isNumber, last.isASCII, last.isNumber,
              !digits.contains("__"), digits.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "_" }) else { return nil }
        if first == "0" && digits.count > 1 { return nil }
        return Int(sign + digits.filter { $0 != "_" })
    }

    /// A double-quoted string with TOML's escapes (`\"`, `\\`, `\t`, `\n`, `\uXXXX`, …).
    private static func basicString(_ rest: inout Substring, line: Int) throws(BadLine) -> String {
        rest.removeFirst()
        var text = ""
        while let c = rest.first {
            rest.removeFirst()
            switch c {
            case "\"":
                return text
            case "\\":
                guard let escape = rest.first else { break }
                rest.removeFirst()
                switch escape {
                case "\"": text.append("\"")
                case "\\": text.append("\\")
                case "b": text.append("\u{08}")
                case "t": text.append("\t")
                case "n": text.append("\n")
                case "f": text.append("\u{0C}")
                case "r": text.append("\r")
                case "u", "U":
                    let count = escape == "u" ? 4 : 8
                    let hex = rest.prefix(count)
                    guard hex.count == count, let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                        throw BadLine(line: line, expected: "\\\(escape) followed by \(count) hexadecimal digits of a Unicode character")
                    }
                    rest = rest.dropFirst(count)
                    text.unicodeScalars.append(scalar)
                default:
                    throw BadLine(line: line, expected: "an escape TOML knows (\\\" \\\\ \\b \\t \\n \\f \\r \\uXXXX \\UXXXXXXXX), found \\\(escape)")
                }
            default:
                text.append(c)
            }
        }
        throw BadLine(line: line, expected: "a closing \" at the end of the string")
    }
}
