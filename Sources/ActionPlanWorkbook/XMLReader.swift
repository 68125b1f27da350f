/// One thing read from an XML part, in document order.
enum XMLEvent: Equatable, Sendable {
    /// An element starts: its local name (the namespace prefix left out) and its attributes.
    /// A self-closing element gives `.start` and then `.end`.
    case start(String, XMLAttributes)
    /// An element ends: its local name.
    case end(String)
    /// Character data inside the root element, its references replaced (or a CDATA section's
    /// content), every byte of it kept, spaces and line breaks included. A run of text can
    /// come in several pieces: a reader that wants it joins them.
    case text(String)
}

/// One attribute as written: its qualified name (`r:id`) and its value, references replaced.
struct XMLAttribute: Equatable, Sendable {
    var name: String
    var value: String
}

/// An element's attributes in the order written.
struct XMLAttributes: Equatable, Sendable {
    var items: [XMLAttribute] = []

    /// The value of the attribute with exactly this qualified name (`Id`, `r:id`).
    subscript(name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    /// The value of the attribute with this name, or else of one with this local name under
    /// any prefix (`id` finds `r:id`, whatever prefix the writer chose for its namespace).
    func value(local name: String) -> String? {
        if let value = self[name] { return value }
        return items.first { $0.name.hasSuffix(":" + name) && !$0.name.hasPrefix("xmlns:") }?.value
    }
}

/// Why a part is not XML this reader accepts, and the line where that was found.
struct XMLError: Error, Equatable, Sendable {
    var reason: String
    var line: Int
}

/// A strict reader of the XML 1.0 in a workbook's parts, in one pass over the bytes and with
/// memory bounded by the part's size: no recursion, no entity expansion, a scan never goes
/// back over what it has read.
///
/// It reads UTF-8 (with or without a byte order mark) and UTF-16 with its byte order mark (the
/// two encodings a package may use), the XML declaration, processing instructions and comments
/// (both skipped), CDATA sections, elements with or without namespace prefixes, attributes in
/// single or double quotes, the five predefined entities and decimal and hexadecimal character
/// references. Text keeps its spaces; line breaks read as line feeds and a literal tab or line
/// break in an attribute as a space, as XML 1.0 says.
///
/// It refuses, with the reason and the line: a byte that is not UTF-8, a character XML 1.0 does
/// not allow (raw or as a reference: U+0000, other C0 controls, surrogates, U+FFFE, U+FFFF), a
/// DOCTYPE (a package may not have one, so no entity is ever defined, expanded or fetched), any
/// entity other than the five, an unclosed or mismatched tag, an attribute given twice, text
/// outside the root element, a second root, `]]>` in text, `--` in a comment, elements nested
/// deeper than `deepest`, and input that ends in the middle of anything.
///
/// Pure Swift with no Foundation on purpose: see docs/architecture.md (FoundationXML would make
/// every start of the program load libxml2 and ICU).
struct XMLReader {
    /// libxml2's own default limit; a worksheet nests about seven deep.
    static let deepest = 256

    private let bytes: [UInt8]
    private var position: Int
    /// The byte ranges of the qualified names of the open elements, outermost first.
    private var open: [Range<Int>] = []
    private var sawRoot = false
    /// The local name of a self-closing element whose `.end` comes next.
    private var pendingEnd: String?
    /// Reused while a text or an attribute value with references or line breaks is decoded.
    private var scratch: [UInt8] = []

    /// Checks the encoding and every character, and reads the XML declaration if there is one.
    init(_ input: [UInt8]) throws(XMLError) {
        var isUTF16 = false
        if input.count >= 2, (input[0] == 0xFF && input[1] == 0xFE) || (input[0] == 0xFE && input[1] == 0xFF) {
            bytes = try Self.utf8(fromUTF16: input)
            isUTF16 = true
        } else {
            bytes = input
        }
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        try checkCharacters()
        try readDeclaration(isUTF16: isUTF16)
    }

