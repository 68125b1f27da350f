/// A civil date (year, month, day) with no time and no time zone.
///
/// Deadlines are counted in whole days, so the model never touches `Date` or a time zone:
/// arithmetic is on a day number (days since 1970-01-01), computed with Howard Hinnant's
/// civil-from-days algorithms.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A validated date; nil for impossible dates such as 2023-02-30.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(iso text: String) {
        var copy = text
        let parts: (Int, Int, Int)? = copy.withUTF8 { utf8 in
            guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for i in range {
                    let byte = utf8[i]
                    guard byte >= 48, byte <= 57 else { return nil }
                    value = value * 10 + Int(byte - 48)
                }
                return value
            }
            guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
            return (y, m, d)
        }
        guard let (y, m, d) = parts else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day `n` days after 1970-01-01 (negative before it).
    public init(dayNumber n: Int) {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01 of a year, month and day, without checking them: for computed
    /// dates (Easter, the Nth Monday) that must never fail, whatever the year.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The years a date typed by a person may have. Deadlines counted from them (at most
    /// 10,000 working days or 1,200 months) stay well inside the years `Day` can print.
    public static let supportedYears = 1900...2999

    /// Days since 1970-01-01.
    public var dayNumber: Int { Day.dayNumber(year: year, month: month, day: day) }

    /// `YYYY-MM-DD`.
    public var iso: String {
        // Written into the string's own ten bytes (a list of 100,000 actions writes 300,000).
        guard (0...9999).contains(year) else {
            func pad(_ v: Int, _ width: Int) -> String {
                let s = String(v)
                return String(repeating: "0", count: max(0, width - s.count)) + s
            }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        }
        return String(unsafeUninitializedCapacity: 10) { bytes in
            writeISO(into: bytes)
            return 10
        }
    }

    /// Writes `YYYY-MM-DD` into the first ten bytes (a year from 0 to 9999).
    func writeISO(into bytes: UnsafeMutableBufferPointer<UInt8>) {
        Day.writeDigits(year, count: 4, into: bytes, at: 0)
        bytes[4] = UInt8(ascii: "-")
        Day.writeDigits(month, count: 2, into: bytes, at: 5)
        bytes[7] = UInt8(ascii: "-")
        Day.writeDigits(day, count: 2, into: bytes, at: 8)
    }

    /// Writes the last `count` decimal digits of `value` (not negative), zero-padded.
    static func writeDigits(_ value: Int, count: Int, into bytes: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var rest = value
        for index in stride(from: start + count - 1, through: start, by: -1) {
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }

    public var description: String { iso }

    public var weekday: Weekday { Weekday(rawValue: Day.weekdayIndex(dayNumber: dayNumber) + 1)! }

    /// 0 for Monday … 6 for Sunday (1970-01-01, day 0, was a Thursday).
    static func weekdayIndex(dayNumber: Int) -> Int { ((dayNumber % 7) + 7 + 3) % 7 }

    /// Whether the day of this number is a Saturday or a Sunday.
    static func isWeekend(dayNumber: Int) -> Bool { weekdayIndex(dayNumber: dayNumber) >= 5 }

    public func adding(days: Int) -> Day { Day(dayNumber: dayNumber + days) }

    /// The same day of the month `months` calendar months later, clamped to the month's end
    /// (31 August + 6 months = the last day of February).
    public func adding(months: Int) -> Day {
        let total = year * 12 + (month - 1) + months
        let y = total / 12
        let m = total % 12 + 1
        let d = min(day, Day.daysInMonth(year: y, month: m))
        return Day(year: y, month: m, day: d) ?? self
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.dayNumber < rhs.dayNumber }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// English month names, for documents and reports.
    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                    "August", "September", "October", "November", "December"]

    /// "9 May 2023".
    /// A date as written in the UK: `31/12/2026`, `31-12-2026`, `31.12.2026`, `31 Dec 2026`,
    /// `31 December 2026` (a four-digit year; day before month). Nil for anything else or a
    /// day that does not exist.
    public init?(british text: String) {
        let trimmed = text.trimmingWhitespace()
        for separator in ["/", ".", "-"] where trimmed.contains(separator) {
            let parts = trimmed.split(separator: Character(separator), omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 4,
                  let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) else { return nil }
            self.init(year: y, month: m, day: d)
            return
        }
        let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard words.count == 3, words[0].count <= 2, let d = Int(words[0]), words[2].count == 4, let y = Int(words[2]),
              let m = Day.month(named: words[1]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// A month by its English name or its first three letters, any case ("Dec", "december", "Sept").
    public static func month(named text: String) -> Int? {
        var word = text.lowercased()
        while word.hasSuffix(".") { word.removeLast() }
        guard word.count >= 3 else { return nil }
        if word == "sept" { return 9 }
        for (index, name) in monthNames.enumerated() {
            let lower = name.lowercased()
            if word == lower || word == String(lower.prefix(3)) { return index + 1 }
        }
        return nil
    }

    /// Whether text has the shape of a UK date (so that a refusal can say "not a real date").
    static func looksBritish(_ text: String) -> Bool {
        let parts = text.split(whereSeparator: { "/.- ".contains($0) })
        return parts.count == 3 && parts[0].allSatisfy(\.isNumber) && parts[2].count == 4 && parts[2].allSatisfy(\.isNumber)
            && (parts[1].allSatisfy(\.isNumber) || month(named: String(parts[1])) != nil)
    }

    public var longDescription: String { "\(day) \(Day.monthNames[month - 1]) \(year)" }
}

extension Day: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date YYYY-MM-DD, got \(text)")
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

public enum Weekday: Int, Sendable, CaseIterable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    public var name: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][rawValue - 1]
    }
    public var shortName: String { String(name.prefix(3)) }
    public var isWeekend: Bool { self == .saturday || self == .sunday }
}
