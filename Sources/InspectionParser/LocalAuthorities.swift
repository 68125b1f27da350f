import ActionPlanModel

/// The English local authorities with children's services duties, for naming the authority of
/// a document by its DfE code and canonical name.
///
/// Parsed from the CSV text the program ships (`Data/local-authorities.csv`: `la_code`, ONS code,
/// name, other names, region, …); the caller reads the file and passes the text in, so the
/// parser stays free of I/O.
public struct LocalAuthorityTable: Sendable, Hashable {
    /// One authority of the table.
    public typealias Authority = LocalAuthority

    public private(set) var authorities: [Authority]
    /// Normalised name → index in `authorities`.
    private var byKey: [String: Int] = [:]
    /// DfE code → index in `authorities`.
    private var byCode: [String: Int] = [:]

    /// An empty table: nothing is resolved and nothing is flagged.
    public init() { self.authorities = [] }

    public init(authorities: [Authority]) {
        self.authorities = authorities
        for (index, a) in authorities.enumerated() {
            if byCode[a.code] == nil { byCode[a.code] = index }
            for name in [a.name] + a.otherNames {
                for key in Self.keys(forTableName: name) where byKey[key] == nil { byKey[key] = index }
            }
        }
    }

    /// Reads the CSV text of `Data/local-authorities.csv` (`la_code`, ONS code, name, other names,
    /// region code, region, type, statistical neighbours, population, started, ended). Rows
    /// without a code or a name are skipped; a header row is recognised by its `la_code` column.
    public init(csv: String) {
        var rows: [Authority] = []
        for record in CSVText.records(csv) {
            guard record.count >= 3 else { continue }
            func field(_ i: Int) -> String { i < record.count ? record[i].trimmingCharacters(in: " ") : "" }
            let code = field(0), name = field(2)
            guard !code.isEmpty, !name.isEmpty, code != "la_code" else { continue }
            var other = field(3)
            if other.hasPrefix("[") { other.removeFirst() }
            if other.hasSuffix("]") { other.removeLast() }
            func list(_ text: String) -> [String] {
                text.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
            }
            rows.append(Authority(code: code, name: name, otherNames: list(other), region: field(5), neighbours: list(field(7)),
                                  started: Day(iso: field(9)), ended: Day(iso: field(10))))
        }
        self.init(authorities: rows)
    }

    /// The authority with a DfE code, or nil.
    public func authority(code: String) -> Authority? {
        byCode[code].map { authorities[$0] }
    }

    /// The authority a person names: its code, its name or another name as in the table, any
    /// case ("808", "stockton-on-tees", "Bristol"), or nil. Looser wordings go through `resolve`.
    public func named(_ text: String) -> Authority? {
        let trimmed = text.trimmingCharacters(in: " ")
        if let found = authority(code: trimmed) { return found }
        let key = Self.normalise(trimmed)
        guard !key.isEmpty else { return nil }
        return byKey[key].map { authorities[$0] } ?? resolve(trimmed)
    }

    /// The table's name closest to what a person typed, for "did you mean": the name with the
    /// fewest edits (at most a third of its length), else the one name that begins with it.
    public func nearest(to text: String) -> Authority? {
        let key = Self.normalise(text)
        guard !key.isEmpty else { return nil }
        var best: (distance: Int, index: Int)?
        for (name, index) in byKey.sorted(by: { $0.key < $1.key }) {
            // The whole name, or its beginning as long as what was typed ("stokton" for "stockton on tees").
            let whole = Self.editDistance(key, name), start = Self.editDistance(key, String(name.prefix(key.count)))
            let d = min(whole, start)
            if d <= max(1, key.count / 3), best == nil || d < best!.distance { best = (d, index) }
        }
        if let best { return authorities[best.index] }
        let starting = Set(byKey.filter { $0.key.hasPrefix(key) || key.hasPrefix($0.key) }.map(\.value))
        return starting.count == 1 ? starting.first.map { authorities[$0] } : nil
    }

    /// Levenshtein distance over characters (names are short: a plain table).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    public var isEmpty: Bool { authorities.isEmpty }

