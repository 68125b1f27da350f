import Foundation
import ActionPlanModel
import ActionPlanCore

extension SQLPlanStore {
    /// The SQL condition a list's records meet: none of the named aliases removed and, when
    /// `archived` is false, the plan (`planAlias`) not archived.
    static func visible(_ aliases: [String], plan planAlias: String?, _ visibility: Visibility, archivedAsked: Bool) -> String {
        if visibility == .includingRemoved { return "TRUE" }
        var parts = aliases.map { "\($0).removed IS NULL" }
        if visibility == .current, !archivedAsked, let planAlias { parts.append("\(planAlias).archived = 0") }
        return parts.joined(separator: " AND ")
    }

    public func plans(_ visibility: Visibility) throws -> [Plan] {
        let condition = Self.visible(["p"], plan: "p", visibility, archivedAsked: false)
        return try read { db in
            try Rows.all(db, "SELECT \(Rows.selection(RecordColumns.plan, alias: "p")) FROM plan p WHERE \(condition) ORDER BY p.id", [], Rows.plan)
        }
    }

    public func plan(id: Int64) throws -> Plan? {
        try read { db in try Rows.one(db, "SELECT \(Rows.planSelection) FROM plan WHERE id = ?", [id], Rows.plan) }
    }

    public func plan(contentHash: String) throws -> Plan? {
        try read { db in
            try Rows.one(db, "SELECT \(Rows.planSelection) FROM plan WHERE content_hash = ? AND removed IS NULL ORDER BY id LIMIT 1",
                         [contentHash], Rows.plan)
        }
    }

    public func milestones(planId: Int64?, _ visibility: Visibility) throws -> [Milestone] {
        let condition = Self.visible(["m", "p"], plan: "p", visibility, archivedAsked: planId != nil)
        let columns = Rows.selection(RecordColumns.milestone, alias: "m")
        return try read { db in
            try Rows.all(db, """
                SELECT \(columns) FROM milestone m JOIN plan p ON p.id = m.plan_id
                WHERE \(planId == nil ? "TRUE" : "m.plan_id = ?") AND \(condition) ORDER BY m.plan_id, m.position, m.id
                """, planId.map { [$0] } ?? [], Rows.milestone)
        }
    }

    public func findings(planId: Int64?, _ visibility: Visibility) throws -> [Finding] {
        let condition = Self.visible(["f", "p"], plan: "p", visibility, archivedAsked: planId != nil)
        let columns = Rows.selection(RecordColumns.finding, alias: "f")
        return try read { db in
            if let planId {
                return try Rows.all(db, """
                    SELECT \(columns) FROM finding f JOIN plan p ON p.id = f.plan_id
                    WHERE f.plan_id = ? AND \(condition) ORDER BY f.position, f.id
                    """, [planId], Rows.finding)
            }
            return try Rows.all(db, """
                SELECT \(columns) FROM finding f JOIN plan p ON p.id = f.plan_id
                WHERE \(condition) ORDER BY f.plan_id, f.position, f.id
                """, [], Rows.finding)
        }
    }

    public func milestone(id: Int64) throws -> Milestone? {
        try read { db in try Rows.one(db, "SELECT \(Rows.milestoneSelection) FROM milestone WHERE id = ?", [id], Rows.milestone) }
    }

    public func note(id: Int64) throws -> Note? {
        try read { db in try Rows.one(db, "SELECT \(Rows.noteSelection) FROM note WHERE id = ?", [id], Rows.note) }
    }

    public func removedItems() throws -> [RemovedItem] {
        try read { db in
            var items: [RemovedItem] = []
            func add(_ entity: AuditEntity, _ sql: String) throws {
                for row in try db.rows(sql) {
                    let r = Rows.Reader(row: row, table: entity.rawValue, names: ["id", "plan_id", "ref", "text", "removed"])
                    guard let removal = try r.removal(4) else { continue }
                    items.append(RemovedItem(entity: entity, id: try r.int64(0), planId: try r.int64(1),
                                             ref: try r.optionalString(2), text: try r.string(3), removal: removal))
                }
            }
            try add(.plan, "SELECT id, id, NULL, title, removed FROM plan WHERE removed IS NOT NULL")
            try add(.milestone, "SELECT id, plan_id, NULL, title, removed FROM milestone WHERE removed IS NOT NULL")
            try add(.finding, "SELECT id, plan_id, ref, text, removed FROM finding WHERE removed IS NOT NULL")
            try add(.action, "SELECT id, plan_id, ref, title, removed FROM action WHERE removed IS NOT NULL")
            try add(.note, "SELECT n.id, a.plan_id, a.ref, n.text, n.removed FROM note n JOIN action a ON a.id = n.action_id WHERE n.removed IS NOT NULL")
            return items.sorted { ($0.removal.at, $0.entity.rawValue, $0.id) > ($1.removal.at, $1.entity.rawValue, $1.id) }
        }
    }

    public func finding(id: Int64) throws -> Finding? {
        try read { db in try Rows.one(db, "SELECT \(Rows.findingSelection) FROM finding WHERE id = ?", [id], Rows.finding) }
    }

