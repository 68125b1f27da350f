import Testing
@testable import ActionPlanPostgres

/// `?` marks become `$1…$n` in the statement's text and nowhere else.
@Suite struct NumberedSQLTests {
    func numbered(_ sql: String) -> String { NumberedSQL(sql).text }

    @Test func marksAreNumberedInOrder() {
        let sql = NumberedSQL("INSERT INTO action (a, b, c) VALUES (?, ?,?)")
        #expect(sql.text == "INSERT INTO action (a, b, c) VALUES ($1, $2,$3)")
        #expect(sql.parameterCount == 3)
        #expect(NumberedSQL("SELECT 1").parameterCount == 0)
    }

    @Test func marksInsideStringsAndQuotedNamesAreText() {
        #expect(numbered("SELECT '?', ? FROM t") == "SELECT '?', $1 FROM t")
        #expect(numbered("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', $1")
        #expect(numbered(#"SELECT E'\'?', ?"#) == #"SELECT E'\'?', $1"#)
        // Outside an E string a backslash is an ordinary character: the string ends at the quote.
        #expect(numbered(#"SELECT '\', ?"#) == #"SELECT '\', $1"#)
        #expect(numbered(#"SELECT "a?""b?" FROM t WHERE x = ?"#) == #"SELECT "a?""b?" FROM t WHERE x = $1"#)
    }

    @Test func marksInsideCommentsAreText() {
        #expect(numbered("SELECT ? -- why? because\n, ?") == "SELECT $1 -- why? because\n, $2")
        #expect(numbered("SELECT /* ? /* nested ? */ still ? */ ?") == "SELECT /* ? /* nested ? */ still ? */ $1")
        #expect(numbered("SELECT 1 -- ? to the end") == "SELECT 1 -- ? to the end")
    }

    @Test func marksInsideDollarQuotedBodiesAreText() {
        #expect(numbered("SELECT $$ ? $$, ?") == "SELECT $$ ? $$, $1")
        #expect(numbered("DO $fn$ BEGIN PERFORM '?'; $$ ? $$; END $fn$; SELECT ?") == "DO $fn$ BEGIN PERFORM '?'; $$ ? $$; END $fn$; SELECT $1")
        // `$1` is already a parameter and `a$b` an identifier, not the start of a body.
        #expect(numbered("SELECT $1, a$b, ?") == "SELECT $1, a$b, $1")
        // An unclosed body runs to the end, as the server would read it.
        #expect(numbered("SELECT $x$ ? ") == "SELECT $x$ ? ")
    }

    @Test func textAroundMarksKeepsItsUnicode() {
        #expect(numbered("SELECT '日本語?', ? AS \"£?\"") == "SELECT '日本語?', $1 AS \"£?\"")
    }
}
