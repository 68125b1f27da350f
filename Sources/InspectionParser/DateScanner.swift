import ActionPlanModel

/// Finds dates written in words: "26 October 2022", "21 and 22 September 2022",
/// "13 to 24 September 2010", "29 April 2019 to 3 May 2019", "the 15 and 16 of May 2018",
/// "3 and 4 July" (no year), and dates in figures, day first ("12/09/2016").
enum DateScanner {
    struct PartialDate: Equatable {
        var day: Int
        var month: Int?
        var year: Int?
    }

    /// A run of dates joined by "and", "to", commas or dashes.
    struct Run: Equatable {
        var dates: [PartialDate]
        var isRange: Bool
        /// Offset (in words) of the run in the scanned text, and the text before it.
        var wordIndex: Int
        var before: String
    }

    static let months: [String: Int] = {
        var m: [String: Int] = [:]
        for (i, name) in Day.monthNames.enumerated() {
            m[name.lowercased()] = i + 1
            m[String(name.lowercased().prefix(3))] = i + 1
        }
        m["sept"] = 9
        return m
    }()

    static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var word = ""
        for ch in text {
            if ch.isLetter || ch.isNumber {
                word.append(ch)
            } else {
                if !word.isEmpty { out.append(word); word = "" }
 if ch == "/" { out.append("/") }
                if ch == "," || ch == "-" || ch == "\u{2013}" || ch == "\u{2014}" || ch == "." || ch == ":" || ch == ";" || ch == "(" || ch == ")" {
                    out.append(String(ch))
                }
            }
        }
        if !word.isEmpty { out.append(word) }
        return numericDatesAsWords(out)
    }

    /// "12", "/", "09", "/", "2016" → "12", "September", "2016"; any other "/" is dropped.
    static func numericDatesAsWords(_ toks: [String]) -> [String] {
        guard toks.contains("/") else { return toks }
        var out: [String] = []
        out.reserveCapacity(toks.count)
        var i = 0
        while i < toks.count {
            if i + 4 < toks.count, toks[i + 1] == "/", toks[i + 3] == "/", dayValue(toks[i]) != nil, toks[i + 2].count <= 2,
               let m = Int(toks[i + 2]), (1...12).contains(m), toks[i + 4].count == 4, Int(toks[i + 4]) != nil {
                out.append(contentsOf: [toks[i], Day.monthNames[m - 1], toks[i + 4]])
                i += 5
                continue
            }
            if toks[i] != "/" { out.append(toks[i]) }
            i += 1
        }
        return out
    }

    static func dayValue(_ token: String) -> Int? {
        var t = token.lowercased()
        for suffix in ["st", "nd", "rd", "th"] where t.hasSuffix(suffix) && t.count > 2 { t.removeLast(2) }
        guard t.count <= 2, let v = Int(t), (1...31).contains(v) else { return nil }
        return v
    }

    static func runs(in text: String) -> [Run] {
        let toks = tokens(text)
        var result: [Run] = []
        var i = 0
        while i < toks.count {
            guard dayValue(toks[i]) != nil else { i += 1; continue }
            let startIndex = i
            var dates: [PartialDate] = []
            var isRange = false
            var sawMonth = false
            var j = i
            var lastWasConnector = true
            while j < toks.count {
                let t = toks[j]
                let lower = t.lowercased()
                if let d = dayValue(t) {
                    guard dates.isEmpty || lastWasConnector else { break }
                    dates.append(PartialDate(day: d)); lastWasConnector = false; j += 1; continue
                }
                if let m = months[lower], !dates.isEmpty {
                    // The month belongs to every date before it that has none.
                    var k = dates.count - 1
                    while k >= 0, dates[k].month == nil { dates[k].month = m; k -= 1 }
                    sawMonth = true; lastWasConnector = false; j += 1; continue
                }
                if t.count == 4, let y = Int(t), (1990...2100).contains(y), !dates.isEmpty {
                    var k = dates.count - 1
                    while k >= 0, dates[k].year == nil { dates[k].year = y; k -= 1 }
                    lastWasConnector = false; j += 1; continue
                }
                if ["and", ",", "&"].contains(lower) { lastWasConnector = true; j += 1; continue }
                if ["to", "-", "\u{2013}", "\u{2014}", "until", "till"].contains(lower) {
                    isRange = true; lastWasConnector = true; j += 1; continue
                }
                if ["of", "the"].contains(lower) { j += 1; continue }
                break
            }
            // Trailing connectors are not part of the run.
            dates.removeAll { $0.month == nil }
            if sawMonth, !dates.isEmpty {
                // A long lead-in ("… a focused visit to Stockton-on-Tees Borough Council children's
                // services on 17 and 18 April 2018") still names the visit.
                let before = toks[max(0, startIndex - 24)..<startIndex].joined(separator: " ")
                result.append(Run(dates: dates, isRange: isRange && dates.count >= 2, wordIndex: startIndex, before: before))
            }
            i = max(j, i + 1)
        }
        return result
    }

    /// Resolves the dates of a run, taking a missing year from `defaultYear` (the year before
    /// when the month is after `referenceMonth`, for a visit before a letter).
    static func resolve(_ run: Run, reference: Day?) -> [Day] {
        var days: [Day] = []
        for d in run.dates {
            guard let month = d.month else { continue }
            var year = d.year
            if year == nil, let ref = reference {
                year = month > ref.month ? ref.year - 1 : ref.year
            }
            guard let y = year, let day = documentDay(y, month, d.day) else { continue }
            days.append(day)
        }
        if run.isRange, days.count > 2 { days = [days[0], days[days.count - 1]] }
        return days
    }

    /// The years a document's dates may have: inspection letters are from 1990 on, and a date
    /// far outside this is a misreading (and would push deadlines off the calendar).
    static let documentYears = 1990...2100

    /// A date a document states, or nil when it is impossible or outside `documentYears`.
    static func documentDay(_ year: Int, _ month: Int, _ day: Int) -> Day? {
        guard documentYears.contains(year) else { return nil }
        return Day(year: year, month: month, day: day)
    }

    /// A line that is nothing but a date ("26 October 2022", "12 May 2014").
    static func standaloneDate(_ text: String) -> Day? {
        let toks = tokens(text).filter { $0 != "," && $0 != "." }
        guard toks.count == 3 || toks.count == 4 else { return nil }
        var t = toks
        if t.count == 4 {
            // "Tuesday 9 May 2023"
            guard ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].contains(t[0].lowercased()) else { return nil }
            t.removeFirst()
        }
        guard let d = dayValue(t[0]), let m = months[t[1].lowercased()], t[2].count == 4, let y = Int(t[2]) else { return nil }
        return documentDay(y, m, d)
    }
}
