import Foundation
import Testing
import GRDB
@testable import ActionPlanSQLite
@testable import ActionPlanSQL
import ActionPlanCore
import ActionPlanModel

/// `list --search` goes through the FTS5 index `action_search` (migration v9-action-search),
/// which every write path keeps in step, and finds what a scan of the folded fields finds.
@Suite struct SearchIndexTests {
    /// The index's rows as they are, and as they should be: each action's fields folded and joined.
    func indexRows(_ store: any SQLPlanStore) throws -> (stored: [Int64: String], expected: [Int64: String]) {
        try store.read { db in
            var stored: [Int64: String] = [:]
            for row in try db.rows("SELECT \(ActionSearchIndex.key(db.dialect)), text FROM action_search") { stored[row.int64(0)!] = row.string(1) }
            var expected: [Int64: String] = [:]
            for row in try db.rows("SELECT \(ActionSearchIndex.selection) FROM action a JOIN finding f ON f.id = a.finding_id") {
                expected[row.int64(0)!] = ActionSearchIndex.text(title: row.string(1)!, findingText: row.string(2)!, owner: row.string(3),
                                                                 measure: row.string(4), findingRef: row.string(5)!, ref: row.string(6)!)
            }
            return (stored, expected)
        }
    }

    func expectInStep(_ store: any SQLPlanStore, _ step: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (stored, expected) = try indexRows(store)
        #expect(stored == expected, "the index is in step after \(step)", sourceLocation: sourceLocation)
    }

    /// What a scan finds: the rule of `TextSearch` over the same fields, visible actions only.
    func scan(_ store: any PlanStore, _ needle: String) throws -> [Int64] {
        let folded = TextSearch.fold(needle)
        let findings = Dictionary(try store.findings(planId: nil, .current).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return try store.actions(.all).filter { action in
            guard let f = findings[action.findingId] else { return false }
            let text = [action.title, f.text, action.owner ?? "", action.successMeasure ?? "", f.ref, action.ref].joined(separator: "\n")
            return TextSearch.contains(text, folded: folded)
        }.map(\.id)
    }

    @Test(arguments: Backend.allCases) func everyWritePathKeepsTheIndexInStep(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, findingId, actionId) = try seed(store)
        try expectInStep(store, "creating a plan")
        let added = try store.addAction(Action(findingId: findingId, planId: planId, title: "Chronologies for Zoë", owner: "Zoë Ångström",
                                               createdAt: epoch, updatedAt: epoch, updatedBy: "qa"), who: "qa")
        try expectInStep(store, "adding an action")
        _ = try store.updateAction(id: added, changes: ActionChanges(title: "Chronologies reviewed", owner: "Jo Bloggs",
                                                                      successMeasure: "All cases"),
                                   expectVersion: nil, who: "qa", today: today)
        try expectInStep(store, "updating an action")
        #expect(try store.actions(ActionQuery(search: "zoe")).isEmpty, "the old owner no longer matches")
        #expect(try store.actions(ActionQuery(search: "reviewed")).map(\.id) == [added])
        let other = try store.addFindings([FindingDraft(finding: Finding(planId: planId, ref: "", category: .areaForImprovement,
                                                                         text: "Return home interviews."),
                                                        actions: [Action(findingId: 0, planId: 0, title: "Interview audit", createdAt: epoch,
                                                                         updatedAt: epoch, updatedBy: "qa")])],
                                          planId: planId, who: "qa")[0]
        try expectInStep(store, "adding findings (import-sheet's path)")
        _ = try store.moveAction(id: actionId, toFinding: other, who: "qa")
        try expectInStep(store, "moving an action")
        #expect(try store.actions(ActionQuery(search: "return home")).map(\.id).sorted() == [actionId, try store.actions(ActionQuery(search: "interview audit"))[0].id].sorted())
        _ = try store.updateFinding(id: other, changes: FindingChanges(text: "Missing episodes."), who: "qa")
        try expectInStep(store, "editing a finding's text")
        #expect(try store.actions(ActionQuery(search: "return home")).isEmpty)
        #expect(try store.actions(ActionQuery(search: "missing episodes")).count == 2)
        try store.remove(.action, id: added, reason: "duplicate", who: "qa")
        try expectInStep(store, "removing an action")
        #expect(try store.actions(ActionQuery(search: "reviewed")).isEmpty, "a removed action is not listed")
        _ = try store.undoLast(who: "qa")
        #expect(try store.actions(ActionQuery(search: "reviewed")).map(\.id) == [added], "undo brings it back")
        // Undo the edit of the finding, the move, the added findings (rows deleted), the update and the added action.
        for _ in 0..<5 { _ = try store.undoLast(who: "qa") }
        try expectInStep(store, "undoing back to the seeded plan")
        #expect(try store.actions(.all).map(\.id) == [actionId])
        #expect(try store.actions(ActionQuery(search: "strengthen management")).map(\.id) == [actionId])
        let status = try store.read { db in try db.int("SELECT count(*) FROM action_search") }
        #expect(status == 1, "deleted actions leave the index")
    }

