import Foundation
import ActionPlanModel
import ZIPFoundation

/// One cell of a worksheet to be written.
public struct XLSXCell: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case empty
        case text(String)
        case number(Double)
        /// A whole day, written as an Excel serial number with a date format.
        case day(Day)
    }

    public var value: Value
    public var style: XLSXStyle

    public init(_ value: Value, style: XLSXStyle = .plain) {
        self.value = value
        self.style = style
    }

    public static func text(_ text: String?, style: XLSXStyle = .plain) -> XLSXCell {
        guard let text, !text.isEmpty else { return XLSXCell(.empty, style: style) }
        return XLSXCell(.text(text), style: style)
    }

    public static func number(_ value: Int, style: XLSXStyle = .plain) -> XLSXCell { XLSXCell(.number(Double(value)), style: style) }

    /// A day with the date format, or an empty cell.
    public static func day(_ day: Day?) -> XLSXCell {
        guard let day else { return XLSXCell(.empty) }
        return XLSXCell(.day(day), style: .date)
    }
}

/// The few looks a cell can have: each is one entry of the styles part (`cellXfs`), in this order.
public enum XLSXStyle: Int, Sendable, Hashable, CaseIterable {
    case plain = 0
    case header
    case date
    case title
    /// Long text: wrapped, aligned to the top.
    case wrapped
    case blue, red, amber, green

    /// The fill of a colour.
    public static func fill(_ rag: RAG) -> XLSXStyle {
        switch rag {
        case .blue: return .blue
        case .red: return .red
        case .amber: return .amber
        case .green: return .green
        }
    }
}

/// One worksheet: rows of cells, and how it opens.
public struct XLSXSheet: Sendable, Hashable {
    public var name: String
    public var rows: [[XLSXCell]]
    /// Column widths in characters (missing ones take Excel's default).
    public var columnWidths: [Double]
    /// The first row stays in view when scrolling.
    public var freezeHeader: Bool
    /// Filter buttons on the first row, over every row.
    public var autoFilter: Bool

    public init(name: String, rows: [[XLSXCell]], columnWidths: [Double] = [], freezeHeader: Bool = false, autoFilter: Bool = false) {
        self.name = name
        self.rows = rows
        self.columnWidths = columnWidths
        self.freezeHeader = freezeHeader
        self.autoFilter = autoFilter
    }
}

/// An Office Open XML workbook (`.xlsx`), written with ZIPFoundation: the parts Excel and
/// LibreOffice need and nothing else (content types, relationships, document properties, the
/// workbook, a styles part, shared strings, one part per sheet).
public struct XLSXWorkbook: Sendable {
    public var sheets: [XLSXSheet]
    public var title: String
    /// The document's creation moment (`docProps/core.xml`) and every zip entry's date, so that
    /// the same input makes the same bytes.
    public var created: Date
    /// ARGB fills of the colours (`FF1D70B8`), by style.
    public var fills: [RAG: String]

    public init(sheets: [XLSXSheet], title: String, created: Date, fills: [RAG: String]) {
        self.sheets = sheets
        self.title = title
        self.created = created
        self.fills = fills
    }

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// The parts of the package, by path, in the order they are stored.
    public func parts() -> [(path: String, xml: String)] {
        var package = XLSXPackage(title: title, created: created, fills: fills)
        let sheetParts = sheets.map { sheet in
            let xml = package.add(sheet)
            return (XLSXPackage.sheetPath(package.sheets.count - 1), xml)
        }
        return package.parts() + sheetParts
    }

    /// The workbook as the bytes of an `.xlsx` file.
    public func data() throws -> Data {
        var package = XLSXPackage(title: title, created: created, fills: fills)
        let xml = sheets.map { Data(package.add($0).utf8) }
        return try package.data { index, position, size in
            let start = Int(position)
            return xml[index].subdata(in: start..<min(start + size, xml[index].count))
        }
    }
}