    public func actions(_ query: ActionQuery) throws -> [Action] {
        var conditions: [String] = []
        var arguments = SQLArguments()
        if let planIds = query.planIds {
            if planIds.isEmpty { return [] }
            conditions.append("a.plan_id IN (\(sqlMarks(planIds.count)))")
            arguments += sqlArguments(planIds)
        }
        if let findingId = query.findingId {
            conditions.append("a.finding_id = ?")
            arguments += [findingId]
        }
        if let statuses = query.statuses {
            if statuses.isEmpty { return [] }
            conditions.append("a.status IN (\(sqlMarks(statuses.count)))")
            arguments += sqlArguments(statuses.map(\.rawValue))
        }
        if let categories = query.categories {
            if categories.isEmpty { return [] }
            conditions.append("f.category IN (\(sqlMarks(categories.count)))")
            arguments += sqlArguments(categories.map(\.rawValue))
        }
        if let search = query.search, !search.isEmpty {
            // Through the full-text index, not a scan (see ActionSearchIndex).
            let match = ActionSearchIndex.condition(search, dialect: dialect)
            conditions.append(match.sql)
            arguments += match.arguments
        }
        if let dueFrom = query.dueFrom {
            conditions.append("a.due >= ?")
            arguments += [dueFrom.iso]
        }
        if let dueBefore = query.dueBefore {
            // A window (due-within) is a few days of the index; an open range (overdue) is often
            // half the table, read faster in order than by the index.
            conditions.append("\(query.dueFrom == nil ? dialect.scanned("a.due") : "a.due") < ?")
            arguments += [dueBefore.iso]
        }
        conditions.append(Self.visible(["a", "f", "p"], plan: "p", query.visibility, archivedAsked: query.planIds != nil))
        return try read { db in
            var conditions = conditions, arguments = arguments
            // The owner rule (`OwnerMatch`) is Swift, the same on both backends: the distinct owners
            // are read, those the rule matches kept, and their actions selected by name. The rule
            // runs once per owner rather than once per action (a database has a few hundred owners
            // and 100,000 actions); a query matching more names than a statement should carry
            // filters the decoded rows instead.
            var ownerFilter: String?
            if let owner = query.owner {
                let names = try db.strings("SELECT DISTINCT owner FROM action WHERE owner IS NOT NULL").filter { OwnerMatch.matches($0, owner) }
                if names.isEmpty { return [] }
                if names.count <= Self.ownerNamesInOneStatement {
                    conditions.append("a.owner IN (\(sqlMarks(names.count)))")
                    arguments += sqlArguments(names)
                } else {
                    ownerFilter = owner
                }
            }
            // In the order of the plan, then the finding's position, then the finding, then the
            // action: sorted here on four numbers rather than by the database, whose sorter moves
            // every selected column of every row (at 100,000 actions, 40 ms of `list`'s SQL).
            let sql = """
                SELECT \(Rows.actionSelection("a")), f.position FROM action a JOIN finding f ON f.id = a.finding_id JOIN plan p ON p.id = a.plan_id
                WHERE \(conditions.joined(separator: " AND "))
                """
            // The keys are sorted, not the actions (an action is a large value); rows that come
            // in order already, as they mostly do, are not moved at all.
            let positionColumn = RecordColumns.action.count
            var read: [Action] = []
            var keys: [(plan: Int64, position: Int64, finding: Int64, id: Int64, index: Int)] = []
            try db.each(sql, arguments) { row in
                let action = try Rows.action(row)
                keys.append((action.planId, row.int64(positionColumn) ?? 0, action.findingId, action.id, read.count))
                read.append(action)
            }
            func before(_ a: (plan: Int64, position: Int64, finding: Int64, id: Int64, index: Int),
                        _ b: (plan: Int64, position: Int64, finding: Int64, id: Int64, index: Int)) -> Bool {
                (a.plan, a.position, a.finding, a.id) < (b.plan, b.position, b.finding, b.id)
            }
            var actions = read
            if zip(keys, keys.dropFirst()).contains(where: { !before($0, $1) }) {
                keys.sort(by: before)
                actions = keys.map { read[$0.index] }
            }
            guard let ownerFilter else { return actions }
            return actions.filter { OwnerMatch.matches($0.owner, ownerFilter) }
        }
    }

    /// The most owner names one statement carries (well within SQLite's and PostgreSQL's limits
    /// on a statement's arguments).
    static var ownerNamesInOneStatement: Int { 5_000 }

    public func action(id: Int64) throws -> Action? {
        try read { db in try Rows.one(db, "SELECT \(Rows.actionSelectionPlain) FROM action WHERE id = ?", [id], Rows.action) }
    }

    public func action(planId: Int64, ref: String) throws -> Action? {
        try read { db in
            try Rows.one(db, "SELECT \(Rows.actionSelectionPlain) FROM action WHERE plan_id = ? AND upper(ref) = upper(?)",
                         [planId, ref], Rows.action)
        }
    }

