import GRDB

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
        return migrator
    }
}
