import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
@testable import ActionPlanReports

/// The one JSON shape of each entity: its keys are exactly those its schema in docs/schema/
/// requires, in that order, wherever it is written. (The CLI tests validate whole outputs
/// against the schemas; these pin the shapes themselves.)
@Suite struct ShapeTests {
    static let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/schema")

    /// The `required` keys of a schema file, or of a sub-schema reached by `path`.
    static func required(_ file: String, _ path: [String] = []) throws -> [String] {
        var node = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schemas.appendingPathComponent(file))) as? [String: Any])
        for key in path { node = try #require(node[key] as? [String: Any], "\(file): no \(key)") }
        return try #require(node["required"] as? [String], "\(file) lists its required keys")
    }

    static func keys(_ value: JSONValue) -> [String] {
        if case .object(let members) = value { return members.map(\.0) }
        return []
    }

    static let at = Date(timeIntervalSince1970: 1_763_823_000.123)
    static let rules = RAGRules(calendar: Fixture.calendar, today: Fixture.asOf)
    static let finding = Finding(id: 4, planId: 1, ref: "P2", category: .priorityAction, timeframe: .within3Months,
                                 sectionPath: ["Areas for priority action"], text: "Oversight.", sourceLocation: "line 12")
    static let action = Action(id: 7, findingId: 4, planId: 1, title: "Audit", owner: nil, due: Day(iso: "2023-01-20"),
                               dueRule: .months(3), createdAt: at, updatedAt: at, updatedBy: "qa", ref: "P2.1")
    static let note = Note(id: 3, actionId: 7, author: "qa", day: Day(iso: "2023-01-10")!, createdAt: at, text: "Started.")

    @Test func everyEntityHasExactlyTheKeysOfItsSchemaInOrder() throws {
        let plan = Plan(id: 1, title: "Plan", authority: "Northmoor", kind: .focusedVisit, letterDate: nil,
                        received: Fixture.asOf, createdAt: Self.at, createdBy: "qa")
        let milestone = Milestone(id: 2, planId: 1, title: "Final plan", due: nil, rule: nil)
        let event = AuditEvent(id: 9, changeGroup: 4, at: Self.at, who: "qa", entity: "action", entityId: 7,
                               field: "version", oldValue: "1", newValue: "2")
        let cases: [(JSONValue, String)] = [
            (JSONShapes.plan(plan), "plan.schema.json"),
            (JSONShapes.finding(Self.finding), "finding.schema.json"),
            (JSONShapes.action(Self.action, finding: Self.finding, rules: Self.rules, latestNote: Self.note), "action.schema.json"),
            (JSONShapes.action(Self.action, finding: nil, rules: Self.rules, latestNote: nil), "action.schema.json"),
            (JSONShapes.note(Self.note), "note.schema.json"),
            (JSONShapes.milestone(milestone, rules: Self.rules), "milestone.schema.json"),
            (JSONShapes.auditEvent(event), "audit-event.schema.json"),
            (JSONShapes.counts(ProgressCounts()), "counts.schema.json"),
        ]
        for (value, file) in cases {
            #expect(Self.keys(value) == (try Self.required(file)), "\(file): \(Self.keys(value))")
        }
        #expect(JSONShapes.auditEvent(event)["bookkeeping"] == .bool(true), "an action's version is bookkeeping")
    }

    @Test func momentsHaveMillisecondsAndEmptyValuesAreNull() throws {
        let text = JSONShapes.action(Self.action, finding: nil, rules: Self.rules, latestNote: nil).rendered()
        #expect(text.contains(#""created_at": "2025-11-22T14:50:00.123Z""#), "\(text)")
        #expect(text.contains(#""owner": null"#) && text.contains(#""finding_ref": null"#) && text.contains(#""latest_note": null"#))
        #expect(text.contains(#""ref": "P2.1""#) && text.contains(#""due_rule": "m:3""#))
        let export = JSONExport.render(Fixture.summary())
        #expect(!export.contains(#":00Z""#), "no moment without milliseconds in the export")
    }

    @Test func theExportUsesTheSameShapesAsTheCommandLine() throws {
        let summary = Fixture.summary()
        let plan = try #require(summary.plans.first)
        guard case .object(let members) = JSONExport.plan(plan) else { Issue.record("a plan summary is an object"); return }
        let byKey = Dictionary(members, uniquingKeysWith: { a, _ in a })
        #expect(byKey["plan"] == JSONShapes.plan(plan.plan))
        #expect(byKey["actions"] == .array(plan.actions.map { JSONShapes.action($0) }))
        #expect(byKey["milestones"] == .array(plan.milestones.map { JSONShapes.milestone($0) }))
        #expect(Array(members.map(\.0)) == (try Self.required("export-output.schema.json", ["properties", "plans", "items"])))
    }

    @Test func anImportDocumentHasTheKeysOfItsSchemaAndNamesEachActionByItsFinding() throws {
        let unsaved = Finding(planId: 0, ref: "P1", category: .priorityAction, text: "Timeliness.", sourceLocation: "line 3")
        func draftAction(_ title: String) -> Action {
            Action(findingId: 0, planId: 0, title: title, due: Day(iso: "2023-01-27"), dueProvisional: true, dueRule: .months(3),
                   createdAt: Self.at, updatedAt: Self.at, updatedBy: "qa")
        }
        let draft = PlanDraft(plan: Plan(title: "Plan", authority: "Northmoor", kind: .focusedVisit, letterDate: nil,
                                         received: Fixture.asOf, createdAt: Self.at, createdBy: "qa"),
                              milestones: [Milestone(planId: 0, title: "Final plan", due: Day(iso: "2023-04-27"), rule: .workingDays(70))],
                              findings: [FindingDraft(finding: unsaved, actions: [draftAction("One"), draftAction("Two")])])
        let document = JSONShapes.importDocument(file: "letter.txt", kind: .focusedVisit, title: nil, authority: "Northmoor",
                                                 authorityCode: nil, authorityName: nil,
                                                 letterDate: nil, received: Fixture.asOf, visitDates: [], inspectors: ["A. Inspector"],
                                                 draft: draft, judgements: [Judgement(area: "Overall", grade: "Good")],
                                                 counts: ["priority_action": 1], context: [], earlierPriorityActionsRemain: false,
                                                 warnings: [], planId: nil, rules: Self.rules)
        #expect(Self.keys(document) == (try Self.required("import-dry-run-output.schema.json", ["properties", "documents", "items"])))
        guard case .array(let actions)? = document["actions"] else { Issue.record("actions is an array"); return }
        #expect(actions.map { $0["ref"] } == [.string("P1.1"), .string("P1.2")])
        #expect(actions.allSatisfy { $0["id"] == .null && $0["finding_id"] == .null }, "nothing is stored in a dry run")
        #expect(document["plan_id"] == .null)
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }
}