    /// The next event, or nil at the end of a well-formed part.
    mutating func next() throws(XMLError) -> XMLEvent? {
        if let name = pendingEnd {
            pendingEnd = nil
            return .end(name)
        }
        while position < bytes.count {
            guard bytes[position] == Byte.lessThan else {
                let start = position
                if open.isEmpty {
                    while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
                    if position < bytes.count, bytes[position] != Byte.lessThan {
                        throw error("text outside the root element", at: position)
                    }
                    continue
                }
                return .text(try text(from: start))
            }
            switch byte(at: position + 1) {
            case Byte.slash: return try endTag()
            case Byte.question: try skipProcessingInstruction()
            case Byte.exclamation:
                if let text = try commentOrCDATA(), !text.isEmpty { return .text(text) }
            default: return try startTag()
            }
        }
        if let innermost = open.last { throw error("the part ends inside <\(display(innermost))>", at: bytes.count) }
        if !sawRoot { throw error("there is no root element", at: bytes.count) }
        return nil
    }

    // MARK: Markup

    private mutating func startTag() throws(XMLError) -> XMLEvent {
        let tagStart = position
        position += 1
        if position == bytes.count { throw error("the part ends after a '<'", at: position) }
        guard let name = nameRange() else { throw error("a '<' that starts no tag (text writes it as &lt;)", at: position) }
        if bytes[name.upperBound - 1] == 0x3A { throw error("the element name \(display(name)) has nothing after its ':'", at: tagStart) }
        if open.isEmpty && sawRoot { throw error("a second root element <\(display(name))>", at: tagStart) }
        if open.count >= Self.deepest { throw error("elements nested more than \(Self.deepest) deep", at: tagStart) }
        var attributes = XMLAttributes()
        var names: Set<String> = []
        while true {
            let spaced = skipSpaces()
            guard position < bytes.count else { throw error("the part ends inside the tag <\(display(name))>", at: position) }
            switch bytes[position] {
            case Byte.greaterThan:
                position += 1
                open.append(name)
                sawRoot = true
                return .start(localName(name), attributes)
            case Byte.slash:
                guard byte(at: position + 1) == Byte.greaterThan else { throw error("a '/' inside the tag <\(display(name))>", at: position) }
                position += 2
                sawRoot = true
                let local = localName(name)
                pendingEnd = local
                return .start(local, attributes)
            default:
                guard spaced else { throw error("no space before an attribute in <\(display(name))>", at: position) }
                let attribute = try self.attribute(in: name)
                // A linear search while there are few, a set beyond: never quadratic.
                let isRepeat: Bool
                if attributes.items.count < 16 {
                    isRepeat = attributes.items.contains { $0.name == attribute.name }
                    if attributes.items.count == 15 { names = Set(attributes.items.map(\.name) + [attribute.name]) }
                } else {
                    isRepeat = !names.insert(attribute.name).inserted
                }
                if isRepeat { throw error("the attribute \(attribute.name.prefix(40)) is given twice in <\(display(name))>", at: position) }
                attributes.items.append(attribute)
            }
        }
    }

    private mutating func attribute(in element: Range<Int>) throws(XMLError) -> XMLAttribute {
        guard let name = nameRange() else { throw error("an attribute without a name in <\(display(element))>", at: position) }
        let endsInside = "the part ends inside the tag <\(display(element))>"
        skipSpaces()
        guard position < bytes.count else { throw error(endsInside, at: position) }
        guard bytes[position] == Byte.equals else { throw error("the attribute \(display(name)) has no '=' and value", at: position) }
        position += 1
        skipSpaces()
        guard position < bytes.count else { throw error(endsInside, at: position) }
        guard let quote = byte(at: position), quote == Byte.quote || quote == Byte.apostrophe else {
            throw error("the value of the attribute \(display(name)) is not in quotes", at: position)
        }
        position += 1
        let start = position
        var plain = true
        while true {
            guard position < bytes.count else { throw error("the part ends inside the value of the attribute \(display(name))", at: position) }
            let byte = bytes[position]
            if byte == quote { break }
            switch byte {
            case Byte.lessThan: throw error("a '<' in the value of the attribute \(display(name)) (it is written &lt;)", at: position)
            case Byte.ampersand, Byte.tab, Byte.lineFeed, Byte.carriageReturn: plain = false
            default: break
            }
            position += 1
        }
        let end = position
        position += 1
        let value = plain ? string(start..<end) : try decoded(start..<end, inAttribute: true)
        return XMLAttribute(name: string(name), value: value)
    }