    public func notes(actionId: Int64) throws -> [Note] {
        try read { db in
            try Rows.all(db, "SELECT \(Rows.noteSelection) FROM note WHERE action_id = ? AND removed IS NULL ORDER BY day DESC, id DESC",
                         [actionId], Rows.note)
        }
    }

    public func latestNotes(actionIds: [Int64]?) throws -> [Int64: Note] {
        // The newest note per action: of its latest day, the one written last. One pass over
        // the notes in that order keeps the first seen per action.
        if let actionIds, actionIds.count <= 5_000 {
            // A plan's worth (the terminal UI's SMART count): only their notes, through the
            // index on action_id, rather than every note in the database.
            return try read { db in
                var result: [Int64: Note] = [:]
                for start in stride(from: 0, to: actionIds.count, by: 500) {
                    let ids = Array(actionIds[start..<min(start + 500, actionIds.count)])
                    let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
                    let notes = try Rows.all(db, "SELECT \(Rows.noteSelection) FROM note WHERE action_id IN (\(marks)) AND removed IS NULL ORDER BY action_id, day DESC, id DESC",
                                             sqlArguments(ids), Rows.note)
                    for note in notes where result[note.actionId] == nil { result[note.actionId] = note }
                }
                return result
            }
        }
        let notes: [Note] = try read { db in
            try Rows.all(db, "SELECT \(Rows.noteSelection) FROM note WHERE removed IS NULL ORDER BY action_id, day DESC, id DESC", [], Rows.note)
        }
        var result: [Int64: Note] = [:]
        let wanted = actionIds.map(Set.init)
        for note in notes where result[note.actionId] == nil {
            if wanted == nil || wanted!.contains(note.actionId) { result[note.actionId] = note }
        }
        return result
    }

    public func history(entity: String, id: Int64) throws -> [AuditEvent] {
        try read { db in
            if entity == "action" {
                return try Rows.all(db, """
                    SELECT \(Rows.auditColumns) FROM \(Rows.auditSource) WHERE (e.entity = 'action' AND e.entity_id = ?) OR e.action_id = ? ORDER BY e.id
                    """, [id, id], Rows.audit)
            }
            if entity == "plan" {
                return try Rows.all(db, "SELECT \(Rows.auditColumns) FROM \(Rows.auditSource) WHERE e.plan_id = ? OR (e.entity = 'plan' AND e.entity_id = ?) ORDER BY e.id",
                                    [id, id], Rows.audit)
            }
            return try Rows.all(db, "SELECT \(Rows.auditColumns) FROM \(Rows.auditSource) WHERE e.entity = ? AND e.entity_id = ? ORDER BY e.id",
                                [entity, id], Rows.audit)
        }
    }

    public func auditEvents(since: Date?) throws -> [AuditEvent] {
        try read { db in
            if let since {
                return try Rows.all(db, "SELECT \(Rows.auditColumns) FROM \(Rows.auditSource) WHERE e.at >= ? ORDER BY e.id",
                                    [Timestamp.format(since)], Rows.audit)
            }
            return try Rows.all(db, "SELECT \(Rows.auditColumns) FROM \(Rows.auditSource) ORDER BY e.id", [], Rows.audit)
        }
    }

    public func completionEvents() throws -> [AuditEvent] {
        // The creation's snapshot (the whole row as JSON) is most of the audit trail's bytes and
        // no chart reads it: NULL instead (a creation is told by its NULL old value).
        let columns = Rows.auditColumns.replacingOccurrences(of: "e.new_value", with: "CASE WHEN e.field = '*' THEN NULL ELSE e.new_value END")
        return try read { db in
            try Rows.all(db, """
                SELECT \(columns) FROM \(Rows.auditSource)
                WHERE e.entity = 'action' AND (e.field = 'status' OR (e.field = '*' AND e.old_value IS NULL)) ORDER BY e.id
                """, [], Rows.audit)
        }
    }

    public func owners() throws -> [String] {
        // Sorted here, the same on both backends: by the name ignoring case, then as written.
        try read { db in
            try db.strings("""
                SELECT DISTINCT a.owner FROM action a JOIN finding f ON f.id = a.finding_id JOIN plan p ON p.id = a.plan_id
                WHERE a.owner IS NOT NULL AND a.owner <> '' AND \(Self.visible(["a", "f", "p"], plan: "p", .current, archivedAsked: false))
                """)
        }.sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
    }

    public func holidayTable() throws -> HolidayTable {
        try read { db in try holidayTable(db) }
    }

    public func databaseIdentity() throws -> String {
        try read { db in
            guard let row = try db.row("SELECT at, who, coalesce(account, '') FROM change_group ORDER BY id LIMIT 1") else {
                return "new"
            }
            // FNV-1a over the first change's moment, name and account: 8 hex digits.
            var hash: UInt32 = 2_166_136_261
            for byte in "\(row.string(0) ?? "")|\(row.string(1) ?? "")|\(row.string(2) ?? "")".utf8 {
                hash = (hash ^ UInt32(byte)) &* 16_777_619
            }
            let hex = String(hash, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }
    }

    public func changeToken() throws -> Int64 {
        try read { db in try db.int64("SELECT coalesce(max(id), 0) FROM change_group") ?? 0 }
    }
}
