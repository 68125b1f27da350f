import Foundation

/// A JSON value as parsed by `JSONDocument.parse`: numbers keep whether they were written as
/// integers, booleans are never numbers, and objects keep their key order.
indirect enum JSONDocument: Equatable {
    case null
    case bool(Bool)
    case number(Double, isInteger: Bool)
    case string(String)
    case array([JSONDocument])
    case object([(String, JSONDocument)])

    static func == (a: JSONDocument, b: JSONDocument) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x, _), .number(y, _)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    subscript(key: String) -> JSONDocument? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(_, let isInteger): return isInteger ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    /// Strict JSON (RFC 8259): one value, surrounded by optional whitespace; a duplicate key
    /// in an object is refused.
    static func parse(_ text: String) throws -> JSONDocument {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipSpace()
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw parser.error("text after the value") }
        return value
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        func error(_ what: String) -> ParseError { ParseError(description: "\(what) at byte \(index)") }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ literal: String) throws {
            let l = Array(literal.utf8)
            guard index + l.count <= bytes.count, Array(bytes[index..<index + l.count]) == l else { throw error("expected \(literal)") }
            index += l.count
        }

        mutating func value() throws -> JSONDocument {
            guard index < bytes.count else { throw error("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "n"): try expect("null"); return .null
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "["):
                index += 1
                var items: [JSONDocument] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                while true {
                    skipSpace()
                    items.append(try value())
                    skipSpace()
                    guard index < bytes.count else { throw error("unterminated array") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                    throw error("expected , or ]")
                }
            case UInt8(ascii: "{"):
                index += 1
                var members: [(String, JSONDocument)] = []
                skipSpace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
                    let key = try string()
                    if members.contains(where: { $0.0 == key }) { throw error("duplicate key \(key)") }
                    skipSpace()
                    try expect(":")
                    skipSpace()
                    members.append((key, try value()))
                    skipSpace()
                    guard index < bytes.count else { throw error("unterminated object") }
                    if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                    if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                    throw error("expected , or }")
                }
            default:
                return try number()
            }
        }

        mutating func number() throws -> JSONDocument {
            let start = index
            var isInteger = true
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            while index < bytes.count {
                let b = bytes[index]
                if b >= 0x30 && b <= 0x39 { index += 1; continue }
                if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || b == UInt8(ascii: "+")
                    || (b == UInt8(ascii: "-") && index > start) {
                    isInteger = false
                    index += 1
                    continue
                }
                break
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard !text.isEmpty, let value = Double(text) else { index = start; throw error("not a JSON value") }
            return .number(value, isInteger: isInteger)
        }

        mutating func string() throws -> String {
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let b = bytes[index]
                if b == UInt8(ascii: "\"") { index += 1; return String(decoding: out, as: UTF8.self) }
                if b < 0x20 { throw error("unescaped control character in a string") }
                if b == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count else { break }
                    switch bytes[index] {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard index + 4 < bytes.count,
                              let code = UInt32(String(decoding: bytes[index + 1...index + 4], as: UTF8.self), radix: 16) else {
                            throw error("bad \\u escape")
                        }
                        index += 4
                        // Surrogate pairs are not needed by our outputs; a lone one is an error.
                        guard let scalar = Unicode.Scalar(code) else { throw error("\\u escape of a surrogate") }
                        out += Array(String(Character(scalar)).utf8)
                    default: throw error("bad escape")
                    }
                    index += 1
                    continue
                }
                out.append(b)
                index += 1
            }
            throw error("unterminated string")
        }
    }
}

/// A small JSON Schema (draft 2020-12) validator for the schemas in docs/schema/: `type`
/// (one or a list), `enum`, `const`, `required`, `properties`, `additionalProperties` (false or
/// a schema), `items`, `anyOf`, `pattern`, `minimum`, `maximum`, `format` (`date`,
/// `date-time`, checked by pattern) and `$ref` (`#/$defs/x`, `file.schema.json`,
/// `file.schema.json#/$defs/x`, relative to the schema's directory). Any other keyword but the
/// annotations is refused, so a schema cannot silently say less than it seems to.
final class JSONSchemaValidator {
    let directory: URL
    private var documents: [String: JSONDocument] = [:]

    static let annotations: Set<String> = ["$schema", "$id", "$defs", "title", "description"]
    static let formats: [String: String] = [
        "date": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        "date-time": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\.[0-9]{3}Z$",
    ]

    init(directory: URL) { self.directory = directory }

    /// The schema file, parsed (and kept).
    func document(_ file: String) throws -> JSONDocument {
        if let cached = documents[file] { return cached }
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        let parsed = try JSONDocument.parse(text)
        documents[file] = parsed
        return parsed
    }

    /// Every way `value` breaks the schema in `file`, each with its JSON path; empty when valid.
    func errors(_ value: JSONDocument, file: String) -> [String] {
        var errors: [String] = []
        do {
            check(value, try document(file), file: file, path: "$", errors: &errors)
        } catch {
            errors.append("\(file): \(error)")
        }
        return errors
    }

