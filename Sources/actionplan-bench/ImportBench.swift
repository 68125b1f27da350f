import Foundation
import InspectionParser

/// A letter of about `bytes` bytes: a focused-visit letter whose "what needs to improve"
/// section holds thousands of bullets, wrapped over two lines each (or on one line each, the
/// input that showed the parser was quadratic).
func largeLetter(bytes: Int, oneLine: Bool = false, numbered: Bool = false) -> (text: String, bullets: Int) {
    var text = """
        Ofsted focused visit to Northmoor Borough Council children's services
        26 October 2022

        What needs to improve in this area of social work practice?

        """
    var n = 0
    var size = text.utf8.count
    while size < bytes {
        n += 1
        let item = numbered
            ? "\(n). The quality of assessment number \(n), so that the needs of children are understood.\n"
            : oneLine
            ? "• The quality of assessment number \(n), so that the needs of children are understood (point \(n)).\n"
            : "• The quality of assessment number \(n), so that the needs of children and their families are understood\n"
                + "  and the plans that follow are specific, measurable and reviewed on time (point \(n)).\n"
        text += item
        size += item.utf8.count
    }
    return (text, n)
}

/// The parser's scale table, in Markdown.
func printParserScale(megabytes: [Int]) {
    print("| list | size | items | findings | parse | per MB |")
    print("|---|---|---|---|---|---|")
    for numbered in [false, true] {
        for r in parserScale(megabytes: megabytes, numbered: numbered) {
            print(String(format: "| %@ | %d MB | %d | %d | %.2f s | %.3f s |", numbered ? "numbered" : "bullets", r.megabytes,
                         r.bullets, r.findings, r.seconds, r.seconds / Double(r.megabytes)))
        }
    }
}

/// The parser's time per megabyte on letters of one-line bullets (or numbered items) of growing
/// size: flat when parsing is linear.
func parserScale(megabytes: [Int], numbered: Bool) -> [(megabytes: Int, bullets: Int, findings: Int, seconds: Double)] {
    megabytes.map { mb in
        let (text, bullets) = largeLetter(bytes: mb * 1024 * 1024, oneLine: true, numbered: numbered)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let findings = InspectionDocumentParser.parse(text: text, fileName: "scale.txt").findings.count
        return (mb, bullets, findings, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
}

/// Import timings: each seed document parsed (no I/O), a PDF through pdftotext and the whole
/// command, and the large inputs of issue 6.
struct ImportBench {
    let bench: BenchmarkRun

    var shared: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent().appendingPathComponent("shared") }

    func run() throws {
        print("")
        print("## Import")
        print("")
        print("| document | size | parse only (median) | findings |")
        print("|---|---|---|---|")
        let seeds = ((try? FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent("seeds").path)) ?? [])
            .filter { $0.hasSuffix(".txt") }.sorted()
        for seed in seeds {
            let text = try String(contentsOf: shared.appendingPathComponent("seeds/\(seed)"), encoding: .utf8)
            var times: [Double] = []
            var count = 0
            for _ in 0..<max(bench.repeats, 5) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                count = InspectionDocumentParser.parse(text: text, fileName: seed).findings.count
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            }
            print("| `\(seed)` | \(text.utf8.count / 1024) KB | \(String(format: "%.2f ms", median(times))) | \(count) |")
        }
        let (big, bullets) = largeLetter(bytes: 5 * 1024 * 1024)
        var times: [Double] = []
        var found = 0
        for _ in 0..<3 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            found = InspectionDocumentParser.parse(text: big, fileName: "large.txt").findings.count
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        }
        print("| generated letter, \(bullets) bullets | \(big.utf8.count / 1024) KB | \(String(format: "%.0f ms", median(times))) | \(found) |")
        let hugeLine = "Areas for improvement\n\n• " + String(repeating: "word ", count: 400_000)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let one = InspectionDocumentParser.parse(text: hugeLine, fileName: "line.txt").findings.count
        let lineMs = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        print("| one bullet on a single 2 MB line | \(hugeLine.utf8.count / 1024) KB | \(String(format: "%.0f ms", lineMs)) | \(one) |")
        print("")
        print("Parser time per MB (flat when parsing is linear; `actionplan-bench parser-scale`):")
        print("")
        printParserScale(megabytes: bench.parserSizes)

        let pdfs = ((try? FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent("corpus").path)) ?? [])
            .filter { $0.hasSuffix(".pdf") }.sorted().prefix(3)
        if let pdftotext = which("pdftotext"), !pdfs.isEmpty {
            print("")
            print("| PDF | pdftotext -layout alone | `actionplan import --dry-run` (whole command) |")
            print("|---|---|---|")
            for pdf in pdfs {
                let path = shared.appendingPathComponent("corpus/\(pdf)").path
                var alone: [Double] = [], whole: [Double] = []
                for _ in 0..<max(bench.repeats, 3) {
                    alone.append(try measure(pdftotext, ["-layout", path, "/dev/null"]).seconds)
                    whole.append(try measure(bench.actionplan, ["import", "--dry-run", path]).seconds)
                }
                print("| `\(pdf)` | \(String(format: "%.0f ms", median(alone) * 1000)) | \(String(format: "%.0f ms", median(whole) * 1000)) |")
            }
        }
        let huge = "\(bench.workDirectory)/huge-51MB.txt"
        if !FileManager.default.fileExists(atPath: huge) {
            _ = FileManager.default.createFile(atPath: huge, contents: Data(repeating: UInt8(ascii: "x"), count: 51 * 1024 * 1024))
        }
        let refusal = try measure(bench.actionplan, ["import", "--dry-run", huge])
        print("")
        print("A 51 MB text file is refused (exit \(refusal.status)) in \(String(format: "%.0f ms", refusal.seconds * 1000)).")
    }
}
