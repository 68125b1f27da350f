import Foundation
import Testing
import TestSupport
@testable import ActionPlanWorkbook

/// The reader against an independent one, and against damaged copies of a real part.
@Suite struct XMLReaderAgreementTests {
    /// Every XML part of a package as Python's expat (through xml.sax) reads it, in the lines
    /// `xmlEvents` writes: printed as JSON, part path → lines.
    static let expatScript = #"""
import sys, json, zipfile, xml.sax
class Lines(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.lines = []
    def startElement(self, name, attrs):
        self.lines.append("<" + " ".join([name.split(":")[-1]] + ["%s=%s" % (k, attrs[k]) for k in attrs.getNames()]) + ">")
    def endElement(self, name):
        self.lines.append("</%s>" % name.split(":")[-1])
    def characters(self, text):
        if self.lines and self.lines[-1].startswith("'"):
            self.lines[-1] = self.lines[-1][:-1] + text + "'"
        else:
            self.lines.append("'" + text + "'")
out = {}
z = zipfile.ZipFile(sys.argv[1])
for name in z.namelist():
    if name.endswith(".xml") or name.endswith(".rels"):
        lines = Lines()
        xml.sax.parseString(z.read(name), lines)
        out[name] = lines.lines
print(json.dumps(out))
"""#

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let libreOffice = repository.appendingPathComponent("Tests/Fixtures/LibreOffice")

    /// Our board workbook, the sample workbook of a council's plan, a workbook written the way
    /// other programs write them, and workbooks saved by LibreOffice: each part reads event for
    /// event as expat reads it.
    @Test func everyPartOfOurOthersAndLibreOfficesWorkbooksReadsAsExpatReadsIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("actionplan-xmlreader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let board = folder.appendingPathComponent("board.xlsx")
        try BoardWorkbook.render(try WorkbookFixture.summary()).write(to: board)
        let foreign = folder.appendingPathComponent("foreign.xlsx")
        let made = try Python.run(ForeignWorkbookTests.script, [foreign.path])
        try #require(made.status == 0, "python3 wrote the workbook: \(made.err)")
        let sample = Self.repository.appendingPathComponent("Data/samples/stockton-2010-improvement-plan.xlsx")
        let saved = try FileManager.default.contentsOfDirectory(at: Self.libreOffice, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "xlsx" }
        #expect(saved.count == 4)

        for file in [board, foreign, sample] + saved {
            let result = try Python.run(Self.expatScript, [file.path])
            try #require(result.status == 0, "expat read \(file.lastPathComponent): \(result.err)")
            let expat = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: [String]])
            let package = try Package(try Data(contentsOf: file))
            #expect(expat.count >= 5, "\(file.lastPathComponent) has its parts")
            #expect(Set(expat.keys) == Set(package.paths.filter { $0.hasSuffix(".xml") || $0.hasSuffix(".rels") }))
            for (path, lines) in expat {
                let part = try #require(try package.part(path))
                #expect(xmlEvents(part.bytes) == lines, "\(file.lastPathComponent): \(path)")
            }
        }
    }

    /// LibreOffice rewrites a workbook its own way (shared strings with `xml:space="preserve"`,
    /// rich-text runs, its own styles and relationships): the cells read back are the same.
    @Test func workbooksSavedByLibreOfficeReadAsTheirOriginals() throws {
        let pairs = [
            (Self.libreOffice.appendingPathComponent("board.xlsx"), Self.libreOffice.appendingPathComponent("board-libreoffice.xlsx")),
            (Self.repository.appendingPathComponent("Data/samples/stockton-2010-improvement-plan.xlsx"),
             Self.libreOffice.appendingPathComponent("stockton-2010-improvement-plan-libreoffice.xlsx")),
        ]
        for (original, saved) in pairs {
            let expected = try XLSXReader.read(contentsOf: original)
            let read = try XLSXReader.read(contentsOf: saved)
            #expect(read.map(\.name) == expected.map(\.name))
            for (sheet, expectedSheet) in zip(read, expected) {
                #expect(sheet.rows == expectedSheet.rows, "\(saved.lastPathComponent): \(sheet.name)")
            }
        }
        let board = try XLSXReader.read(contentsOf: Self.libreOffice.appendingPathComponent("board-libreoffice.xlsx"))
        let cells = board.flatMap(\.rows).flatMap { $0 }
        #expect(cells.contains(.text("Fix <front door> & \"triage\" _x0041_ — café 日本 😀")), "markup, a lookalike escape and rich text runs")
        #expect(cells.contains(.text("O'Brien & Co")))
        #expect(cells.contains(.text("evidence  with  double  spaces")), "spaces kept")
    }


    /// The register sheet of the board workbook, the largest part we write.
    static func realSheet() throws -> Part {
        let package = try Package(try BoardWorkbook.render(try WorkbookFixture.summary()))
        let paths = package.paths.filter { $0.hasPrefix("xl/worksheets/") }
        let parts = try paths.compactMap { try package.part($0) }
        return try #require(parts.max { $0.bytes.count < $1.bytes.count })
    }

    @Test func everyCutOfARealSheetInsideItsRootIsRefused() throws {
        let sheet = try Self.realSheet().bytes
        #expect(xmlError(sheet) == nil)
        let rootEnd = try #require(sheet.lastIndex(of: UInt8(ascii: ">"))) + 1
        var generator = SplitMix64(state: 14)
        let cuts = (0..<300).map { _ in Int.random(in: 0..<rootEnd, using: &generator) } + Array((rootEnd - 20)..<rootEnd)
        for cut in cuts {
            #expect(xmlError(Array(sheet[..<cut])) != nil, "a part cut after \(cut) of \(sheet.count) bytes reads as whole")
        }
    }

    /// Damaged copies of a real sheet (bytes replaced, inserted, deleted, repeated, the part
    /// cut short) never crash or hang the reader or the sheet's decoding: each reads, with its
    /// elements balanced, or is refused with a reason.
    @Test func damagedCopiesOfARealSheetReadOrAreRefusedNeverCrash() throws {
        let sheet = try Self.realSheet()
        let bytes: [[UInt8]] = ["<", ">", "/", "&", ";", "#", "x", "\"", "'", "=", "]", "-", "!", "?", ":", " ", "\r", "\0", "\u{1}", "é", "\u{FEFF}"]
            .map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF]]
        let snippets = ["<!--", "-->", "<![CDATA[", "]]>", "&#x", "&#0;", "&#x10FFFF;", "&amp;", "&bogus;", "</", "/>", "<x:c r=\"A1\">",
                        "<?pi ?>", "<!DOCTYPE a>", "<?xml version=\"1.0\"?>", " a=\"1\"", "<v>", "</v>", "<is><t>", "</t></is>"].map { Array($0.utf8) }
        var generator = SplitMix64(state: 2026)
        var read = 0, refused = 0
        for _ in 0..<2_000 {
            var mutant = sheet.bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(in: 0...mutant.count, using: &generator)
                switch Int.random(in: 0..<6, using: &generator) {
                case 0: if at < mutant.count { mutant.replaceSubrange(at..<(at + 1), with: bytes.randomElement(using: &generator) ?? []) }
                case 1: mutant.insert(contentsOf: bytes.randomElement(using: &generator) ?? [], at: at)
                case 2: mutant.insert(contentsOf: snippets.randomElement(using: &generator) ?? [], at: at)
                case 3: mutant.removeSubrange(at..<min(mutant.count, at + Int.random(in: 1...40, using: &generator)))
                case 4:
                    let end = min(mutant.count, at + Int.random(in: 1...200, using: &generator))
                    mutant.insert(contentsOf: mutant[at..<end], at: end)
                default: mutant.removeSubrange(at...)
                }
            }
            var depth = 0
            do {
                var reader = try XMLReader(mutant)
                while let event = try reader.next() {
                    switch event {
                    case .start: depth += 1
                    case .end: depth -= 1; #expect(depth >= 0, "an end without its start")
                    case .text: #expect(depth > 0, "text outside the root")
                    }
                }
                #expect(depth == 0, "a part read with an element left open")
                read += 1
            } catch {
                #expect(!error.reason.isEmpty && error.line >= 1)
                refused += 1
            }
            // The sheet's own decoding of cells over whatever the reader lets through.
            _ = try? WorksheetPart.parse(Part(path: sheet.path, bytes: mutant), strings: ["a", "b"], dateStyles: [1], date1904: false)
        }
        #expect(read > 0 && refused > 0, "the damage both spared and broke some copies (\(read) read, \(refused) refused)")
    }
}
