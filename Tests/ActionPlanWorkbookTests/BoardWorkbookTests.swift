import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite
import ActionPlanSQL
import ActionPlanReports
@testable import ActionPlanWorkbook

/// A small plan in a real store, reported as `export` reports it.
enum WorkbookFixture {
    static let today = Day(year: 2023, month: 1, day: 16)!
    static let generatedAt = Date(timeIntervalSince1970: 1_673_888_400)
    /// Text that needs every kind of escaping: markup, XML-forbidden controls, ESC, a lookalike
    /// of Excel's own escape, a CR LF line break.
    static let awkward = "Fix <front door> & \"triage\" \u{1}\u{1b}[2J _x0041_ line one\r\nline two"

    static func summary() throws -> ProgressSummary {
        let store = try SQLitePlanStore.inMemory(options: StoreOptions(now: { generatedAt }))
        let plan = Plan(title: "Focused visit: Stockton-on-Tees [2022]/draft?", authority: "Stockton-on-Tees", kind: .focusedVisit,
                        letterDate: Day(year: 2022, month: 10, day: 26), received: Day(year: 2022, month: 10, day: 27)!,
                        createdAt: generatedAt, createdBy: "qa")
        func action(_ title: String, owner: String?, due: Day?, status: ActionStatus = .inProgress, override: RAG? = nil,
                    reason: String? = nil, evidence: String? = nil) -> Action {
            Action(findingId: 0, planId: 0, title: title, owner: owner, due: due, status: status, ragOverride: override, ragReason: reason,
                   successMeasure: "90% of audited cases good or better", evidence: evidence, createdAt: generatedAt, updatedAt: generatedAt,
                   updatedBy: "qa")
        }
        let note = Note(actionId: 0, author: "qa", day: Day(year: 2023, month: 1, day: 10)!, createdAt: generatedAt, text: "Two briefings held.")
        let findings = [
            FindingDraft(finding: Finding(planId: 0, ref: "P1", category: .priorityAction, sectionPath: ["Areas for priority action"],
                                          text: "The identification and screening of risk and need."),
                         actions: [action("Agree the police triage protocol", owner: "Head of Service, CHUB", due: Day(year: 2022, month: 11, day: 30),
                                          status: .complete, evidence: "Signed protocol"),
                                   action(awkward, owner: "Principal Social Worker", due: Day(year: 2023, month: 1, day: 31),
                                          override: .amber, reason: "sickness in the team")],
                         notes: [1: [note]]),
            FindingDraft(finding: Finding(planId: 0, ref: "W1", category: .whatNeedsToImprove, text: "Decision-making and premature case closure."),
                         actions: [action("Manager sign-off of every closure", owner: nil, due: Day(year: 2023, month: 1, day: 3))]),
        ]
        let milestone = Milestone(planId: 0, title: "Final action plan to Ofsted", due: Day(year: 2023, month: 2, day: 6), rule: .workingDays(70))
        _ = try store.createPlans([PlanDraft(plan: plan, milestones: [milestone], findings: findings)], who: "qa", refusingDuplicates: false)
        let snapshot = ReportSnapshot(plans: try store.plans(), milestones: try store.milestones(planId: nil), findings: try store.findings(planId: nil),
                                      actions: try store.actions(.all), latestNotes: try store.latestNotes(actionIds: nil))
        let calendar = WorkingDayCalendar(holidays: HolidayTable(holidays: []))
        return ProgressSummary(snapshot: snapshot, calendar: calendar,
                               options: ReportOptions(asOf: today, generatedAt: generatedAt, asOfIsToday: true))
    }

    static func write(_ summary: ProgressSummary) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("actionplan-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("board.xlsx")
        try BoardWorkbook.render(summary).write(to: url)
        return url
    }
}

/// Runs Debian's python3 (with python3-openpyxl, installed by `make test`) on a script.
enum Python {
    static let path = "/usr/bin/python3"

