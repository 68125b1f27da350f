import Foundation
import Testing
import GRDB
@testable import ActionPlanSQLite
@testable import ActionPlanSQL
import ActionPlanCore
import ActionPlanModel

/// A database made by the previous schema opens, upgrades and keeps every row; a value the
/// model cannot read is refused by name, never guessed.
@Suite struct MigrationTests {
    /// A database as the released v1 schema left it: two actions under one finding, a note and
    /// the audit rows v1 wrote.
    func makeVersion1Database(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v1-plans-actions-audit")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO plan(id, title, authority, kind, letter_date, received, visit_dates, inspectors, source_file, content_hash, created_at, created_by)
                VALUES (1, 'Focused visit', 'Northmoor', 'focused-visit', '2026-10-01', '2026-10-03', '["2026-09-20"]', '["A Inspector"]', 'fv.pdf', 'abc', '2026-10-03T09:00:00.000Z', 'qa');
                INSERT INTO milestone(id, plan_id, title, due, rule, done, position) VALUES (1, 1, 'Final action plan', '2027-01-14', 'wd:70', NULL, 0);
                INSERT INTO finding(id, plan_id, ref, category, timeframe, section_path, text, source_location, position)
                VALUES (1, 1, 'P1', 'priority_action', 'none', '["Areas for priority action"]', 'Oversight.', 'line 12', 0),
                       (2, 1, 'D1', 'area_for_development', 'none', '[]', 'Supervision.', 'line 20', 1);
                INSERT INTO action(id, finding_id, plan_id, title, owner, due, due_provisional, due_rule, original_due, reprogram_count, status,
                                   rag_override, rag_reason, success_measure, evidence, version, created_at, updated_at, updated_by)
                VALUES (1, 1, 1, 'Audits', 'Head of Service', '2027-01-05', 1, 'm:3', NULL, 0, 'in_progress', NULL, NULL, NULL, NULL, 3,
                        '2026-10-03T09:00:00.000Z', '2026-11-01T10:00:00.000Z', 'jo'),
                       (2, 1, 1, 'Training', NULL, NULL, 0, NULL, NULL, 0, 'not_started', 'amber', 'Trainer off sick', NULL, NULL, 1,
                        '2026-10-03T09:00:00.000Z', '2026-10-03T09:00:00.000Z', 'qa'),
                       (3, 2, 1, 'Supervision policy', NULL, NULL, 0, NULL, NULL, 0, 'complete', NULL, NULL, NULL, 'Policy v2', 2,
                        '2026-10-03T09:00:00.000Z', '2026-10-20T09:00:00.000Z', 'qa');
                INSERT INTO note(id, action_id, author, day, created_at, text) VALUES (1, 1, 'jo', '2026-11-01', '2026-11-01T10:00:00.000Z', 'Started');
                INSERT INTO change_group(id, who, at, summary) VALUES (1, 'qa', '2026-10-03T09:00:00.000Z', 'import fv.pdf');
                INSERT INTO audit_event(change_group, at, who, entity, entity_id, field, old_value, new_value, plan_id, action_id)
                VALUES (1, '2026-10-03T09:00:00.000Z', 'qa', 'plan', 1, '*', NULL, '{"id":"1","title":"Focused visit"}', 1, NULL);
                """)
        }
    }

    @Test func aVersion1DatabaseUpgradesKeepingEveryRowAndNamingEveryAction() throws {
        let temp = try TempDatabase()
        try makeVersion1Database(at: temp.path)
        let store = try temp.open()
        let migrations = try store.dbQueue.read { db in try Schema.migrator.appliedIdentifiers(db) }
        #expect(migrations.contains("v2-action-ref-and-checks"))
        let plan = try #require(try store.plan(id: 1))
        #expect(plan.visitDates == [Day(iso: "2026-09-20")!] && plan.inspectors == ["A Inspector"] && plan.contentHash == "abc")
        let actions = try store.actions(.all)
        #expect(actions.map(\.ref) == ["P1.1", "P1.2", "D1.1"], "references numbered in the order the actions were added")
        #expect(actions[0].version == 3 && actions[0].dueRule == .months(3) && actions[0].dueProvisional)
        #expect(actions[1].ragOverride == .amber && actions[1].ragReason == "Trainer off sick")
        #expect(actions[2].evidence == "Policy v2")
        #expect(try store.notes(actionId: 1).map(\.text) == ["Started"])
        #expect(try store.milestones(planId: 1).first?.rule == .workingDays(70))
        #expect(try store.history(entity: "plan", id: 1).count == 1, "the audit trail is kept")
        // An action added after the upgrade takes the next number under its finding.
        let id = try store.addAction(Action(findingId: 1, planId: 1, title: "More audits", createdAt: epoch, updatedAt: epoch, updatedBy: "qa"),
                                     who: "qa")
        #expect(try store.action(id: id)?.ref == "P1.3")
        #expect(try store.action(ActionReference("1/p1.3")!).id == id, "a reference is found whatever its case")
    }

    @Test func aVersion5DatabaseUpgradesWithNoJudgementsAndKeepsThoseWrittenAfter() throws {
        let temp = try TempDatabase()
        let queue = try DatabaseQueue(path: temp.path)
        try Schema.migrator.migrate(queue, upTo: "v5-removed-and-archived")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO plan(id, title, authority, kind, letter_date, received, created_at, created_by)
                VALUES (1, 'Inspection', 'Northmoor', 'slac-inspection', '2010-10-22', '2010-10-22', '2010-10-25T09:00:00.000Z', 'qa')
                """)
        }
        try queue.close()
        let store = try temp.open()
        #expect(try store.plan(id: 1)?.judgements == [], "a plan stored before v6 has no judgements, not an error")
        var plan = try #require(try store.plan(id: 1))
        plan.id = 0
        plan.contentHash = "other"
        plan.judgements = [Judgement(area: "Safeguarding › Overall effectiveness", grade: "Grade 3 (adequate)"),
                           Judgement(area: "Quote \" and back\\slash", grade: "Good")]
        let id = try store.createPlans([PlanDraft(plan: plan)], who: "qa", refusingDuplicates: false)[0]
        #expect(try store.plan(id: id)?.judgements == plan.judgements, "judgements come back as stored, in order")
        #expect(throws: DatabaseError.self, "a judgements column that is not a JSON list is refused by a CHECK") {
            try store.dbQueue.write { db in try db.execute(sql: "UPDATE plan SET judgements = 'Good' WHERE id = 1") }
        }
    }

    @Test func theUpgradedSchemaRefusesValuesTheModelCannotRead() throws {
        let temp = try TempDatabase()
        let store = try temp.open()
        _ = try seed(store)
        for (sql, what) in [("UPDATE action SET status = 'finished'", "an unknown status"),
                            ("UPDATE action SET due = '2026-02-30x'", "a date that is not a date"),
                            ("UPDATE action SET updated_at = 'yesterday'", "a timestamp that is not one"),
                            ("UPDATE plan SET kind = 'letter'", "an unknown kind"),
                            ("UPDATE finding SET section_path = 'not json'", "a list that is not one")] {
            #expect(throws: DatabaseError.self, "\(what) is refused by a CHECK") {
                try store.dbQueue.write { db in try db.execute(sql: sql) }
            }
        }
    }

    /// Damage that got past the constraints (written with them switched off, or by another
    /// program) is an error naming the table, the row and the column.
    @Test(arguments: [
        ("action", "status", "'finished'"), ("action", "due", "'2026-13-45'"), ("action", "updated_at", "'99999-01-01T00:00:00Z'"),
        ("action", "version", "'three'"), ("action", "created_at", "'2026-01-01T00:00:00.9999999999999999999999999Z'"), ("action", "rag_override", "'purple'"), ("plan", "received", "'soon'"),
        ("note", "day", "'yesterday'"), ("finding", "category", "'gossip'"), ("milestone", "rule", "'when we can'"),
        ("plan", "judgements", "'[{\"area\": \"Overall\"}]'"), ("plan", "judgements", "'[\"Good\"]'"),
    ])
    func aDamagedValueIsRefusedByNameNeverGuessed(table: String, column: String, value: String) throws {
        let temp = try TempDatabase()
        let store = try temp.open()
        let (planId, _, actionId) = try seed(store)
        _ = try store.updateAction(id: actionId, changes: ActionChanges(note: "A note"), expectVersion: nil, who: "qa", today: today)
        try store.dbQueue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE \(table) SET \(column) = \(value)")
            try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
        }
        var caught: StoreError?
        do {
            switch table {
            case "plan": _ = try store.plans()
            case "note": _ = try store.notes(actionId: actionId)
            case "finding": _ = try store.findings(planId: planId)
            case "milestone": _ = try store.milestones(planId: planId)
            default: _ = try store.actions(.all)
            }
        } catch let error as StoreError {
            caught = error
        }
        guard case .damaged(let t, let id, let c, _) = caught else {
            Issue.record("expected a damaged-value error, got \(String(describing: caught))")
            return
        }
        #expect(t == table && c == column && id != nil)
        #expect(caught?.exitStatus == .ioError)
        #expect(caught?.message.contains("damaged") == true)
    }
}
