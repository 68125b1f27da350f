import Foundation
import Testing
@testable import ActionPlanSQL
@testable import ActionPlanSQLite
import ActionPlanCore
import ActionPlanModel

/// An import's findings, actions and notes are written together (`ChangeRecorder.insertAll`:
/// multi-row statements, ids taken first on SQLite) and their creation events afterwards
/// (`recordCreations`). What that writes must be what writing one row at a time wrote: the
/// same ids, the same rows, one creation event per row holding the row as stored, in the order
/// finding, its actions each followed by its notes; the search index in step; one undo.
@Suite struct BulkWriteTests {
    /// `count` findings (more than one statement's 500 rows) with one to three actions each,
    /// notes on some (two on one action), texts with spaces to trim and a line break.
    func drafts(_ count: Int, prefix: String = "B") -> [FindingDraft] {
        (0..<count).map { index in
            let finding = Finding(planId: 0, ref: "\(prefix)\(index + 1)", category: .areaForImprovement,
                                  text: "Finding \(index): supervision of care plans, case \(index)")
            let actions = (0...(index % 3)).map { number in
                Action(findingId: 0, planId: 0, title: "Action \(number) of \(index)", owner: number == 1 ? "  Zoë Ångström \n" : nil,
                       due: number == 2 ? Day(iso: "2027-03-31") : nil, successMeasure: index % 5 == 0 ? "All audits \"good\"" : nil,
                       createdAt: epoch, updatedAt: epoch, updatedBy: "qa")
            }
            var notes: [Int: [Note]] = [:]
            if index % 4 == 0 {
                notes[0] = [Note(actionId: 0, author: "qa", day: today, createdAt: epoch, text: " First update \(index)\n"),
                            Note(actionId: 0, author: "qa", day: today, createdAt: epoch, text: "Second update")]
            }
            if index % 3 == 2 { notes[2] = [Note(actionId: 0, author: "qa", day: today, createdAt: epoch, text: "Due in March")] }
            return FindingDraft(finding: finding, actions: actions, notes: notes)
        }
    }

    /// The newest change group's events: (entity, entity id, field, new value, plan, action), in the order written.
    func lastGroupEvents(_ store: any SQLPlanStore) throws -> [(String, Int64, String, String?, Int64?, Int64?)] {
        try store.read { db in
            try db.rows("""
                SELECT entity, entity_id, field, new_value, plan_id, action_id FROM audit_event
                WHERE change_group = (SELECT max(id) FROM change_group) ORDER BY id
                """).map { ($0.string(0)!, $0.int64(1)!, $0.string(2)!, $0.string(3), $0.int64(4), $0.int64(5)) }
        }
    }

    /// The largest id each table has had, from the audit trail (which keeps deleted rows' creation).
    func highestIds(_ store: any SQLPlanStore) throws -> [String: Int64] {
        try store.read { db in
            var ids: [String: Int64] = [:]
            for row in try db.rows("SELECT entity, max(entity_id) FROM audit_event WHERE field = '*' GROUP BY entity") {
                ids[row.string(0)!] = row.int64(1)
            }
            return ids
        }
    }

    /// Checks the events of the import of `drafts` into `planId` against the rows as stored.
    func expectRowsAndEvents(_ store: any SQLPlanStore, planId: Int64, drafts: [FindingDraft], after highest: [String: Int64],
                             plan: Bool) throws {
        let findings = try store.findings(planId: planId, .includingRemoved).sorted { $0.id < $1.id }.suffix(drafts.count)
        let actions = Dictionary(grouping: try store.actions(ActionQuery(planIds: [planId], visibility: .includingRemoved)), by: \.findingId)
        var expected: [(String, Int64, String?, Int64?)] = []
        if plan, let stored = try store.plan(id: planId) {
            expected.append(("plan", planId, RecordSnapshot.make(stored, RecordColumns.plan), nil))
        }
        var lastIds: [String: Int64] = [:]
        func ascending(_ entity: String, _ id: Int64, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(id > (lastIds[entity] ?? highest[entity] ?? 0), "\(entity) \(id) follows every id the table had", sourceLocation: sourceLocation)
            lastIds[entity] = id
        }
        #expect(findings.count == drafts.count)
        for (draft, finding) in zip(drafts, findings) {
            ascending("finding", finding.id)
            #expect(finding.text == draft.finding.text)
            expected.append(("finding", finding.id, RecordSnapshot.make(finding, RecordColumns.finding), nil))
            let under = (actions[finding.id] ?? []).sorted { $0.id < $1.id }
            #expect(under.map(\.title) == draft.actions.map(\.title), "the actions of \(finding.ref), in order")
            for (number, action) in under.enumerated() {
                ascending("action", action.id)
                #expect(action.ref == "\(finding.ref).\(number + 1)")
                #expect(action.owner == (number == 1 ? "Zoë Ångström" : nil), "the owner is trimmed")
                expected.append(("action", action.id, RecordSnapshot.make(action, RecordColumns.action), action.id))
                let notes = try store.notes(actionId: action.id).sorted { $0.id < $1.id }
                #expect(notes.map(\.text) == (draft.notes[number] ?? []).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) })
                for note in notes {
                    ascending("note", note.id)
                    expected.append(("note", note.id, RecordSnapshot.make(note, RecordColumns.note), action.id))
                }
            }
        }
        let events = try lastGroupEvents(store)
        #expect(events.count == expected.count, "one creation event per row")
        for (event, wanted) in zip(events, expected) {
            #expect(event.0 == wanted.0 && event.1 == wanted.1 && event.2 == "*", "\(wanted.0) \(wanted.1) is recorded in its turn")
            #expect(event.3 == wanted.2, "the event of \(wanted.0) \(wanted.1) holds the row as stored")
            #expect(event.4 == planId)
            #expect(event.5 == wanted.3)
        }
    }

