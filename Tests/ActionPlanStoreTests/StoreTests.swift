import Foundation
import Testing
import Synchronization
import GRDB
@testable import ActionPlanSQLite
@testable import ActionPlanSQL
import ActionPlanPostgres
import ActionPlanCore
import ActionPlanModel

/// A fresh database file in its own temporary directory.
struct TempDatabase {
    let directory: URL
    var path: String { directory.appendingPathComponent("plan.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("actionplan-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func open(now: Date = Date(timeIntervalSince1970: 1_790_000_000)) throws -> SQLitePlanStore {
        let holidays = StatutoryHolidays.holidays(year: 2026) + StatutoryHolidays.holidays(year: 2027)
        return try SQLitePlanStore(path: path, options: StoreOptions(busyTimeout: 2, initialHolidays: holidays, now: { now }))
    }
}

let epoch = Date(timeIntervalSince1970: 1_790_000_000)
let today = Day(iso: "2026-11-23")!

/// A plan with one finding and one action; returns (plan, finding, action) ids.
func seed(_ store: any PlanStore, who: String = "qa") throws -> (Int64, Int64, Int64) {
    let plan = Plan(title: "Focused visit", authority: "Northmoor", kind: .focusedVisit, letterDate: today,
                    received: today, createdAt: epoch, createdBy: who)
    let finding = Finding(planId: 0, ref: "P1", category: .priorityAction, timeframe: .within3Months,
                          sectionPath: ["Areas for priority action"], text: "Strengthen management oversight.")
    let action = Action(findingId: 0, planId: 0, title: "Weekly oversight audits", owner: "Head of Service",
                        due: Day(iso: "2027-02-23"), dueProvisional: false, dueRule: .months(3),
                        createdAt: epoch, updatedAt: epoch, updatedBy: who)
    let calendar = WorkingDayCalendar(holidays: try store.holidayTable())
    let planId = try store.createPlan(PlanDraft(plan: plan, milestones: [
        Milestone(planId: 0, title: "Final action plan", due: DeadlineRule.workingDays(70).due(received: today, calendar: calendar),
                  rule: .workingDays(70)),
    ], findings: [FindingDraft(finding: finding, actions: [action])]), who: who)
    let findingId = try store.findings(planId: planId)[0].id
    let actionId = try store.actions(ActionQuery(planIds: [planId]))[0].id
    return (planId, findingId, actionId)
}

@Suite struct StoreTests {
    @Test func newDatabaseIsCreatedMode0600MigratedAndSeededWithHolidays() throws {
        let temp = try TempDatabase()
        let store = try temp.open()
        let attributes = try FileManager.default.attributesOfItem(atPath: temp.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try store.holidayTable().listed.count == 16)
        let journal = try store.dbQueue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
        let migrations = try store.dbQueue.read { db in try Schema.migrator.appliedIdentifiers(db) }
        #expect(migrations.sorted() == ["v1-plans-actions-audit", "v2-action-ref-and-checks", "v3-change-group-account",
                                        "v4-authority-code-context-bodies-sub-items", "v5-removed-and-archived",
                                        "v6-plan-judgements", "v7-received-estimated", "v8-finding-search", "v9-action-search"])
    }

