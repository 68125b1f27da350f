import Foundation
import Testing

/// Compares an output with its checked-in golden file, or records it when
/// `ACTIONPLAN_RECORD_GOLDEN=1`. A mismatch reports the first differing lines.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["ACTIONPLAN_RECORD_GOLDEN"] == "1" }

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        if recording {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do { try Data(actual.utf8).write(to: url) } catch {
                Issue.record("could not record \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = try? Data(contentsOf: url) else {
            Issue.record("no golden file \(url.path): run the tests with ACTIONPLAN_RECORD_GOLDEN=1 to record it",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            Issue.record(Comment(rawValue: "\(name) differs from its golden file (re-record with ACTIONPLAN_RECORD_GOLDEN=1 if the change is intended):\n"
                                 + diff(expected, actual)), sourceLocation: sourceLocation)
        }
    }

    /// The differing lines, with their numbers: `-` expected, `+` actual.
    static func diff(_ expected: String, _ actual: String, limit: Int = 12) -> String {
        // Character-wise, so that CRLF (one Character) ends a line too.
        let e = expected.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let a = actual.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var out: [String] = []
        var shown = 0
        for i in 0..<max(e.count, a.count) where shown < limit {
            let el = i < e.count ? String(e[i]) : nil
            let al = i < a.count ? String(a[i]) : nil
            if el != al {
                if let el { out.append("line \(i + 1) - \(el.debugDescription)") }
                if let al { out.append("line \(i + 1) + \(al.debugDescription)") }
                shown += 1
            }
        }
        if e.count != a.count { out.append("(\(e.count) lines expected, \(a.count) actual)") }
        return out.joined(separator: "\n")
    }
}
