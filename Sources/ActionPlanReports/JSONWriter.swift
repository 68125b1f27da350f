import Foundation

/// A JSON value whose object keys keep the order they were given in, so that an output's keys
/// come out in the documented order and the output is byte-for-byte stable.
///
/// The one JSON writer of the program: every JSON output (the command line's and the exports)
/// is written by `rendered()` or `renderArray(_:_:)`, two-space indented, with `": "` after a
/// key and a final newline. It writes bytes directly, with no encoder and no key conversion.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered() == rhs.rendered()
    }

    public static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    public static func int(_ value: Int?) -> JSONValue { value.map { .int($0) } ?? .null }

    /// An array rendered one element at a time, so that a list of 100,000 actions never exists
    /// as one tree of values: the same text as `.array(items.map(element)).rendered()`.
    public static func renderArray<S: Sequence>(_ items: S, _ element: (S.Element) -> JSONValue) -> String {
        var out: [UInt8] = []
        writeArray(items, indent: 0, into: &out) { item, indent, out in element(item).write(into: &out, indent: indent) }
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    /// The same text as `renderArray`, handed to `flush` in pieces of about `chunk` bytes as it
    /// is made, so that the whole document is never held (`list --json` of 100,000 actions).
    public static func streamArray<S: Sequence>(_ items: S, chunk: Int = 1 << 16, _ element: (S.Element) -> JSONValue,
                                                flush: ([UInt8]) throws -> Void) throws {
        var out: [UInt8] = []
        out.reserveCapacity(chunk + 4096)
        var first = true
        for item in items {
            out += (first ? "[\n" : ",\n").utf8
            first = false
            pad(1, &out)
            element(item).write(into: &out, indent: 1)
            if out.count >= chunk {
                try flush(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        out += (first ? "[]\n" : "\n]\n").utf8
        try flush(out)
    }

    /// Writes an array whose elements are written by `write` (given their indent level).
    static func writeArray<S: Sequence>(_ items: S, indent: Int, into out: inout [UInt8],
                                        _ write: (S.Element, Int, inout [UInt8]) -> Void) {
        var first = true
        for item in items {
            out += (first ? "[\n" : ",\n").utf8
            first = false
            pad(indent + 1, &out)
            write(item, indent + 1, &out)
        }
        if first { out += "[]".utf8; return }
        out.append(0x0A)
        pad(indent, &out)
        out.append(UInt8(ascii: "]"))
    }

    /// Two-space indented JSON with a final newline.
    public func rendered() -> String {
        var out: [UInt8] = []
        write(into: &out, indent: 0)
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }

    func write(into out: inout [UInt8], indent: Int) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): out += String(i).utf8
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]".utf8; return }
            out += "[\n".utf8
            for (i, item) in items.enumerated() {
                JSONValue.pad(indent + 1, &out)
                item.write(into: &out, indent: indent + 1)
                out += (i == items.count - 1 ? "\n" : ",\n").utf8
            }
            JSONValue.pad(indent, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out += "{}".utf8; return }
            out += "{\n".utf8
            for (i, (key, value)) in members.enumerated() {
                JSONValue.pad(indent + 1, &out)
                JSONValue.writeString(key, into: &out)
                out += ": ".utf8
                value.write(into: &out, indent: indent + 1)
                out += (i == members.count - 1 ? "\n" : ",\n").utf8
            }
            JSONValue.pad(indent, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func pad(_ level: Int, _ out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most text needs no escape: copy its bytes whole, from the string's own storage. (C2
        // leads U+0080–U+00BF, E2 the dashes, quotes and the line separators and bidirectional
        // controls.)
        var text = s
        let copied = text.withUTF8 { b in
            if b.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) { return false }
            out.append(contentsOf: b)
            return true
        }
        if copied {
            out.append(UInt8(ascii: "\""))
            return
        }
        // Else byte by byte: UTF-8 is copied as it is; the quote, the backslash, control
        // characters (C0, DEL, C1: C2 80–9F), U+2028/U+2029 (line ends to JavaScript: E2 80
        // A8/A9) and the bidirectional controls (U+202A–U+202E: E2 80 AA–AE; U+2066–U+2069:
        // E2 81 A6–A9, which reorder what a terminal or a viewer shows) are escaped, so the
        // text is safe on a terminal and the same string to any JSON reader.
        func escape(_ value: UInt32, _ out: inout [UInt8]) {
            let hex = String(value, radix: 16)
            out += ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8
        }
        text.withUTF8 { b in
            var i = 0
            let n = b.count
            while i < n {
                let byte = b[i]
                switch byte {
                case 0x22: out += "\\\"".utf8
                case 0x5C: out += "\\\\".utf8
                case 0x0A: out += "\\n".utf8
                case 0x0D: out += "\\r".utf8
                case 0x09: out += "\\t".utf8
                case 0..<0x20, 0x7F: escape(UInt32(byte), &out)
                case 0xC2 where i + 1 < n && (0x80...0x9F).contains(b[i + 1]):
                    escape(UInt32(b[i + 1]), &out)
                    i += 2
                    continue
                case 0xE2 where i + 2 < n:
                    let second = b[i + 1], third = b[i + 2]
                    if (second == 0x80 && (0xA8...0xAE).contains(third)) || (second == 0x81 && (0xA6...0xA9).contains(third)) {
                        escape(0x2000 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F), &out)
                    } else {
                        out += [byte, second, third]
                    }
                    i += 3
                    continue
                default: out.append(byte)
                }
                i += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