    @Test(arguments: Backend.allCases) func creatingAPlanIsOneAuditedChangeGroup(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, _, actionId) = try seed(store)
        let events = try store.auditEvents(since: nil)
        #expect(Set(events.map(\.changeGroup)).count == 1)
        #expect(events.map(\.entity) == ["plan", "milestone", "finding", "action"])
        #expect(events.allSatisfy { $0.field == "*" && $0.oldValue == nil && $0.who == "qa" })
        #expect(try store.action(id: actionId)?.planId == planId)
    }

    @Test(arguments: Backend.allCases) func updateWritesOneAuditRowPerChangedFieldAndBumpsTheVersion(_ backend: Backend) throws {
        let store = try backend.open()
        let (_, _, actionId) = try seed(store)
        let updated = try store.updateAction(id: actionId, changes: ActionChanges(status: .inProgress, owner: .some("Jo Bloggs"), note: "Audits started"),
                                             expectVersion: 1, who: "alice", today: today)
        #expect(updated.version == 2)
        #expect(updated.updatedBy == "alice")
        let history = try store.history(entity: "action", id: actionId).filter { $0.who == "alice" }
        #expect(history.filter { !AuditEntity.action.isBookkeeping(column: $0.field) }.map(\.field).sorted() == ["*", "owner", "status"])
        #expect(history.contains { $0.field == "version" && $0.oldValue == "1" && $0.newValue == "2" }, "the version is recorded once")
        #expect(history.filter { $0.field == "version" }.count == 1)
        let status = try #require(history.first { $0.field == "status" })
        #expect(status.oldValue == "not_started" && status.newValue == "in_progress")
        #expect(try store.notes(actionId: actionId).map(\.text) == ["Audits started"])
    }

    @Test(arguments: Backend.allCases) func latestNotesGivesTheNewestNoteOfEachAskedActionOnly(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, findingId, first) = try seed(store)
        let second = try store.addAction(Action(findingId: findingId, planId: planId, title: "Second", createdAt: epoch,
                                                updatedAt: epoch, updatedBy: "qa"), who: "qa")
        let silent = try store.addAction(Action(findingId: findingId, planId: planId, title: "No notes", createdAt: epoch,
                                                updatedAt: epoch, updatedBy: "qa"), who: "qa")
        for (id, text, day) in [(first, "older day", "2026-11-20"), (first, "newest day", "2026-11-22"),
                                (first, "same day, written later", "2026-11-21"), (second, "only note", "2026-11-01")] {
            _ = try store.updateAction(id: id, changes: ActionChanges(note: text), expectVersion: nil, who: "qa",
                                       today: Day(iso: day)!)
        }
        let all = try store.latestNotes(actionIds: nil)
        #expect(all[first]?.text == "newest day")
        #expect(all[second]?.text == "only note")
        #expect(all[silent] == nil)
        // Asked by id (the plan-sized path reads only those actions' notes), the same answer.
        let some = try store.latestNotes(actionIds: [first, silent])
        #expect(some.mapValues(\.text) == [first: "newest day"])
        #expect(try store.latestNotes(actionIds: [first, second, silent]).mapValues(\.id) == all.mapValues(\.id))
        #expect(try store.latestNotes(actionIds: []).isEmpty)
    }

    @Test(arguments: Backend.allCases) func anUpdateThatChangesNothingLeavesNoTrace(_ backend: Backend) throws {
        let store = try backend.open()
        let (_, _, actionId) = try seed(store)
        let before = try store.changeToken()
        let same = try store.updateAction(id: actionId, changes: ActionChanges(status: .notStarted), expectVersion: nil, who: "alice", today: today)
        #expect(same.version == 1)
        #expect(try store.changeToken() == before)
    }

    @Test(arguments: Backend.allCases) func staleVersionIsRefusedWithWhoAndWhenAndNothingIsWritten(_ backend: Backend) throws {
        let store = try backend.open()
        let (_, _, actionId) = try seed(store)
        _ = try store.updateAction(id: actionId, changes: ActionChanges(status: .inProgress), expectVersion: 1, who: "bob", today: today)
        let eventsBefore = try store.auditEvents(since: nil).count
        #expect {
            _ = try store.updateAction(id: actionId, changes: ActionChanges(status: .complete), expectVersion: 1, who: "alice", today: today)
        } throws: { error in
            guard case StoreError.stale(_, _, 1, 2, "bob", _) = error else { return false }
            return (error as? StoreError)?.message.contains("changed by bob") == true
        }
        #expect(try store.action(id: actionId)?.status == .inProgress)
        #expect(try store.auditEvents(since: nil).count == eventsBefore)
    }

    @Test(arguments: Backend.allCases) func reprogrammingKeepsTheOriginalDueDateAndCountsChanges(_ backend: Backend) throws {
        let store = try backend.open()
        let (_, _, actionId) = try seed(store)
        _ = try store.updateAction(id: actionId, changes: ActionChanges(due: .some(Day(iso: "2027-03-31"))), expectVersion: nil, who: "a", today: today)
        let twice = try store.updateAction(id: actionId, changes: ActionChanges(due: .some(Day(iso: "2027-04-30"))), expectVersion: nil, who: "a", today: today)
        #expect(twice.originalDue?.iso == "2027-02-23")
        #expect(twice.reprogramCount == 2)
        #expect(twice.dueRule == nil && twice.dueProvisional == false)
    }

    @Test(arguments: Backend.allCases) func undoRevertsTheLastChangeGroupOfThatPersonOnly(_ backend: Backend) throws {
        let store = try backend.open()
        let (_, _, actionId) = try seed(store)
        _ = try store.updateAction(id: actionId, changes: ActionChanges(status: .inProgress, note: "n1"), expectVersion: nil, who: "alice", today: today)
        _ = try store.updateAction(id: actionId, changes: ActionChanges(owner: .some("X")), expectVersion: nil, who: "alice", today: today)
        let result = try store.undoLast(who: "alice")
        #expect(result.restored == ["action \(actionId) owner"])
        #expect(try store.action(id: actionId)?.owner == "Head of Service")
        _ = try store.undoLast(who: "alice")
        let action = try #require(try store.action(id: actionId))
        #expect(action.status == .notStarted)
        #expect(try store.notes(actionId: actionId).isEmpty)
        #expect(action.version == 5)  // versions only ever go up
        #expect { try store.undoLast(who: "carol") } throws: { ($0 as? StoreError) == .nothingToUndo(who: "carol") }
    }

    @Test(arguments: Backend.allCases) func undoIsRefusedWhenSomeoneElseChangedTheSameRowSince(_ backend: Backend) throws {
        let store = try backend.open()
        let (_, _, actionId) = try seed(store)
        _ = try store.updateAction(id: actionId, changes: ActionChanges(status: .inProgress), expectVersion: nil, who: "alice", today: today)
        _ = try store.updateAction(id: actionId, changes: ActionChanges(status: .complete), expectVersion: nil, who: "bob", today: today)
        #expect { try store.undoLast(who: "alice") } throws: { error in
            (error as? StoreError)?.message.contains("bob changed action \(actionId)") == true
        }
        #expect(try store.action(id: actionId)?.status == .complete)
        // Once bob undoes his change, alice's can be undone too.
        _ = try store.undoLast(who: "bob")
        _ = try store.undoLast(who: "alice")
        #expect(try store.action(id: actionId)?.status == .notStarted)
    }

    @Test(arguments: Backend.allCases) func undoOfAPlanCreationRemovesEverythingItCreated(_ backend: Backend) throws {
        let store = try backend.open()
        _ = try seed(store)
        _ = try store.undoLast(who: "qa")
        #expect(try store.plans().isEmpty)
        #expect(try store.actions(.all).isEmpty)
        #expect(try store.milestones(planId: nil).isEmpty)
    }

    @Test(arguments: Backend.allCases) func replacingHolidaysRecomputesRuleDerivedDatesAndRecordsEachMove(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, _, actionId) = try seed(store)
        // Received 2026-11-23 + 3 months = Tue 2027-02-23. Make that day a holiday: due moves to Mon 22nd.
        let old = try store.holidayTable().listed.map { BankHoliday(day: $0.key, name: $0.value) }
        let milestoneBefore = try #require(try store.milestones(planId: planId).first?.due)
        let moved = try store.replaceHolidays(old + [BankHoliday(day: Day(iso: "2027-02-23")!, name: "Test day")], who: "qa")
        #expect(moved.contains(MovedDeadline(entity: "action", id: actionId, title: "Weekly oversight audits",
                                             oldDue: Day(iso: "2027-02-23")!, newDue: Day(iso: "2027-02-22")!)))
        #expect(try store.action(id: actionId)?.due?.iso == "2027-02-22")
        let dueEvents = try store.history(entity: "action", id: actionId).filter { $0.field == "due" }
        #expect(dueEvents.map(\.newValue) == ["2027-02-22"])
        // The milestone (70 wd from receipt, after 23 February) moved one working day later.
        let calendar = WorkingDayCalendar(holidays: try store.holidayTable())
        #expect(try store.milestones(planId: planId).first?.due == calendar.addingWorkingDays(1, to: milestoneBefore))
        #expect(moved.contains { $0.entity == "milestone" && $0.oldDue == milestoneBefore })
        // A person-set date never moves.
        _ = try store.updateAction(id: actionId, changes: ActionChanges(due: .some(Day(iso: "2027-03-01"))), expectVersion: nil, who: "qa", today: today)
        let again = try store.replaceHolidays([BankHoliday(day: Day(iso: "2027-03-01")!, name: "Other")], who: "qa")
        #expect(!again.contains { $0.entity == "action" })
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftUntouched() throws {
        let temp = try TempDatabase()
        let text = "these are my notes, not a database\n"
        try text.write(toFile: temp.path, atomically: true, encoding: .utf8)
        #expect { try temp.open() } throws: { ($0 as? StoreError) == .notADatabase(path: temp.path) }
        #expect(try String(contentsOfFile: temp.path, encoding: .utf8) == text)
    }

    @Test func someoneElsesSQLiteDatabaseIsRefusedAndLeftUntouched() throws {
        let temp = try TempDatabase()
        let other = try DatabaseQueue(path: temp.path)
        try other.write { db in try db.execute(sql: "CREATE TABLE bookmarks(url TEXT)") }
        try other.close()
        #expect { try temp.open() } throws: { ($0 as? StoreError) == .notADatabase(path: temp.path) }
        let tables = try DatabaseQueue(path: temp.path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["bookmarks"])
    }

    @Test func aDatabaseFromANewerVersionIsRefused() throws {
        let temp = try TempDatabase()
        _ = try temp.open()
        let queue = try DatabaseQueue(path: temp.path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future')") }
        try queue.close()
        #expect { try temp.open() } throws: { ($0 as? StoreError) == .newerSchema(path: temp.path) }
    }

    @Test func aWriteBlockedPastTheTimeoutSaysLocked() throws {
        let temp = try TempDatabase()
        let store = try SQLitePlanStore(path: temp.path, options: StoreOptions(busyTimeout: 0.2))
        let (_, _, actionId) = try seed(store)
        let blocker = try DatabaseQueue(path: temp.path)
        try blocker.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            #expect { _ = try store.updateAction(id: actionId, changes: ActionChanges(status: .complete), expectVersion: nil, who: "a", today: today) }
                throws: { if case StoreError.locked = $0 { return true } else { return false } }
            try db.execute(sql: "ROLLBACK")
        }
        #expect(try store.action(id: actionId)?.status == .notStarted)
    }

    @Test func backupIsAConsistentCopyAndRefusesToOverwrite() throws {
        let temp = try TempDatabase()
        let store = try temp.open()
        _ = try seed(store)
        let copy = temp.directory.appendingPathComponent("copy.sqlite").path
        try store.backup(to: copy)
        let restored = try SQLitePlanStore(path: copy)
        #expect(try restored.plans().count == 1)
        #expect { try store.backup(to: copy) } throws: { if case StoreError.invalid = $0 { return true } else { return false } }
    }

    @Test(arguments: Backend.allCases) func searchMatchesTitleFindingAndOwnerAndEscapesWildcards(_ backend: Backend) throws {
        let store = try backend.open()
        _ = try seed(store)
        #expect(try store.actions(ActionQuery(search: "oversight")).count == 1)
        #expect(try store.actions(ActionQuery(search: "MANAGEMENT")).count == 1)
        #expect(try store.actions(ActionQuery(search: "%")).isEmpty)
        #expect(try store.actions(ActionQuery(owner: "head of service")).count == 1)
    }
}