    @Test(arguments: Backend.allCases) func aLargeNewPlanIsWrittenAsOneRowAtATimeWouldBe(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, _, _) = try seed(store)
        // Ids given and taken back (an undone import): new rows never reuse them.
        _ = try store.addFindings(drafts(3, prefix: "X"), planId: planId, who: "qa")
        _ = try store.undoLast(who: "qa")
        let highest = try highestIds(store)
        let before = try store.actions(ActionQuery(visibility: .includingRemoved)).count
        let many = drafts(620)
        let plan = Plan(title: "Imported", authority: "Northmoor", kind: .other, letterDate: nil, received: today,
                        createdAt: epoch, createdBy: "qa")
        let newPlan = try store.createPlans([PlanDraft(plan: plan, findings: many)], who: "qa", refusingDuplicates: false)[0]
        try expectRowsAndEvents(store, planId: newPlan, drafts: many, after: highest, plan: true)
        try SearchIndexTests().expectInStep(store, "a large import")
        #expect(try store.actions(ActionQuery(search: "zoe angstrom")).count == many.filter { $0.actions.count > 1 }.count)
        _ = try store.undoLast(who: "qa")
        #expect(try store.actions(ActionQuery(visibility: .includingRemoved)).count == before, "one undo takes the import away")
        try SearchIndexTests().expectInStep(store, "undoing a large import")
    }

    @Test(arguments: Backend.allCases) func findingsAddedToAPlanContinueItsReferencesAndIds(_ backend: Backend) throws {
        let store = try backend.open()
        let (planId, findingId, _) = try seed(store)
        // An action moved away keeps its reference in the audit trail: "P1.2" is never given again.
        let extra = try store.addAction(Action(findingId: findingId, planId: planId, title: "Second", createdAt: epoch, updatedAt: epoch,
                                               updatedBy: "qa"), who: "qa")
        let other = try store.addFindings(drafts(1, prefix: "Q"), planId: planId, who: "qa")[0]
        _ = try store.moveAction(id: extra, toFinding: other, who: "qa")
        let highest = try highestIds(store)
        var added = drafts(530, prefix: "Z")
        added[0].finding.ref = "P1"  // taken: given the category's next free reference
        let ids = try store.addFindings(added, planId: planId, who: "qa")
        #expect(ids.count == added.count)
        let first = try #require(try store.finding(id: ids[0]))
        #expect(first.ref != "P1")
        added[0].finding.ref = first.ref
        try expectRowsAndEvents(store, planId: planId, drafts: added, after: highest, plan: false)
        try SearchIndexTests().expectInStep(store, "adding many findings")

        // Under an existing finding's reference the numbers continue past every one it had.
        let p1 = try #require(try store.finding(id: findingId))
        _ = try store.addAction(Action(findingId: findingId, planId: planId, title: "Third", createdAt: epoch, updatedAt: epoch,
                                       updatedBy: "qa"), who: "qa")
        #expect(try store.actions(ActionQuery(findingId: p1.id)).map(\.ref).sorted() == ["P1.1", "P1.3"])
    }

    /// Values bound straight to SQLite (`GRDBConnection.run`): a refused row is the database's
    /// error, the statement stays usable, and nothing of the refused transaction is written.
    @Test func aRefusedRowOfAPreparedStatementIsTheDatabasesErrorAndWritesNothing() throws {
        let store = try Backend.sqlite.open()
        let insert = "INSERT INTO bank_holiday(day, name) VALUES (?, ?)"
        #expect {
            try store.transaction { db in
                try db.execute(insert, ["2031-01-01", "New Year"], cached: true)
                try db.execute(insert, ["2031-01-02", nil as String?], cached: true)
                return ((), true)
            }
        } throws: { error in
            (error as? StoreError)?.message.contains("NOT NULL constraint failed: bank_holiday.name") == true
        }
        try store.transaction { db in
            try db.execute(insert, ["2031-12-25", "Christmas Day"], cached: true)
            return ((), true)
        }
        let listed = try store.holidayTable().listed
        #expect(listed[Day(iso: "2031-01-01")!] == nil && listed[Day(iso: "2031-12-25")!] == "Christmas Day")
    }

    @Test func theHighestNumberUnderEachReferenceIsCountedOnce() {
        let highest = SQLitePlanStore.highestActionNumbers(["P1.1", "P1.3", "p1.2", "R2.10", "R2.9", "R2.x", "R2", "A1.2.3", "A1.1"])
        #expect(highest == ["P1": 3, "R2": 10, "A1.2": 3, "A1": 1])
    }
}
