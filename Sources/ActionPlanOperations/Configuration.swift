import Foundation
import ActionPlanModel
import ActionPlanCore

/// What a person's configuration file sets (docs/config.md): the default database, their name,
/// the due-soon window and the terminal UI's colours. Every key is optional; a key not given
/// leaves the program's own default. Options on the command line and the environment variables
/// win over the file; the model never reads it (the command line passes the values in).
public struct Configuration: Hashable, Sendable {
    /// The file read, or nil when there is none.
    public var file: String?
    /// `database`: the database used when neither `--db` nor `ACTIONPLAN_DB` is given.
    public var database: String?
    /// `name`: the person, as owners are written: who changes are made as (unless `--as` or
    /// `ACTIONPLAN_USER`), and whose actions are "mine".
    public var name: String?
    /// `due_soon_working_days`: the due-soon window (`RAGRules.dueSoonWindow`).
    public var dueSoonWorkingDays: Int?
    /// `[colours]`: the terminal UI's colours.
    public var colours = ColourScheme.standard

    public init(file: String? = nil) {
        self.file = file
    }

    /// The largest due-soon window the file may set, as `list --due-within` allows.
    public static let dueSoonRange = 0...10_000

    /// The keys of the file, outside any table, with what each must be.
    enum Key: String, CaseIterable {
        case database, name
        case dueSoonWorkingDays = "due_soon_working_days"
    }

    /// The tables of the file.
    enum Table: String, CaseIterable {
        case colours
    }

    /// The person's folder of settings: `$XDG_CONFIG_HOME/actionplan` (an absolute
    /// `XDG_CONFIG_HOME` only, as the XDG specification says), else `~/.config/actionplan`; nil
    /// with no `HOME` either. It holds `config.toml` and the import defaults' override.
    public static func folder(environment: [String: String]) -> String? {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/actionplan" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/actionplan" }
        return nil
    }

    /// Where the file is: `ACTIONPLAN_CONFIG`, else `config.toml` in `folder`. Whether it was
    /// named (`ACTIONPLAN_CONFIG`), in which case it must exist.
    public static func location(environment: [String: String]) -> (path: String, named: Bool)? {
        if let named = environment["ACTIONPLAN_CONFIG"], !named.isEmpty { return (named, true) }
        return folder(environment: environment).map { ($0 + "/config.toml", false) }
    }

    /// Reads the file the environment points to; an empty configuration when there is none.
    /// Every failure is `OperationError` with `ExitStatus.config` and one line naming the file.
    public static func load(environment: [String: String]) throws -> Configuration {
        guard let (path, named) = location(environment: environment) else { return Configuration() }
        let shown = TerminalSafe.visible(path, oneLine: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if named { throw OperationError("\(shown): no such configuration file (named by ACTIONPLAN_CONFIG)", status: .config) }
            return Configuration()
        }
        if isDirectory.boolValue { throw OperationError("\(shown): is a folder: expected a configuration file", status: .config) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw OperationError("\(shown): cannot read the configuration file: \(ReportExport.reason(error))", status: .config)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw OperationError("\(shown): is not UTF-8 text: expected a TOML configuration file", status: .config)
        }
        return try parse(text, file: path, home: environment["HOME"])
    }

    /// The configuration in `text`, read from `file` (named in messages). `home` expands a
    /// database path that starts with `~/`.
    public static func parse(_ text: String, file: String, home: String?) throws -> Configuration {
        let shown = TerminalSafe.visible(file, oneLine: true)
        func refuse(_ line: Int, _ expected: String) -> OperationError {
            OperationError("\(shown):\(line): \(expected)", status: .config)
        }
        let document: TOMLSubset.Document
        do {
            document = try TOMLSubset.parse(text)
        } catch {
            throw refuse(error.line, "expected \(error.expected)")
        }
        for header in document.headers where Table(rawValue: header.table) == nil {
            throw refuse(header.line, "unknown table [\(header.table)]: expected \(Table.allCases.map { "[\($0.rawValue)]" }.joined(separator: ", "))")
        }
        var configuration = Configuration(file: file)
        for entry in document.entries {
            switch Table(rawValue: entry.table) {
            case .colours:
                guard let role = ColourScheme.Role(rawValue: entry.key) else {
                    throw refuse(entry.line, "unknown colour role '\(entry.key)': expected one of \(list(ColourScheme.Role.allCases))")
                }
                guard case .string(let name) = entry.value, let colour = ColourScheme.Colour(rawValue: name.lowercased()) else {
                    throw refuse(entry.line, "\(entry.key): expected a colour name in quotes, one of \(list(ColourScheme.Colour.allCases))")
                }
                configuration.colours[role] = colour
            case nil:
                guard let key = Key(rawValue: entry.key) else {
                    throw refuse(entry.line, "unknown key '\(entry.key)': expected one of \(list(Key.allCases)) or a [\(Table.colours.rawValue)] table")
                }
                switch key {
                case .database:
                    guard case .string(let path) = entry.value, !path.isEmpty, TerminalSafe.isClean(path, oneLine: true) else {
                        throw refuse(entry.line, "database: expected the database file's path in quotes")
                    }
                    if path.hasPrefix("/") || DatabaseKind(location: path) == .postgresql {
                        configuration.database = path
                    } else if path.hasPrefix("~/"), let home, home.hasPrefix("/") {
                        configuration.database = home + path.dropFirst(1)
                    } else {
                        throw refuse(entry.line, "database: expected an absolute path, one starting with ~/ (with HOME set) or a postgresql:// location, found '\(TerminalSafe.visible(path, oneLine: true))'")
                    }
                case .name:
                    guard case .string(let name) = entry.value, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw refuse(entry.line, "name: expected your name in quotes, as owners are written (\"Zoë Hart\")")
                    }
                    if let (scalar, position) = TerminalSafe.firstControl(in: name, allowLineBreaks: false) {
                        throw refuse(entry.line, "name: contains \(TerminalSafe.describe(scalar)) at character \(position): expected text on one line, without control characters")
                    }
                    configuration.name = name.trimmingCharacters(in: .whitespaces)
                case .dueSoonWorkingDays:
                    guard case .integer(let days) = entry.value, dueSoonRange.contains(days) else {
                        throw refuse(entry.line, "due_soon_working_days: expected a whole number of working days from \(dueSoonRange.lowerBound) to \(dueSoonRange.upperBound), without quotes")
                    }
                    configuration.dueSoonWorkingDays = days
                }
            }
        }
        return configuration
    }

    private static func list<T: RawRepresentable>(_ cases: [T]) -> String where T.RawValue == String {
        cases.map(\.rawValue).joined(separator: ", ")
    }

    /// The due-soon window to use: the file's, else the model's default.
    public var dueSoonWindow: Int { dueSoonWorkingDays ?? RAGRules.defaultDueSoonWindow }
}