    /// The authority a document names, however it words it ("Durham County Council",
    /// "London Borough of Enfield", "Bristol City of", "Kent County Council"), or nil.
    public func resolve(_ written: String) -> Authority? {
        let key = Self.normalise(written)
        guard !key.isEmpty else { return nil }
        for candidate in Self.strippedForms(key) {
            if let i = byKey[candidate] { return authorities[i] }
        }
        // A short form of a longer name ("Newcastle" for Newcastle upon Tyne), when only one fits.
        for candidate in Self.strippedForms(key) where candidate.count >= 4 {
            let matches = Set(byKey.filter { $0.key.hasPrefix(candidate + " ") }.map(\.value))
            if matches.count == 1, let i = matches.first { return authorities[i] }
        }
        return nil
    }

    /// The authority named somewhere inside a longer text ("Inspection of Kent County Council"):
    /// the longest table name found on word boundaries.
    public func find(in text: String) -> Authority? {
        let padded = " " + Self.normalise(text) + " "
        guard padded.count > 2, padded.count < 2_000 else { return nil }
        var best: (key: String, index: Int)?
        for (key, index) in byKey where key.count >= 4 && padded.contains(" " + key + " ") {
            if best == nil || key.count > best!.key.count { best = (key, index) }
        }
        return best.map { authorities[$0.index] }
    }

    // MARK: Names

    /// Lower case, "&" as "and", hyphens as spaces, other punctuation dropped, spaces collapsed.
    static func normalise(_ text: String) -> String {
        var out = ""
        var space = false
        for ch in text.lowercased() {
            if ch == "&" {
                if !out.isEmpty { out += " " }
                out += "and"
                space = true
                continue
            }
            if ch.isLetter || ch.isNumber {
                if space, !out.isEmpty { out.append(" ") }
                space = false
                out.append(ch)
            } else if ch == "'" || ch == "\u{2019}" || ch == "." {
                continue
            } else {
                space = true
            }
        }
        return out
    }

    /// A table name's keys: itself, and "X, City of" also as "X" and "city of X".
    static func keys(forTableName name: String) -> [String] {
        var keys = [normalise(name)]
        if let comma = name.firstIndex(of: ",") {
            let head = String(name[..<comma]), tail = String(name[name.index(after: comma)...])
            if tail.lowercased().trimmingCharacters(in: " ") == "city of" {
                keys.append(normalise(head))
                keys.append(normalise("city of " + head))
            }
        }
        return keys
    }

    static let prefixes = ["the ", "london borough of ", "royal borough of ", "metropolitan borough of ", "borough of ",
                           "city of ", "county of ", "council of the ", "inspection of "]
    static let suffixes = [" metropolitan borough council", " metropolitan district council", " metropolitan council",
                           " borough council", " county council", " city council", " district council", " council",
                           " childrens services", " children s services", " local area partnership", " local area",
                           " local authority", " partnership", " borough", " county", " city", " city of", " metropolitan"]

    /// The name as written, then with each prefix and suffix of local-government wording removed.
    static func strippedForms(_ key: String) -> [String] {
        var forms = [key]
        var current = key
        var changed = true
        while changed {
            changed = false
            for p in prefixes where current.hasPrefix(p) && current.count > p.count + 2 {
                current = String(current.dropFirst(p.count)); changed = true
            }
            for s in suffixes where current.hasSuffix(s) && current.count > s.count + 2 {
                current = String(current.dropLast(s.count)); changed = true
            }
            if changed, !forms.contains(current) { forms.append(current) }
        }
        return forms
    }
}

/// A small reader of CSV text (RFC 4180 quoting), enough for the shipped tables.
enum CSVText {
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            record.append(field)
            field = ""
            if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
            record = []
        }
        while let s = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if s == "\"" {
                    if let next = scalars.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else {
                    field.unicodeScalars.append(s)
                }
                continue
            }
            switch s {
            case "\"" where field.isEmpty: quoted = true
            case ",": record.append(field); field = ""
            case "\n": endRecord()
            case "\r": continue
            case "\u{FEFF}": continue
            default: field.unicodeScalars.append(s)
            }
        }
        if !field.isEmpty || !record.isEmpty { endRecord() }
        return records
    }
}
