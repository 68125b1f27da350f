import Foundation
import ActionPlanModel
import ZIPFoundation

/// A cell's value as read from a workbook.
public enum SheetValue: Sendable, Hashable {
    case empty
    case text(String)
    case number(Double)
    /// A number whose cell has a date format: an Excel serial date, read as its day.
    case day(Day)
    case bool(Bool)
    /// An error value (`#N/A`, `#REF!`).
    case error(String)

    /// The value as text: a number without a needless `.0`, a day as `YYYY-MM-DD`.
    public var text: String {
        switch self {
        case .empty: return ""
        case .text(let text): return text
        case .number(let value): return XLSXWorkbook.number(value)
        case .day(let day): return day.iso
        case .bool(let value): return value ? "TRUE" : "FALSE"
        case .error(let text): return text
        }
    }
}

/// One worksheet read back: its name and its rows, each as wide as its last filled cell.
public struct ReadSheet: Sendable, Hashable {
    public var name: String
    public var rows: [[SheetValue]]
}

/// Reads the cells of an `.xlsx` file: ZIPFoundation opens the package, our own `XMLReader`
/// reads the parts (workbook, relationships, shared strings, styles, sheets).
/// Values come as Excel stores them; a number in a cell whose number format is a date format
/// (built-in or custom) is a day.
public enum XLSXReader {
    /// Parts larger than this are refused rather than inflated (a zip bomb, or not a plan).
    static let largestPart = 64 << 20

    public static func read(contentsOf url: URL) throws -> [ReadSheet] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw XLSXError("cannot read the file: \(error.localizedDescription)") }
        return try read(data)
    }

    public static func read(_ data: Data) throws -> [ReadSheet] {
        let package = try Package(data)
        func part(_ path: String) throws -> Part? { try package.part(path) }
        // The workbook part, from the package's relationships (xl/workbook.xml almost always).
        var workbookPath = "xl/workbook.xml"
        if let rels = try part("_rels/.rels") {
            let relationships = try Relationships.parse(rels, base: "")
            if let target = relationships.first(where: { $0.type.hasSuffix("/officeDocument") })?.target { workbookPath = target }
        }
        guard let workbookPart = try part(workbookPath) else {
            throw XLSXError("not an Excel workbook (.xlsx): it has no workbook part")
        }
        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let workbook = try WorkbookPart.parse(workbookPart)
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        let relationships = try part(relsPath).map { try Relationships.parse($0, base: folder) } ?? []
        let strings = try relationships.first(where: { $0.type.hasSuffix("/sharedStrings") })
            .flatMap { try part($0.target) }.map { try SharedStringsPart.parse($0) } ?? []
        let dateStyles = try relationships.first(where: { $0.type.hasSuffix("/styles") })
            .flatMap { try part($0.target) }.map { try StylesPart.dateStyles($0) } ?? []
        var sheets: [ReadSheet] = []
        for sheet in workbook.sheets {
            guard let target = relationships.first(where: { $0.id == sheet.relationshipId })?.target,
                  let sheetPart = try part(target) else { continue }
            let rows = try WorksheetPart.parse(sheetPart, strings: strings, dateStyles: dateStyles, date1904: workbook.date1904)
            sheets.append(ReadSheet(name: sheet.name, rows: rows))
        }
        return sheets
    }
}

/// The parts of a zip package, each inflated when asked for.
struct Package {
    let archive: Archive

    init(_ data: Data) throws {
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw XLSXError("not an Excel workbook (.xlsx): it is not a zip package")
        }
    }

    /// Every part's path, in the zip's order.
    var paths: [String] { archive.map(\.path) }

    /// The part at `path`, or nil if there is none; refused past `XLSXReader.largestPart`.
    func part(_ path: String) throws -> Part? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= UInt64(XLSXReader.largestPart) else {
            throw XLSXError("\(path) is too large to be a plan (\(entry.uncompressedSize) bytes)")
        }
        var out: [UInt8] = []
        out.reserveCapacity(Int(entry.uncompressedSize))
        do { _ = try archive.extract(entry) { out.append(contentsOf: $0) } } catch { throw XLSXError("\(path) is damaged: \(error)") }
        return Part(path: path, bytes: out)
    }
}

