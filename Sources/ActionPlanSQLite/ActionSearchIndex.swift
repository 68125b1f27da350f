import GRDB
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
enum ActionSearchIndex {
    static let table = "action_search"

    /// The fields searched, in the order they are joined.
    static let actionFields: Set<String> = ["*", "title", "owner", "success_measure", "finding_id", "ref"]
    static let findingFields: Set<String> = ["*", "text", "ref"]

    /// The searched text of one action: its fields folded and joined by line feeds.
    static func text(title: String, findingText: String, owner: String?, measure: String?, findingRef: String, ref: String) -> String {
        TextSearch.fold([title, findingText, owner ?? "", measure ?? "", findingRef, ref].joined(separator: "\n"))
    }

    /// The columns `text` needs, selected `FROM action a JOIN finding f ON f.id = a.finding_id`.
    static let selection = "a.id, a.title, f.text, a.owner, a.success_measure, f.ref, a.ref"

    /// Rewrites the index rows of `actionIds` (and of every action under `findingIds`) from the
    /// action table: an action that no longer exists loses its row. `created` are actions
    /// inserted since the last refresh, which have no row yet.
    static func refresh(_ db: Database, actionIds: Set<Int64>, findingIds: Set<Int64>, created: Set<Int64> = []) throws {
        var ids = actionIds
        if !findingIds.isEmpty {
            for chunk in chunks(Array(findingIds)) {
                ids.formUnion(try Int64.fetchAll(db, sql: "SELECT id FROM action WHERE finding_id IN (\(databaseQuestionMarks(count: chunk.count)))",
                                                 arguments: StatementArguments(chunk)))
            }
        }
        let delete = try db.cachedStatement(sql: "DELETE FROM \(table) WHERE rowid = ?")
        for id in ids.subtracting(created) { try delete.execute(arguments: [id]) }
        ids.formUnion(created)
        guard !ids.isEmpty else { return }
        for chunk in chunks(ids.sorted()) {
            try insert(db, where: "a.id IN (\(databaseQuestionMarks(count: chunk.count)))", StatementArguments(chunk))
        }
    }

    /// Indexes the actions selected by `condition` (rows not yet in the index).
    static func insert(_ db: Database, where condition: String, _ arguments: StatementArguments = []) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO \(table)(rowid, text) VALUES (?, ?)")
        let rows = try Row.fetchCursor(db, sql: "SELECT \(selection) FROM action a JOIN finding f ON f.id = a.finding_id WHERE \(condition)",
                                       arguments: arguments)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let text = Self.text(title: row[1], findingText: row[2], owner: row[3], measure: row[4], findingRef: row[5], ref: row[6])
            try insert.execute(arguments: [id, text])
        }
    }

    /// The condition on `a.id` an action meets when its searched text holds `needle`, and its
    /// arguments. `needle` is folded here.
    static func condition(_ needle: String) -> (sql: String, arguments: StatementArguments) {
        let folded = TextSearch.fold(needle)
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
