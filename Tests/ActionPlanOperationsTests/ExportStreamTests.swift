import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite
import ActionPlanSQL
import ActionPlanReports
import ActionPlanWorkbook
import ActionPlanOperations

/// An export written plan by plan (`ReportExport.stream`, `ReportExport.export`) has the bytes
/// of the same report made whole from every row at once, however the plans are split into
/// parts and wherever the plans' text waits; a write that fails leaves no file behind.
@Suite struct ExportStreamTests {
    static let today = Day(year: 2022, month: 11, day: 1)!
    static let utc = TimeZone(identifier: "UTC")!

    /// Five plans from the seed letters, one archived, with a removed action and a removed
    /// milestone (the calendar cancels what was removed), owners, completions and notes.
    func store() throws -> (SQLitePlanStore, WorkingDayCalendar, [Int64]) {
        let store = try SQLitePlanStore.inMemory(options: StoreOptions(initialHolidays: try ShippedFiles.holidays(),
                                                                       now: { Date(timeIntervalSince1970: 1_667_300_000) }))
        let calendar = WorkingDayCalendar(holidays: try store.holidayTable())
        let seeds = OperationsTests.seeds
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path).filter { $0.hasSuffix(".txt") }.sorted()
        var planIds: [Int64] = []
        for prefix in ["000_", "001_", "002_", "003_", "004_"] {
            let name = try #require(names.first { $0.hasPrefix(prefix) }, "seed \(prefix) in ../shared/seeds")
            let (planId, _) = try DocumentImport.importOne(seeds.appendingPathComponent(name).path, store: store, calendar: calendar,
                                                           today: Self.today, who: "qa", home: nil)
            planIds.append(planId)
        }
        let actions = try store.actions(.all)
        // Work under way: owners, a completion and notes, so that every section has rows.
        for (index, action) in actions.enumerated() where index % 3 == 0 {
            var changes = ActionChanges()
            changes.owner = .some(index % 2 == 0 ? "Head of Service" : "Service Manager")
            changes.status = index % 4 == 0 ? .complete : .inProgress
            if index % 2 == 0 { changes.note = "Audit \(index) done" }
            _ = try store.updateAction(id: action.id, changes: changes, expectVersion: nil, who: "qa", today: Self.today)
        }
        try store.remove(.action, id: actions[1].id, reason: "a duplicate", who: "qa")
        let milestone = try #require(try store.milestones(planId: planIds[1]).first { $0.due != nil })
        try store.remove(.milestone, id: milestone.id, reason: "not asked for", who: "qa")
        _ = try store.updatePlan(id: planIds[3], changes: PlanChanges(archived: true), who: "qa")
        return (store, calendar, planIds)
    }

    func options(planIds: [Int64]? = nil, owner: String? = nil) -> ReportOptions {
        var options = ReportOptions(asOf: Self.today, planIds: planIds, owner: owner, timeZone: Self.utc,
                                    generatedAt: Date(timeIntervalSince1970: 1_667_400_000), asOfIsToday: true)
        options.calendarId = "test"
        return options
    }

    /// The summary as it was made before reports were written plan by plan: every row read at
    /// once into one snapshot.
    func whole(_ format: ReportFormat, _ options: ReportOptions, store: SQLitePlanStore, calendar: WorkingDayCalendar) throws -> ProgressSummary {
        var snapshot = try ReportExport.load(store, history: false, completions: format == .html || format == .json, removed: format == .ics)
        if format.showsRecurrences {
            snapshot.recurrences = try store.recurrences(planIds: options.planIds ?? snapshot.plans.filter { $0.removed == nil && !$0.archived }.map(\.id))
        }
        return ProgressSummary(snapshot: snapshot, calendar: calendar, options: options)
    }

    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test(arguments: [ReportFormat.md, .html, .csv, .json, .ics])
    func aReportWrittenPlanByPlanHasTheBytesOfTheReportMadeWhole(_ format: ReportFormat) throws {
        let (store, calendar, planIds) = try store()
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for options in [options(), options(planIds: [planIds[3], planIds[1]]), options(planIds: [planIds[2]]), options(owner: "head of service")] {
            let expected = format.render(try whole(format, options, store: store, calendar: calendar))
            // One plan a part, every part in the temporary file; then all in one part, held in memory.
            for (plansPerPart, heldBytes) in [(1, 0), (2, 1_000), (100, ReportExport.heldBytes)] {
                var pieces: [[UInt8]] = []
                let outline = try ReportExport.stream(format, options: options, excel: false, store: store, calendar: calendar,
                                                      spoolFolder: folder.path, plansPerPart: plansPerPart, heldBytes: heldBytes) {
                    pieces.append(Array($0))
                }
                let text = String(decoding: pieces.joined(), as: UTF8.self)
                #expect(text == expected, "\(format) of plans \(options.planIds ?? []) owner \(options.owner ?? "-"), \(plansPerPart) a part, \(heldBytes) bytes held")
                #expect(outline.overall.total == outline.plans.reduce(0) { $0 + $1.totals.total })
                if options.planIds == nil, options.owner == nil { #expect(pieces.count >= 2, "written in pieces, not as one text") }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "the temporary file is gone")
        }
    }

    @Test func theCSVForExcelWrittenPlanByPlanKeepsItsByteOrderMark() throws {
        let (store, calendar, _) = try store()
        let expected = CSVExport.render(try whole(.csv, options(), store: store, calendar: calendar), excel: true)
        var bytes: [UInt8] = []
        _ = try ReportExport.stream(.csv, options: options(), excel: true, store: store, calendar: calendar,
                                    spoolFolder: NSTemporaryDirectory(), plansPerPart: 1, heldBytes: 0) { bytes += $0 }
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }

    @Test func aWorkbookWrittenPlanByPlanHasTheBytesOfTheWorkbookMadeWhole() throws {
        let (store, calendar, planIds) = try store()
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for options in [options(), options(planIds: [planIds[3], planIds[0]]), options(owner: "service manager")] {
            let expected = try BoardWorkbook.render(try whole(.xlsx, options, store: store, calendar: calendar))
            for (plansPerPart, heldBytes) in [(1, 0), (3, 10_000), (100, ReportExport.heldBytes)] {
                let path = folder.appendingPathComponent("board.xlsx").path
                let outline = try ReportExport.export(.xlsx, options: options, excel: false, store: store, calendar: calendar, to: path,
                                                      replacing: true, plansPerPart: plansPerPart, heldBytes: heldBytes)
                #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == expected,
                        "plans \(options.planIds ?? []) owner \(options.owner ?? "-"), \(plansPerPart) a part, \(heldBytes) bytes held")
                #expect(outline.plans.count == (options.planIds?.count ?? 4))
                #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["board.xlsx"], "nothing else is left in the folder")
            }
        }
    }

    @Test func aReportWrittenToAFileIsTheReportMadeWholeAndLeavesNothingElse() throws {
        let (store, calendar, _) = try store()
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("board.md").path
        let outline = try ReportExport.export(.md, options: options(), excel: false, store: store, calendar: calendar, to: path,
                                              replacing: false, plansPerPart: 1, heldBytes: 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == MarkdownReport.render(try whole(.md, options(), store: store, calendar: calendar)))
        #expect(outline.plans.count == 4, "the archived plan is left out")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["board.md"])
    }

    struct Interrupted: Error {}

    @Test func aWriteThatFailsHalfWayLeavesTheFileAsItWasAndNothingBeside() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("board.md").path
        try Data("last month's report\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: Interrupted.self) {
            try ReportExport.write(to: path, replacing: true) { write in
                try Data("# half of this month's".utf8).withUnsafeBytes { try write($0) }
                throw Interrupted()
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "last month's report\n", "the old file is untouched")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["board.md"], "no partial file is left")
        // A new file that fails half way is not made at all.
        let fresh = folder.appendingPathComponent("new.md").path
        #expect(throws: Interrupted.self) {
            try ReportExport.write(to: fresh, replacing: false) { write in
                try Data("# half".utf8).withUnsafeBytes { try write($0) }
                throw Interrupted()
            }
        }
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["board.md"])
    }

    @Test func aReportWhoseWritingFailsHalfWayLeavesNoFile() throws {
        let (store, calendar, _) = try store()
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("board.json").path
        // The second piece cannot be written (a disk that filled up), after the plans' text went
        // to the temporary file.
        final class Pieces: @unchecked Sendable {
            var count = 0
        }
        let counter = Pieces()
        #expect(throws: Interrupted.self) {
            try ReportExport.write(to: path, replacing: false) { write in
                _ = try ReportExport.stream(.json, options: options(), excel: false, store: store, calendar: calendar,
                                            spoolFolder: folder.path, plansPerPart: 1, heldBytes: 0) { bytes in
                    counter.count += 1
                    if counter.count == 2 { throw Interrupted() }
                    try write(bytes)
                }
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "neither the file nor the temporary ones are left")
    }
}