@Suite struct RowDecodingTests {
    @Test(arguments: [[], ["Looked after children"], ["Safeguarding", "Areas for improvement", "Within three months"],
                      ["A \"quoted\" part", "back\\slash"], ["comma, inside", "›"], [""]])
    func sectionPathsRoundTripThroughTheirStoredForm(path: [String]) {
        #expect(JSONText.strings(JSONText.array(path)) == path)
    }
}

@Suite struct SnapshotJSONTests {
    @Test func createdRowsAreRecordedAsValidJSONWithEveryColumnAsText() throws {
        let store = try TempDatabase().open()
        let plan = Plan(title: "Quote \" backslash \\ tab \t newline \n end", authority: "Zoë 日本", kind: .other, letterDate: nil,
                        received: today, createdAt: epoch, createdBy: "qa")
        _ = try store.createPlan(PlanDraft(plan: plan), who: "qa")
        let event = try #require(try store.auditEvents(since: nil).first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data((event.newValue ?? "").utf8)) as? [String: Any])
        #expect(object["title"] as? String == plan.title)
        #expect(object["authority"] as? String == "Zoë 日本")
        #expect(object["letter_date"] is NSNull)
        #expect(object["id"] as? String == "1")
    }

    /// The snapshot an import writes as bytes escapes exactly as the text form does.
    @Test func theByteFormEscapesAsTheTextForm() {
        for text in ["plain", "Quote \" backslash \\ tab \t newline \n cr \r", "\u{1}\u{1F}\u{7F} end", "Zoë 日本 🙂", "", "\u{2028}\u{85}"] {
            var string = ""
            JSONText.appendString(text, to: &string)
            var bytes: [UInt8] = []
            JSONText.appendString(text, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == string, "\(string)")
        }
        let note = Note(id: 7, actionId: 3, author: "qa \"x\"", day: today, createdAt: epoch, text: "line\nbreak")
        let json = RecordSnapshot.Layout(RecordColumns.note).json(RecordColumns.note.map { $0.text(note) })
        let columns = Dictionary(uniqueKeysWithValues: RecordColumns.note.map { ($0.name, $0.text(note)) })
        #expect(RecordSnapshot.values(json) == columns, "every column reads back from \(json)")
        #expect(json.hasPrefix("{\"action_id\":\"3\",\"author\":\"qa \\\"x\\\"\","), "in name order: \(json)")
    }
}

