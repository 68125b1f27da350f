import Foundation
import ActionPlanModel
import ActionPlanWorkbook

/// The cells of a spreadsheet a council already keeps its plan in: the sheets of an `.xlsx`
/// workbook (read by `XLSXReader`) or the one table of a `.csv` file.
public struct SheetTable: Sendable, Hashable {
    public var name: String
    public var rows: [[SheetValue]]

    public init(name: String, rows: [[SheetValue]]) {
        self.name = name
        self.rows = rows
    }

    /// Every sheet of the file, by its extension (`.xlsx` or `.csv`, any case). Errors name the file.
    public static func load(path: String) throws -> [SheetTable] {
        let lower = path.lowercased()
        guard FileManager.default.fileExists(atPath: path) else {
            throw OperationError("\(path): no such file", status: .noInput)
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw OperationError("\(path): cannot read it: \(ReportExport.reason(error))", status: .noInput)
        }
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") {
            do {
                return try XLSXReader.read(data).map { SheetTable(name: $0.name, rows: $0.rows) }
            } catch let error as XLSXError {
                throw OperationError("\(path): \(error.message)", status: .dataError)
            }
        }
        if lower.hasSuffix(".csv") {
            guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) else {
                throw OperationError("\(path): is not text (UTF-8 or Windows-1252)", status: .dataError)
            }
            return [SheetTable(name: URL(fileURLWithPath: path).lastPathComponent, rows: try CSVTable.parse(text, file: path))]
        }
        if lower.hasSuffix(".xls") || lower.hasSuffix(".ods") {
            throw OperationError("\(path): save it as .xlsx or .csv first (this program reads Excel 2007 workbooks and CSV)",
                                 status: .dataError)
        }
        throw OperationError("\(path): expected a .xlsx or .csv file", status: .usage)
    }
}

/// An RFC 4180 reader: quoted fields with doubled quotes and line breaks, CRLF or LF record
/// ends, a leading byte-order mark. A cell that `CSVExport` neutralised (`'=…`) loses its
/// apostrophe again.
enum CSVTable {
    /// Read byte by byte: every byte the format gives a meaning (`"`, `,`, CR, LF) is ASCII,
    /// and no byte of a longer UTF-8 character is one, so each field is whole characters.
    static func parse(_ raw: String, file: String) throws -> [[SheetValue]] {
        var bytes = Array(raw.utf8)
        if raw.hasPrefix("\u{FEFF}") { bytes.removeFirst(3) }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var rows: [[SheetValue]] = []
        var row: [SheetValue] = []
        var field: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var line = 1
        func endField() {
            row.append(value(String(decoding: field, as: UTF8.self), quoted: wasQuoted))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        func endRow() {
            endField()
            if row.contains(where: { $0 != .empty }) { rows.append(row) } else { rows.append([]) }
            row = []
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == quote {
                    // A doubled quote is one; any other quote closes the field.
                    if index < bytes.count, bytes[index] == quote { field.append(quote); index += 1 } else { quoted = false }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty && !wasQuoted: quoted = true; wasQuoted = true
            case comma: endField()
            case cr:
                if index < bytes.count, bytes[index] == lf { index += 1 }
                endRow(); line += 1
            case lf: endRow(); line += 1
            default: field.append(byte)
            }
        }
        if quoted { throw OperationError("\(file): line \(line): a quoted field is never closed", status: .dataError) }
        if !field.isEmpty || !row.isEmpty || wasQuoted { endRow() }
        while rows.last?.isEmpty == true { rows.removeLast() }
        return rows
    }

    static func value(_ field: String, quoted: Bool) -> SheetValue {
        var text = field
        if text.hasPrefix("'"), let second = text.dropFirst().first, "=+-@\t\r".contains(second) { text.removeFirst() }
        return text.isEmpty ? .empty : .text(text)
    }
}
