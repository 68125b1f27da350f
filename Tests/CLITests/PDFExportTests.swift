import Foundation
import Testing
import TestSupport

/// `export --format pdf`: the board pack printed by WeasyPrint, which `make test` installs
/// (the Makefile's APT_PACKAGES), and refused in one line when it is missing.
@Suite(.serialized) struct PDFExportTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/samples")

    /// Runs a poppler tool (pdftotext, pdfinfo) on a file and returns its standard output.
    func poppler(_ tool: String, _ arguments: [String]) throws -> String {
        let path = "/usr/bin/\(tool)"
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(tool) is missing: install poppler-utils (make deps)")
        return try BuiltProgram.run(path, arguments, environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"],
                                    in: FileManager.default.temporaryDirectory).stdout
    }

    static func words(_ text: String) -> String { text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }

    @Test func thePackAsAPDFHoldsEveryActionOfTheRegisterWithItsNoteOnSeveralPages() throws {
        try #require(["/usr/bin/weasyprint", "/usr/local/bin/weasyprint"].contains { FileManager.default.isExecutableFile(atPath: $0) },
                     "WeasyPrint is missing: `make test` installs it (APT_PACKAGES in the Makefile); or sudo apt-get install weasyprint")
        let cli = try CLIRunner(today: "2026-11-23")
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        try cli.ok(["import", Self.samples.appendingPathComponent("northmoor-safeguarding-and-looked-after-children.txt").path])
        let imported = try #require(try cli.json(["list", "--json"]) as? [[String: Any]])
        let findings = imported.compactMap { $0["finding_id"] as? Int }
        try #require(!findings.isEmpty, "the sample gives actions")
        // A plan of 40 actions, as a council's would be.
        for n in imported.count..<40 {
            try cli.ok(["add-action", "--finding", String(findings[n % findings.count]), "--title", "Added action number \(n + 1) of the plan",
                        "--owner", ["Head of Service", "Principal Social Worker", "Service Manager"][n % 3], "--due", "+\(n)wd",
                        "--measure", "\(n + 50)% of audited cases good", "--quiet"])
        }
        try cli.ok(["update", "1", "--note", "Audit of forty cases started by the team"])
        let actions = try #require(try cli.json(["list", "--json"]) as? [[String: Any]])
        let titles = actions.compactMap { $0["title"] as? String }
        try #require(titles.count == 40)

        let pdf = cli.directory.appendingPathComponent("pack.pdf").path
        let started = Date()
        let out = try cli.ok(["export", "-o", pdf])
        #expect(out.hasPrefix("wrote \(pdf): pdf, 1 plan, 40 actions"), "the .pdf extension chooses PDF: \(out)")
        let data = try #require(FileManager.default.contents(atPath: pdf))
        #expect(data.starts(with: Array("%PDF-".utf8)))
        let text = Self.words(try poppler("pdftotext", [pdf, "-"]))
        for title in titles { #expect(text.contains(Self.words(title)), "the PDF lacks the action \"\(title)\"") }
        #expect(text.contains("Audit of forty cases started by the team"), "the PDF lacks the latest note")
        #expect(text.contains("Action register") && text.contains("Actions by owner") && text.contains("SMART warnings"))
        #expect(text.lowercased().contains("improvement board pack"), "the cover")
        let info = try poppler("pdfinfo", [pdf])
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        #expect(pages > 3, "a cover, then each plan's summary, register, owners and warnings on pages of their own: \(pages) pages")
        print("PDF pack of \(titles.count) actions: \(pages) pages in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")

        // An existing file is refused without --force, as for every format.
        let again = try cli.run(["export", "--format", "pdf", "-o", pdf])
        #expect(again.status == 73)
    }

    @Test func withoutWeasyPrintAPDFIsRefusedInOneLineWithTheInstallCommandAndNothingIsWritten() throws {
        let cli = try CLIRunner(today: "2026-11-23")
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        _ = try cli.seedPlan()
        let pdf = cli.directory.appendingPathComponent("pack.pdf").path
        for environment: [String: String?] in [["ACTIONPLAN_WEASYPRINT": "/nonexistent/weasyprint"], ["PATH": "/nonexistent"]] {
            let result = try cli.run(["export", "--format", "pdf", "-o", pdf], environment: environment)
            #expect(result.status == 69, "status \(result.status): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
            #expect(result.stderr.contains("sudo apt-get install weasyprint"))
            #expect(!FileManager.default.fileExists(atPath: pdf))
        }
    }

    @Test func aPDFNeedsAFileAndNoExcel() throws {
        let cli = try CLIRunner(today: "2026-11-23")
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let toTerminal = try cli.run(["export", "--format", "pdf"])
        #expect(toTerminal.status == 64 && toTerminal.stderr.contains("needs -o FILE"), "\(toTerminal.stderr)")
        let excel = try cli.run(["export", "--format", "pdf", "--excel", "-o", "x.pdf"])
        #expect(excel.status == 64 && excel.stderr.contains("--excel"), "\(excel.stderr)")
    }
}