    static func run(_ script: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-c", script] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

@Suite struct BoardWorkbookTests {
    /// What openpyxl, an independent reader, finds in the workbook: printed as JSON.
    static let openpyxlScript = #"""
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "registers": []}
summary = wb.worksheets[0]
out["summary"] = [[(c.value.date().isoformat() if c.is_date else c.value) for c in row] for row in summary.iter_rows()]
out["summary_fills"] = [c.fill.fgColor.rgb for c in summary[4][:6]]
for ws in wb.worksheets[1:]:
    header = [c.value for c in ws[1]]
    rows = []
    for row in ws.iter_rows(min_row=2):
        cells = {}
        for name, c in zip(header, row):
            cells[name] = {"value": c.value.date().isoformat() if c.is_date else c.value, "is_date": c.is_date,
                           "fill": c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None}
        rows.append(cells)
    out["registers"].append({"title": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "header": header, "rows": rows})
print(json.dumps(out))
"""#

    /// What Excel checks before it offers a repair: every part well-formed XML, every part
    /// with a content type, every relationship's target present, sheet names valid and unique.
    static let structureScript = #"""
import sys, zipfile, posixpath, re
import xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None, "a zip entry is damaged"
names = set(z.namelist())
problems = []
parts = {}
for name in names:
    try:
        parts[name] = ET.fromstring(z.read(name))
    except ET.ParseError as e:
        problems.append("%s is not well-formed: %s" % (name, e))
ct = "{http://schemas.openxmlformats.org/package/2006/content-types}"
types = parts["[Content_Types].xml"]
defaults = {d.get("Extension") for d in types.findall(ct + "Default")}
overrides = {o.get("PartName").lstrip("/") for o in types.findall(ct + "Override")}
for o in overrides:
    if o not in names: problems.append("content type for a missing part " + o)
for name in names:
    if name == "[Content_Types].xml": continue
    if name not in overrides and name.rsplit(".", 1)[-1] not in defaults:
        problems.append("no content type for " + name)
rel = "{http://schemas.openxmlformats.org/package/2006/relationships}"
for name in names:
    if not name.endswith(".rels"): continue
    base = posixpath.dirname(posixpath.dirname(name))
    for r in parts[name].findall(rel + "Relationship"):
        target = posixpath.normpath(posixpath.join(base, r.get("Target")))
        if target not in names: problems.append("%s points at a missing part %s" % (name, target))
main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
seen = set()
for s in parts["xl/workbook.xml"].iter(main + "sheet"):
    n = s.get("name")
    if len(n) > 31 or re.search(r"[\[\]:*?/\\]", n) or n.lower() in seen or n.startswith("'") or n.endswith("'"):
        problems.append("bad sheet name " + n)
    seen.add(n.lower())
print("\n".join(problems) if problems else "ok")
"""#

    @Test func openpyxlReadsTheSameTitlesDatesAndFillsTheSummaryHolds() throws {
        let summary = try WorkbookFixture.summary()
        let url = try WorkbookFixture.write(summary)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let result = try Python.run(Self.openpyxlScript, [url.path])
        try #require(result.status == 0, "python3 with openpyxl read the workbook: \(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let sheets = try #require(json["sheets"] as? [String])
        #expect(sheets == ["Summary", "1 Focused visit Stockton-on-Tee"], "a plan's sheet name loses [ ] / ? and is cut to 31 characters")

        let registers = try #require(json["registers"] as? [[String: Any]])
        let register = try #require(registers.first)
        #expect(register["freeze"] as? String == "A2", "the header row is frozen")
        #expect(register["filter"] as? String == "A1:V4", "the filter covers the header and every action")
        #expect(register["header"] as? [String] == BoardWorkbook.registerHeader)
        let rows = try #require(register["rows"] as? [[String: [String: Any]]])
        let lines = summary.plans[0].actions
        try #require(rows.count == lines.count)
        for (row, line) in zip(rows, lines) {
            #expect(row["Action ref"]?["value"] as? String == line.ref)
            #expect(row["Due date"]?["is_date"] as? Bool == true, "the due date is a real Excel date")
            #expect(row["Due date"]?["value"] as? String == line.action.due?.iso)
            #expect(row["Status"]?["value"] as? String == line.action.status.label)
            let rag = try #require(line.rag)
            let fill = try #require(HTMLReport.colours[rag])
            #expect(row["RAG"]?["fill"] as? String == "FF" + fill.dropFirst().uppercased(), "the RAG cell is filled in its colour")
        }
        // The awkward title comes back as every file export shows it: ESC and U+0001 visible, CR LF as LF.
        let awkward = rows.first { ($0["Action"]?["value"] as? String)?.hasPrefix("Fix <front door>") == true }
        #expect(awkward?["Action"]?["value"] as? String == "Fix <front door> & \"triage\" \\x01\\x1b[2J _x0041_ line one\nline two")
        #expect(awkward?["RAG"]?["value"] as? String == "Amber*")
        #expect(awkward?["Colour set by hand: reason"]?["value"] as? String == "sickness in the team")
        #expect(awkward?["Latest note date"]?["value"] as? String == "2023-01-10")
        #expect(awkward?["Latest note"]?["value"] as? String == "Two briefings held.")

        let summaryRows = try #require(json["summary"] as? [[Any]])
        let totals = summary.plans[0].totals
        let planRow = try #require(summaryRows.first { ($0.first as? String)?.hasPrefix("1: ") == true })
        #expect(planRow.compactMap { $0 as? Int } == [totals.total, totals.count(.blue), totals.count(.red), totals.count(.amber),
                                                      totals.count(.green), totals.count(.notStarted), totals.count(.inProgress),
                                                      totals.count(.complete), totals.count(.cancelled), totals.overdue, totals.percentComplete],
                "the summary's counts are ProgressCounts'")
        let milestone = try #require(summaryRows.first { $0.count > 1 && $0[1] as? String == "Final action plan to Ofsted" })
        #expect(milestone[2] as? String == "2023-02-06")
        #expect(milestone[4] as? String == summary.plans[0].milestones[0].standing, "the standing is MilestoneStanding's wording")
        #expect((json["summary_fills"] as? [Any])?.dropFirst(2).compactMap { $0 as? String }
                == ["FF1D70B8", "FFD4351C", "FFF47738", "FF00703C"], "the BRAG headings are filled in their colours")
    }

    @Test func everyPartIsWellFormedAndEveryContentTypeAndRelationshipIsConsistent() throws {
        let url = try WorkbookFixture.write(try WorkbookFixture.summary())
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let result = try Python.run(Self.structureScript, [url.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test func ourOwnReaderReadsBackTheValuesWritten() throws {
        let summary = try WorkbookFixture.summary()
        let sheets = try XLSXReader.read(try BoardWorkbook.render(summary))
        #expect(sheets.map(\.name) == ["Summary", "1 Focused visit Stockton-on-Tee"])
        let register = sheets[1].rows
        #expect(register[0].map(\.text) == BoardWorkbook.registerHeader)
        let due = try #require(BoardWorkbook.registerHeader.firstIndex(of: "Due date"))
        #expect(register.dropFirst().map { $0[due] } == summary.plans[0].actions.map { $0.action.due.map(SheetValue.day) ?? .empty })
    }

    @Test func theSameSummaryMakesTheSameBytes() throws {
        let summary = try WorkbookFixture.summary()
        #expect(try BoardWorkbook.render(summary) == BoardWorkbook.render(summary), "zip entries carry the summary's moment, not now")
    }

    @Test func sheetNamesAreValidAndUnique() {
        var names = SheetNames()
        #expect(names.unique("Summary") == "Summary")
        #expect(names.unique("summary") == "summary (2)", "unique without regard to case")
        #expect(names.unique("a:b*c?d/e\\f[g]h") == "a b c d e f g h")
        #expect(names.unique("'quoted'") == "quoted")
        #expect(names.unique("History") == "Sheet History", "Excel keeps History for itself")
        #expect(names.unique("") == "Sheet")
        let long = names.unique(String(repeating: "x", count: 40))
        #expect(long.utf16.count == 31)
        #expect(names.unique(String(repeating: "x", count: 40)) == String(repeating: "x", count: 27) + " (2)")
    }

    @Test func excelSerialNumbersMatchExcel() {
        #expect(XLSXWorkbook.excelSerial(Day(year: 2023, month: 1, day: 16)!) == 44942)
        #expect(XLSXWorkbook.excelSerial(Day(year: 1900, month: 3, day: 1)!) == 61)
        #expect(XLSXWorkbook.day(excelSerial: 44942.75) == Day(year: 2023, month: 1, day: 16), "a time of day is dropped")
        #expect(XLSXWorkbook.columnName(0) == "A" && XLSXWorkbook.columnName(25) == "Z" && XLSXWorkbook.columnName(26) == "AA")
    }

    @Test func aFileThatIsNotAWorkbookIsRefusedWithAReason() {
        #expect(throws: XLSXError("not an Excel workbook (.xlsx): it is not a zip package")) { try XLSXReader.read(Data("a,b\n".utf8)) }
    }
}
