import GRDB
import ActionPlanSQL
import ActionPlanModel

/// The named migrations. A migration is never edited once released: add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-plans-actions-audit") { db in
            try db.execute(sql: """
                CREATE TABLE plan (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    title TEXT NOT NULL,
                    authority TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    letter_date TEXT,
                    received TEXT NOT NULL,
                    visit_dates TEXT NOT NULL DEFAULT '[]',
                    inspectors TEXT NOT NULL DEFAULT '[]',
                    source_file TEXT,
                    content_hash TEXT,
                    created_at TEXT NOT NULL,
                    created_by TEXT NOT NULL
                );
                CREATE INDEX plan_content_hash ON plan(content_hash);
                CREATE TABLE milestone (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
                    title TEXT NOT NULL,
                    due TEXT,
                    rule TEXT,
                    done TEXT,
                    position INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX milestone_plan ON milestone(plan_id);
                CREATE TABLE finding (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
                    ref TEXT NOT NULL,
                    category TEXT NOT NULL,
                    timeframe TEXT NOT NULL,
                    section_path TEXT NOT NULL DEFAULT '[]',
                    text TEXT NOT NULL,
                    source_location TEXT,
                    position INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX finding_plan ON finding(plan_id);
                CREATE TABLE action (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
                    plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
                    title TEXT NOT NULL,
                    owner TEXT,
                    due TEXT,
                    due_provisional INTEGER NOT NULL DEFAULT 0,
                    due_rule TEXT,
                    original_due TEXT,
                    reprogram_count INTEGER NOT NULL DEFAULT 0,
                    status TEXT NOT NULL,
                    rag_override TEXT,
                    rag_reason TEXT,
                    success_measure TEXT,
                    evidence TEXT,
                    version INTEGER NOT NULL DEFAULT 1,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    updated_by TEXT NOT NULL
                );
                CREATE INDEX action_plan ON action(plan_id);
                CREATE INDEX action_finding ON action(finding_id);
                CREATE INDEX action_due ON action(due);
                CREATE TABLE note (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,
                    author TEXT NOT NULL,
                    day TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    text TEXT NOT NULL
                );
                CREATE INDEX note_action ON note(action_id, id);
                CREATE TABLE change_group (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    who TEXT NOT NULL,
                    at TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    undone_by INTEGER,
                    undoes INTEGER
                );
                CREATE INDEX change_group_who ON change_group(who, id);
                CREATE TABLE audit_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    change_group INTEGER NOT NULL REFERENCES change_group(id),
                    at TEXT NOT NULL,
                    who TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    entity_id INTEGER NOT NULL,
                    field TEXT NOT NULL,
                    old_value TEXT,
                    new_value TEXT,
                    plan_id INTEGER,
                    action_id INTEGER
                );
                CREATE INDEX audit_entity ON audit_event(entity, entity_id);
                CREATE INDEX audit_group ON audit_event(change_group);
                CREATE INDEX audit_action ON audit_event(action_id);
                CREATE INDEX audit_at ON audit_event(at);
                CREATE TABLE bank_holiday (
                    day TEXT PRIMARY KEY,
                    name TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-action-ref-and-checks", migrate: v2)
        // The operating-system account of every change group, beside the name it gave.
        migrator.registerMigration("v3-change-group-account") { db in
            try db.execute(sql: "ALTER TABLE change_group ADD COLUMN account TEXT")
            try db.execute(sql: "CREATE INDEX change_group_account ON change_group(account, id)")
        }
        // What the importer reads of every kind of report: the authority's code, the plan's
        // context, and each finding's responsible body and sub-items.
        migrator.registerMigration("v4-authority-code-context-bodies-sub-items") { db in
            try db.execute(sql: """
                ALTER TABLE plan ADD COLUMN authority_code TEXT;
                ALTER TABLE plan ADD COLUMN context TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(context) AND json_type(context) = 'array');
                ALTER TABLE plan ADD COLUMN authority_as_written TEXT;
                ALTER TABLE plan ADD COLUMN earlier_actions_remain INTEGER NOT NULL DEFAULT 0 CHECK (earlier_actions_remain IN (0, 1));
                ALTER TABLE finding ADD COLUMN owner_body TEXT;
                ALTER TABLE finding ADD COLUMN sub_items TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sub_items) AND json_type(sub_items) = 'array');
                CREATE INDEX plan_authority_code ON plan(authority_code);
                """)
        }
        // Removal (with who, when and why) instead of deletion, and archived plans.
        migrator.registerMigration("v5-removed-and-archived") { db in
            let removed = "removed TEXT CHECK (removed IS NULL OR (json_valid(removed) AND json_type(removed) = 'object'))"
            try db.execute(sql: """
                ALTER TABLE plan ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));
                ALTER TABLE plan ADD COLUMN \(removed);
                ALTER TABLE milestone ADD COLUMN \(removed);
                ALTER TABLE finding ADD COLUMN \(removed);
                ALTER TABLE action ADD COLUMN \(removed);
                ALTER TABLE note ADD COLUMN \(removed);
                """)
        }
        // The graded judgements of the source document, kept with the plan for the board pack.
        migrator.registerMigration("v6-plan-judgements") { db in
            try db.execute(sql: """
                ALTER TABLE plan ADD COLUMN judgements TEXT NOT NULL DEFAULT '[]' CHECK (\(isJSONList("judgements")));
                """)
        }
        // An import that takes the last day of the visit for the received date marks it as an estimate.
        migrator.registerMigration("v7-received-estimated") { db in
            try db.execute(sql: "ALTER TABLE plan ADD COLUMN received_estimated INTEGER NOT NULL DEFAULT 0 CHECK (received_estimated IN (0, 1))")
        }
        // A full-text index of the findings' text (FTS5, bm25), the candidates of "raised before".
        migrator.registerMigration("v8-finding-search", migrate: v8)
        // `list --search` through a full-text index of every action's searched text (see ActionSearchIndex).
        migrator.registerMigration("v9-action-search") { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE action_search USING fts5(text, tokenize = 'trigram case_sensitive 1')")
            try ActionSearchIndex.insert(GRDBConnection(db), where: "1")
        }
        return migrator
    }

    // MARK: v8

    /// The full-text index of findings (`finding_search`): an FTS5 table over `finding.text`
    /// (a nested item's sub-items are in its text), with the finding's id as its rowid. It holds
    /// no copy of the text (`content='finding'`): triggers keep it in step with every insert,
    /// change of text and deletion, whichever write path makes them (import, edits, undo, restore,
    /// a later migration), and it is filled from the findings already stored. Removed findings
    /// stay indexed: a removal is a column, undone like any other, and the readers leave them
    /// out by joining `finding`. The Porter stemmer over `unicode61` with diacritics removed
    /// lets "supervision"/"supervise" and "Zoë"/"zoe" meet.
    static func v8(_ db: Database) throws {
        try db.execute(sql: """
            CREATE VIRTUAL TABLE finding_search USING fts5(
                text, content = 'finding', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
            );
            CREATE TRIGGER finding_search_insert AFTER INSERT ON finding BEGIN
                INSERT INTO finding_search(rowid, text) VALUES (new.id, new.text);
            END;
            CREATE TRIGGER finding_search_delete AFTER DELETE ON finding BEGIN
                INSERT INTO finding_search(finding_search, rowid, text) VALUES ('delete', old.id, old.text);
            END;
            CREATE TRIGGER finding_search_update AFTER UPDATE OF id, text ON finding BEGIN
                INSERT INTO finding_search(finding_search, rowid, text) VALUES ('delete', old.id, old.text);
                INSERT INTO finding_search(rowid, text) VALUES (new.id, new.text);
            END;
            INSERT INTO finding_search(finding_search) VALUES ('rebuild');
            """)
    }

    // MARK: v2

    static func oneOf<E: RawRepresentable & CaseIterable>(_ column: String, _ type: E.Type, nullable: Bool = false) -> String where E.RawValue == String {
        SchemaChecks.oneOf(column, type, nullable: nullable)
    }

    static func isDay(_ column: String, nullable: Bool = false) -> String {
        let check = "(length(\(column)) = 10 AND \(column) GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')"
        return nullable ? "(\(column) IS NULL OR \(check))" : check
    }

    static func isTimestamp(_ column: String) -> String {
        "\(column) GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'"
    }

    static func isJSONList(_ column: String) -> String { "(json_valid(\(column)) AND json_type(\(column)) = 'array')" }

    /// Rebuilds `table` with `definition` (SQLite cannot add a CHECK to a table in place),
    /// copying `columns` from the old table with `select` (by default the same columns).
    static func rebuild(_ db: Database, _ table: String, definition: String, columns: [String], select: String? = nil,
                        indexes: [String]) throws {
        let list = columns.joined(separator: ", ")
        try db.execute(sql: "CREATE TABLE new_\(table) (\(definition))")
        try db.execute(sql: "INSERT INTO new_\(table) (\(list)) \(select ?? "SELECT \(list) FROM \(table)")")
        try db.execute(sql: "DROP TABLE \(table)")
        try db.execute(sql: "ALTER TABLE new_\(table) RENAME TO \(table)")
        for index in indexes { try db.execute(sql: index) }
    }

    /// Every action gets its stored reference ("P1.2": its finding's reference and its number
    /// under the finding, in the order the actions were added), and every table refuses a
    /// value the model cannot read.
    static func v2(_ db: Database) throws {
        try rebuild(db, "plan", definition: """
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            authority TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (\(oneOf("kind", DocumentKind.self))),
            letter_date TEXT CHECK (\(isDay("letter_date", nullable: true))),
            received TEXT NOT NULL CHECK (\(isDay("received"))),
            visit_dates TEXT NOT NULL DEFAULT '[]' CHECK (\(isJSONList("visit_dates"))),
            inspectors TEXT NOT NULL DEFAULT '[]' CHECK (\(isJSONList("inspectors"))),
            source_file TEXT,
            content_hash TEXT,
            created_at TEXT NOT NULL CHECK (\(isTimestamp("created_at"))),
            created_by TEXT NOT NULL
            """, columns: ["id", "title", "authority", "kind", "letter_date", "received", "visit_dates", "inspectors", "source_file",
                      "content_hash", "created_at", "created_by"],
            indexes: ["CREATE INDEX plan_content_hash ON plan(content_hash)"])
        try rebuild(db, "milestone", definition: """
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            due TEXT CHECK (\(isDay("due", nullable: true))),
            rule TEXT,
            done TEXT CHECK (\(isDay("done", nullable: true))),
            position INTEGER NOT NULL DEFAULT 0
            """, columns: ["id", "plan_id", "title", "due", "rule", "done", "position"],
            indexes: ["CREATE INDEX milestone_plan ON milestone(plan_id)"])
        try rebuild(db, "finding", definition: """
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
            ref TEXT NOT NULL,
            category TEXT NOT NULL CHECK (\(oneOf("category", FindingCategory.self))),
            timeframe TEXT NOT NULL CHECK (\(oneOf("timeframe", Timeframe.self))),
            section_path TEXT NOT NULL DEFAULT '[]' CHECK (\(isJSONList("section_path"))),
            text TEXT NOT NULL,
            source_location TEXT,
            position INTEGER NOT NULL DEFAULT 0
            """, columns: ["id", "plan_id", "ref", "category", "timeframe", "section_path", "text", "source_location", "position"],
            indexes: ["CREATE INDEX finding_plan ON finding(plan_id)"])
        // A migration never changes once released: its column lists are written out, not taken
        // from `RecordColumns`, which follows the newest schema.
        let actionColumns = ["id", "finding_id", "plan_id", "title", "owner", "due", "due_provisional", "due_rule",
                             "original_due", "reprogram_count", "status", "rag_override", "rag_reason", "success_measure",
                             "evidence", "version", "created_at", "updated_at", "updated_by", "ref"]
        let copied = actionColumns.filter { $0 != "ref" }
        try rebuild(db, "action", definition: """
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
            plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            owner TEXT,
            due TEXT CHECK (\(isDay("due", nullable: true))),
            due_provisional INTEGER NOT NULL DEFAULT 0 CHECK (due_provisional IN (0, 1)),
            due_rule TEXT,
            original_due TEXT CHECK (\(isDay("original_due", nullable: true))),
            reprogram_count INTEGER NOT NULL DEFAULT 0 CHECK (typeof(reprogram_count) = 'integer' AND reprogram_count >= 0),
            status TEXT NOT NULL CHECK (\(oneOf("status", ActionStatus.self))),
            rag_override TEXT CHECK (\(oneOf("rag_override", RAG.self, nullable: true))),
            rag_reason TEXT,
            success_measure TEXT,
            evidence TEXT,
            version INTEGER NOT NULL DEFAULT 1 CHECK (typeof(version) = 'integer' AND version >= 1),
            created_at TEXT NOT NULL CHECK (\(isTimestamp("created_at"))),
            updated_at TEXT NOT NULL CHECK (\(isTimestamp("updated_at"))),
            updated_by TEXT NOT NULL,
            ref TEXT NOT NULL
            """, columns: actionColumns,
            select: """
                SELECT \(copied.map { "a.\($0)" }.joined(separator: ", ")),
                       f.ref || '.' || (SELECT count(*) FROM action b WHERE b.finding_id = a.finding_id AND b.id <= a.id)
                FROM action a JOIN finding f ON f.id = a.finding_id
                """,
            indexes: ["CREATE INDEX action_plan ON action(plan_id)", "CREATE INDEX action_finding ON action(finding_id)",
                      "CREATE INDEX action_due ON action(due)", "CREATE INDEX action_plan_ref ON action(plan_id, ref)"])
        try rebuild(db, "note", definition: """
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,
            author TEXT NOT NULL,
            day TEXT NOT NULL CHECK (\(isDay("day"))),
            created_at TEXT NOT NULL CHECK (\(isTimestamp("created_at"))),
            text TEXT NOT NULL
            """, columns: ["id", "action_id", "author", "day", "created_at", "text"],
            indexes: ["CREATE INDEX note_action ON note(action_id, id)"])
    }
}
