import Foundation
import Testing
import ActionPlanModel
@testable import ActionPlanWorkbook

/// The reader on workbooks shaped as other programs write them, made here by Python's zipfile
/// (no actionplan code): prefixed namespaces, inline strings, rich text with a phonetic run,
/// formula results, booleans and errors, cells without references, the 1904 date system, a
/// custom date format, and a workbook part that is not at xl/workbook.xml.
@Suite struct ForeignWorkbookTests {
    static let script = #"""
import sys, zipfile
ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
parts = {
"[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/book/main.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
"_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="a" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/book/main.xml"/></Relationships>',
"book/main.xml": '<?xml version="1.0"?><x:workbook %s><x:workbookPr date1904="1"/><x:sheets><x:sheet name="Plan &amp; actions" sheetId="7" r:id="s1"/></x:sheets></x:workbook>' % ns,
"book/_rels/main.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="sheets/one.xml"/><Relationship Id="st" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="../book/styles.xml"/><Relationship Id="ss" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/></Relationships>',
"book/styles.xml": '<?xml version="1.0"?><x:styleSheet %s><x:numFmts count="1"><x:numFmt numFmtId="170" formatCode="dd/mm/yy;@"/></x:numFmts><x:cellStyleXfs count="1"><x:xf numFmtId="14"/></x:cellStyleXfs><x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="170"/><x:xf numFmtId="4"/></x:cellXfs></x:styleSheet>' % ns,
"book/strings.xml": '<?xml version="1.0"?><x:sst %s><x:si><x:r><x:t>Lead </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>officer</x:t></x:r><x:rPh><x:t>ignored</x:t></x:rPh></x:si><x:si><x:t>Tab_x0009_here</x:t></x:si></x:sst>' % ns,
"book/sheets/one.xml": '<?xml version="1.0"?><x:worksheet %s><x:sheetData>'
  '<x:row r="2"><x:c t="inlineStr"><x:is><x:t>Action</x:t></x:is></x:c><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Deadline</x:t></x:is></x:c></x:row>'
  '<x:row><x:c t="str"><x:f>A1&amp;"x"</x:f><x:v>Audit &lt;all&gt;</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c s="1"><x:v>43830</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c s="2"><x:v>1234.5</x:v></x:c></x:row>'
  '<x:row r="5"><x:c r="D5"><x:v>7</x:v></x:c></x:row>'
  '</x:sheetData></x:worksheet>' % ns,
}
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in parts.items():
        z.writestr(name, text)
"""#

    @Test func aWorkbookWrittenAnotherWayReadsTheSame() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("actionplan-foreign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("foreign.xlsx")
        let made = try Python.run(Self.script, [file.path])
        try #require(made.status == 0, "python3 wrote the workbook: \(made.err)")
        let sheets = try XLSXReader.read(contentsOf: file)
        try #require(sheets.count == 1)
        #expect(sheets[0].name == "Plan & actions")
        let rows = sheets[0].rows
        #expect(rows.count == 5)
        #expect(rows[0].isEmpty, "row 1 has no cells")
        #expect(rows[1] == [.text("Action"), .text("Lead officer"), .text("Deadline")], "inline strings; rich text runs joined, the phonetic run left out")
        // 43830 is 31 Dec 2019 in the 1900 system; in the 1904 system it is 1462 days later, 1 Jan 2024.
        #expect(rows[2] == [.text("Audit <all>"), .text("Tab\there"), .day(Day(year: 2024, month: 1, day: 1)!), .bool(true), .error("#N/A"),
                            .number(1234.5)])
        #expect(rows[4] == [.empty, .empty, .empty, .number(7)], "a cell's reference places it")
    }

    @Test func dateFormatsAreRecognisedByIdAndByCode() {
        #expect(StylesPart.isDateFormat(14, code: nil))
        #expect(StylesPart.isDateFormat(170, code: "dd/mm/yy;@"))
        #expect(StylesPart.isDateFormat(171, code: "[$-809]d mmmm yyyy"))
        #expect(!StylesPart.isDateFormat(4, code: nil))
        #expect(!StylesPart.isDateFormat(172, code: "0.00\" days\""), "letters in quotes are not a date")
        #expect(!StylesPart.isDateFormat(173, code: "[Red]0"), "a colour in brackets is not a date")
        #expect(!StylesPart.isDateFormat(174, code: "General"))
    }
}