/// A part of the package: its path (which names it in a message) and its bytes.
struct Part {
    var path: String
    var bytes: [UInt8]
}

/// Reads a part with `XMLReader` and hands each element's start and end (local names, without
/// a namespace prefix) to the part's own reader, which overrides `start` and `end`; the text
/// inside an element is gathered in `text` while `collecting` is set.
class PartParser {
    var text = ""
    var collecting = false

    func run(_ part: Part) throws {
        do {
            var reader = try XMLReader(part.bytes)
            while let event = try reader.next() {
                switch event {
                case .start(let name, let attributes): start(name, attributes)
                case .end(let name): end(name)
                case .text(let piece): if collecting { text += piece }
                }
            }
        } catch {
            throw XLSXError("\(part.path) is not well-formed XML (line \(error.line): \(error.reason)): the file is damaged")
        }
    }

    func start(_ name: String, _ attributes: XMLAttributes) {}
    func end(_ name: String) {}
}

struct Relationship {
    var id: String
    var type: String
    /// The target as a path inside the package.
    var target: String
}

final class Relationships: PartParser {
    var items: [Relationship] = []
    var base = ""

    static func parse(_ part: Part, base: String) throws -> [Relationship] {
        let parser = Relationships()
        parser.base = base
        try parser.run(part)
        return parser.items
    }

    override func start(_ name: String, _ attributes: XMLAttributes) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        var path = target
        if path.hasPrefix("/") { path.removeFirst() } else if !base.isEmpty { path = base + "/" + path }
        // Resolve "../" segments.
        var segments: [Substring] = []
        for segment in path.split(separator: "/") {
            if segment == ".." { _ = segments.popLast() } else if segment != "." { segments.append(segment) }
        }
        items.append(Relationship(id: id, type: attributes["Type"] ?? "", target: segments.joined(separator: "/")))
    }
}

final class WorkbookPart: PartParser {
    var sheets: [(name: String, relationshipId: String)] = []
    var date1904 = false

    static func parse(_ part: Part) throws -> WorkbookPart {
        let parser = WorkbookPart()
        try parser.run(part)
        return parser
    }

    override func start(_ name: String, _ attributes: XMLAttributes) {
        switch name {
        case "sheet":
            if let name = attributes["name"], let id = attributes.value(local: "id") { sheets.append((name, id)) }
        case "workbookPr":
            let value = attributes["date1904"]?.lowercased()
            date1904 = value == "1" || value == "true"
        default: break
        }
    }
}

final class SharedStringsPart: PartParser {
    var strings: [String] = []
    var current = ""
    var phonetic = false

    static func parse(_ part: Part) throws -> [String] {
        let parser = SharedStringsPart()
        try parser.run(part)
        return parser.strings
    }

    override func start(_ name: String, _ attributes: XMLAttributes) {
        switch name {
        case "si": current = ""
        case "rPh": phonetic = true
        case "t" where !phonetic: collecting = true; text = ""
        default: break
        }
    }

    override func end(_ name: String) {
        switch name {
        case "t" where collecting: current += text; collecting = false
        case "rPh": phonetic = false
        case "si": strings.append(XMLText.unescapeCellText(current))
        default: break
        }
    }
}

final class StylesPart: PartParser {
    var customFormats: [Int: String] = [:]
    var cellFormats: [Int] = []
    var inCellXfs = false

    /// The indexes of the cell formats (`s="…"`) whose number format shows a date.
    static func dateStyles(_ part: Part) throws -> Set<Int> {
        let parser = StylesPart()
        try parser.run(part)
        var result = Set<Int>()
        for (index, formatId) in parser.cellFormats.enumerated() where isDateFormat(formatId, code: parser.customFormats[formatId]) {
            result.insert(index)
        }
        return result
    }