/// An `.xlsx` package made sheet by sheet (`XLSXWorkbook` is one made at once): each sheet's
/// XML is made when the sheet is added, and only its name, size and filter are kept, so that a
/// workbook of 2,000 register sheets never holds every row (the caller keeps the XML, in a
/// file if it likes, and hands it back to `data`). The shared strings are numbered in the order
/// sheets are added.
public struct XLSXPackage {
    /// What the package's other parts need of a sheet.
    struct Shape {
        var name: String
        var rowCount: Int
        /// The cells of its first row.
        var width: Int
        var autoFilter: Bool
        /// The bytes of its XML.
        var size: Int64 = 0

        init(_ sheet: XLSXSheet) {
            name = sheet.name
            rowCount = sheet.rows.count
            width = sheet.rows.first?.count ?? 0
            autoFilter = sheet.autoFilter
        }
    }

    public var title: String
    public var created: Date
    public var fills: [RAG: String]
    private(set) var sheets: [Shape] = []
    private var strings = SharedStrings()

    public init(title: String, created: Date, fills: [RAG: String]) {
        self.title = title
        self.created = created
        self.fills = fills
    }

    /// How many sheets have been added.
    public var sheetCount: Int { sheets.count }

    static func sheetPath(_ index: Int) -> String { "xl/worksheets/sheet\(index + 1).xml" }

    /// Adds a sheet after the others; returns its XML.
    public mutating func add(_ sheet: XLSXSheet) -> String {
        let xml = XLSXWorkbook.worksheet(sheet, strings: &strings)
        var shape = Shape(sheet)
        shape.size = Int64(xml.utf8.count)
        sheets.append(shape)
        return xml
    }

    /// The XML of a sheet added earlier, made again from a sheet with the same texts in the same
    /// cells and as many rows (numbers may differ): a summary sheet added first so that its texts
    /// come first in the shared strings, made again once the figures are counted.
    public mutating func remake(_ sheet: XLSXSheet, at index: Int) -> String {
        let uses = strings.uses, count = strings.count
        let xml = XLSXWorkbook.worksheet(sheet, strings: &strings)
        precondition(strings.count == count && Shape(sheet).rowCount == sheets[index].rowCount,
                     "a sheet made again must have the texts and the rows it was added with")
        strings.uses = uses
        sheets[index].size = Int64(xml.utf8.count)
        return xml
    }

    /// The parts before the sheets, by path, in the order they are stored.
    func parts() -> [(path: String, xml: String)] {
        let workbook = XLSXWorkbook(sheets: [], title: title, created: created, fills: fills)
        return [
            ("[Content_Types].xml", workbook.contentTypes(sheets)),
            ("_rels/.rels", workbook.packageRelationships()),
            ("docProps/core.xml", workbook.coreProperties()),
            ("docProps/app.xml", workbook.appProperties()),
            ("xl/workbook.xml", workbook.workbook(sheets)),
            ("xl/_rels/workbook.xml.rels", workbook.workbookRelationships(sheets)),
            ("xl/styles.xml", workbook.styles()),
            ("xl/sharedStrings.xml", strings.xml()),
        ]
    }

    /// The bytes of the `.xlsx` file; `sheetXML(index, position, size)` gives up to `size` bytes
    /// of the XML of the sheet `index` (from 0) from `position`.
    public func data(sheetXML: (Int, Int64, Int) throws -> Data) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, xml) in parts() {
            let bytes = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: created,
                                 compressionMethod: .deflate) { position, size in
                let start = Int(position)
                return bytes.subdata(in: start..<min(start + size, bytes.count))
            }
        }
        for index in sheets.indices {
            try archive.addEntry(with: Self.sheetPath(index), type: .file, uncompressedSize: sheets[index].size, modificationDate: created,
                                 compressionMethod: .deflate) { position, size in try sheetXML(index, position, size) }
        }
        guard let data = archive.data else { throw XLSXError("the workbook could not be assembled in memory") }
        return data
    }
}

