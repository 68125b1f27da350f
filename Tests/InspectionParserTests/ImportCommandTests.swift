import Foundation
import Testing
import TestSupport

/// `actionplan import` and `actionplan demo`, run as the built binary in a subprocess.
@Suite(.serialized) struct ImportCommandTests {
    /// Runs the built `actionplan` with its own temporary home, database and clock.
    struct Runner {
        struct Result {
            let status: Int32
            let stdout: String
            let stderr: String
        }

        static var binary: String { BuiltProgram.actionplan }

        let directory: URL
        var database: String { directory.appendingPathComponent("plans.sqlite").path }
        var environment: [String: String]

        init(today: String = "2026-11-23") throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("actionplan-import-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            environment = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                "HOME": directory.path,
                "XDG_CONFIG_HOME": directory.appendingPathComponent("config").path,
                "ACTIONPLAN_TODAY": today,
                "ACTIONPLAN_USER": "tester",
                "LANG": "C.UTF-8",
            ]
            environment["ACTIONPLAN_DB"] = database
        }

        func file(_ name: String, _ data: Data) throws -> String {
            let url = directory.appendingPathComponent(name)
            try data.write(to: url)
            return url.path
        }

        @discardableResult
        func run(_ arguments: [String], environment extra: [String: String] = [:], stdin: Data? = nil) throws -> Result {
            let result = try BuiltProgram.run(Runner.binary, arguments, environment: environment.merging(extra) { $1 },
                                              in: directory, stdin: stdin)
            return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
        }

