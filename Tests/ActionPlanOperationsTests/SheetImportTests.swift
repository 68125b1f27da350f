import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite
import ActionPlanSQL
import ActionPlanReports
import ActionPlanData
import ActionPlanWorkbook
@testable import ActionPlanOperations

/// `import-sheet`'s reading of a council's spreadsheet: the column guesses, the lenient words,
/// the refusals by row, and the round trip of the program's own CSV.
@Suite struct SheetImportTests {
    static let today = Day(year: 2023, month: 1, day: 16)!
    static let samples = OperationsTests.repository.appendingPathComponent("Data/samples")

    func rules() throws -> RAGRules {
        RAGRules(calendar: WorkingDayCalendar(holidays: HolidayTable(holidays: try ShippedFiles.holidays())), today: Self.today)
    }

    func table(_ rows: [[String]]) -> SheetTable {
        SheetTable(name: "test", rows: rows.map { $0.map { $0.isEmpty ? SheetValue.empty : .text($0) } })
    }

    @Test func theHeadingsCouncilsUseAreGuessedBelowATitleRow() throws {
        let rows = table([
            ["Children's Services improvement plan"],
            [],
            ["Ref", "Area for improvement", "Actions", "Lead officer", "Target date", "RAG rating", "Status", "Progress update", "Evidence", "Misc"],
        ]).rows
        let columns = try SheetColumns.guess(rows, overrides: [])
        #expect(columns.headerRow == 2)
        #expect(columns.columns.map(\.field) == [.findingRef, .finding, .action, .owner, .due, .rag, .status, .note, .evidence, .ignore])
        for (heading, field) in [("Responsible officer", SheetField.owner), ("Deadline", .due), ("Timescale", .due), ("Recommendation", .finding),
                                 ("Action", .action), ("Owner", .owner), ("RAG", .rag)] {
            #expect(SheetColumns.guess(heading) == field, "\(heading)")
        }
        #expect(SheetColumns.guessByKeyword("Target date for completion") == .due)
        #expect(SheetColumns.guessByKeyword("Lead / responsible manager") == .owner)
    }

    @Test func mapOverridesAGuessByHeadingOrLetter() throws {
        let rows = table([["Item", "What we will do", "Person", "When"]]).rows
        let columns = try SheetColumns.guess(rows, overrides: [try SheetColumns.parseMapping("person=owner"), try SheetColumns.parseMapping("A=ignore")])
        #expect(columns.columns.map(\.field) == [.ignore, .action, .owner, .due])
        #expect(columns.columns[2].mapped)
        #expect(throws: OperationError.self) { try SheetColumns.parseMapping("Person=boss") }
        #expect(throws: OperationError.self) { try SheetColumns.guess(rows, overrides: [("Nobody", .owner)]) }
    }

