import ActionPlanCore

/// A PostgreSQL database as the user names it to `--db`: a libpq connection URI,
/// `postgresql://[user@][host][:port][,host2…][/dbname][?param=value&…]` (`postgres://` too).
///
/// Checked before libpq sees it, so that a mistake is one clear line: the scheme, the percent
/// escapes, the ports. A password is refused wherever it is written (`user:secret@`,
/// `?password=`): a command line is seen by `ps` and kept in shell histories, and libpq reads
/// it from `~/.pgpass` or `PGPASSWORD` instead. Everything else (sslmode, connect_timeout, an
/// unknown parameter) is left to libpq, which knows its own keywords.
///
/// A host that starts with `/` is a Unix-socket directory: percent-encoded in the host part
/// (`postgresql://%2Fvar%2Frun%2Fpostgresql/plans`) or given as `?host=/var/run/postgresql`.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// One host of the host list, with its port when one was given.
    public struct Host: Sendable, Hashable {
        public var name: String
        public var port: Int?
        /// A socket directory rather than a network host.
        public var isSocketDirectory: Bool { name.hasPrefix("/") }
    }

    /// The text as given, which is what libpq is handed.
    public let uri: String
    /// The login, when the URI names one (`user@` or `?user=`); libpq's default otherwise.
    public let user: String?
    /// The hosts of the host part; empty when the URI leaves the host to libpq (its default
    /// socket directory, or `?host=`, or PGHOST).
    public let hosts: [Host]
    /// The database name, when the URI names one.
    public let database: String?
    /// The query parameters, decoded, in their order.
    public let parameters: [Parameter]

    public struct Parameter: Sendable, Hashable {
        public var key: String
        public var value: String
    }

    static var schemes: [String] { DatabaseKind.postgresSchemes }

    /// Whether `--db`'s text names a PostgreSQL database rather than an SQLite file.
    public static func isPostgres(_ text: String) -> Bool { DatabaseKind(location: text) == .postgresql }

    /// The refusal of a password written into the URI (one line, the same wherever it is).
    static let passwordRefusal = "a password does not belong in the database URI (it shows in ps and shell history): put it in ~/.pgpass or PGPASSWORD"

    public init(_ text: String) throws(PostgresError) {
        guard let scheme = Self.schemes.first(where: { text.hasPrefix($0) }) else {
            throw PostgresError(message: "not a PostgreSQL URI: \(TerminalSafe.visible(text, oneLine: true)) (expected postgresql://…)")
        }
        if let scalar = text.unicodeScalars.first(where: { TerminalSafe.isControl($0) || $0 == " " || $0 == "\t" || $0 == "\n" }) {
            throw PostgresError(message: "the database URI holds \(scalar == " " ? "a space" : TerminalSafe.escape(scalar)): percent-encode it (%20 for a space)")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        var query: Substring?
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring?
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var user: String?
        if let at = rest.firstIndex(of: "@") {  // libpq takes the first @: a user name with @ is written %40
            let userInfo = rest[..<at]
            if userInfo.contains(":") { throw PostgresError(message: Self.passwordRefusal) }
            user = try Self.decode(userInfo, what: "user name")
            rest = rest[rest.index(after: at)...]
        }
        var hosts: [Host] = []
        if !rest.isEmpty {
            for item in rest.split(separator: ",", omittingEmptySubsequences: false) {
                hosts.append(try Self.host(item))
            }
        }
        var database: String?
        if let path, !path.isEmpty { database = try Self.decode(path, what: "database name") }
        var parameters: [Parameter] = []
        if let query, !query.isEmpty {
            for pair in query.split(separator: "&") {
                guard let equals = pair.firstIndex(of: "=") else {
                    throw PostgresError(message: "the database URI's parameter \(TerminalSafe.visible(String(pair), oneLine: true)) has no value (expected key=value)")
                }
                let key = try Self.decode(pair[..<equals], what: "parameter name")
                let value = try Self.decode(pair[pair.index(after: equals)...], what: "parameter \(key)")
                if key == "password" { throw PostgresError(message: Self.passwordRefusal) }
                if key == "port" { _ = try Self.port(Substring(value)) }
                parameters.append(Parameter(key: key, value: value))
            }
        }
        // `?user=` and `?dbname=` win over the URI's parts, as in libpq.
        if let given = parameters.last(where: { $0.key == "user" }) { user = given.value }
        if let given = parameters.last(where: { $0.key == "dbname" }) { database = given.value }
        self.uri = text
        self.user = user
        self.hosts = hosts
        self.database = database
        self.parameters = parameters
    }

    /// The socket directory the connection goes through, when it names one.
    public var socketDirectory: String? {
        if let given = parameters.last(where: { $0.key == "host" }) {
            return given.value.hasPrefix("/") ? given.value : nil
        }
        return hosts.first(where: \.isSocketDirectory)?.name
    }

    /// The URI for messages: what was given, with a client key's passphrase (`sslpassword`)
    /// left out and control characters made visible. (A password never gets this far.)
    public var display: String {
        let text: String
        if parameters.contains(where: { $0.key == "sslpassword" }),
           let mark = uri.firstIndex(of: "?") {
            let kept = uri[uri.index(after: mark)...].split(separator: "&")
                .filter { !$0.hasPrefix("sslpassword=") }
            text = String(uri[..<mark]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        } else {
            text = uri
        }
        return TerminalSafe.visible(text, oneLine: true)
    }

    public var description: String { display }

    private static func host(_ item: Substring) throws(PostgresError) -> Host {
        if item.hasPrefix("[") {
            // An IPv6 address: [::1] or [::1]:5433.
            guard let close = item.firstIndex(of: "]") else {
                throw PostgresError(message: "the database URI's host \(TerminalSafe.visible(String(item), oneLine: true)) has no closing ]")
            }
            let name = String(item[item.index(after: item.startIndex)..<close])
            let after = item[item.index(after: close)...]
            if after.isEmpty { return Host(name: name, port: nil) }
            guard after.hasPrefix(":") else {
                throw PostgresError(message: "the database URI's host \(TerminalSafe.visible(String(item), oneLine: true)) has text after ]")
            }
            return Host(name: name, port: try port(after.dropFirst()))
        }
        if let colon = item.lastIndex(of: ":") {
            let port = try port(item[item.index(after: colon)...])
            return Host(name: try decode(item[..<colon], what: "host"), port: port)
        }
        return Host(name: try decode(item, what: "host"), port: nil)
    }

    private static func port(_ text: Substring) throws(PostgresError) -> Int {
        guard !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber),
              let port = Int(text), (1...65535).contains(port) else {
            throw PostgresError(message: "the database URI's port \(TerminalSafe.visible(String(text), oneLine: true)) is not a number from 1 to 65535")
        }
        return port
    }

    /// Percent-decoding as libpq does it: `%XX` is a byte, `%00` and a bad escape are refused,
    /// and the bytes must be UTF-8.
    static func decode(_ text: Substring, what: String) throws(PostgresError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw PostgresError(message: "the database URI's \(what) has a bad percent escape (expected %XX with two hex digits)")
            }
            let value = high << 4 | low
            if value == 0 { throw PostgresError(message: "the database URI's \(what) holds %00") }
            bytes.append(value)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw PostgresError(message: "the database URI's \(what) is not UTF-8 once decoded")
        }
        if let scalar = decoded.unicodeScalars.first(where: TerminalSafe.isControl) {
            throw PostgresError(message: "the database URI's \(what) holds the control character \(TerminalSafe.escape(scalar))")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