    private mutating func endTag() throws(XMLError) -> XMLEvent {
        let tagStart = position
        position += 2
        guard let name = nameRange() else { throw error("a '</' without a name", at: position) }
        skipSpaces()
        guard position < bytes.count else { throw error("the part ends inside the end tag </\(display(name))>", at: position) }
        guard bytes[position] == Byte.greaterThan else { throw error("the end tag </\(display(name))> has more than its name", at: position) }
        position += 1
        guard let innermost = open.last else { throw error("an end tag </\(display(name))> with no element open", at: tagStart) }
        guard bytes[innermost].elementsEqual(bytes[name]) else {
            throw error("an end tag </\(display(name))> where </\(display(innermost))> was due", at: tagStart)
        }
        open.removeLast()
        return .end(localName(name))
    }

    /// Skips a comment, returns a CDATA section's text, refuses a DOCTYPE and any other `<!`.
    private mutating func commentOrCDATA() throws(XMLError) -> String? {
        let start = position
        if starts(with: "<!--") {
            position += 4
            while position + 1 < bytes.count {
                if bytes[position] == Byte.hyphen && bytes[position + 1] == Byte.hyphen {
                    guard byte(at: position + 2) == Byte.greaterThan else { throw error("'--' inside a comment", at: position) }
                    position += 3
                    return nil
                }
                position += 1
            }
            throw error("the part ends inside a comment", at: bytes.count)
        }
        if starts(with: "<![CDATA[") {
            guard !open.isEmpty else { throw error("a CDATA section outside the root element", at: start) }
            position += 9
            let contentStart = position
            while position + 2 < bytes.count {
                if bytes[position] == Byte.closeBracket && bytes[position + 1] == Byte.closeBracket && bytes[position + 2] == Byte.greaterThan {
                    let content = contentStart..<position
                    position += 3
                    return bytes[content].contains(Byte.carriageReturn) ? try decoded(content, inAttribute: false, references: false) : string(content)
                }
                position += 1
            }
            throw error("the part ends inside a CDATA section", at: bytes.count)
        }
        if starts(with: "<!DOCTYPE") {
            throw error("a DOCTYPE declaration, which a workbook part may not have (it is refused, so no entity is ever defined or fetched)", at: start)
        }
        throw error("a '<!' that starts neither a comment nor a CDATA section", at: start)
    }

    private mutating func skipProcessingInstruction() throws(XMLError) {
        let start = position
        position += 2
        guard let target = nameRange() else { throw error("a '<?' without a name", at: position) }
        if string(target).lowercased() == "xml" { throw error("an XML declaration that is not at the start of the part", at: start) }
        let spaced = skipSpaces()
        while position + 1 < bytes.count {
            if bytes[position] == Byte.question && bytes[position + 1] == Byte.greaterThan {
                position += 2
                return
            }
            guard spaced else { throw error("no space after the processing instruction's name \(display(target))", at: position) }
            position += 1
        }
        throw error("the part ends inside the processing instruction <?\(display(target))", at: bytes.count)
    }

