import Foundation
import Testing
import TestSupport

/// File names that look like pdftotext's options are files, not options.
@Suite struct ImportHardeningTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")

    @Test(arguments: ["-v", "-layout", "-f.pdf"])
    func aPDFNamedLikeAnOptionIsImportedAsAFile(name: String) throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0.hasSuffix(".pdf") }.sorted()
        let source = Self.corpus.appendingPathComponent(try #require(pdfs.first))
        try FileManager.default.copyItem(at: source, to: cli.directory.appendingPathComponent(name))
        let result = try cli.run(["import", "--dry-run", "--received", "2024-01-10", "--", name])
        #expect(result.status == 0, "\(name): \(result.stderr)")
        #expect(result.stdout.hasPrefix("would import \(name):"), "\(result.stdout.prefix(200))")
    }
}

/// pdftotext does not outlive the import that started it.
@Suite struct ImportChildTests {
    @Test func killingTheImportKillsPdftotext() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let marker = "31.\(Int.random(in: 100_000...999_999))"
        let fake = cli.directory.appendingPathComponent("slow-pdftotext").path
        #expect(FileManager.default.createFile(atPath: fake, contents: Data("#!/bin/sh\nexec sleep \(marker)\n".utf8),
                                               attributes: [.posixPermissions: 0o755]))
        let letter = cli.directory.appendingPathComponent("letter.pdf").path
        #expect(FileManager.default.createFile(atPath: letter, contents: Data("%PDF-1.4\n".utf8)))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = ["import", "--dry-run", "--received", "2026-01-05", letter]
        var environment = cli.environment
        environment["ACTIONPLAN_PDFTOTEXT"] = fake
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        func sleeping() -> Bool {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return names.contains { name in
                guard Int(name) != nil, let cmd = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { return false }
                return String(decoding: cmd, as: UTF8.self).contains(marker)
            }
        }
        var waited = 0
        while !sleeping() && waited < 500 { usleep(10_000); waited += 1 }
        #expect(sleeping(), "the fake pdftotext started")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        waited = 0
        while sleeping() && waited < 300 { usleep(10_000); waited += 1 }
        #expect(!sleeping(), "pdftotext was killed with the import")
    }
}