    @Test func datesInEveryUsualFormAndRefusalsNameTheRow() throws {
        #expect(try SheetImportPlanner.day(.text("2026-12-31")).get() == Day(year: 2026, month: 12, day: 31))
        #expect(try SheetImportPlanner.day(.text("31/12/2026")).get() == Day(year: 2026, month: 12, day: 31))
        #expect(try SheetImportPlanner.day(.text("31 Dec 2026")).get() == Day(year: 2026, month: 12, day: 31))
        #expect(try SheetImportPlanner.day(.text("December 2026")).get() == Day(year: 2026, month: 12, day: 31))
        #expect(try SheetImportPlanner.day(.text("2026-12-31 00:00:00")).get() == Day(year: 2026, month: 12, day: 31))
        #expect(try SheetImportPlanner.day(.number(46387)).get() == Day(year: 2026, month: 12, day: 31), "an Excel serial without a date format")
        #expect(try SheetImportPlanner.day(.day(Day(year: 2026, month: 12, day: 31)!)).get() == Day(year: 2026, month: 12, day: 31))
        #expect(try SheetImportPlanner.day(.empty).get() == nil)
        #expect(SheetImportPlanner.timescale("Within three months") == .months(3))
        #expect(SheetImportPlanner.timescale("6 months") == .months(6))
        #expect(SheetImportPlanner.timescale("Within 20 working days") == .workingDays(20))
        #expect(SheetImportPlanner.timescale("Immediately") == .immediately)
        #expect(SheetImportPlanner.timescale("Ongoing") == nil)
        let timescales = table([["Action", "Timescale"], ["Review IRO capacity", "Within three months"], ["Record ethnicity", "Immediately"]])
        let received = Day(year: 2010, month: 10, day: 22)!
        let timed = try #require(SheetImportPlanner(rules: try rules(), who: "qa", received: received)
            .plan(timescales, columns: try SheetColumns.guess(timescales.rows, overrides: [])).plan)
        #expect(timed.findings.map { $0.actions[0].due } == [Day(year: 2011, month: 1, day: 21), received],
                "a timescale counts from the plan's received date, as an imported letter's does (22 Jan 2011 is a Saturday)")
        #expect(timed.findings[0].actions[0].dueRule == .months(3))

        let sheet = table([
            ["Action", "Target date"],
            ["Relaunch practice standards", "31/01/2023"],
            ["Audit supervision", "Ongoing"],
            ["Recruit two IROs", "31/02/2023"],
        ])
        let planner = SheetImportPlanner(rules: try rules(), who: "qa")
        let (plan, problems) = planner.plan(sheet, columns: try SheetColumns.guess(sheet.rows, overrides: []))
        #expect(plan == nil, "one bad row and nothing is planned")
        #expect(problems.map(\.line) == [
            "row 3, Target date (B): 'Ongoing' is not a date: expected \(SheetImportPlanner.dateForms)",
            "row 4, Target date (B): '31/02/2023' is not a date: expected \(SheetImportPlanner.dateForms)",
        ])
    }

    @Test func statusAndColourWordsAreReadLeniently() {
        #expect(SheetImportPlanner.status("Completed")?.0 == .complete)
        #expect(SheetImportPlanner.status("Done")?.0 == .complete)
        #expect(SheetImportPlanner.status("On track")! == (.inProgress, .green))
        #expect(SheetImportPlanner.status("At risk")! == (.inProgress, .amber))
        #expect(SheetImportPlanner.status("Off track")! == (.inProgress, .red))
        #expect(SheetImportPlanner.status("Not started")?.0 == .notStarted)
        #expect(SheetImportPlanner.status("maybe") == nil)
        #expect(SheetImportPlanner.rag("G") == .green)
        #expect(SheetImportPlanner.rag("Amber* (waiting for funding)") == .amber)
        #expect(SheetImportPlanner.rag("Off track") == .red)
        #expect(SheetImportPlanner.rag("Complete") == .blue)
        #expect(SheetImportPlanner.rag("purple") == nil)
    }

    @Test func csvCellsKeepLineBreaksCommasAndQuotesAndRefuseControlCharacters() throws {
        let rows = try CSVTable.parse("\u{FEFF}Action,Progress update\r\n\"Audit, then \"\"moderate\"\"\",\"line one\r\nline two\"\r\n'=SUM(A1),\r\n", file: "t.csv")
        #expect(rows.map { $0.map(\.text) } == [["Action", "Progress update"], ["Audit, then \"moderate\"", "line one\r\nline two"], ["=SUM(A1)", ""]],
                "RFC 4180, a byte-order mark, and the export's neutralising apostrophe taken off")
        let sheet = SheetTable(name: "t.csv", rows: rows)
        let plan = try #require(SheetImportPlanner(rules: try rules(), who: "qa").plan(sheet, columns: try SheetColumns.guess(rows, overrides: [])).plan)
        #expect(plan.findings[0].notes[0]?.first?.text == "line one\nline two", "a CR LF inside a cell is a line break, not a control character")

        let bad = table([["Action", "Owner"], ["Audit", "Jo\u{1b}[2J"]])
        let problems = SheetImportPlanner(rules: try rules(), who: "qa").plan(bad, columns: try SheetColumns.guess(bad.rows, overrides: [])).problems
        #expect(problems.map(\.line) == ["row 2, Owner (B): contains ESC (\\x1b) at character 3: expected text without control characters"])
        #expect(throws: OperationError.self) { try CSVTable.parse("Action\n\"never closed", file: "t.csv") }
    }

    /// The reader works on bytes: characters of several bytes stay whole, and the odd cases read
    /// as they did character by character.
    @Test func csvFieldsOfAnyCharactersAndTheOddCasesOfQuotes() throws {
        let rows = try CSVTable.parse("Zoë,日本 🙂,\"é, \"\"ü\"\"\"\rab\"c\"d,\"x\"y,\"\"\"\"\r\r\n\n\n", file: "t.csv")
        #expect(rows.map { $0.map(\.text) } == [["Zoë", "日本 🙂", "é, \"ü\""], ["ab\"c\"d", "xy", "\""]],
                "a quote inside an unquoted field is kept; text after a closing quote joins the field; a lone CR ends a row")
        #expect(try CSVTable.parse("\u{FEFF}\u{FEFF}a", file: "t.csv").map { $0.map(\.text) } == [["\u{FEFF}a"]], "only the first byte-order mark goes")
        #expect(try CSVTable.parse("a,b", file: "t.csv").map { $0.map(\.text) } == [["a", "b"]], "the last row needs no line break")
        #expect(throws: OperationError.self) { try CSVTable.parse("a\n\"b\nc", file: "t.csv") }
    }

    @Test func aColourThatDiffersFromTheDerivedOneIsSetByHandFromTheSpreadsheet() throws {
        let sheet = table([
            ["Recommendation", "Action", "Due", "Status", "RAG"],
            ["Improve screening", "Triage protocol", "2023-06-30", "In progress", "Amber"],
            ["", "Dip sample contacts", "2023-06-30", "In progress", "Green"],
            ["Improve audits", "Moderate audits", "2023-06-30", "Complete", "Blue"],
        ])
        let (plan, problems) = SheetImportPlanner(rules: try rules(), who: "qa").plan(sheet, columns: try SheetColumns.guess(sheet.rows, overrides: []))
        #expect(problems.isEmpty)
        let findings = try #require(plan?.findings)
        #expect(findings.map(\.finding.ref) == ["R1", "R2"], "a recommendation column makes recommendations")
        #expect(findings[0].actions.count == 2, "a blank finding cell belongs to the finding above")
        #expect(findings[0].actions[0].ragOverride == .amber)
        #expect(findings[0].actions[0].ragReason == importedColourReason)
        #expect(findings[0].actions[1].ragOverride == nil, "green is what the program derives: nothing set by hand")
        #expect(findings[1].actions[0].status == .complete && findings[1].actions[0].ragOverride == nil)
    }

    /// The program's CSV, read back, makes the same actions.
    @Test func aCSVWrittenByExportImportsBackToTheSameActions() throws {
        let holidays = try ShippedFiles.holidays()
        let store = try SQLitePlanStore.inMemory(options: StoreOptions(initialHolidays: holidays, now: { Date(timeIntervalSince1970: 1_673_800_000) }))
        let calendar = WorkingDayCalendar(holidays: try store.holidayTable())
        // A plan with every kind of action: complete, set by hand, with a note, with a line break and a formula-like title.
        let when = Date(timeIntervalSince1970: 1_673_800_000)
        func action(_ title: String, _ status: ActionStatus, due: Day?, owner: String?, override: RAG? = nil, reason: String? = nil,
                    evidence: String? = nil) -> Action {
            Action(findingId: 0, planId: 0, title: title, owner: owner, due: due, status: status, ragOverride: override, ragReason: reason,
                   successMeasure: "Audit shows 80% good", evidence: evidence, createdAt: when, updatedAt: when, updatedBy: "qa")
        }
        let note = Note(actionId: 0, author: "qa", day: Self.today, createdAt: when, text: "Briefings held,\n\"two\" of four.")
        let draft = PlanDraft(plan: Plan(title: "Focused visit", authority: "Northmoor", kind: .focusedVisit, letterDate: nil,
                                         received: Day(year: 2022, month: 10, day: 27)!, createdAt: when, createdBy: "qa"),
                              findings: [
                                FindingDraft(finding: Finding(planId: 0, ref: "P1", category: .priorityAction, sectionPath: ["Areas for priority action"],
                                                              text: "The quality of assessments, and decision-making."),
                                             actions: [action("Relaunch standards", .complete, due: Day(year: 2022, month: 12, day: 1), owner: "PSW",
                                                              evidence: "Standards v2"),
                                                       action("=SUM(A1) is not a formula", .inProgress, due: Day(year: 2023, month: 3, day: 31), owner: nil,
                                                              override: .red, reason: "staff sickness")],
                                             notes: [1: [note]]),
                                FindingDraft(finding: Finding(planId: 0, ref: "W1", category: .whatNeedsToImprove, text: "Case file audits."),
                                             actions: [action("Moderate audits", .notStarted, due: nil, owner: "Head of QA")]),
                              ])
        let planId = try store.createPlans([draft], who: "qa", refusingDuplicates: false)[0]
        let options = ReportOptions(asOf: Self.today, planIds: [planId], generatedAt: when, asOfIsToday: true)
        let csv = try ReportExport.report(.csv, options: options, excel: true, store: store, calendar: calendar).text
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("actionplan-sheet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("plan.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)

        let tables = try SheetTable.load(path: path)
        let (table, columns) = try SheetImportPlanner.chooseSheet(tables, named: nil, overrides: [])
        let rules = RAGRules(calendar: calendar, today: Self.today)
        let (plan, problems) = SheetImportPlanner(rules: rules, who: "qa").plan(table, columns: columns)
        #expect(problems.isEmpty, "\(problems.map(\.line))")
        let imported = try #require(plan)
        let copy = PlanDraft(plan: draft.plan, findings: imported.findings)
        let copyId = try store.createPlans([copy], who: "qa", refusingDuplicates: false)[0]

        func shape(_ id: Int64) throws -> [[String?]] {
            let findings = Dictionary(uniqueKeysWithValues: try store.findings(planId: id).map { ($0.id, $0) })
            let notes = try store.latestNotes(actionIds: nil)
            return try store.actions(ActionQuery(planIds: [id])).map { a in
                let f = findings[a.findingId]
                return [f?.ref, f?.text, f?.category.rawValue, f?.section, a.ref, a.title, a.owner, a.due?.iso, a.status.rawValue,
                        rules.rag(a)?.rawValue, a.ragOverride?.rawValue, a.ragOverride == nil ? nil : a.ragReason, a.successMeasure,
                        a.evidence, notes[a.id]?.text]
            }
        }
        #expect(try shape(copyId) == shape(planId), "every field a spreadsheet holds comes back the same")
    }

    @Test func bothSamplesImportIntoTheStore() throws {
        let store = try SQLitePlanStore.inMemory(options: StoreOptions(initialHolidays: try ShippedFiles.holidays()))
        let rules = try rules()
        for (file, actions, findings) in [("stockton-focused-visit-2022-action-plan.csv", 7, 5), ("stockton-2010-improvement-plan.xlsx", 6, 5)] {
            let tables = try SheetTable.load(path: Self.samples.appendingPathComponent(file).path)
            let (table, columns) = try SheetImportPlanner.chooseSheet(tables, named: nil, overrides: [])
            let (plan, problems) = SheetImportPlanner(rules: rules, who: "qa").plan(table, columns: columns)
            #expect(problems.isEmpty, "\(file): \(problems.map(\.line))")
            let imported = try #require(plan)
            #expect(imported.actionCount == actions, "\(file)")
            #expect(imported.findings.count == findings, "\(file)")
            let planDraft = PlanDraft(plan: Plan(title: file, authority: "Stockton-on-Tees", kind: .other, letterDate: nil, received: Self.today,
                                                 createdAt: Date(), createdBy: "qa"), findings: imported.findings)
            let id = try store.createPlans([planDraft], who: "qa", refusingDuplicates: false)[0]
            #expect(try store.actions(ActionQuery(planIds: [id])).count == actions)
        }
        let xlsx = try SheetTable.load(path: Self.samples.appendingPathComponent("stockton-2010-improvement-plan.xlsx").path)
        let (table, columns) = try SheetImportPlanner.chooseSheet(xlsx, named: nil, overrides: [])
        #expect(columns.headerRow == 2, "below the merged title and a blank row")
        let plan = try #require(SheetImportPlanner(rules: rules, who: "qa").plan(table, columns: columns).plan)
        #expect(plan.findings[0].actions.map(\.due) == [Day(year: 2011, month: 1, day: 31), Day(year: 2011, month: 3, day: 31)],
                "dates written by openpyxl come back as days")
        #expect(plan.findings[1].actions[0].due == Day(year: 2011, month: 1, day: 31), "a date typed as text in the UK form")
        #expect(plan.findings[1].actions[0].status == .complete, "Blue with no status column is complete")
    }

    @Test func addingToAnExistingPlanIsOneChangeGroupAndAvoidsItsReferences() throws {
        let store = try SQLitePlanStore.inMemory(options: StoreOptions(initialHolidays: try ShippedFiles.holidays()))
        let existing = PlanDraft(plan: Plan(title: "Plan", authority: "Stockton-on-Tees", kind: .other, letterDate: nil, received: Self.today,
                                            createdAt: Date(), createdBy: "qa"),
                                 findings: [FindingDraft(finding: Finding(planId: 0, ref: "R1", category: .recommendation, text: "Old"))])
        let planId = try store.createPlans([existing], who: "qa", refusingDuplicates: false)[0]
        let sheet = table([["Ref", "Recommendation", "Action", "Progress update"], ["1", "New one", "Do it", "Started"], ["2", "Another", "And this", ""]])
        let taken = Set(try store.findings(planId: planId).map { $0.ref.uppercased() })
        let plan = try #require(SheetImportPlanner(rules: try rules(), who: "qa", takenRefs: taken)
            .plan(sheet, columns: try SheetColumns.guess(sheet.rows, overrides: [])).plan)
        #expect(plan.findings.map(\.finding.ref) == ["R2", "R3"], "R1 is the plan's already: the sheet's 1 takes the next free reference")
        let groupsBefore = Set(try store.auditEvents(since: nil).map(\.changeGroup))
        _ = try store.addFindings(plan.findings, planId: planId, who: "qa")
        let groups = Set(try store.auditEvents(since: nil).map(\.changeGroup)).subtracting(groupsBefore)
        #expect(groups.count == 1, "findings, actions and notes in one change group: one undo")
        #expect(try store.actions(ActionQuery(planIds: [planId])).map(\.ref) == ["R2.1", "R3.1"])
        #expect(try store.latestNotes(actionIds: nil).values.map(\.text) == ["Started"])
        _ = try store.undoLast(who: "qa")
        #expect(try store.findings(planId: planId).map(\.ref) == ["R1"], "undo takes the whole import away")
    }
}