    /// Built-in date formats (14–22, 27–36, 45–47, 50–58) or a format code that shows a day,
    /// month or year outside quotes, escapes and brackets.
    static func isDateFormat(_ id: Int, code: String?) -> Bool {
        if let code {
            var quoted = false, bracket = false, escaped = false
            for character in code.lowercased() {
                if escaped { escaped = false; continue }
                switch character {
                case "\\": escaped = true
                case "\"": quoted.toggle()
                case "[": bracket = true
                case "]": bracket = false
                case "d", "m", "y": if !quoted && !bracket { return true }
                default: break
                }
            }
            return false
        }
        return (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
    }

    override func start(_ name: String, _ attributes: XMLAttributes) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] { customFormats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: cellFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default: break
        }
    }

    override func end(_ name: String) {
        if name == "cellXfs" { inCellXfs = false }
    }
}

final class WorksheetPart: PartParser {
    var strings: [String] = []
    var dateStyles = Set<Int>()
    var date1904 = false
    var rows: [Int: [Int: SheetValue]] = [:]
    var rowIndex = 0
    var column = 0
    var type = "n"
    var style = 0
    var value: String?
    var inline = ""
    var inInline = false
    var phonetic = false

    static func parse(_ part: Part, strings: [String], dateStyles: Set<Int>, date1904: Bool) throws -> [[SheetValue]] {
        let parser = WorksheetPart()
        parser.strings = strings
        parser.dateStyles = dateStyles
        parser.date1904 = date1904
        try parser.run(part)
        guard let last = parser.rows.keys.max() else { return [] }
        return (0...last).map { index in
            guard let cells = parser.rows[index], let width = cells.keys.max() else { return [] }
            return (0...width).map { cells[$0] ?? .empty }
        }
    }

    /// `BC12` → (column 54, row 11), both from 0.
    static func reference(_ text: String) -> (column: Int, row: Int)? {
        var column = 0, row = 0, letters = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 65...90 where row == 0: column = column * 26 + Int(scalar.value - 64); letters += 1
            case 97...122 where row == 0: column = column * 26 + Int(scalar.value - 96); letters += 1
            case 48...57: row = row * 10 + Int(scalar.value - 48)
            default: return nil
            }
            if letters > 3 || row > 1_048_576 { return nil }
        }
        guard letters > 0, row > 0 else { return nil }
        return (column - 1, row - 1)
    }

    override func start(_ name: String, _ attributes: XMLAttributes) {
        switch name {
        case "row":
            if let r = attributes["r"].flatMap({ Int($0) }), r > 0 { rowIndex = r - 1 } else { rowIndex = (rows.keys.max() ?? -1) + 1 }
            column = 0
        case "c":
            if let r = attributes["r"], let ref = Self.reference(r) { column = ref.column; rowIndex = ref.row }
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap { Int($0) } ?? 0
            value = nil
            inline = ""
        case "v": collecting = true; text = ""
        case "is": inInline = true
        case "rPh": phonetic = true
        case "t" where inInline && !phonetic: collecting = true; text = ""
        default: break
        }
    }

    override func end(_ name: String) {
        switch name {
        case "v": value = text; collecting = false
        case "t" where collecting && inInline: inline += text; collecting = false
        case "rPh": phonetic = false
        case "is": inInline = false
        case "c":
            let cell = decode()
            if cell != .empty { rows[rowIndex, default: [:]][column] = cell }
            column += 1
        default: break
        }
    }

    func decode() -> SheetValue {
        switch type {
        case "s":
            guard let index = value.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), strings.indices.contains(index) else { return .empty }
            return strings[index].isEmpty ? .empty : .text(strings[index])
        case "inlineStr":
            let text = XMLText.unescapeCellText(inline)
            return text.isEmpty ? .empty : .text(text)
        case "str":
            let text = XMLText.unescapeCellText(value ?? "")
            return text.isEmpty ? .empty : .text(text)
        case "b": return .bool(value?.trimmingCharacters(in: .whitespaces) == "1")
        case "e": return .error(value ?? "#ERROR")
        case "d":
            // An ISO 8601 date written as such (rare; Strict OOXML).
            return value.flatMap { Day(iso: String($0.prefix(10))) }.map(SheetValue.day) ?? .text(value ?? "")
        default:
            guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return .empty }
            guard let number = Double(text) else { return .text(text) }
            if dateStyles.contains(style), let day = XLSXWorkbook.day(excelSerial: number + (date1904 ? 1462 : 0)) { return .day(day) }
            return .number(number)
        }
    }
}
