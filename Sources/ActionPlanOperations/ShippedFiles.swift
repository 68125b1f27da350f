import Foundation
import ActionPlanModel
import ActionPlanData

/// The data files the program ships, read and checked.
public enum ShippedFiles {
    /// The bank holidays a new database is seeded with.
    public static func holidays() throws -> [BankHoliday] {
        guard let url = ShippedData.bankHolidaysURL, let data = FileManager.default.contents(atPath: url.path) else {
            throw OperationError("the bank-holiday data file that ships with actionplan is missing: reinstall actionplan", status: .ioError)
        }
        do {
            return try HolidayTable.parseFeed(data)
        } catch {
            throw OperationError("the shipped bank-holiday file is damaged: \(error.message)", status: .ioError)
        }
    }
}
