/// How a due date is derived from the date a document was received.
public enum DeadlineRule: Hashable, Sendable {
    /// Due on the day of receipt.
    case immediately
    /// The Nth working day after receipt.
    case workingDays(Int)
    /// N calendar months after receipt, brought back to the previous working day when that
    /// day is not one ("within" means no later than).
    case months(Int)
    /// A date the document states.
    case fixed(Day)

    /// The due date for a document received on `received`.
    public func due(received: Day, calendar: WorkingDayCalendar) -> Day {
        switch self {
        case .immediately: return received
        case .workingDays(let n): return calendar.addingWorkingDays(n, to: received)
        case .months(let n): return calendar.workingDay(onOrBefore: received.adding(months: n))
        case .fixed(let day): return day
        }
    }

    /// A compact code stored in the database and in configuration: `immediately`, `wd:70`,
    /// `m:3`, `date:2018-09-10`.
    public var code: String {
        switch self {
        case .immediately: return "immediately"
        case .workingDays(let n): return "wd:\(n)"
        case .months(let n): return "m:\(n)"
        case .fixed(let day): return "date:\(day.iso)"
        }
    }

    public init?(code: String) {
        if code == "immediately" { self = .immediately; return }
        let parts = code.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "wd":
            guard let n = Int(parts[1]), (0...10_000).contains(n) else { return nil }
            self = .workingDays(n)
        case "m":
            guard let n = Int(parts[1]), (0...1_200).contains(n) else { return nil }
            self = .months(n)
        case "date":
            guard let day = Day(iso: parts[1]) else { return nil }
            self = .fixed(day)
        default:
            return nil
        }
    }

    /// "70 working days after receipt", "within 3 months of receipt".
    public var description: String {
        switch self {
        case .immediately: return "immediately on receipt"
        case .workingDays(let n): return "\(n) working day\(n == 1 ? "" : "s") after receipt"
        case .months(let n): return "within \(n) month\(n == 1 ? "" : "s") of receipt"
        case .fixed(let day): return "by \(day.longDescription)"
        }
    }

    /// Whether the due date depends on the holiday table (and so may move when it changes).
    public var dependsOnHolidays: Bool {
        switch self {
        case .workingDays, .months: return true
        case .immediately, .fixed: return false
        }
    }
}

/// A date as a person types it: `YYYY-MM-DD`, the UK's `31/12/2026` and `31 Dec 2026`, `today`,
/// `+20wd` (working days from today), `+3m` (calendar months from today, brought back to a
/// working day), `+5d` (calendar days).
public enum DateExpression: Hashable, Sendable {
    /// Every form `parse` accepts, as each refusal and each prompt lists them.
    public static let acceptedForms = "YYYY-MM-DD, 31/12/2026, 31 Dec 2026, today, +Nwd (working days), +Nm (months) or +Nd (days)"

    case date(Day)
    case today
    case workingDaysFromToday(Int)
    case monthsFromToday(Int)
    case daysFromToday(Int)

    /// The one-line reason a text is not a date expression.
    public struct ParseError: Error, Equatable, Sendable {
        public let message: String
    }

    public static func parse(_ raw: String) throws(ParseError) -> DateExpression {
        let text = raw.trimmingWhitespace().lowercased()
        if text.isEmpty { throw ParseError(message: "empty date: expected \(acceptedForms)") }
        if text == "today" { return .today }
        if let first = text.first, first == "+" || first == "-" {
            let body = text.dropFirst()
            let digits = body.prefix { $0.isASCII && $0.isNumber }
            let unit = body.dropFirst(digits.count)
            if first == "-" {
                throw ParseError(message: "'\(raw)' counts backwards: expected a count of zero or more, as in +20wd")
            }
            guard !digits.isEmpty, digits.count <= 5, let n = Int(digits) else {
                throw ParseError(message: "'\(raw)' is not a date: expected \(acceptedForms)")
            }
            let limits = ["wd": 10_000, "m": 1_200, "d": 36_500]
            if let limit = limits[String(unit)], n > limit {
                throw ParseError(message: "'\(raw)' is too far ahead: at most +\(limit)\(unit)")
            }
            switch unit {
            case "wd": return .workingDaysFromToday(n)
            case "m": return .monthsFromToday(n)
            case "d": return .daysFromToday(n)
            default:
                throw ParseError(message: "'\(raw)' has an unknown unit '\(unit)': expected wd (working days), m (months) or d (days)")
            }
        }
        if let day = Day(iso: text) ?? Day(british: text) {
            guard Day.supportedYears.contains(day.year) else {
                throw ParseError(message: "'\(raw)' is outside the years \(Day.supportedYears.lowerBound)–\(Day.supportedYears.upperBound)")
            }
            return .date(day)
        }
        if text.count == 10, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }) || Day.looksBritish(text) {
            throw ParseError(message: "'\(raw)' is not a real date")
        }
        throw ParseError(message: "'\(raw)' is not a date: expected \(acceptedForms)")
    }

    /// The day the expression stands for, given today.
    public func resolve(today: Day, calendar: WorkingDayCalendar) -> Day {
        switch self {
        case .date(let day): return day
        case .today: return today
        case .workingDaysFromToday(let n): return calendar.addingWorkingDays(n, to: today)
        case .monthsFromToday(let n): return calendar.workingDay(onOrBefore: today.adding(months: n))
        case .daysFromToday(let n): return today.adding(days: n)
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

extension DeadlineRule: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        guard let rule = DeadlineRule(code: code) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown deadline rule '\(code)'")
        }
        self = rule
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