@Suite struct ProgressCountQueryTests {
    /// The grouped query counts exactly as the model does action by action.
    @Test func countsFromTheQueryEqualCountsFromEveryAction() throws {
        let store = try TempDatabase().open()
        let calendar = WorkingDayCalendar(holidays: try store.holidayTable())
        var findings: [FindingDraft] = []
        var n = 0
        for f in 0..<6 {
            var actions: [Action] = []
            for _ in 0..<40 {
                n += 1
                let status = ActionStatus.allCases[n % 4]
                actions.append(Action(findingId: 0, planId: 0, title: "a\(n)", due: n % 9 == 0 ? nil : today.adding(days: (n * 7) % 80 - 40),
                                      status: status, ragOverride: n % 11 == 0 ? .amber : (n % 13 == 0 ? .red : nil),
                                      createdAt: epoch, updatedAt: epoch, updatedBy: "qa"))
            }
            findings.append(FindingDraft(finding: Finding(planId: 0, ref: "R\(f)", category: .recommendation, text: "f\(f)"), actions: actions))
        }
        for p in 0..<2 {
            let plan = Plan(title: "P\(p)", authority: "A", kind: .other, letterDate: nil, received: today, createdAt: epoch, createdBy: "qa")
            _ = try store.createPlan(PlanDraft(plan: plan, findings: p == 0 ? findings : Array(findings.prefix(2))), who: "qa")
        }
        for offset in [-3, 0, 1, 5, 17] {
            let rules = RAGRules(calendar: calendar, today: today.adding(days: offset))
            var expected: [Int64: ProgressCounts] = [:]
            for action in try store.actions(.all) { expected[action.planId, default: ProgressCounts()].add(action, rules: rules) }
            #expect(try store.progressCounts(rules: rules) == expected, "as of \(rules.today)")
            // The terminal UI's plans screen counts the plans in view only.
            let first = try #require(expected.keys.min())
            #expect(try store.progressCounts(planIds: [first], rules: rules) == [first: expected[first]!])
            #expect(try store.progressCounts(planIds: Array(expected.keys), rules: rules) == expected)
            #expect(try store.progressCounts(planIds: [], rules: rules).isEmpty)
        }
        // The windows the terminal UI reads a large plan through list what the plain reads list.
        let planId = try #require(try store.plans().first?.id)
        let all = try store.actions(ActionQuery(planIds: [planId]))
        let removed = all[7]
        try store.remove(.action, id: removed.id, reason: "duplicate", who: "qa")
        let actions = try store.actions(ActionQuery(planIds: [planId]))
        #expect(actions.count == all.count - 1)
        var paged: [Action] = []
        var after: Int64 = 0
        while case let page = try store.actions(planId: planId, afterId: after, limit: 50), !page.isEmpty {
            paged += page
            after = page.last!.id
        }
        #expect(paged == actions.sorted { $0.id < $1.id })
        let stored = try store.findings(planId: planId)
        #expect(try store.findings(planId: planId, offset: 0, limit: 4) + store.findings(planId: planId, offset: 4, limit: 100) == stored)
        let some = [stored[1].id, stored[3].id]
        #expect(try store.actions(planId: planId, findingIds: some) == actions.filter { some.contains($0.findingId) })
        #expect(try store.actions(planId: planId, findingIds: []).isEmpty)
        // A second connection to the same file reads the same; a store in memory is its own.
        let other = try store.readingConnection()
        #expect(other as? SQLitePlanStore !== store)
        #expect(try other.actions(ActionQuery(planIds: [planId])) == actions)
        let memory = try SQLitePlanStore.inMemory(options: StoreOptions(initialHolidays: [], now: { epoch }))
        #expect(try memory.readingConnection() as? SQLitePlanStore === memory)
    }
}

