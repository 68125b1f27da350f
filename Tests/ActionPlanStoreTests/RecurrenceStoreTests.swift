import Foundation
import Testing
import GRDB
@testable import ActionPlanSQLite
@testable import ActionPlanSQL
import ActionPlanCore
import ActionPlanModel

/// "Raised before": the full-text index of findings stays in step with every write, and a
/// finding's recurrences are the alike findings of the same authority's earlier documents only.
@Suite struct RecurrenceStoreTests {
    static let oversight2010 = "Supervision is infrequent and management oversight of casework is weak."
    static let oversight2022 = "The quality and effectiveness of managerial oversight, timely case allocation, and supervision."
    static let carers = "The timeliness of the assessment of regulation 24 carers."

    /// Adds a plan of one document with its findings (text, category) and returns its id and its findings' ids.
    @discardableResult
    func add(_ store: any PlanStore, authority: String, code: String?, kind: DocumentKind = .focusedVisit, date: String,
             _ findings: [(String, FindingCategory)]) throws -> (plan: Int64, findings: [Int64]) {
        let day = try #require(Day(iso: date))
        let plan = Plan(title: "\(kind.label): \(authority), \(date)", authority: authority, kind: kind, letterDate: day, received: day,
                        createdAt: epoch, createdBy: "qa", authorityCode: code)
        var counts: [FindingCategory: Int] = [:]
        let drafts = findings.map { text, category in
            counts[category, default: 0] += 1
            return FindingDraft(finding: Finding(planId: 0, ref: "\(category.refPrefix)\(counts[category]!)", category: category, text: text))
        }
        let id = try store.createPlan(PlanDraft(plan: plan, findings: drafts), who: "qa")
        return (id, try store.findings(planId: id).map(\.id))
    }

    /// Whether the index holds exactly the findings' text (FTS5's own check of an external-content table).
    func indexIsInStep(_ store: SQLitePlanStore) throws -> Bool {
        do {
            try store.dbQueue.write { db in try db.execute(sql: "INSERT INTO finding_search(finding_search, rank) VALUES ('integrity-check', 1)") }
            return true
        } catch {
            return false
        }
    }

    func indexed(_ store: SQLitePlanStore, _ word: String) throws -> [Int64] {
        try store.dbQueue.read { db in
            try Int64.fetchAll(db, sql: "SELECT rowid FROM finding_search WHERE finding_search MATCH ? ORDER BY rowid", arguments: [word])
        }
    }

    @Test func theSystemSQLiteHasFTS5() throws {
        let store = try SQLitePlanStore.inMemory()
        let options = try store.dbQueue.read { db in try String.fetchAll(db, sql: "PRAGMA compile_options") }
        #expect(options.contains("ENABLE_FTS5"), "the SQLite GRDB links has no FTS5: \(options)")
    }

