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

    /// The themes inspections return to and their rules (`Data/themes.txt`, docs/themes.md).
    /// Missing or damaged, it is a broken installation (status 74).
    public static func themeRules() throws -> ThemeRules {
        try read(ShippedData.themesURL, what: "themes file") { data in
            guard let text = String(data: data, encoding: .utf8) else { return .failure(ParseFailure(message: "it is not UTF-8 text")) }
            do throws(ThemeRules.ParseError) { return .success(try ThemeRules(parsing: text)) } catch { return .failure(ParseFailure(message: error.message)) }
        }
    }

    /// Theme rules from a file a person gives (`themes --rules FILE`): a file that cannot be read
    /// is status 66, a bad line status 65, each in one line naming the file and the line.
    public static func themeRules(file path: String) throws -> ThemeRules {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OperationError("cannot read the themes file \(path)", status: .noInput)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw OperationError("themes file \(path): it is not UTF-8 text", status: .dataError)
        }
        do throws(ThemeRules.ParseError) {
            return try ThemeRules(parsing: text)
        } catch {
            throw OperationError("themes file \(path): \(error.message)", status: .dataError)
        }
    }

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