    @Test(arguments: Backend.allCases) func theIndexFindsWhatAScanFinds(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, findingId, _) = try seed(store)
        for (title, owner) in [("Supervision for Zoë", "ZOË Hart"), ("Quote \"this\" and that", "李雷"), ("100% of audits", nil),
                               ("Naïve café review", "Chloé Durand"), ("ＷＩＤＥ letters", nil), ("ab", "x")] {
            _ = try store.addAction(Action(findingId: findingId, planId: planId, title: title, owner: owner, successMeasure: "Rated good",
                                           createdAt: epoch, updatedAt: epoch, updatedBy: "qa"), who: "qa")
        }
        try expectInStep(store, "adding actions")
        for needle in ["zoe", "ZOË", "zoë hart", "\"this\"", "\"", "李", "李雷", "100%", "%", "naive cafe", "CAFÉ", "wide", "ａｂ",
                       "p1", "P1.2", "a", "ab", "good", "rated good", "ment over", "oversight.\nweekly", "no such text", "_", "*", "or"] {
            #expect(try store.actions(ActionQuery(search: needle)).map(\.id) == (try scan(store, needle)), "search '\(needle)'")
        }
    }

    @Test func aVersion7DatabaseUpgradesWithEveryActionIndexed() throws {
        let temp = try TempDatabase()
        let queue = try DatabaseQueue(path: temp.path)
        try Schema.migrator.migrate(queue, upTo: "v7-received-estimated")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO plan(id, title, authority, kind, received, created_at, created_by)
                VALUES (1, 'Focused visit', 'Northmoor', 'focused-visit', '2026-10-03', '2026-10-03T09:00:00.000Z', 'qa');
                INSERT INTO finding(id, plan_id, ref, category, timeframe, text) VALUES (1, 1, 'P1', 'priority_action', 'none', 'Oversight of Éarly Help.');
                INSERT INTO action(id, finding_id, plan_id, title, owner, status, created_at, updated_at, updated_by, ref)
                VALUES (1, 1, 1, 'Audits', 'Zoë', 'in_progress', '2026-10-03T09:00:00.000Z', '2026-10-03T09:00:00.000Z', 'qa', 'P1.1'),
                       (2, 1, 1, 'Training', NULL, 'not_started', '2026-10-03T09:00:00.000Z', '2026-10-03T09:00:00.000Z', 'qa', 'P1.2');
                """)
        }
        try queue.close()
        let store = try temp.open()
        try expectInStep(store, "the upgrade")
        #expect(try store.actions(ActionQuery(search: "early help")).map(\.id) == [1, 2])
        #expect(try store.actions(ActionQuery(search: "ZOE")).map(\.id) == [1])
    }
}