    @Test(arguments: Backend.allCases) func aFindingIsRaisedBeforeOnlyInTheSameAuthoritysEarlierDocuments(_ backend: Backend) throws {
        let store = try backend.open()
        let earlier = try add(store, authority: "Stockton-on-Tees", code: "808", kind: .unannouncedInspection, date: "2010-01-29",
                              [(Self.oversight2010, .areaForDevelopment), (Self.carers, .areaForDevelopment)])
        let byName = try add(store, authority: "STOCKTON-ON-TEES", code: nil, kind: .peerReview, date: "2014-05-12",
                             [("Managers' oversight and supervision of casework are not recorded.", .areaForConsideration)])
        try add(store, authority: "Middlesbrough", code: "806", date: "2012-01-01", [(Self.oversight2010, .areaForDevelopment)])
        try add(store, authority: "Stockton-on-Tees", code: "808", date: "2022-10-26", [(Self.oversight2010, .areaForDevelopment)])
        let strength = try add(store, authority: "Stockton-on-Tees", code: "808", date: "2011-01-01",
                               [("Management oversight and supervision of casework are strong.", .strength)])
        let visit = try add(store, authority: "Stockton-on-Tees", code: "808", date: "2022-10-26",
                            [(Self.oversight2022, .priorityAction), ("Managerial oversight and supervision of allocation.", .whatNeedsToImprove),
                             ("Partners' understanding of thresholds.", .whatNeedsToImprove)])
        try add(store, authority: "Stockton-on-Tees", code: "808", date: "2024-10-18", [(Self.oversight2022, .whatNeedsToImprove)])

        let found = try store.recurrences(planId: visit.plan)
        let first = try #require(found[visit.findings[0]])
        #expect(first.map(\.findingId) == [byName.findings[0], earlier.findings[0]],
                "newest first; by name when a plan has no code; never another authority, the same plan, a later one, the same day or a strength")
        #expect(first.map(\.document) == ["2014 peer review", "2010 inspection"])
        #expect(first.map(\.ref) == ["C1", "D1"] && first[1].date == Day(iso: "2010-01-29") && first[1].kind == .unannouncedInspection)
        #expect(first.allSatisfy { FindingSimilarity.isRecurrence($0.score) })
        #expect(found[visit.findings[2]] == nil, "a finding raised nowhere before is absent")
        #expect(Recurrence.raisedBefore(first) == "Raised before: 2014 peer review (C1), 2010 inspection (D1)")
        #expect(try store.recurrences(findingId: visit.findings[0]) == first, "one finding's are the plan's")
        #expect(try store.recurrences(findingId: strength.findings[0]).isEmpty, "a strength is not raised")
        #expect(try store.recurrences(planId: 9_999).isEmpty && store.recurrences(findingId: 9_999).isEmpty)
        #expect(try store.recurrences(planId: earlier.plan).isEmpty, "nothing is earlier than the first document")
    }

    @Test(arguments: Backend.allCases) func removedFindingsAndPlansAreLeftOutUntilUndone(_ backend: Backend) throws {
        let store = try backend.open()
        let earlier = try add(store, authority: "Northmoor", code: "999", date: "2010-01-29", [(Self.oversight2010, .areaForDevelopment)])
        let visit = try add(store, authority: "Northmoor", code: "999", date: "2022-10-26", [(Self.oversight2022, .priorityAction)])
        #expect(try store.recurrences(findingId: visit.findings[0]).count == 1)
        try store.remove(.finding, id: earlier.findings[0], reason: "garbled", who: "qa")
        #expect(try store.recurrences(findingId: visit.findings[0]).isEmpty, "a removed finding is not raised before")
        _ = try store.undoLast(who: "qa")
        #expect(try store.recurrences(findingId: visit.findings[0]).count == 1, "undo brings it back")
        try store.remove(.plan, id: earlier.plan, reason: "wrong authority", who: "qa")
        #expect(try store.recurrences(findingId: visit.findings[0]).isEmpty, "nor is a finding of a removed plan")
        if let sqlite = store as? SQLitePlanStore { #expect(try indexIsInStep(sqlite)) }
    }

    @Test func theIndexFollowsEditsUndoAdditionsMovesAndDeletions() throws {
        let store = try SQLitePlanStore.inMemory()
        let earlier = try add(store, authority: "Northmoor", code: "999", date: "2010-01-29",
                              [(Self.carers, .areaForDevelopment), ("Private fostering arrangements.", .areaForDevelopment)])
        let visit = try add(store, authority: "Northmoor", code: "999", date: "2022-10-26", [(Self.oversight2022, .priorityAction)])
        #expect(try store.recurrences(findingId: visit.findings[0]).isEmpty)

        // An edit of the earlier finding's text is searched at once, and its old words are gone.
        _ = try store.updateFinding(id: earlier.findings[0], changes: FindingChanges(text: Self.oversight2010), who: "qa")
        #expect(try indexed(store, "regulation").isEmpty && indexed(store, "infrequent") == [earlier.findings[0]])
        #expect(try store.recurrences(findingId: visit.findings[0]).map(\.findingId) == [earlier.findings[0]])
        #expect(try indexIsInStep(store))
        _ = try store.undoLast(who: "qa")
        #expect(try indexed(store, "regulation") == [earlier.findings[0]] && indexed(store, "infrequent").isEmpty, "undo puts the old text back")
        #expect(try store.recurrences(findingId: visit.findings[0]).isEmpty)

        // Findings added to a plan (a spreadsheet import) are searched.
        let added = try store.addFindings([FindingDraft(finding: Finding(planId: earlier.plan, ref: "", category: .areaForDevelopment,
                                                                         text: Self.oversight2010))], planId: earlier.plan, who: "qa")
        #expect(try store.recurrences(findingId: visit.findings[0]).map(\.findingId) == added)
        // A category change or a move of an action leaves the text and the index as they were.
        _ = try store.updateFinding(id: added[0], changes: FindingChanges(category: .recommendation), who: "qa")
        let action = try store.addAction(Action(findingId: earlier.findings[1], planId: earlier.plan, title: "Audit", createdAt: epoch,
                                                updatedAt: epoch, updatedBy: "qa"), who: "qa")
        _ = try store.moveAction(id: action, toFinding: added[0], who: "qa")
        #expect(try store.recurrences(findingId: visit.findings[0]).map(\.findingId) == added)
        #expect(try indexIsInStep(store))

        // Undoing the creation of a plan deletes its rows: they leave the index.
        let later = try add(store, authority: "Northmoor", code: "999", date: "2024-01-01", [("Unallocated casework waits.", .whatNeedsToImprove)])
        #expect(try indexed(store, "unallocated") == later.findings)
        _ = try store.undoLast(who: "qa")
        #expect(try indexed(store, "unallocated").isEmpty)
        #expect(try indexIsInStep(store))
    }

    @Test func aRestoredBackupHasItsOwnIndex() throws {
        let temp = try TempDatabase()
        let store = try temp.open()
        try add(store, authority: "Northmoor", code: "999", date: "2010-01-29", [(Self.oversight2010, .areaForDevelopment)])
        let backup = temp.directory.appendingPathComponent("backup.sqlite").path
        try store.backup(to: backup)
        let visit = try add(store, authority: "Northmoor", code: "999", date: "2022-10-26", [("Unallocated casework waits.", .priorityAction)])
        _ = try store.restore(from: backup)
        #expect(try indexed(store, "unallocated").isEmpty && store.finding(id: visit.findings[0]) == nil)
        #expect(try indexed(store, "infrequent").count == 1)
        #expect(try indexIsInStep(store))
    }

    /// The index of authorities finds the same earlier plans as comparing every pair: by code,
    /// by name whatever its case, a name with letters outside ASCII (which Foundation folds:
    /// "STRASSE" and "straße"), a code that outranks a name, and removed plans left out.
    @Test func theAuthorityIndexFindsTheSameEarlierPlansAsComparingEveryPair() throws {
        let epoch = Date(timeIntervalSince1970: 0)
        func plan(_ id: Int64, _ authority: String, _ code: String?, _ date: String, removed: Bool = false) -> Plan {
            Plan(id: id, title: "plan \(id)", authority: authority, kind: .focusedVisit, letterDate: Day(iso: date),
                 received: Day(iso: date)!, createdAt: epoch, createdBy: "qa", authorityCode: code,
                 removed: removed ? Removal(at: epoch, by: "qa", reason: "gone") : nil)
        }
        let plans = [
            plan(1, "Stockton-on-Tees", "808", "2010-01-29"), plan(2, "STOCKTON-ON-TEES", nil, "2014-05-12"),
            plan(3, "Stockton on Tees Council", "808", "2022-10-26"), plan(4, "stockton-on-tees", "999", "2023-01-01"),
            plan(5, "Middlesbrough", nil, "2010-10-13"), plan(6, "middlesbrough", nil, "2019-01-01", removed: true),
            plan(7, "Middlesbrough", nil, "2024-01-01"), plan(8, "Straße", nil, "2011-01-01"), plan(9, "STRASSE", nil, "2012-01-01"),
            plan(10, "strasse", "1", "2013-01-01"), plan(11, "Zoë Town", nil, "2015-01-01"), plan(12, "ZOË TOWN", nil, "2016-01-01"),
        ]
        let index = AuthorityIndex(plans)
        for plan in plans {
            #expect(SQLitePlanStore.earlierPlans(of: plan, in: index).map(\.id) == SQLitePlanStore.earlierPlans(of: plan, in: plans).map(\.id),
                    "plan \(plan.id) (\(plan.authority))")
        }
        #expect(SQLitePlanStore.earlierPlans(of: plans[2], in: index).map(\.id) == [1], "by code, whatever the name")
        #expect(SQLitePlanStore.earlierPlans(of: plans[3], in: index).map(\.id) == [2], "by name where one has no code; two codes decide")
        #expect(SQLitePlanStore.earlierPlans(of: plans[6], in: index).map(\.id) == [5], "a removed plan is not earlier")
    }
}

