import Foundation
import ActionPlanModel
import ActionPlanData
import InspectionParser

/// The data files the program ships, read and checked.
public enum ShippedFiles {
    /// The bank holidays a new database is seeded with.
    public static func holidays() throws -> [BankHoliday] {
        try read(ShippedData.bankHolidaysURL, what: "bank-holiday file") { data in
            do throws(HolidayTable.FeedError) { return .success(try HolidayTable.parseFeed(data)) } catch { return .failure(ParseFailure(message: error.message)) }
        }
    }

    /// The English local authorities with children's services duties (`Data/local-authorities.csv`),
    /// which name the authority of every imported document by its code. An installation without
    /// the file imports with names as written (each flagged as unknown).
    public static func localAuthorities() -> LocalAuthorityTable { localAuthorityTable }

    /// Read once per run: an import of many documents uses it for each.
    private static let localAuthorityTable: LocalAuthorityTable = {
        guard let url = ShippedData.localAuthoritiesURL, let text = try? String(contentsOf: url, encoding: .utf8) else {
            return LocalAuthorityTable()
        }
        return LocalAuthorityTable(csv: text)
    }()

    /// A shipped file read and parsed: missing means a broken installation, unreadable means a
    /// damaged one; either is one line that says to reinstall.
    static func read<T>(_ url: URL?, what: String, _ parse: (Data) -> Result<T, ParseFailure>) throws -> T {
        guard let url, let data = FileManager.default.contents(atPath: url.path) else {
            throw OperationError("the \(what) that ships with actionplan is missing: reinstall actionplan", status: .ioError)
        }
        switch parse(data) {
        case .success(let value): return value
        case .failure(let failure): throw OperationError("the shipped \(what) is damaged: \(failure.message)", status: .ioError)
        }
    }
}

/// Why a data file could not be read, in a person's words.
struct ParseFailure: Error {
    let message: String
}