        /// The plans in the database, as the `plans --json` command lists them.
        func planCount() throws -> Int {
            let result = try run(["plans", "--json"])
            let value = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
            if let list = value as? [Any] { return list.count }
            if let object = value as? [String: Any], let list = object["plans"] as? [Any] { return list.count }
            throw TestFailure("unexpected plans --json: \(result.stdout.prefix(200))")
        }
    }

    /// A minimal PDF built by hand: pages with no text, or encrypted with an unknown password.
    static func handMadePDF(encrypted: Bool) -> Data {
        var objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
        if encrypted { objects.append("<< /Filter /Standard /V 1 /R 2 /O <\(String(repeating: "00", count: 32))> /U <\(String(repeating: "11", count: 32))> /P -4 >>") }
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for off in offsets { out += String(repeating: "0", count: 10 - String(off).count) + "\(off) 00000 n \n" }
        let extra = encrypted ? "/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef><0123456789abcdef0123456789abcdef>] " : ""
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R \(extra)>>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(out.utf8)
    }

    @Test func importingTheFocusedVisitLetterCreatesAPlanAndPrintsItsSummary() throws {
        let runner = try Runner()
        let seed = Paths.seeds.appendingPathComponent(try Paths.seed("001_").name).path
        let result = try runner.run(["import", seed])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("as plan 1"))
        #expect(result.stdout.contains("Focused visit"))
        #expect(result.stdout.contains("Stockton-on-Tees"))
        #expect(result.stdout.contains("2022-11-23") && result.stdout.contains("2023-02-06"), "milestones with due dates")
        #expect(result.stdout.contains("area for priority action: 3") && result.stdout.contains("what needs to improve: 5"), "counts per category")
        #expect(try runner.planCount() == 1)
        let actions = try runner.run(["list", "--json"])
        #expect(actions.status == 0)
        #expect(actions.stdout.contains("The identification and screening of risk and need"))
    }

    @Test func theSameDocumentIsNotImportedTwiceUnlessAsNew() throws {
        let runner = try Runner()
        let seed = Paths.seeds.appendingPathComponent(try Paths.seed("003_").name).path
        #expect(try runner.run(["import", seed]).status == 0)
        // The same words with other line breaks and spacing are the same document.
        let text = try String(contentsOfFile: seed, encoding: .utf8).replacingOccurrences(of: "\n", with: "\n\n")
        let again = try runner.run(["import", try runner.file("copy.txt", Data(text.utf8))])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already imported as plan 1"), "\(again.stderr)")
        #expect(try runner.planCount() == 1)
        #expect(try runner.run(["import", "--as-new", seed]).status == 0)
        #expect(try runner.planCount() == 2)
    }

    @Test func aDryRunPrintsTheExtractionAsJSONAndWritesNothing() throws {
        let runner = try Runner()
        let pdf = Paths.corpus.appendingPathComponent("focused-visit--swindon--18-may-2018.pdf").path
        let result = try runner.run(["import", "--dry-run", "--json", "--received", "2018-05-21", pdf])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let doc = try #require((object["documents"] as? [[String: Any]])?.first)
        #expect(doc["file"] as? String == "focused-visit--swindon--18-may-2018.pdf")
        #expect(doc["kind"] as? String == "focused-visit")
        #expect(doc["authority"] as? String == "Swindon")
        #expect(doc["letter_date"] as? String == "2018-05-18")
        #expect(doc["received"] as? String == "2018-05-21")
        #expect(doc["visit_dates"] as? [String] == ["2018-04-25", "2018-04-26"])
        let milestones = try #require(doc["milestones"] as? [[String: Any]])
        #expect(milestones.count == 2)
        let findings = try #require(doc["findings"] as? [[String: Any]])
        #expect(findings.filter { $0["category"] as? String == "priority_action" }.count == 2)
        let actions = try #require(doc["actions"] as? [[String: Any]], "each improvement finding's action, with its due date")
        #expect(actions.count == findings.count)
        #expect(actions.allSatisfy { $0["due"] is String && $0["due_provisional"] as? Bool == true })
        #expect(actions.first?["ref"] as? String == "P1.1")
        #expect(!FileManager.default.fileExists(atPath: runner.database), "a dry run does not even create the database")
    }

    @Test func aDryRunShowsTheResponsibleBodyTheSubItemsAndTheAuthorityCode() throws {
        let runner = try Runner()
        let pdf = Paths.corpusExtra.appendingPathComponent("send--worcestershire--15-july-2024.pdf").path
        let undated = try runner.run(["import", "--dry-run", "--json", pdf])
        #expect(undated.status == 0, "\(undated.stderr)")
        let first = try #require((try JSONSerialization.jsonObject(with: Data(undated.stdout.utf8)) as? [String: Any])?["documents"] as? [[String: Any]])
        #expect(first.first?["letter_date"] is NSNull && first.first?["received"] is NSNull, "an area SEND report prints no date")
        let result = try runner.run(["import", "--dry-run", "--json", "--received", "2024-07-16", pdf])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let doc = try #require((object["documents"] as? [[String: Any]])?.first)
        #expect(doc["authority_code"] as? String == "885")
        #expect(doc["received"] as? String == "2024-07-16")
        let findings = try #require(doc["findings"] as? [[String: Any]])
        let row = try #require(findings.first { $0["category"] as? String == "priority_action" })
        #expect((row["owner_body"] as? String)?.hasPrefix("Worcestershire County Council, Worcestershire Children’s First") ?? false)
        #expect((row["sub_items"] as? [String])?.last == "physiotherapy.")
    }

    @Test func standardInputAndAKindOverrideAreAccepted() throws {
        let runner = try Runner()
        let letter = "Dear Ms Marsh\n\nAreas for priority action\n\n- Improve the timeliness of strategy meetings.\n- Improve supervision.\n"
        let result = try runner.run(["import", "-", "--kind", "focused-visit", "--received", "2026-01-05"], stdin: Data(letter.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("standard input"))
        #expect(result.stdout.contains("2026-02-02"), "early draft: 20 working days after 5 January 2026")
        #expect(try runner.planCount() == 1)
    }

    @Test func badInputsGetOneLineANonZeroStatusAndWriteNothing() throws {
        let runner = try Runner()
        var binary = Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00])
        binary.append(Data(repeating: 0, count: 200))
        let inputs: [(String, [String], [String: String], String)] = [
            ("empty", ["import", try runner.file("empty.txt", Data())], [:], "is empty"),
            ("binary", ["import", try runner.file("program.bin", binary)], [:], "binary"),
            ("no section", ["import", try runner.file("thanks.txt", Data("Dear Sir\n\nThank you for your letter.\n".utf8))], [:], "no improvement section"),
            ("damaged PDF", ["import", try runner.file("damaged.pdf", Data("%PDF-1.4\nnot really\n".utf8))], [:], "damaged"),
            ("encrypted PDF", ["import", try runner.file("locked.pdf", ImportCommandTests.handMadePDF(encrypted: true))], [:], "encrypted"),
            ("no text layer", ["import", try runner.file("scan.pdf", ImportCommandTests.handMadePDF(encrypted: false))], [:], "no text layer"),
            ("no pdftotext", ["import", Paths.corpus.appendingPathComponent("focused-visit--camden--08-june-2018.pdf").path],
             ["ACTIONPLAN_PDFTOTEXT": "/nonexistent/pdftotext"], "poppler-utils"),
            ("missing file", ["import", runner.directory.appendingPathComponent("nowhere.txt").path], [:], "no such file"),
        ]
        for (label, arguments, environment, mentions) in inputs {
            let result = try runner.run(arguments, environment: environment)
            #expect(result.status != 0, "\(label): exit status 0")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(label): expected one line on stderr, got \(result.stderr)")
            #expect(result.stderr.contains(mentions), "\(label): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(label): printed \(result.stdout)")
        }
        #expect(try runner.planCount() == 0)
    }

    @Test func aFileOverFiftyMegabytesIsRefused() throws {
        let runner = try Runner()
        let path = runner.directory.appendingPathComponent("huge.txt").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("Areas for improvement\n".utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 51 * 1024 * 1024)
        try handle.close()
        let result = try runner.run(["import", path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("50 MB"), "\(result.stderr)")
        #expect(try runner.planCount() == 0)
    }

    @Test func aReportThatPrintsNoDateIsRefusedWithoutTheDateItWasReceived() throws {
        let runner = try Runner()
        let pdf = Paths.corpusExtra.appendingPathComponent("send--worcestershire--15-july-2024.pdf").path
        let refused = try runner.run(["import", pdf])
        #expect(refused.status == 64)
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("prints no letter or publication date") && refused.stderr.contains("--received"), "\(refused.stderr)")
        #expect(try runner.planCount() == 0, "nothing was written")
        let dated = try runner.run(["import", "--received", "2024-07-16", pdf])
        #expect(dated.status == 0, "\(dated.stderr)")
        #expect(try runner.planCount() == 1)
    }

    @Test func windows1252TextIsReadAndSaidSo() throws {
        let runner = try Runner()
        var bytes = Array("Areas for improvement\n\n- Improve the caf".utf8)
        bytes += [0xE9]  // é in Windows-1252, invalid as UTF-8
        bytes += Array(" plans and the ".utf8)
        bytes += [0x93] + Array("quality".utf8) + [0x94] + Array(" of audits.\n".utf8)
        let result = try runner.run(["import", "--received", "2026-01-05", try runner.file("old.txt", Data(bytes))])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Windows-1252"))
        let list = try runner.run(["list", "--json"])
        #expect(list.stdout.contains("café") && list.stdout.contains("“quality”"), "\(list.stdout.prefix(400))")
    }

    @Test func ifOneOfSeveralFilesIsBadNothingIsImported() throws {
        let runner = try Runner()
        let good = Paths.seeds.appendingPathComponent(try Paths.seed("000_").name).path
        let result = try runner.run(["import", good, try runner.file("empty.txt", Data())])
        #expect(result.status != 0)
        #expect(result.stderr.contains("nothing imported"), "\(result.stderr)")
        #expect(try runner.planCount() == 0)
    }

    @Test func theDemoBuildsALivedInDatabaseOnceAndRefusesToFillAnotherOne() throws {
        let runner = try Runner()
        let path = runner.directory.appendingPathComponent("demo.sqlite").path
        let result = try runner.run(["demo", "--db", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("4 plans"))
        let list = try runner.run(["list", "--json", "--db", path])
        #expect(list.status == 0)
        let value = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8))
        let actions = (value as? [[String: Any]]) ?? ((value as? [String: Any])?["actions"] as? [[String: Any]]) ?? []
        #expect(actions.count >= 15)
        #expect(actions.contains { $0["status"] as? String == "complete" })
        #expect(actions.contains { $0["status"] as? String == "in_progress" })
        #expect(actions.contains { ($0["owner"] as? String)?.isEmpty == false })
        #expect(actions.contains { ($0["rag"] as? String) == "red" }, "some actions are overdue")
        let history = try runner.run(["history", "1", "--db", path])
        #expect(history.status == 0 && !history.stdout.isEmpty, "the audit trail is real: \(history.stderr)")
        let again = try runner.run(["demo", "--db", path])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already has 4 plans"))
    }
}