extension MigrationTests {
    @Test func aVersion7DatabaseUpgradesWithEveryFindingSearchable() throws {
        let temp = try TempDatabase()
        let queue = try DatabaseQueue(path: temp.path)
        try Schema.migrator.migrate(queue, upTo: "v7-received-estimated")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO plan(id, title, authority, kind, letter_date, received, created_at, created_by, authority_code)
                VALUES (1, 'Inspection', 'Northmoor', 'unannounced-inspection', '2010-01-29', '2010-01-29', '2010-02-01T09:00:00.000Z', 'qa', '999'),
                       (2, 'Focused visit', 'Northmoor', 'focused-visit', '2022-10-26', '2022-10-26', '2022-11-01T09:00:00.000Z', 'qa', '999');
                INSERT INTO finding(id, plan_id, ref, category, timeframe, text, position)
                VALUES (1, 1, 'D1', 'area_for_development', 'none', '\(RecurrenceStoreTests.oversight2010)', 0),
                       (2, 2, 'P1', 'priority_action', 'none', '\(RecurrenceStoreTests.oversight2022)', 0);
                """)
        }
        try queue.close()
        let store = try temp.open()
        #expect(try RecurrenceStoreTests().indexed(store, "infrequent") == [1], "the migration fills the index from the findings already stored")
        #expect(try RecurrenceStoreTests().indexIsInStep(store))
        #expect(try store.recurrences(planId: 2)[2]?.map(\.findingId) == [1])
    }
}
