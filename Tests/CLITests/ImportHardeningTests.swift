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