    /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` at the very start, if there.
    private mutating func readDeclaration(isUTF16: Bool) throws(XMLError) {
        guard starts(with: "<?xml"), let after = byte(at: position + 5), Self.isSpace(after) || after == Byte.question else { return }
        let start = position
        position += 5
        let order = ["version", "encoding", "standalone"]
        var seen: [String] = []
        while true {
            let spaced = skipSpaces()
            if starts(with: "?>") { position += 2; break }
            guard position < bytes.count else { throw error("the part ends inside the XML declaration", at: position) }
            guard spaced else { throw error("no space between the XML declaration's settings", at: position) }
            guard let range = nameRange() else { throw error("a malformed XML declaration", at: position) }
            let name = string(range)
            skipSpaces()
            guard byte(at: position) == Byte.equals else { throw error("a malformed XML declaration", at: position) }
            position += 1
            skipSpaces()
            guard let quote = byte(at: position), quote == Byte.quote || quote == Byte.apostrophe else {
                throw error("a malformed XML declaration", at: position)
            }
            let valueStart = position + 1
            guard let valueEnd = bytes[valueStart...].firstIndex(where: { $0 == quote || $0 == Byte.greaterThan }), bytes[valueEnd] == quote else {
                throw error("a malformed XML declaration", at: position)
            }
            position = valueEnd + 1
            let value = string(valueStart..<valueEnd)
            guard let rank = order.firstIndex(of: name), (seen.last.flatMap { order.firstIndex(of: $0) } ?? -1) < rank else {
                throw error("a malformed XML declaration (version, then encoding, then standalone)", at: start)
            }
            seen.append(name)
            switch name {
            case "version":
                guard value.hasPrefix("1."), value.utf8.count > 2, value.utf8.dropFirst(2).allSatisfy({ (0x30...0x39).contains($0) }) else {
                    // A version is digits and dots (anything else is not shown).
                    let isNumber = value.utf8.count <= 20 && value.utf8.allSatisfy { (0x30...0x39).contains($0) || $0 == 0x2E }
                    throw error("XML version \(isNumber ? value : "other than 1.x"), where 1.0 is read", at: start)
                }
            case "encoding":
                let names = isUTF16 ? ["utf-16", "utf-16le", "utf-16be"] : ["utf-8", "utf8"]
                guard names.contains(value.lowercased()) else {
                    // An encoding's name is letters, digits and ._- (anything else is not shown).
                    let isName = value.utf8.count <= 40 && value.utf8.allSatisfy { byte in
                        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || [0x2D, 0x2E, 0x5F].contains(byte)
                    }
                    throw error("the encoding \(isName ? value : "named"), where a workbook part is UTF-8 or UTF-16 and says which", at: start)
                }
            default:
                guard value == "yes" || value == "no" else { throw error("a malformed XML declaration (standalone is yes or no)", at: start) }
            }
        }
        guard seen.first == "version" else { throw error("an XML declaration without its version", at: start) }
    }

    // MARK: Text and references

    /// Character data from `start` up to the next `<` or the end.
    private mutating func text(from start: Int) throws(XMLError) -> String {
        var plain = true
        while position < bytes.count {
            switch bytes[position] {
            case Byte.lessThan: return plain ? string(start..<position) : try decoded(start..<position, inAttribute: false)
            case Byte.ampersand, Byte.carriageReturn: plain = false
            case Byte.greaterThan where position >= start + 2 && bytes[position - 1] == Byte.closeBracket && bytes[position - 2] == Byte.closeBracket:
                throw error("']]>' in text (it is written ]]&gt;)", at: position - 2)
            default: break
            }
            position += 1
        }
        // Text runs to the end: the part is cut short.
        throw error("the part ends inside <\(display(open[open.count - 1]))>", at: bytes.count)
    }

    /// Text with its references replaced and its line breaks read as line feeds (in an
    /// attribute, every literal tab and line break as a space).
    private mutating func decoded(_ range: Range<Int>, inAttribute: Bool, references: Bool = true) throws(XMLError) -> String {
        scratch.removeAll(keepingCapacity: true)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            switch byte {
            case Byte.ampersand where references:
                index = try reference(at: index, before: range.upperBound)
                continue
            case Byte.carriageReturn:
                scratch.append(inAttribute ? Byte.space : Byte.lineFeed)
                if index + 1 < range.upperBound && bytes[index + 1] == Byte.lineFeed { index += 1 }
            case Byte.tab where inAttribute, Byte.lineFeed where inAttribute:
                scratch.append(Byte.space)
            default:
                scratch.append(byte)
            }
            index += 1
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Appends what the reference at `index` stands for to `scratch`; returns the index after its `;`.
    private mutating func reference(at index: Int, before limit: Int) throws(XMLError) -> Int {
        var cursor = index + 1
        if cursor < limit && bytes[cursor] == Byte.hash {
            cursor += 1
            let hex = cursor < limit && bytes[cursor] == Byte.x
            if hex { cursor += 1 }
            let digitsStart = cursor
            var value: UInt32 = 0
            while cursor < limit, let digit = Self.digit(bytes[cursor], hex: hex) {
                // Past the last code point the value stops growing: it is refused below, never overflows.
                if value <= 0x10FFFF { value = value * (hex ? 16 : 10) + digit }
                cursor += 1
            }
            let shown = String(decoding: bytes[index..<min(cursor, index + 12)], as: UTF8.self) + (cursor - index > 12 ? "…" : "")
            guard cursor > digitsStart, cursor < limit, bytes[cursor] == Byte.semicolon else {
                throw error("a malformed character reference \(shown)", at: index)
            }
            guard let scalar = Unicode.Scalar(value), XMLText.isAllowed(scalar) else {
                throw error("a character reference \(shown); to a character XML does not allow", at: index)
            }
            scratch.append(contentsOf: String(scalar).utf8)
            return cursor + 1
        }
        let name = nameEnd(from: cursor)
        guard name > cursor, name < limit, bytes[name] == Byte.semicolon else {
            throw error("an '&' that starts no entity (text writes it as &amp;)", at: index)
        }
        switch string(cursor..<name) {
        case "lt": scratch.append(Byte.lessThan)
        case "gt": scratch.append(Byte.greaterThan)
        case "amp": scratch.append(Byte.ampersand)
        case "quot": scratch.append(Byte.quote)
        case "apos": scratch.append(Byte.apostrophe)
        default: throw error("an unknown entity &\(display(cursor..<name)); (XML without a DOCTYPE has only &lt; &gt; &amp; &quot; &apos;)", at: index)
        }
        return name + 1
    }

    // MARK: Characters and names

    /// Every byte is UTF-8 and every character one XML 1.0 allows: checked once, before reading.
    private func checkCharacters() throws(XMLError) {
        var index = position
        let count = bytes.count
        func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            index + offset < count && (low...high).contains(bytes[index + offset])
        }
        while index < count {
            let lead = bytes[index]
            var length = 1
            switch lead {
            case 0x00...0x7F:
                if !XMLText.isAllowed(Unicode.Scalar(lead)) { throw error("the character U+\(XMLText.hex4(UInt32(lead))), which XML does not allow", at: index) }
            case 0xC2...0xDF where continuation(1): length = 2
            case 0xE0 where continuation(1, 0xA0) && continuation(2),
                 0xE1...0xEC where continuation(1) && continuation(2),
                 0xED where continuation(1, 0x80, 0x9F) && continuation(2),
                 0xEE...0xEF where continuation(1) && continuation(2):
                length = 3
                if lead == 0xEF {
                    let value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                    if let scalar = Unicode.Scalar(value), !XMLText.isAllowed(scalar) {
                        throw error("the character U+\(XMLText.hex4(value)), which XML does not allow", at: index)
                    }
                }
            case 0xF0 where continuation(1, 0x90) && continuation(2) && continuation(3),
                 0xF1...0xF3 where continuation(1) && continuation(2) && continuation(3),
                 0xF4 where continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3):
                length = 4
            default:
                throw error("bytes that are not UTF-8 text", at: index)
            }
            index += length
        }
    }

    /// UTF-16 (after its byte order mark) as UTF-8.
    private static func utf8(fromUTF16 input: [UInt8]) throws(XMLError) -> [UInt8] {
        guard input.count % 2 == 0 else { throw XMLError(reason: "the UTF-16 text ends in the middle of a character", line: 1) }
        let littleEndian = input[0] == 0xFF
        let units = stride(from: 2, to: input.count, by: 2).lazy.map { index in
            littleEndian ? UInt16(input[index]) | UInt16(input[index + 1]) << 8 : UInt16(input[index]) << 8 | UInt16(input[index + 1])
        }
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        let failed = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: true) { out.append($0) }
        if failed {
            let line = out.reduce(1) { $1 == Byte.lineFeed ? $0 + 1 : $0 }
            throw XMLError(reason: "a lone UTF-16 surrogate, which is not text", line: line)
        }
        return out
    }

    /// The name at `position` (moved past it), or nil if no name starts there.
    private mutating func nameRange() -> Range<Int>? {
        let start = position
        let end = nameEnd(from: start)
        guard end > start else { return nil }
        position = end
        return start..<end
    }

    /// Where the name starting at `start` ends (`start` itself when no name starts there).
    private func nameEnd(from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                let isStart = (lead >= 0x61 && lead <= 0x7A) || (lead >= 0x41 && lead <= 0x5A) || lead == 0x5F || lead == 0x3A
                let isOther = (lead >= 0x30 && lead <= 0x39) || lead == Byte.hyphen || lead == 0x2E
                guard isStart || (isOther && index > start) else { break }
                index += 1
                continue
            }
            // Checked UTF-8 (`checkCharacters`): the lead byte says the length.
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
            for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
            guard Self.isNameCharacter(value, first: index == start) else { break }
            index += length
        }
        return index
    }

    /// XML 1.0's NameStartChar and NameChar, above ASCII.
    private static func isNameCharacter(_ value: UInt32, first: Bool) -> Bool {
        switch value {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F,
             0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            return true
        case 0xB7, 0x300...0x36F, 0x203F...0x2040:
            return !first
        default:
            return false
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == Byte.space || byte == Byte.tab || byte == Byte.lineFeed || byte == Byte.carriageReturn
    }

    private static func digit(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46 where hex: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66 where hex: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }

    // MARK: Small helpers

    /// Moves past spaces; whether there were any.
    @discardableResult
    private mutating func skipSpaces() -> Bool {
        let start = position
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
        return position > start
    }

    private func byte(at index: Int) -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return text.withUTF8Buffer { $0.elementsEqual(bytes[position..<(position + count)]) }
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private func localName(_ name: Range<Int>) -> String {
        let colon = bytes[name].lastIndex(of: 0x3A)
        return string((colon.map { $0 + 1 } ?? name.lowerBound)..<name.upperBound)
    }

    /// A name (already checked to be one) for a message: at most 40 characters.
    private func display(_ name: Range<Int>) -> String {
        let text = string(name)
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    /// The error at byte `offset`, with its line (counted only when there is an error).
    private func error(_ reason: String, at offset: Int) -> XMLError {
        let end = min(offset, bytes.count)
        var line = 1
        for byte in bytes[..<end] where byte == Byte.lineFeed { line += 1 }
        return XMLError(reason: reason, line: line)
    }
}

/// The ASCII bytes of XML's markup.
private enum Byte {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let exclamation: UInt8 = 0x21
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let ampersand: UInt8 = 0x26
    static let apostrophe: UInt8 = 0x27
    static let hyphen: UInt8 = 0x2D
    static let slash: UInt8 = 0x2F
    static let semicolon: UInt8 = 0x3B
    static let lessThan: UInt8 = 0x3C
    static let equals: UInt8 = 0x3D
    static let greaterThan: UInt8 = 0x3E
    static let question: UInt8 = 0x3F
    static let closeBracket: UInt8 = 0x5D
    static let x: UInt8 = 0x78
}