@Suite struct InMemoryStoreTests {
    @Test func anInMemoryStoreKeepsTheSameAuditTrailAndVersionsAsAFile() throws {
        let store = try SQLitePlanStore.inMemory(options: StoreOptions(initialHolidays: [], now: { Date(timeIntervalSince1970: 1_790_000_000) }))
        let (_, _, actionId) = try seed(store)
        let updated = try store.updateAction(id: actionId, changes: ActionChanges(status: .inProgress), expectVersion: 1,
                                             who: "qa", today: Day(year: 2026, month: 10, day: 1)!)
        #expect(updated.version == 2)
        #expect(throws: StoreError.self) {
            try store.updateAction(id: actionId, changes: ActionChanges(status: .complete), expectVersion: 1, who: "qa", today: Day(year: 2026, month: 10, day: 1)!)
        }
        #expect(try store.history(entity: "action", id: actionId).contains { $0.field == "status" && $0.newValue == "in_progress" })
    }
}

@Suite struct CreatePlansTests {
    func draft(_ title: String, hash: String) -> PlanDraft {
        PlanDraft(plan: Plan(title: title, authority: "Northmoor", kind: .focusedVisit, letterDate: today, received: today,
                             contentHash: hash, createdAt: epoch, createdBy: "qa"),
                  findings: [FindingDraft(finding: Finding(planId: 0, ref: "P1", category: .priorityAction, text: "Oversight."),
                                          actions: [Action(findingId: 0, planId: 0, title: "Audits", createdAt: epoch, updatedAt: epoch, updatedBy: "qa")])])
    }

