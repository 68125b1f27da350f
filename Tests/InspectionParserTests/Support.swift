import Foundation
import ActionPlanModel
import ActionPlanData
@testable import InspectionParser

/// Where the shared folder is: the repository's parent directory holds `shared/`.
enum Paths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared")
    static let seeds = shared.appendingPathComponent("seeds")
    static let corpus = shared.appendingPathComponent("corpus")
    /// More real reports (area SEND tables, SIF reports, the North East's authorities).
    static let corpusExtra = shared.appendingPathComponent("corpus-extra")
    static let samples = repository.appendingPathComponent("Data/samples")

    static func seed(_ prefix: String) throws -> (name: String, text: String) {
        let names = try FileManager.default.contentsOfDirectory(atPath: seeds.path).filter { $0.hasPrefix(prefix) && $0.hasSuffix(".txt") }
        guard let name = names.first else { throw TestFailure("no seed \(prefix)* in \(seeds.path)") }
        return (name, try String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The shipped holiday table and import defaults, loaded the way the program loads them.
enum Shipped {
    static let calendar: WorkingDayCalendar = {
        guard let url = ShippedData.bankHolidaysURL, let data = try? Data(contentsOf: url),
              let holidays = try? HolidayTable.parseFeed(data) else { return WorkingDayCalendar(holidays: .rulesOnly) }
        return WorkingDayCalendar(holidays: HolidayTable(holidays: holidays))
    }()

    static func defaults() throws -> ImportDefaults {
        guard let url = ShippedData.importDefaultsURL else { throw TestFailure("Data/import-defaults.json not found") }
        return try ImportDefaults.parse(try Data(contentsOf: url))
    }

    /// The shipped local-authority table, parsed the way the program parses it.
    static let authorities: LocalAuthorityTable = {
        guard let url = ShippedData.localAuthoritiesURL, let text = try? String(contentsOf: url, encoding: .utf8) else { return LocalAuthorityTable() }
        return LocalAuthorityTable(csv: text)
    }()

    static func planner() throws -> ImportPlanner { ImportPlanner(defaults: try defaults(), calendar: calendar) }
}

extension Extraction {
    /// "area_for_development=8 priority_action=2" for failure messages.
    var countSummary: String {
        FindingCategory.allCases.compactMap { c in count(c) > 0 ? "\(c.rawValue)=\(count(c))" : nil }.joined(separator: " ")
    }
}

/// Runs `pdftotext -layout FILE -` as a subprocess with an argument list, the way the program does.
enum PDFText {
    static func convert(_ url: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = ["-layout", "-enc", "UTF-8", url.path, "-"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("pdftotext failed on \(url.lastPathComponent) with status \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}
