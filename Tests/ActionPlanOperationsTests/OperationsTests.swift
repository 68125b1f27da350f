import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite
import ActionPlanSQL
import ActionPlanReports
import ActionPlanOperations

/// The use cases the command line and the terminal UI share, called directly on a store in
/// memory: what `actionplan import`, `export` and `check` and the UI's `i` and `e` keys do.
@Suite struct OperationsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seeds = repository.deletingLastPathComponent().appendingPathComponent("shared/seeds")
    static let today = Day(year: 2022, month: 11, day: 1)!

    func seed(_ prefix: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.seeds.path)
        let name = try #require(names.first { $0.hasPrefix(prefix) }, "seed \(prefix) in ../shared/seeds")
        return Self.seeds.appendingPathComponent(name).path
    }

    func store() throws -> (SQLitePlanStore, WorkingDayCalendar) {
        let store = try SQLitePlanStore.inMemory(options: StoreOptions(initialHolidays: try ShippedFiles.holidays(),
                                                                       now: { Date(timeIntervalSince1970: 1_667_300_000) }))
        return (store, WorkingDayCalendar(holidays: try store.holidayTable()))
    }

    @Test func importingTheFocusedVisitLetterCreatesItsPlanAndRefusesItTwice() throws {
        let (store, calendar) = try store()
        let path = try seed("001_")
        let (planId, message) = try DocumentImport.importOne(path, store: store, calendar: calendar, today: Self.today,
                                                             who: "qa", home: nil)
        #expect(message == "Imported \(path) as plan \(planId): 8 actions")
        let actions = try store.actions(ActionQuery(planIds: [planId]))
        #expect(actions.count == 8, "3 priority actions and 5 things to improve")
        #expect(actions.map(\.ref).prefix(3) == ["P1.1", "P2.1", "P3.1"], "each action is named after its finding")
        let milestones = try store.milestones(planId: planId)
        #expect(milestones.map(\.due) == [Day(year: 2022, month: 11, day: 23), Day(year: 2023, month: 2, day: 6)])
        #expect(throws: OperationError.self) {
            try DocumentImport.importOne(path, store: store, calendar: calendar, today: Self.today, who: "qa", home: nil)
        }
    }

    @Test func anImportedPlanKeepsTheDocumentsJudgementsAndTheJSONExportCarriesThem() throws {
        let (store, calendar) = try store()
        let (planId, _) = try DocumentImport.importOne(try seed("004_"), store: store, calendar: calendar, today: Self.today,
                                                       who: "qa", home: nil)
        let judgements = try #require(try store.plan(id: planId)).judgements
        #expect(judgements.contains(Judgement(area: "Safeguarding › Overall effectiveness", grade: "Grade 3 (adequate)")))
        #expect(judgements.contains(Judgement(area: "Looked after children › Overall effectiveness", grade: "Grade 2 (good)")))
        let options = ReportOptions(asOf: Self.today, planIds: [planId], generatedAt: Date(timeIntervalSince1970: 0), asOfIsToday: true)
        let json = try ReportExport.report(.json, options: options, excel: false, store: store, calendar: calendar).text
        #expect(json.contains("\"area\": \"Looked after children › Overall effectiveness\""), "the export's plan carries its judgements")
    }

    @Test func aMissingFileOrAnEmptyPathIsRefusedWithItsStatus() throws {
        let (store, calendar) = try store()
        do {
            _ = try DocumentImport.importOne("/nonexistent/letter.pdf", store: store, calendar: calendar, today: Self.today, who: "qa", home: nil)
            Issue.record("a missing file was imported")
        } catch let error as OperationError {
            #expect(error.status == .noInput)
            #expect(error.message == "/nonexistent/letter.pdf: no such file")
        }
        do {
            _ = try DocumentImport.importOne("  ", store: store, calendar: calendar, today: Self.today, who: "qa", home: nil)
            Issue.record("an empty path was accepted")
        } catch let error as OperationError {
            #expect(error.status == .usage)
        }
        #expect(try store.plans().isEmpty, "nothing was written")
    }

    @Test func exportingOnePlanWritesTheSameReportAsTheExportCommand() throws {
        let (store, calendar) = try store()
        let (planId, _) = try DocumentImport.importOne(try seed("001_"), store: store, calendar: calendar, today: Self.today,
                                                       who: "qa", home: nil)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("board.md").path
        let (path, count) = try ReportExport.exportPlan(planId, format: .md, to: target, replacing: false, asOf: Self.today, store: store,
                                                        calendar: calendar, dueSoonWindow: RAGRules.defaultDueSoonWindow, timeZone: TimeZone(identifier: "UTC")!)
        #expect(path == target)
        #expect(count == 8)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        let options = ReportOptions(asOf: Self.today, planIds: [planId], timeZone: TimeZone(identifier: "UTC")!,
                                    generatedAt: try ReportExport.generatedAt(), asOfIsToday: true)
        let expected = try ReportExport.report(.md, options: options, excel: false, store: store, calendar: calendar).text
        // The generation moment differs by the seconds between the two calls; everything else is equal.
        func withoutStamp(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.contains("enerated") } }
        #expect(withoutStamp(written) == withoutStamp(expected))
        #expect(throws: OperationError.self) {
            try ReportExport.exportPlan(planId, format: .md, to: folder.path + "/", replacing: false, asOf: Self.today, store: store,
                                        calendar: calendar, dueSoonWindow: RAGRules.defaultDueSoonWindow, timeZone: TimeZone(identifier: "UTC")!)
        }
        // An existing file is not replaced unless asked, and is left as it was.
        #expect(throws: OperationError.self) {
            try ReportExport.exportPlan(planId, format: .md, to: target, replacing: false, asOf: Self.today, store: store,
                                        calendar: calendar, dueSoonWindow: RAGRules.defaultDueSoonWindow, timeZone: TimeZone(identifier: "UTC")!)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == written)
    }

    @Test func theSMARTCheckOfAFreshImportFlagsMissingOwnersAndMeasures() throws {
        let (store, calendar) = try store()
        let (planId, _) = try DocumentImport.importOne(try seed("001_"), store: store, calendar: calendar, today: Self.today,
                                                       who: "qa", home: nil)
        let report = try PlanCheck.run(store: store, planIds: [planId], today: Self.today, timeZone: TimeZone(identifier: "UTC")!)
        #expect(!report.isClean)
        let rules = Set(report.plans.flatMap(\.flags).map(\.rule))
        #expect(rules.contains(.noOwner) && rules.contains(.noSuccessMeasure), "\(rules)")
    }

    @Test func generatedAtFollowsSourceDateEpochAndRefusesNonsense() throws {
        #expect(try ReportExport.generatedAt(environment: ["SOURCE_DATE_EPOCH": "1700000000"]) == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(throws: OperationError.self) { try ReportExport.generatedAt(environment: ["SOURCE_DATE_EPOCH": "yesterday"]) }
    }
}