    @Test(arguments: Backend.allCases) func severalPlansAreWrittenAllOrNoneInOneChangeGroup(_ backend: Backend) throws {
        let store = try backend.open()
        _ = try store.createPlans([draft("First", hash: "a")], who: "qa", refusingDuplicates: true)
        do {
            _ = try store.createPlans([draft("Second", hash: "b"), draft("Again", hash: "a")], who: "qa", refusingDuplicates: true)
            Issue.record("a duplicate was imported")
        } catch StoreError.alreadyImported(let index, let planId, let title) {
            #expect(index == 1 && planId == 1 && title == "First")
        }
        #expect(try store.plans().map(\.title) == ["First"], "the second document was not written either")
        let ids = try store.createPlans([draft("Second", hash: "b"), draft("Third", hash: "c")], who: "qa", refusingDuplicates: true)
        #expect(ids.count == 2)
        let groups = Set(try store.auditEvents(since: nil).filter { ids.contains($0.entityId) && $0.entity == "plan" }.map(\.changeGroup))
        #expect(groups.count == 1, "one change group, undone together")
    }

    @Test func twoPeopleImportingTheSameLetterAtOnceMakeOnePlan() throws {
        let temp = try TempDatabase()
        _ = try temp.open()
        let results = Mutex<[Bool]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { n in
            let ok: Bool
            do {
                let store = try temp.open()
                _ = try store.createPlans([draft("Copy \(n)", hash: "same")], who: "user\(n)", refusingDuplicates: true)
                ok = true
            } catch {
                ok = false
            }
            results.withLock { $0.append(ok) }
        }
        #expect(results.withLock { $0.filter { $0 }.count } == 1)
        #expect(try temp.open().plans().count == 1)
    }
}

