import Foundation
import Testing
@testable import InspectionParser
import ActionPlanModel

/// A development aid, not a check: `IMPORT_DUMP=file.txt swift test --filter dumpExtraction`
/// prints what the parser makes of a text file.
@Test(.enabled(if: ProcessInfo.processInfo.environment["IMPORT_DUMP"] != nil, "a development aid: set IMPORT_DUMP=FILE"))
func dumpExtraction() throws {
    guard let path = ProcessInfo.processInfo.environment["IMPORT_DUMP"] else { return }
    for p in path.split(separator: ":") {
        let text = try String(contentsOfFile: String(p), encoding: .utf8)
        let e = InspectionDocumentParser.parse(text: text, fileName: String(p), authorities: Shipped.authorities)
        var out = "== \(p)\nkind=\(e.kind.rawValue) authority=\(e.authority ?? "-") [\(e.authorityCode ?? "?") \(e.authorityName ?? "?")] letter=\(e.letterDate?.iso ?? "-") visits=\(e.visitDates.map(\.iso)) inspectors=\(e.inspectors)\n"
        out += "title=\(e.title ?? "-")\n"
        for w in e.warnings { out += "warning: \(w)\n" }
        for c in e.context { out += "context\(e.earlierPriorityActionsRemain ? " (earlier priority actions remain)" : ""): \(c)\n" }
        for d in e.statedDeadlines { out += "deadline: \(d.title) \(d.rule?.code ?? "undated")\n" }
        for j in e.judgements { out += "judgement: \(j.area) = \(j.grade)\n" }
        for f in e.findings where ProcessInfo.processInfo.environment["IMPORT_STRENGTHS"] != nil || f.category != .strength {
            out += "\(f.ref) [\(f.timeframe.rawValue)] {\(f.section)} L\(f.line)\(f.ownerBody.map { " <\($0)>" } ?? ""): \(f.text)\n"
            for sub in f.subItems { out += "    - \(sub)\n" }
        }
        out += "counts: " + FindingCategory.allCases.map { "\($0.refPrefix)=\(e.count($0))" }.joined(separator: " ") + "\n"
        FileHandle.standardError.write(out.data(using: .utf8)!)
    }
}

@Test(.enabled(if: ProcessInfo.processInfo.environment["IMPORT_BLOCKS"] != nil, "a development aid: set IMPORT_BLOCKS=FILE"))
func dumpBlocks() throws {
    guard let path = ProcessInfo.processInfo.environment["IMPORT_BLOCKS"] else { return }
    let range = (ProcessInfo.processInfo.environment["IMPORT_RANGE"] ?? "1-100000").split(separator: "-").compactMap { Int($0) }
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var lines = LineSplitter.lines(text)
    Furniture.mark(&lines)
    TableColumns.apply(&lines)
    var out = ""
    for b in BlockBuilder.build(lines) where b.line >= range[0] && b.line <= range[1] {
        out += "L\(b.line) \(b.marker) sb=\(b.spaceBullet) h=\(String(describing: b.heading)) n=\(b.lineCount): \(b.text.prefix(100))\n"
    }
    FileHandle.standardError.write(out.data(using: .utf8)!)
}

@Test(.enabled(if: ProcessInfo.processInfo.environment["IMPORT_TIMES"] != nil, "a development aid: set IMPORT_TIMES=1"))
func dumpStageTimes() {
    guard ProcessInfo.processInfo.environment["IMPORT_TIMES"] != nil else { return }
    var text = "Focused visit to Northmoor Borough Council children’s services\n\nAreas for improvement\n\n"
    var i = 0
    while text.utf8.count < 5_000_000 {
        i += 1
        text += "• Finding number \(i) says that the quality of plans for children needs to improve, and that managers\n  should oversee the work more closely so that plans progress.\n\n"
    }
    let clock = ContinuousClock()
    var lines: [SourceLine] = []
    var out = ""
    out += "split \(clock.measure { lines = LineSplitter.lines(text) })\n"
    out += "furniture \(clock.measure { Furniture.mark(&lines) })\n"
    out += "table \(clock.measure { TableColumns.apply(&lines) })\n"
    var blocks: [Block] = []
    out += "blocks \(clock.measure { blocks = BlockBuilder.build(lines) })\n"
    var r: SectionWalker.Result?
    out += "walk \(clock.measure { r = SectionWalker.walk(blocks) })\n"
    out += "judgements \(clock.measure { _ = Judgements.find(lines: lines, blocks: blocks, contexts: r!.contextAtLine) })\n"
    var e = Extraction()
    out += "metadata \(clock.measure { Metadata.fill(&e, lines: lines, blocks: blocks, authorities: LocalAuthorityTable()) })\n"
    FileHandle.standardError.write(out.data(using: .utf8)!)
}
