import Foundation
import GRDB
import ActionPlanModel
import ActionPlanCore

extension SQLitePlanStore {
    public func plans() throws -> [Plan] {
        try read { db in try Rows.all(db, "SELECT \(Rows.planSelection) FROM plan ORDER BY id", [], Rows.plan) }
    }

    public func plan(id: Int64) throws -> Plan? {
        try read { db in try Rows.one(db, "SELECT \(Rows.planSelection) FROM plan WHERE id = ?", [id], Rows.plan) }
    }

    public func plan(contentHash: String) throws -> Plan? {
        try read { db in
            try Rows.one(db, "SELECT \(Rows.planSelection) FROM plan WHERE content_hash = ? ORDER BY id LIMIT 1",
                         [contentHash], Rows.plan)
        }
    }

    public func milestones(planId: Int64?) throws -> [Milestone] {
        try read { db in
            if let planId {
                return try Rows.all(db, "SELECT \(Rows.milestoneSelection) FROM milestone WHERE plan_id = ? ORDER BY position, id",
                                    [planId], Rows.milestone)
            }
            return try Rows.all(db, "SELECT \(Rows.milestoneSelection) FROM milestone ORDER BY plan_id, position, id", [], Rows.milestone)
        }
    }

    public func findings(planId: Int64?) throws -> [Finding] {
        try read { db in
            if let planId {
                return try Rows.all(db, "SELECT \(Rows.findingSelection) FROM finding WHERE plan_id = ? ORDER BY position, id",
                                    [planId], Rows.finding)
            }
            return try Rows.all(db, "SELECT \(Rows.findingSelection) FROM finding ORDER BY plan_id, position, id", [], Rows.finding)
        }
    }

    public func finding(id: Int64) throws -> Finding? {
        try read { db in try Rows.one(db, "SELECT \(Rows.findingSelection) FROM finding WHERE id = ?", [id], Rows.finding) }
    }

    public func actions(_ query: ActionQuery) throws -> [Action] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let planIds = query.planIds {
            if planIds.isEmpty { return [] }
            conditions.append("a.plan_id IN (\(databaseQuestionMarks(count: planIds.count)))")
            arguments += StatementArguments(planIds)
        }
        if let findingId = query.findingId {
            conditions.append("a.finding_id = ?")
            arguments += [findingId]
        }
        if let statuses = query.statuses {
            if statuses.isEmpty { return [] }
            conditions.append("a.status IN (\(databaseQuestionMarks(count: statuses.count)))")
            arguments += StatementArguments(statuses.map(\.rawValue))
        }
        if let owner = query.owner {
            conditions.append("\(SQLitePlanStore.ownerMatches.name)(a.owner, ?)")
            arguments += [owner]
        }
        if let categories = query.categories {
            if categories.isEmpty { return [] }
            conditions.append("f.category IN (\(databaseQuestionMarks(count: categories.count)))")
            arguments += StatementArguments(categories.map(\.rawValue))
        }
        if let search = query.search, !search.isEmpty {
            let pattern = "%" + search.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
            conditions.append("""
                (a.title LIKE ? ESCAPE '\\' OR f.text LIKE ? ESCAPE '\\' OR a.owner LIKE ? ESCAPE '\\' \
                OR a.success_measure LIKE ? ESCAPE '\\' OR f.ref LIKE ? ESCAPE '\\')
                """)
            arguments += [pattern, pattern, pattern, pattern, pattern]
        }
        if let dueFrom = query.dueFrom {
            conditions.append("a.due >= ?")
            arguments += [dueFrom.iso]
        }
        if let dueBefore = query.dueBefore {
            conditions.append("a.due < ?")
            arguments += [dueBefore.iso]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT \(Rows.actionSelection("a")) FROM action a JOIN finding f ON f.id = a.finding_id \(whereClause) ORDER BY a.plan_id, f.position, f.id, a.id"
        return try read { db in try Rows.all(db, sql, arguments, Rows.action) }
    }