@Suite struct AccountTests {
    @Test func everyChangeRecordsTheAccountAndUndoIsForTheSameAccountOnly() throws {
        let temp = try TempDatabase()
        func open(_ account: String) throws -> SQLitePlanStore {
            try SQLitePlanStore(path: temp.path, options: StoreOptions(busyTimeout: 2, now: { epoch }, account: account))
        }
        let alice = try open("alice")
        let (_, _, actionId) = try seed(alice, who: "alice")
        _ = try alice.updateAction(id: actionId, changes: ActionChanges(note: "Alice's note"), expectVersion: nil, who: "alice", today: today)
        #expect(try alice.history(entity: "action", id: actionId).allSatisfy { $0.account == "alice" })
        // Another account giving alice's name (ACTIONPLAN_USER=alice) cannot undo her work.
        let mallory = try open("mallory")
        #expect(throws: StoreError.nothingToUndo(who: "alice")) { try mallory.undoLast(who: "alice") }
        #expect(try alice.notes(actionId: actionId).count == 1)
        // Her own account can.
        let undone = try alice.undoLast(who: "alice")
        #expect(undone.undone.account == "alice")
        #expect(try alice.notes(actionId: actionId).isEmpty)
    }
}

@Suite struct UndoNoteVersionTests {
    @Test(arguments: Backend.allCases) func undoingANoteBumpsTheVersionSoAStaleEditIsRefused(_ backend: Backend) throws {
        let store = try backend.open()
        let (_, _, actionId) = try seed(store)
        let withNote = try store.updateAction(id: actionId, changes: ActionChanges(note: "Audit booked"), expectVersion: 1,
                                              who: "qa", today: today)
        #expect(withNote.version == 2)
        _ = try store.undoLast(who: "qa")
        let after = try #require(try store.action(id: actionId))
        #expect(after.version == 3, "removing the note is a change of its action")
        #expect(try store.notes(actionId: actionId).isEmpty)
        #expect(throws: StoreError.self, "an edit made against the version with the note is refused") {
            try store.updateAction(id: actionId, changes: ActionChanges(status: .complete), expectVersion: 2, who: "bob", today: today)
        }
    }
}
