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
    static func parse(_ raw: String, file: String) throws -> [[SheetValue]] {
        var text = Substring(raw)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        var rows: [[SheetValue]] = []
        var row: [SheetValue] = []
        var field = ""
        var quoted = false
        var wasQuoted = false
        var line = 1
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        func endField() {
            row.append(value(field, quoted: wasQuoted))
            field = ""
            wasQuoted = false
        }
        func endRow() {
            endField()
            if row.contains(where: { $0 != .empty }) { rows.append(row) } else { rows.append([]) }
            row = []
        }
        while let scalar = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    if let next = scalars.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !wasQuoted: quoted = true; wasQuoted = true
            case ",": endField()
            case "\r":
                if let next = scalars.next(), next != "\n" { pending = next }
                endRow(); line += 1
            case "\n": endRow(); line += 1
            default: field.unicodeScalars.append(scalar)
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