    /// Counts in one grouped query: overdue and "due soon" are date comparisons (see
    /// `RAGRules.overdueIfDueBefore`), so no action is read into memory.
    public func progressCounts(rules: RAGRules) throws -> [Int64: ProgressCounts] {
        let sql = """
            SELECT plan_id, status, rag_override,
                   (due IS NOT NULL AND due < ?) AS overdue,
                   (due IS NOT NULL AND due >= ? AND due < ?) AS soon,
                   count(*)
            FROM action GROUP BY plan_id, status, rag_override, overdue, soon
            """
        let arguments: StatementArguments = [rules.overdueIfDueBefore.iso, rules.today.iso, rules.dueWithinIfBefore(rules.dueSoonWindow).iso]
        return try read { db in
            var counts: [Int64: ProgressCounts] = [:]
            let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try cursor.next() {
                let r = Rows.Reader(row: row, table: "action", names: ["plan_id", "status", "rag_override"])
                let status: ActionStatus = try r.raw(1)
                let overdue: Bool = row[3]
                let rag = RAGRules.rag(status: status, override: try r.optionalRaw(2),
                                       overdue: overdue, dueSoon: row[4])
                counts[row[0], default: ProgressCounts()].add(status: status, rag: rag, overdue: overdue, count: row[5])
            }
            return counts
        }
    }

    public func action(id: Int64) throws -> Action? {
        try read { db in try Rows.one(db, "SELECT \(Rows.actionSelectionPlain) FROM action WHERE id = ?", [id], Rows.action) }
    }

    public func action(planId: Int64, ref: String) throws -> Action? {
        try read { db in
            try Rows.one(db, "SELECT \(Rows.actionSelectionPlain) FROM action WHERE plan_id = ? AND ref = ? COLLATE NOCASE",
                         [planId, ref], Rows.action)
        }
    }

    public func notes(actionId: Int64) throws -> [Note] {
        try read { db in
            try Rows.all(db, "SELECT \(Rows.noteSelection) FROM note WHERE action_id = ? ORDER BY day DESC, id DESC",
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
                    let notes = try Rows.all(db, "SELECT \(Rows.noteSelection) FROM note WHERE action_id IN (\(marks)) ORDER BY action_id, day DESC, id DESC",
                                             StatementArguments(ids), Rows.note)
                    for note in notes where result[note.actionId] == nil { result[note.actionId] = note }
                }
                return result
            }
        }
        let notes: [Note] = try read { db in
            try Rows.all(db, "SELECT \(Rows.noteSelection) FROM note ORDER BY action_id, day DESC, id DESC", [], Rows.note)
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

    public func owners() throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT owner FROM action WHERE owner IS NOT NULL AND owner <> '' ORDER BY owner COLLATE NOCASE")
        }
    }

    public func holidayTable() throws -> HolidayTable {
        try read { db in try holidayTable(db) }
    }

    public func changeToken() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM change_group") ?? 0 }
    }

    public func backup(to destination: String) throws {
        if FileManager.default.fileExists(atPath: destination) {
            throw StoreError.invalid(field: "backup file", message: "\(destination) already exists: choose a new file name")
        }
        do {
            // Readable by its owner only from the first byte (or by the team in a shared folder):
            // created 0600 (0660) before SQLite opens it.
            let fd = try PrivateFiles.createExclusive(destination, mode: DatabaseFile.newFileMode(beside: destination))
            close(fd)
        } catch {
            throw StoreError.cannotOpen(path: destination, reason: error.reason)
        }
        do {
            let target = try DatabaseQueue(path: destination)
            try dbQueue.backup(to: target)
            // A rollback journal, not WAL: the copy opens read-only anywhere (a board member's
            // copy, an archive on read-only media).
            try target.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
            try target.close()
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw SQLitePlanStore.map(error, path: destination, timeout: options.busyTimeout)
        }
    }
}