/// Inputs that used to make the import read without end or hand pdftotext an option.
@Suite struct ImportInputLimitTests {
    @Test func anEndlessStandardInputIsReadOnlyPastTheLimitAndRefused() throws {
        let zero = try #require(FileHandle(forReadingAtPath: "/dev/zero"))
        let data = ImportInput.readCapped(zero, limit: 3 * 1024 * 1024)
        #expect(data.count == 3 * 1024 * 1024 + 1, "reading stops one byte past the limit")
        do {
            _ = try ImportInput.read("-", standardInput: { ImportInput.readCapped(zero) })
            Issue.record("an endless standard input was accepted")
        } catch let error as OperationError {
            #expect(error.status == .dataError)
            #expect(error.message.hasPrefix("standard input: is over 50 MB"))
        }
    }
}

@Suite struct ImportTemporariesTests {
    @Test func foldersOfRunsThatAreGoneAreSweptAndThoseOfLiveRunsKept() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        // A pid that cannot be running: above the kernel's pid_max (at most 4,194,304).
        let dead = base.appendingPathComponent("actionplan-import-99999999-A")
        let live = base.appendingPathComponent("actionplan-import-\(getpid())-B")
        let other = base.appendingPathComponent("unrelated-99999999")
        for folder in [dead, live, other] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false) }
        #expect(FileManager.default.createFile(atPath: dead.appendingPathComponent("input.pdf").path, contents: Data("letter".utf8)))
        ImportTemporaries.sweep(in: base)
        #expect(!FileManager.default.fileExists(atPath: dead.path), "a killed run's folder and its copy of the letter are gone")
        #expect(FileManager.default.fileExists(atPath: live.path), "a running import's folder is kept")
        #expect(FileManager.default.fileExists(atPath: other.path), "other folders are not touched")
    }
}