    /// Every `$ref` in the schema file that does not lead to a schema.
    func unresolvedReferences(_ file: String) throws -> [String] {
        var problems: [String] = []
        func walk(_ node: JSONDocument) {
            switch node {
            case .object(let members):
                for (key, value) in members {
                    if key == "$ref", case .string(let reference) = value {
                        if (try? resolve(reference, from: file)) == nil { problems.append(reference) }
                    } else {
                        walk(value)
                    }
                }
            case .array(let items): items.forEach(walk)
            default: break
            }
        }
        walk(try document(file))
        return problems
    }

    private func resolve(_ reference: String, from file: String) throws -> (schema: JSONDocument, file: String) {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let target = parts[0].isEmpty ? file : parts[0]
        var node = try document(target)
        if parts.count == 2, !parts[1].isEmpty {
            for token in parts[1].split(separator: "/") {
                let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                guard let next = node[key] else { throw JSONDocument.ParseError(description: "$ref \(reference) from \(file): no \(key)") }
                node = next
            }
        }
        return (node, target)
    }

    private func matches(_ text: String, _ pattern: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private func check(_ value: JSONDocument, _ schema: JSONDocument, file: String, path: String, errors: inout [String]) {
        guard case .object(let keywords) = schema else {
            errors.append("\(path): the schema in \(file) is not an object")
            return
        }
        for (keyword, rule) in keywords {
            switch keyword {
            case _ where Self.annotations.contains(keyword):
                continue
            case "$ref":
                guard case .string(let reference) = rule else { errors.append("\(path): $ref is not a string in \(file)"); continue }
                do {
                    let (target, targetFile) = try resolve(reference, from: file)
                    check(value, target, file: targetFile, path: path, errors: &errors)
                } catch {
                    errors.append("\(path): \(error)")
                }
            case "type":
                var allowed: [String] = []
                if case .string(let one) = rule { allowed = [one] }
                if case .array(let many) = rule { allowed = many.compactMap { if case .string(let s) = $0 { return s }; return nil } }
                let actual = value.typeName
                if !(allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))) {
                    errors.append("\(path): \(actual) where the schema (\(file)) wants \(allowed.joined(separator: " or "))")
                }
            case "enum":
                guard case .array(let options) = rule else { continue }
                if !options.contains(value) { errors.append("\(path): \(describe(value)) is not one of \(options.map(describe).joined(separator: ", "))") }
            case "const":
                if value != rule { errors.append("\(path): \(describe(value)) is not \(describe(rule))") }
            case "required":
                guard case .object(let members) = value, case .array(let names) = rule else { continue }
                let required = names.compactMap { name -> String? in if case .string(let s) = name { return s }; return nil }
                for name in required where !members.contains(where: { $0.0 == name }) {
                    errors.append("\(path): the key \(name) is missing (\(file) says every key is present, null when empty)")
                }
                // The keys come in the documented order (the order of `required`).
                let present = members.map(\.0).filter(required.contains)
                if present != required.filter(present.contains) {
                    errors.append("\(path): the keys are not in the documented order of \(file): \(present.joined(separator: ", "))")
                }
            case "properties", "additionalProperties":
                guard case .object(let members) = value else { continue }
                guard keyword == "properties" else {
                    // Checked against `properties` of the same schema.
                    let declared = keywords.first { $0.0 == "properties" }?.1
                    for (key, member) in members where declared?[key] == nil {
                        if case .bool(false) = rule {
                            errors.append("\(path): the key \(key) is not in the schema (\(file))")
                        } else if case .object = rule {
                            check(member, rule, file: file, path: "\(path).\(key)", errors: &errors)
                        }
                    }
                    continue
                }
                for (key, member) in members {
                    if let sub = rule[key] { check(member, sub, file: file, path: "\(path).\(key)", errors: &errors) }
                }
            case "items":
                guard case .array(let items) = value else { continue }
                for (i, item) in items.enumerated() { check(item, rule, file: file, path: "\(path)[\(i)]", errors: &errors) }
            case "anyOf":
                guard case .array(let options) = rule else { continue }
                var all: [String] = []
                var matched = false
                for option in options {
                    var attempt: [String] = []
                    check(value, option, file: file, path: path, errors: &attempt)
                    if attempt.isEmpty { matched = true; break }
                    all += attempt
                }
                if !matched { errors.append("\(path): matches none of anyOf: " + all.joined(separator: "; ")) }
            case "pattern":
                guard case .string(let text) = value, case .string(let pattern) = rule else { continue }
                if !matches(text, pattern) { errors.append("\(path): \(describe(value)) does not match \(pattern)") }
            case "format":
                guard case .string(let text) = value, case .string(let name) = rule else { continue }
                guard let pattern = Self.formats[name] else { errors.append("\(path): unknown format \(name) in \(file)"); continue }
                if !matches(text, pattern) { errors.append("\(path): \(describe(value)) is not a \(name)") }
            case "minimum", "maximum":
                guard case .number(let n, _) = value, case .number(let limit, _) = rule else { continue }
                if keyword == "minimum" ? n < limit : n > limit { errors.append("\(path): \(n) is out of range (\(keyword) \(limit))") }
            default:
                errors.append("\(path): the schema \(file) uses \(keyword), which this validator does not check")
            }
        }
    }

    private func describe(_ value: JSONDocument) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .number(let n, let isInteger): return isInteger ? String(Int(n)) : String(n)
        case .string(let s): return "\"\(s.count > 60 ? String(s.prefix(60)) + "…" : s)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
