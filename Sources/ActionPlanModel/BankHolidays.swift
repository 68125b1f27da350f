import Foundation

/// One bank holiday.
public struct BankHoliday: Hashable, Sendable, Codable {
    public let day: Day
    public let name: String

    public init(day: Day, name: String) {
        self.day = day
        self.name = name
    }
}

/// The bank holidays of England and Wales: an official list for the years it covers, the
/// statutory rules for the years it does not.
public struct HolidayTable: Sendable, Equatable {
    /// The holidays of the official list, by day.
    public let listed: [Day: String]
    /// The years the official list covers (every year between its first and last holiday).
    public let coveredYears: ClosedRange<Int>?

    public init(holidays: [BankHoliday]) {
        var listed: [Day: String] = [:]
        for holiday in holidays { listed[holiday.day] = holiday.name }
        self.listed = listed
        if let first = listed.keys.min(), let last = listed.keys.max() {
            coveredYears = first.year...last.year
        } else {
            coveredYears = nil
        }
    }

    /// A table that knows only the statutory rules.
    public static let rulesOnly = HolidayTable(holidays: [])

    public func covers(year: Int) -> Bool { coveredYears?.contains(year) ?? false }

    /// Whether a year's holidays come from the list or from the rules.
    public func source(year: Int) -> String { covers(year: year) ? "table" : "rules" }

    /// Every bank holiday of a year, in date order.
    public func holidays(in year: Int) -> [BankHoliday] {
        if covers(year: year) {
            return listed.filter { $0.key.year == year }
                .map { BankHoliday(day: $0.key, name: $0.value) }
                .sorted { $0.day < $1.day }
        }
        return StatutoryHolidays.holidays(year: year)
    }

    /// The name of the bank holiday on a day, if it is one.
    public func holiday(on day: Day) -> String? {
        if covers(year: day.year) { return listed[day] }
        return StatutoryHolidays.holidays(year: day.year).first { $0.day == day }?.name
    }
}

extension HolidayTable {
    /// Reads the official bank-holidays JSON feed format:
    /// `{"england-and-wales": {"division": …, "events": [{"title", "date", …}]}, …}`.
    /// A bare `{"events": [...]}` division object is accepted too.
    public static func parseFeed(_ data: Data) throws(FeedError) -> [BankHoliday] {
        struct Event: Decodable { let title: String; let date: String }
        struct Division: Decodable { let events: [Event] }
        let division: Division
        do {
            let decoder = JSONDecoder()
            if let feed = try? decoder.decode([String: Division].self, from: data) {
                guard let englandAndWales = feed["england-and-wales"] else {
                    throw FeedError.noDivision
                }
                division = englandAndWales
            } else {
                division = try decoder.decode(Division.self, from: data)
            }
        } catch let error as FeedError {
            throw error
        } catch {
            throw FeedError.notJSON
        }
        var holidays: [BankHoliday] = []
        for event in division.events {
            guard let day = Day(iso: event.date) else { throw FeedError.badDate(event.date) }
            // A day the rest of the program could not print or read back (year 1) would move
            // every due date it reaches; the feed is refused whole.
            guard Day.supportedYears.contains(day.year) else { throw FeedError.yearOutOfRange(event.date) }
            let title = event.title.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !title.isEmpty else { throw FeedError.emptyTitle(event.date) }
            holidays.append(BankHoliday(day: day, name: title))
        }
        guard !holidays.isEmpty else { throw FeedError.noEvents }
        return holidays.sorted { $0.day < $1.day }
    }

    public enum FeedError: Error, Equatable, Sendable {
        case notJSON, noDivision, noEvents, badDate(String), yearOutOfRange(String), emptyTitle(String)

        public var message: String {
            switch self {
            case .notJSON: return "not a bank-holidays feed: expected JSON with an 'england-and-wales' division"
            case .noDivision: return "the feed has no 'england-and-wales' division"
            case .noEvents: return "the feed lists no bank holidays"
            case .badDate(let text): return "the feed has an impossible date '\(text)': expected YYYY-MM-DD"
            case .yearOutOfRange(let text):
                return "the feed has a date '\(text)' outside the years \(Day.supportedYears.lowerBound)–\(Day.supportedYears.upperBound)"
            case .emptyTitle(let date): return "the feed's holiday on \(date) has no title"
            }
        }
    }
}

/// The statutory bank holidays of England and Wales, for years the official list does not
/// cover: New Year's Day, Good Friday, Easter Monday, the first and last Mondays of May, the
/// last Monday of August, Christmas Day and Boxing Day, with substitute days when they fall
/// at a weekend. One-off days (jubilees, coronations) cannot be predicted.
public enum StatutoryHolidays {
    public static func holidays(year: Int) -> [BankHoliday] {
        guard (1...9998).contains(year), let jan1 = Day(year: year, month: 1, day: 1) else { return [] }
        var result: [BankHoliday] = []
        switch jan1.weekday {
        case .saturday: result.append(BankHoliday(day: jan1.adding(days: 2), name: "New Year's Day (substitute day)"))
        case .sunday: result.append(BankHoliday(day: jan1.adding(days: 1), name: "New Year's Day (substitute day)"))
        default: result.append(BankHoliday(day: jan1, name: "New Year's Day"))
        }
        let easter = easterSunday(year: year)
        result.append(BankHoliday(day: easter.adding(days: -2), name: "Good Friday"))
        result.append(BankHoliday(day: easter.adding(days: 1), name: "Easter Monday"))
        result.append(BankHoliday(day: firstMonday(year: year, month: 5), name: "Early May bank holiday"))
        result.append(BankHoliday(day: lastMonday(year: year, month: 5), name: "Spring bank holiday"))
        result.append(BankHoliday(day: lastMonday(year: year, month: 8), name: "Summer bank holiday"))
        let christmas = Day(dayNumber: Day.dayNumber(year: year, month: 12, day: 25))
        let boxing = Day(dayNumber: Day.dayNumber(year: year, month: 12, day: 26))
        switch christmas.weekday {
        case .friday:
            result.append(BankHoliday(day: christmas, name: "Christmas Day"))
            result.append(BankHoliday(day: christmas.adding(days: 3), name: "Boxing Day (substitute day)"))
        case .saturday:
            result.append(BankHoliday(day: christmas.adding(days: 2), name: "Christmas Day (substitute day)"))
            result.append(BankHoliday(day: christmas.adding(days: 3), name: "Boxing Day (substitute day)"))
        case .sunday:
            result.append(BankHoliday(day: boxing, name: "Boxing Day"))
            result.append(BankHoliday(day: christmas.adding(days: 2), name: "Christmas Day (substitute day)"))
        default:
            result.append(BankHoliday(day: christmas, name: "Christmas Day"))
            result.append(BankHoliday(day: boxing, name: "Boxing Day"))
        }
        return result.sorted { $0.day < $1.day }
    }

    /// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).
    public static func easterSunday(year: Int) -> Day {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return Day(dayNumber: Day.dayNumber(year: year, month: month, day: day))
    }

    static func firstMonday(year: Int, month: Int) -> Day {
        let first = Day(dayNumber: Day.dayNumber(year: year, month: month, day: 1))
        let offset = (Weekday.monday.rawValue - first.weekday.rawValue + 7) % 7
        return first.adding(days: offset)
    }

    static func lastMonday(year: Int, month: Int) -> Day {
        let last = Day(dayNumber: Day.dayNumber(year: year, month: month, day: Day.daysInMonth(year: year, month: month)))
        let offset = (last.weekday.rawValue - Weekday.monday.rawValue + 7) % 7
        return last.adding(days: -offset)
    }
}
