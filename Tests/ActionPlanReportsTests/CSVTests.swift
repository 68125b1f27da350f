import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
@testable import ActionPlanReports

/// A small RFC 4180 reader: fields separated by commas, records by CRLF, quoted fields may
/// hold commas, line breaks and doubled quotes. Throws on a malformed quote.
enum RFC4180 {
    struct Malformed: Error { let offset: Int }

    static func parse(_ text: String) throws -> [[String]] {
        let chars = Array(text.unicodeScalars)
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var i = 0
        var atFieldStart = true
        while i < chars.count {
            let c = chars[i]
            if atFieldStart && c == "\"" {
                i += 1
                while true {
                    guard i < chars.count else { throw Malformed(offset: i) }
                    if chars[i] == "\"" {
                        if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 2; continue }
                        i += 1
                        break
                    }
                    field.append(chars[i]); i += 1
                }
                atFieldStart = false
                guard i >= chars.count || chars[i] == "," || chars[i] == "\r" else { throw Malformed(offset: i) }
                continue
            }
            if c == "," {
                record.append(String(field)); field = .init(); atFieldStart = true; i += 1
            } else if c == "\r" {
                guard i + 1 < chars.count, chars[i + 1] == "\n" else { throw Malformed(offset: i) }
                record.append(String(field)); field = .init(); records.append(record); record = []
                atFieldStart = true; i += 2
            } else if c == "\"" || c == "\n" {
                throw Malformed(offset: i)
            } else {
                field.append(c); atFieldStart = false; i += 1
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(String(field)); records.append(record) }
        return records
    }
}

@Suite struct CSVTests {
    let summary = Fixture.summary()

    @Test func everyActionIsOneRowWithEveryColumnAndReadsBack() throws {
        let rows = try RFC4180.parse(CSVExport.render(summary))
        #expect(rows.first == CSVExport.header)
        let expected = summary.plans.reduce(0) { $0 + $1.actions.count }
        #expect(rows.count == expected + 1, "one header row and one row per action")
        for row in rows { #expect(row.count == CSVExport.header.count, "row \(row) has the wrong number of cells") }
    }

    @Test func quotesCommasAndMarkupRoundTrip() throws {
        let rows = try RFC4180.parse(CSVExport.render(summary))
        let column = Dictionary(uniqueKeysWithValues: CSVExport.header.enumerated().map { ($1, $0) })
        let frontDoor = try #require(rows.first { $0[column["action_id"]!] == String(Fixture.frontDoor) })
        #expect(frontDoor[column["finding_text"]!] == Fixture.hostileFinding)
        #expect(frontDoor[column["latest_note"]!] == Fixture.hostileNote)
        #expect(frontDoor[column["owner"]!] == "Service Manager, MASH")
        #expect(frontDoor[column["original_due"]!] == "2022-11-30")
        #expect(frontDoor[column["due"]!] == "2023-01-06", "the due date as of the report date, not today's")
    }

    @Test func formulaCellsInTheExportAreNeutralised() throws {
        let rows = try RFC4180.parse(CSVExport.render(summary))
        let column = Dictionary(uniqueKeysWithValues: CSVExport.header.enumerated().map { ($1, $0) })
        let row = try #require(rows.first { $0[column["action_id"]!] == String(Fixture.supervisionFormula) })
        #expect(row[column["title"]!] == "'=SUM(A1:A9) supervision audit")
        #expect(row[column["owner"]!] == "'@Team Manager")
        #expect(row[column["success_measure"]!] == "'+10 supervision audits each month")
        #expect(row[column["latest_note"]!] == "'-minus sign first, then text")
        for r in rows {
            for cell in r {
                if let first = cell.unicodeScalars.first {
                    #expect(!["=", "+", "-", "@", "\t", "\r"].contains(first), "cell \(cell.debugDescription) could run as a formula")
                }
            }
        }
    }

    @Test(arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "\tlead tab", "=HYPERLINK(\"http://x\",\"a,b\")"])
    func eachFormulaStartIsPrefixedWithAnApostrophe(_ value: String) throws {
        var text = ""
        CSVExport.appendRow(["a", value, "z"], to: &text)
        let rows = try RFC4180.parse(text)
        #expect(rows == [["a", "'" + value, "z"]])
    }

    /// Issue 10: a cell never carries a raw control character (a CSV on standard output is on
    /// someone's terminal); a lone carriage return is one of them, shown as `\x0d`.
    @Test(arguments: [("\u{1B}]52;c;aGk=\u{07}", "\\x1b]52;c;aGk=\\x07"), ("\rlead return", "\\x0dlead return"),
                      ("a\u{9B}b\u{202E}c\u{2066}", "a\\x9bb\\u202ec\\u2066"), ("keep\r\nCRLF\tand tab", "keep\r\nCRLF\tand tab")])
    func controlCharactersAreShownNotWritten(_ value: String, _ shown: String) throws {
        var text = ""
        CSVExport.appendRow(["a", value, "z"], to: &text)
        #expect(try RFC4180.parse(text) == [["a", shown, "z"]])
        #expect(!text.unicodeScalars.contains { TerminalSafe.isControl($0) && $0 != "\r" },
                "raw control character in \(text.debugDescription)")
    }

    @Test(arguments: ["plain", "a,b", "say \"hi\"", "line\r\nbreak", "line\nbreak", "", "naïve – ünïcödé ✓", "2+2=4"])
    func ordinaryCellsRoundTripUnchanged(_ value: String) throws {
        var text = ""
        CSVExport.appendRow([value, "x"], to: &text)
        #expect(try RFC4180.parse(text) == [[value, "x"]])
        #expect(text.hasSuffix("\r\n"))
    }
}