extension XLSXWorkbook {
    func contentTypes(_ sheets: [XLSXPackage.Shape]) -> String {
        var out = Self.declaration
        out += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        out += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        out += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        out += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for index in sheets.indices {
            out += "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        out += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        out += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
        out += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        out += "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        return out + "</Types>"
    }

    func packageRelationships() -> String {
        Self.declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>"
    }

    func coreProperties() -> String {
        let moment = Self.w3cMoment(created)
        return Self.declaration
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:title>\(XMLText.escape(title))</dc:title><dc:creator>actionplan</dc:creator>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(moment)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(moment)</dcterms:modified>"
            + "</cp:coreProperties>"
    }

    func appProperties() -> String {
        Self.declaration
            + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>actionplan</Application></Properties>"
    }

    func workbook(_ sheets: [XLSXPackage.Shape]) -> String {
        var out = Self.declaration + "<workbook xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relNamespace)\"><sheets>"
        for (index, sheet) in sheets.enumerated() {
            out += "<sheet name=\"\(XMLText.escape(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        out += "</sheets>"
        // Excel keeps each sheet's filter range as a hidden defined name; without it Excel
        // still shows the buttons, but some readers look for the name.
        let filtered = sheets.enumerated().filter { $0.element.autoFilter && $0.element.rowCount > 0 }
        if !filtered.isEmpty {
            out += "<definedNames>"
            for (index, sheet) in filtered {
                let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'"
                let range = Self.filterRange(width: sheet.width, rows: sheet.rowCount).split(separator: ":").map { Self.absolute(String($0)) }.joined(separator: ":")
                out += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">\(XMLText.escape(quoted + "!" + range))</definedName>"
            }
            out += "</definedNames>"
        }
        return out + "</workbook>"
    }

    func workbookRelationships(_ sheets: [XLSXPackage.Shape]) -> String {
        var out = Self.declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for index in sheets.indices {
            out += "<Relationship Id=\"rId\(index + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        let n = sheets.count
        out += "<Relationship Id=\"rId\(n + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        out += "<Relationship Id=\"rId\(n + 2)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        return out + "</Relationships>"
    }

    /// The date format of `XLSXStyle.date`: "16 Jan 2023", read the same way in every locale.
    public static let dateFormat = "d mmm yyyy"

    func styles() -> String {
        func fill(_ rag: RAG) -> String {
            "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"\(fills[rag] ?? "FFFFFFFF")\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        }
        var out = Self.declaration + "<styleSheet xmlns=\"\(Self.mainNamespace)\">"
        out += "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"\(XMLText.escape(Self.dateFormat))\"/></numFmts>"
        // Fonts: 0 normal, 1 bold, 2 bold and larger (the title), 3 bold white (on a dark fill).
        out += "<fonts count=\"4\">"
        out += "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        out += "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        out += "<font><b/><sz val=\"14\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        out += "<font><b/><sz val=\"11\"/><color rgb=\"FFFFFFFF\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        out += "</fonts>"
        // Fills 0 and 1 are reserved by the format (none, gray125); then the header's grey and the colours.
        out += "<fills count=\"7\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
        out += "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFF3F2F1\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        out += fill(.blue) + fill(.red) + fill(.amber) + fill(.green) + "</fills>"
        out += "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        out += "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        let xfs = [
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"><alignment vertical=\"top\"/></xf>",
            "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>",
            "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"><alignment vertical=\"top\"/></xf>",
            "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
            "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>",
            "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"><alignment vertical=\"top\"/></xf>",
            "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"4\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"><alignment vertical=\"top\"/></xf>",
            "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"5\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"><alignment vertical=\"top\"/></xf>",
            "<xf numFmtId=\"0\" fontId=\"3\" fillId=\"6\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"><alignment vertical=\"top\"/></xf>",
        ]
        out += "<cellXfs count=\"\(xfs.count)\">" + xfs.joined() + "</cellXfs>"
        out += "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        return out + "</styleSheet>"
    }

    static func worksheet(_ sheet: XLSXSheet, strings: inout SharedStrings) -> String {
        var out = declaration + "<worksheet xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relNamespace)\">"
        let width = sheet.rows.map(\.count).max() ?? 0
        if width > 0, !sheet.rows.isEmpty {
            out += "<dimension ref=\"A1:\(columnName(width - 1))\(sheet.rows.count)\"/>"
        }
        out += "<sheetViews><sheetView workbookViewId=\"0\">"
        if sheet.freezeHeader {
            out += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            out += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
        }
        out += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        if !sheet.columnWidths.isEmpty {
            out += "<cols>"
            for (index, w) in sheet.columnWidths.enumerated() {
                out += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(number(w))\" customWidth=\"1\"/>"
            }
            out += "</cols>"
        }
        out += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            out += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = "\(columnName(c))\(r + 1)"
                let style = cell.style == .plain ? "" : " s=\"\(cell.style.rawValue)\""
                switch cell.value {
                case .empty:
                    if cell.style != .plain { out += "<c r=\"\(ref)\"\(style)/>" }
                case .text(let text):
                    out += "<c r=\"\(ref)\"\(style) t=\"s\"><v>\(strings.index(of: text))</v></c>"
                case .number(let value):
                    out += value.isFinite ? "<c r=\"\(ref)\"\(style)><v>\(number(value))</v></c>" : ""
                case .day(let day):
                    out += "<c r=\"\(ref)\"\(style)><v>\(excelSerial(day))</v></c>"
                }
            }
            out += "</row>"
        }
        out += "</sheetData>"
        if sheet.autoFilter, !sheet.rows.isEmpty {
            out += "<autoFilter ref=\"\(filterRange(width: sheet.rows.first?.count ?? 0, rows: sheet.rows.count))\"/>"
        }
        out += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        return out + "</worksheet>"
    }

    /// The range of a sheet's filter: its first row's cells, over every row.
    static func filterRange(width: Int, rows: Int) -> String {
        "A1:\(columnName(max(1, width) - 1))\(max(rows, 1))"
    }

    /// `B12` → `$B$12`.
    static func absolute(_ ref: String) -> String {
        let letters = ref.prefix { $0.isLetter }
        return "$\(letters)$\(ref.dropFirst(letters.count))"
    }

    /// The column's letters: 0 → A, 25 → Z, 26 → AA.
    public static func columnName(_ index: Int) -> String {
        var n = index + 1
        var letters = ""
        while n > 0 {
            let rest = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + rest))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    /// Days since 30 December 1899: Excel's serial number of a day in the 1900 date system
    /// (correct from 1 March 1900 on, past Excel's phantom 29 February 1900).
    public static func excelSerial(_ day: Day) -> Int { day.dayNumber + 25_569 }

    /// The day of an Excel serial number (its whole part), or nil outside the years `Day` takes.
    public static func day(excelSerial serial: Double) -> Day? {
        guard serial.isFinite, serial >= 61, serial < 2_958_466 else { return nil }
        let day = Day(dayNumber: Int(serial.rounded(.down)) - 25_569)
        return Day.supportedYears.contains(day.year) ? day : nil
    }

    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    static func w3cMoment(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

/// The shared-strings part: each distinct text once, cells refer to it by index.
struct SharedStrings {
    private var indexes: [String: Int] = [:]
    private var texts: [String] = []
    /// How many cells refer to a text.
    var uses = 0
    /// How many distinct texts.
    var count: Int { texts.count }

    mutating func index(of text: String) -> Int {
        uses += 1
        if let index = indexes[text] { return index }
        indexes[text] = texts.count
        texts.append(text)
        return texts.count - 1
    }

    func xml() -> String {
        var out = XLSXWorkbook.declaration + "<sst xmlns=\"\(XLSXWorkbook.mainNamespace)\" count=\"\(uses)\" uniqueCount=\"\(texts.count)\">"
        for text in texts { out += "<si><t xml:space=\"preserve\">\(XMLText.escapeCellText(text))</t></si>" }
        return out + "</sst>"
    }
}

/// A workbook that cannot be written or read.
public struct XLSXError: Error, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
