import Foundation

/// Moments as text: ISO 8601 in UTC with milliseconds ("2026-11-22T15:30:00.123Z"), the form
/// used in the database, the audit trail and JSON output. Sorts as text in time order.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var days = ms / 86_400_000
        var rem = ms % 86_400_000
        if rem < 0 { rem += 86_400_000; days -= 1 }
        let h = rem / 3_600_000, m = (rem / 60_000) % 60, s = (rem / 1000) % 60, f = rem % 1000
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let frac = f < 10 ? "00\(f)" : (f < 100 ? "0\(f)" : "\(f)")
        return "\(Day(dayNumber: Int(days)).iso)T\(two(h)):\(two(m)):\(two(s)).\(frac)Z"
    }

    /// Parses the form written by `format`, also without milliseconds; nil otherwise.
    public static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = Day(iso: String(parts[0])), parts[1].hasSuffix("Z") else { return nil }
        let time = parts[1].dropLast()
        let hms = time.split(separator: ":")
        guard hms.count == 3, let h = Int(hms[0]), let m = Int(hms[1]), let seconds = Double(hms[2]),
              (0..<24).contains(h), (0..<60).contains(m), seconds >= 0, seconds < 61 else { return nil }
        let total = Double(day.dayNumber) * 86_400 + Double(h * 3600 + m * 60) + seconds
        return Date(timeIntervalSince1970: total)
    }

    /// The UTC day of a moment.
    public static func utcDay(_ date: Date) -> Day {
        Day(dayNumber: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
