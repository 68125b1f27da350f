import Foundation
import Testing

/// Every JSON output of the command line, from a demo database, against its schema in
/// docs/schema/; and the CSV of `list` and of `export`, which share their columns.
@Suite(.serialized) struct SchemaValidationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let schemas = root.appendingPathComponent("docs/schema")
    static let samples = root.appendingPathComponent("Data/samples")

    /// Runs the command and validates its standard output against the schema file.
    func expectValid(_ cli: CLIRunner, _ arguments: [String], _ schema: String, validator: JSONSchemaValidator,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try cli.run(arguments)
        let command = "actionplan " + arguments.joined(separator: " ")
        #expect(result.status == 0, "\(command) failed: \(result.stderr)", sourceLocation: sourceLocation)
        let document: JSONDocument
        do {
            document = try JSONDocument.parse(result.stdout)
        } catch {
            Issue.record("\(command) printed text that is not JSON: \(error)", sourceLocation: sourceLocation)
            return
        }
        var errors = validator.errors(document, file: schema)
        // The schemas allow null ids for records not stored yet (an import dry run); anything
        // read from the database has every id. (A check flag names a finding or an action.)
        if !arguments.contains("--dry-run") && arguments.first != "check" { errors += Self.nullIds(document, path: "$") }
        let listed = errors.prefix(12).joined(separator: "\n")
        #expect(errors.isEmpty, "\(command) does not follow \(schema):\n\(listed)", sourceLocation: sourceLocation)
    }

    static func nullIds(_ value: JSONDocument, path: String) -> [String] {
        switch value {
        case .object(let members):
            return members.flatMap { key, member -> [String] in
                if key == "id" || key.hasSuffix("_id"), member == .null {
                    return ["\(path).\(key): null id on a stored record"]
                }
                return nullIds(member, path: "\(path).\(key)")
            }
        case .array(let items):
            return items.enumerated().flatMap { nullIds($1, path: "\(path)[\($0)]") }
        default:
            return []
        }
    }

    func demo() throws -> CLIRunner {
        let cli = try CLIRunner()
        try cli.ok(["demo"])
        return cli
    }

    func ids(_ cli: CLIRunner, _ arguments: [String]) throws -> [String] {
        guard case .array(let items) = try JSONDocument.parse(try cli.ok(arguments)) else { return [] }
        return items.compactMap { if case .number(let n, _) = $0["id"] ?? .null { return String(Int(n)) }; return nil }
    }

    @Test func everySchemaFileIsValidJSONAndEveryReferenceResolves() throws {
        let validator = JSONSchemaValidator(directory: Self.schemas)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.schemas.path).filter { $0.hasSuffix(".schema.json") }.sorted()
        #expect(files.count >= 18, "docs/schema/ holds the entity and output schemas: \(files)")
        for file in files {
            let schema = try validator.document(file)
            #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"), "\(file) names draft 2020-12")
            let unresolved = try validator.unresolvedReferences(file)
            #expect(unresolved.isEmpty, "\(file): no schema at \(unresolved)")
        }
    }

    @Test func listShowHistoryAndPlansFollowTheirSchemas() throws {
        let cli = try demo()
        let validator = JSONSchemaValidator(directory: Self.schemas)
        try expectValid(cli, ["list", "--json"], "list-output.schema.json", validator: validator)
        try expectValid(cli, ["list", "--json", "--overdue"], "list-output.schema.json", validator: validator)
        try expectValid(cli, ["list", "--json", "--status", "cancelled"], "list-output.schema.json", validator: validator)
        try expectValid(cli, ["plans", "--json"], "plans-output.schema.json", validator: validator)
        let actionIds = try ids(cli, ["list", "--json"])
        #expect(actionIds.count > 10, "the demo has actions")
        for id in actionIds {
            try expectValid(cli, ["show", id, "--json"], "show-output.schema.json", validator: validator)
            try expectValid(cli, ["history", id, "--json"], "history-output.schema.json", validator: validator)
        }
    }

    @Test func milestonesFollowTheirSchemaListedAndWhenDoneOrUndone() throws {
        let cli = try demo()
        let validator = JSONSchemaValidator(directory: Self.schemas)
        try expectValid(cli, ["milestone", "--json"], "milestone-output.schema.json", validator: validator)
        try expectValid(cli, ["milestone", "--json", "--plan", "1"], "milestone-output.schema.json", validator: validator)
        let id = try #require(try ids(cli, ["milestone", "--json"]).last)
        try expectValid(cli, ["milestone", id, "--done", "today", "--json"], "milestone.schema.json", validator: validator)
        try expectValid(cli, ["milestone", id, "--undone", "--json"], "milestone.schema.json", validator: validator)
        try expectValid(cli, ["milestone", "add", "--plan", "1", "--title", "Board", "--due", "+20wd", "--json"], "milestone.schema.json",
                        validator: validator)
    }

    @Test func removedItemsFollowTheirSchema() throws {
        let cli = try demo()
        let validator = JSONSchemaValidator(directory: Self.schemas)
        try expectValid(cli, ["list", "--removed", "--json"], "removed-output.schema.json", validator: validator)
        try cli.ok(["remove", "1", "--reason", "duplicate"])
        try cli.ok(["remove", "--plan", "2", "--reason", "imported twice"])
        try cli.ok(["remove", "--milestone", "1", "--reason", "not ours"])
        try expectValid(cli, ["list", "--removed", "--json"], "removed-output.schema.json", validator: validator)
    }

    @Test func exportsFollowTheirSchemaNowInThePastAndForOneOwner() throws {
        let cli = try demo()
        let validator = JSONSchemaValidator(directory: Self.schemas)
        try expectValid(cli, ["export", "--format", "json"], "export-output.schema.json", validator: validator)
        try expectValid(cli, ["export", "--format", "json", "--since", "2026-10-01"], "export-output.schema.json", validator: validator)
        try expectValid(cli, ["export", "--format", "json", "--as-of", "2026-11-01", "--since", "2026-10-15"],
                        "export-output.schema.json", validator: validator)
        try expectValid(cli, ["export", "--format", "json", "--owner", "Nobody at all"], "export-output.schema.json", validator: validator)
        try expectValid(cli, ["check", "--json"], "check-output.schema.json", validator: validator)
    }

    @Test func deadlinesAndHolidaysFollowTheirSchemas() throws {
        let cli = try CLIRunner()
        let validator = JSONSchemaValidator(directory: Self.schemas)
        try expectValid(cli, ["deadline", "2023-05-09", "--working-days", "70", "--json"], "deadline-output.schema.json", validator: validator)
        try expectValid(cli, ["deadline", "2022-10-27", "--months", "3", "--json"], "deadline-output.schema.json", validator: validator)
        try expectValid(cli, ["holidays", "--json"], "holidays-output.schema.json", validator: validator)
        try expectValid(cli, ["holidays", "--year", "2031", "--json"], "holidays-output.schema.json", validator: validator)
        _ = try cli.seedPlan()
        let feed = """
            {"england-and-wales": {"division": "england-and-wales", "events": [
              {"title": "New Year's Day", "date": "2026-01-01", "notes": "", "bunting": true},
              {"title": "Extra day", "date": "2026-12-31", "notes": "", "bunting": true}]}}
            """
        let file = cli.directory.appendingPathComponent("feed.json")
        try feed.write(to: file, atomically: true, encoding: .utf8)
        try expectValid(cli, ["holidays", "--update", file.path, "--json"], "holidays-update-output.schema.json", validator: validator)
    }

    @Test func anEmptyDatabaseGivesEmptyListsThatFollowTheSchemas() throws {
        let cli = try CLIRunner()
        let validator = JSONSchemaValidator(directory: Self.schemas)
        #expect(try cli.ok(["list", "--json"]) == "[]\n")
        try expectValid(cli, ["plans", "--json"], "plans-output.schema.json", validator: validator)
        try expectValid(cli, ["milestone", "--json"], "milestone-output.schema.json", validator: validator)
        try expectValid(cli, ["export", "--format", "json"], "export-output.schema.json", validator: validator)
    }

    @Test func importDryRunFollowsItsSchema() throws {
        let cli = try CLIRunner()
        let validator = JSONSchemaValidator(directory: Self.schemas)
        let letters = try FileManager.default.contentsOfDirectory(atPath: Self.samples.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(!letters.isEmpty)
        try expectValid(cli, ["import", "--dry-run", "--json", "--received", "2026-10-01"] + letters.map { Self.samples.appendingPathComponent($0).path },
                        "import-dry-run-output.schema.json", validator: validator)
        // After a real import, with the ids and references the store gave.
        try expectValid(cli, ["import", "--json", "--received", "2026-10-01"] + letters.map { Self.samples.appendingPathComponent($0).path },
                        "import-dry-run-output.schema.json", validator: validator)
    }

    @Test func importSheetFollowsItsSchemaOnADryRunAndAfterWriting() throws {
        let cli = try CLIRunner()
        let validator = JSONSchemaValidator(directory: Self.schemas)
        let xlsx = Self.samples.appendingPathComponent("stockton-2010-improvement-plan.xlsx").path
        let csv = Self.samples.appendingPathComponent("stockton-focused-visit-2022-action-plan.csv").path
        let newPlan = ["--authority", "Stockton-on-Tees", "--kind", "focused-visit", "--json"]
        try expectValid(cli, ["import-sheet", xlsx, "--dry-run"] + newPlan, "import-sheet-output.schema.json", validator: validator)
        try expectValid(cli, ["import-sheet", csv] + newPlan, "import-sheet-output.schema.json", validator: validator)
        try expectValid(cli, ["import-sheet", xlsx, "--plan", "1", "--map", "Notes to self=note", "--json"], "import-sheet-output.schema.json",
                        validator: validator)
    }

    @Test func themesFollowsItsSchemaWithAndWithoutFilters() throws {
        let cli = try demo()
        let validator = JSONSchemaValidator(directory: Self.schemas)
        // A North East seed beside the invented Northmoor (a region and a null region).
        let seeds = Self.root.deletingLastPathComponent().appendingPathComponent("shared/seeds")
        let seed = try #require(try FileManager.default.contentsOfDirectory(atPath: seeds.path).first { $0.hasPrefix("001_") })
        try cli.ok(["import", seeds.appendingPathComponent(seed).path, "--received", "last-visit"])
        try expectValid(cli, ["themes", "--json"], "themes-output.schema.json", validator: validator)
        try expectValid(cli, ["themes", "--json", "--region", "North East", "--since", "2020", "--kind", "focused-visit"],
                        "themes-output.schema.json", validator: validator)
        try expectValid(cli, ["themes", "--json", "--since", "2100"], "themes-output.schema.json", validator: validator)
    }

    @Test func listAndExportCSVHaveTheSameColumnsAndTheSameValuesForTheSameAction() throws {
        let cli = try demo()
        let list = try RFC4180Rows.parse(try cli.ok(["list", "--csv"]))
        let export = try RFC4180Rows.parse(try cli.ok(["export", "--format", "csv"]))
        let header = try #require(list.first)
        #expect(header == export.first, "list --csv and export --format csv name their columns alike")
        #expect(header.contains("action_ref") && header.contains("action_id"), "an action is named by its reference, with its id beside it")
        let id = try #require(header.firstIndex(of: "action_id"))
        let exported = Dictionary(export.dropFirst().map { ($0[id], $0) }, uniquingKeysWith: { a, _ in a })
        #expect(list.count == export.count, "every action once in each")
        for row in list.dropFirst() {
            let other = try #require(exported[row[id]], "action \(row[id]) is in the export")
            for (column, name) in header.enumerated() where row[column] != other[column] {
                Issue.record("action \(row[id]): \(name) is \(row[column].debugDescription) in list --csv but \(other[column].debugDescription) in the export")
            }
        }
    }

    @Test func theValidatorRefusesWhatTheSchemasForbid() throws {
        let validator = JSONSchemaValidator(directory: Self.schemas)
        let note = #"{"id": 1, "action_id": 2, "day": "2026-11-20", "author": "a", "text": "t", "created_at": "2026-11-20T09:00:00.000Z"}"#
        #expect(validator.errors(try JSONDocument.parse(note), file: "note.schema.json").isEmpty)
        let broken: [(String, String)] = [
            (#"{"id": 1, "action_id": 2, "day": "2026-11-20", "author": "a", "text": "t"}"#, "missing"),
            (#"{"id": 1, "action_id": 2, "day": "2026-11-20", "author": "a", "text": "t", "created_at": "2026-11-20T09:00:00Z"}"#, "not a date-time"),
            (#"{"id": 1, "action_id": 2, "day": "20-11-2026", "author": "a", "text": "t", "created_at": "2026-11-20T09:00:00.000Z"}"#, "not a date"),
            (#"{"id": 1, "action_id": 2, "day": "2026-11-20", "author": null, "text": "t", "created_at": "2026-11-20T09:00:00.000Z"}"#, "null where"),
            (#"{"id": 1, "action_id": 2, "day": "2026-11-20", "author": "a", "text": "t", "created_at": "2026-11-20T09:00:00.000Z", "x": 1}"#, "not in the schema"),
            (#"{"action_id": 2, "id": 1, "day": "2026-11-20", "author": "a", "text": "t", "created_at": "2026-11-20T09:00:00.000Z"}"#, "order"),
            (#"{"id": true, "action_id": 2, "day": "2026-11-20", "author": "a", "text": "t", "created_at": "2026-11-20T09:00:00.000Z"}"#, "boolean where"),
        ]
        for (text, expected) in broken {
            let errors = validator.errors(try JSONDocument.parse(text), file: "note.schema.json")
            #expect(errors.contains { $0.contains(expected) }, "\(text) should fail with \(expected): \(errors)")
        }
        let status = #"{"id": 1, "ref": "P1.1", "plan_id": 1, "finding_id": 1, "status": "done"}"#
        #expect(validator.errors(try JSONDocument.parse(status), file: "action.schema.json").contains { $0.contains("\"done\" is not one of") })
    }
}

/// RFC 4180 records (CRLF or LF line ends, quoted fields with doubled quotes).
enum RFC4180Rows {
    struct Unterminated: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { chars.removeFirst(); field.unicodeScalars.append("\"") } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\r" || c == "\n" {
                if c == "\r", chars.first == "\n" { chars.removeFirst() }
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw Unterminated() }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
