import ActionPlanModel

/// The full-text index behind `list --search` (migration v9-action-search): one row per action
/// in the FTS5 table `action_search`, its `rowid` the action's id, its one column the action's
/// searched fields folded by `TextSearch.fold` and joined by line feeds (see `fields`).
///
/// The table uses FTS5's trigram tokenizer, case-sensitive, over text the program has already
/// folded, so a search keeps exactly the meaning it had as a scan and has in the terminal
/// UI's `/`: the folded needle is a substring of the folded text (a run of Unicode scalars;
/// no match runs across two fields, since no needle holds a line feed). A needle of three
/// scalars or more is an FTS5 phrase of its trigrams (an exact substring, found through the
/// index); a shorter one, which has no trigram, is looked for with `instr` in the index's own
/// copy of the folded text (a scan in C, still no row decoded). See docs/search.md.
///
/// The store keeps it in step inside the transaction of every change: `ChangeRecorder` notes
/// each action (and each finding) whose searched fields an audit event changes, and
/// `refresh` rewrites those rows before the commit. Every write path records its events
/// through the recorder, so add, update, move, remove, undo, import and import-sheet are
/// covered by the one rule; restore copies a consistent database, index included (an older
/// backup is migrated like any database).
package enum ActionSearchIndex {
    static let table = "action_search"

    /// The fields searched, in the order they are joined.
    static let actionFields: Set<String> = ["*", "title", "owner", "success_measure", "finding_id", "ref"]
    static let findingFields: Set<String> = ["*", "text", "ref"]

    /// The searched text of one action: its fields folded and joined by line feeds.
    static func text(title: String, findingText: String, owner: String?, measure: String?, findingRef: String, ref: String) -> String {
        TextSearch.fold([title, findingText, owner ?? "", measure ?? "", findingRef, ref].joined(separator: "\n"))
    }

    /// The columns `text` needs, selected `FROM action a JOIN finding f ON f.id = a.finding_id`.
    static let selection = "a.id, a.title, f.text, a.owner, a.success_measure, f.ref, a.ref, a.plan_id"

    /// The index row's key: FTS5's rowid on SQLite; the plain table's id on PostgreSQL.
    static func key(_ dialect: SQLDialect) -> String { dialect == .sqlite ? "rowid" : "id" }

    /// Rewrites the index rows of `actionIds` (and of every action under `findingIds`) from the
    /// action table: an action that no longer exists loses its row. `created` are actions
    /// inserted since the last refresh, which have no row yet.
    static func refresh(_ db: any SQLDatabase, actionIds: Set<Int64>, findingIds: Set<Int64>, created: Set<Int64> = []) throws {
        var ids = actionIds
        if !findingIds.isEmpty {
            for chunk in chunks(Array(findingIds)) {
                ids.formUnion(try db.int64s("SELECT id FROM action WHERE finding_id IN (\(sqlMarks(chunk.count)))", chunk))
            }
        }
        let key = key(db.dialect)
        for id in ids.subtracting(created) { try db.execute("DELETE FROM \(table) WHERE \(key) = ?", [id], cached: true) }
        ids.formUnion(created)
        guard !ids.isEmpty else { return }
        var values: [SQLValue] = []
        for chunk in chunks(ids.sorted()) {
            try indexRows(db, where: "a.id IN (\(sqlMarks(chunk.count)))", chunk, into: &values)
        }
        try write(db, values)
    }

    /// Indexes the actions selected by `condition` (rows not yet in the index).
    package static func insert(_ db: any SQLDatabase, where condition: String, _ arguments: SQLArguments = []) throws {
        var values: [SQLValue] = []
        try indexRows(db, where: condition, arguments, into: &values)
        try write(db, values)
    }

    /// The index rows of the actions selected by `condition`, as `write` takes them. On
    /// PostgreSQL a row carries its action's plan, which its row-level security is keyed by.
    private static func indexRows(_ db: any SQLDatabase, where condition: String, _ arguments: SQLArguments,
                                  into values: inout [SQLValue]) throws {
        let withPlan = db.dialect == .postgresql
        try db.each("SELECT \(selection) FROM action a JOIN finding f ON f.id = a.finding_id WHERE \(condition)", arguments) { row in
            guard let id = row.int64(0) else { return }
            let text = Self.text(title: row.string(1) ?? "", findingText: row.string(2) ?? "", owner: row.string(3), measure: row.string(4),
                                 findingRef: row.string(5) ?? "", ref: row.string(6) ?? "")
            values += [.integer(id), .text(text)]
            if withPlan { values.append(row.int64(7).map(SQLValue.integer) ?? .null) }
        }
    }

    /// Writes index rows, as many a statement as the database takes: FTS5 writes its pending
    /// data out as a new segment at the end of each statement, so fewer statements make fewer
    /// segments to merge.
    private static func write(_ db: any SQLDatabase, _ values: [SQLValue]) throws {
        let columns = db.dialect == .postgresql ? ["id", "text", "plan_id"] : ["rowid", "text"]
        try db.insertRows(into: table, columns: columns, values: values, rowsPerStatement: .max)
    }

    /// The condition on `a.id` an action meets when its searched text holds `needle`, and its
    /// arguments. `needle` is folded here. On PostgreSQL the index is a plain table of the
    /// folded text, searched with `strpos` (the same meaning: a substring of the folded text).
    static func condition(_ needle: String, dialect: SQLDialect) -> (sql: String, arguments: SQLArguments) {
        let folded = TextSearch.fold(needle)
        if dialect == .postgresql {
            return ("a.id IN (SELECT id FROM \(table) WHERE strpos(text, ?) > 0)", [folded])
        }
        if folded.unicodeScalars.count >= 3 {
            let phrase = "\"" + folded.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return ("a.id IN (SELECT rowid FROM \(table) WHERE \(table) MATCH ?)", [phrase])
        }
        return ("a.id IN (SELECT rowid FROM \(table) WHERE instr(text, ?) > 0)", [folded])
    }

    private static func chunks<T>(_ values: [T], size: Int = 500) -> [[T]] {
        stride(from: 0, to: values.count, by: size).map { Array(values[$0..<min($0 + size, values.count)]) }
    }
}
