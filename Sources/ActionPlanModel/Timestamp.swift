import Foundation

/// Moments as text: ISO 8601 in UTC with milliseconds ("2026-11-22T15:30:00.123Z"), the form
/// used in the database, the audit trail and JSON output. Sorts as text in time order.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var days = ms / 86_400_000
        var rem = ms % 86_400_000
        if rem < 0 { rem += 86_400_000; days -= 1 }
        let h = Int(rem / 3_600_000), m = Int((rem / 60_000) % 60), s = Int((rem / 1000) % 60), f = Int(rem % 1000)
        let day = Day(dayNumber: Int(days))
        guard (0...9999).contains(day.year) else {
            func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            let frac = f < 10 ? "00\(f)" : (f < 100 ? "0\(f)" : "\(f)")
            return "\(day.iso)T\(two(h)):\(two(m)):\(two(s)).\(frac)Z"
        }
        // Into the string's own 24 bytes: two of these are written for each action listed.
        return String(unsafeUninitializedCapacity: 24) { bytes in
            day.writeISO(into: bytes)
            bytes[10] = UInt8(ascii: "T")
            Day.writeDigits(h, count: 2, into: bytes, at: 11)
            bytes[13] = UInt8(ascii: ":")
            Day.writeDigits(m, count: 2, into: bytes, at: 14)
            bytes[16] = UInt8(ascii: ":")
            Day.writeDigits(s, count: 2, into: bytes, at: 17)
            bytes[19] = UInt8(ascii: ".")
            Day.writeDigits(f, count: 3, into: bytes, at: 20)
            bytes[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// Parses the form written by `format`, also without milliseconds; nil otherwise.
    /// Works on the UTF-8 bytes: the store parses two of these per action read.
    public static func parse(_ text: String) -> Date? {
        var copy = text
        return copy.withUTF8 { bytes -> Date? in
            // YYYY-MM-DDTHH:MM:SS[.fff…]Z
            guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), bytes[bytes.count - 1] == UInt8(ascii: "Z"),
                  bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else { return nil }
            func number(_ from: Int, _ to: Int) -> Int? {
                var value = 0
                for i in from..<to {
                    let b = bytes[i]
                    guard b >= 48 && b <= 57 else { return nil }
                    value = value * 10 + Int(b - 48)
                }
                return value
            }
            guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  let y = number(0, 4), let mo = number(5, 7), let d = number(8, 10), let day = Day(year: y, month: mo, day: d),
                  let h = number(11, 13), let mi = number(14, 16), let sec = number(17, 19),
                  h < 24, mi < 60, sec < 61 else { return nil }
            var fraction = 0.0
            if bytes.count > 20 {
                // At most nanoseconds: more digits would overflow the number (and mean nothing).
                guard bytes[19] == UInt8(ascii: "."), bytes.count > 21, bytes.count <= 30,
                      let f = number(20, bytes.count - 1) else { return nil }
                var scale = 1.0
                for _ in 20..<(bytes.count - 1) { scale *= 10 }
                fraction = Double(f) / scale
            } else if bytes[19] != UInt8(ascii: "Z") {
                return nil
            }
            let seconds = Double(day.dayNumber) * 86_400 + Double(h * 3600 + mi * 60 + sec) + fraction
            return Date(timeIntervalSince1970: seconds)
        }
    }

    /// The UTC day of a moment.
    public static func utcDay(_ date: Date) -> Day {
        Day(dayNumber: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
