import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanData
import ActionPlanCore
import ActionPlanSQLite
import ActionPlanSQL
import ActionPlanPostgres
import ActionPlanOperations
#if canImport(Glibc)
import Glibc
#endif

/// What a command runs with: the store, who is acting, what day it is, the calendar and the
/// configuration file's settings. The only place that reads the environment, the clock, the
/// configuration file and the user database.
struct Context {
    let store: any SQLPlanStore
    let who: String
    let today: Day
    let calendar: WorkingDayCalendar
    let configuration: Configuration

    /// The due-soon window: the configuration file's `due_soon_working_days`, else the model's.
    var dueSoonWindow: Int { configuration.dueSoonWindow }

    var rules: RAGRules { Context.rules(calendar: calendar, today: today, configuration: configuration) }

    /// The rules with the configuration's due-soon window, for a command without a store (a dry run).
    static func rules(calendar: WorkingDayCalendar, today: Day) throws -> RAGRules {
        rules(calendar: calendar, today: today, configuration: try configuration())
    }

    static func rules(calendar: WorkingDayCalendar, today: Day, configuration: Configuration) -> RAGRules {
        var rules = RAGRules(calendar: calendar, today: today)
        rules.dueSoonWindow = configuration.dueSoonWindow
        return rules
    }

    /// Opens the database. `now` stamps the audit trail; only the demo passes its own clock.
    /// `calendarYears`: the years the calendar precomputes (a command about a few dates, such as
    /// `deadline`, asks for fewer; any day outside them is still counted right, day by day).
    static func open(_ options: GlobalOptions, now: @escaping @Sendable () -> Date = { Date() },
                     calendarYears: ClosedRange<Int> = WorkingDayCalendar.defaultYears) throws -> Context {
        let today = try resolveToday(options)
        let configuration = try self.configuration()
        let path = try databasePath(options, createDirectory: true, configuration: configuration)
        if PostgresLocation.isPostgres(path) {
            return try openPostgres(path, options, today: today, configuration: configuration, now: now, calendarYears: calendarYears)
        }
        // The shipped holiday table is read only for a new database (an existing one holds its
        // own): a command on an existing database does not pay for parsing it.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let holidays = size == 0 ? try shippedHolidays() : []
        let store: any SQLPlanStore
        do {
            store = try SQLitePlanStore(path: path, options: StoreOptions(busyTimeout: busyTimeout(), initialHolidays: holidays, now: now,
                                                                          account: osAccount()))
        } catch {
            throw CLIError(error)
        }
        let calendar = WorkingDayCalendar(holidays: try store.holidayTable(), years: calendarYears)
        return Context(store: store, who: try resolveWho(options, configuration: configuration), today: today, calendar: calendar,
                       configuration: configuration)
    }

    /// A shared PostgreSQL database (docs/server.md). Every change is recorded under the database
    /// login, which the database checks: `--as` is refused rather than ignored.
    static func openPostgres(_ text: String, _ options: GlobalOptions, today: Day, configuration: Configuration,
                             now: @escaping @Sendable () -> Date, calendarYears: ClosedRange<Int>) throws -> Context {
        if let user = options.user, !user.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CLIError("--as: on a PostgreSQL database every change is recorded under your database login, not a name you give: "
                           + "leave out --as", status: .usage)
        }
        let location = try postgresLocation(text, option: "--db")
        let store: PostgresPlanStore
        // A new database's holiday table is seeded from the shipped file (only an admin of every
        // authority writes it; the store seeds only an empty table).
        let holidays = try shippedHolidays()
        do {
            store = try PostgresPlanStore(location: location, options: StoreOptions(busyTimeout: busyTimeout(), initialHolidays: holidays, now: now))
        } catch {
            throw CLIError(error)
        }
        let calendar = WorkingDayCalendar(holidays: try store.holidayTable(), years: calendarYears)
        return Context(store: store, who: store.login, today: today, calendar: calendar, configuration: configuration)
    }

    /// A `postgresql://` location an option gave, or its refusal (status 64: a password in it, a bad port…).
    static func postgresLocation(_ text: String, option: String) throws -> PostgresLocation {
        do {
            return try PostgresLocation(text)
        } catch {
            throw CLIError.usage("\(option): \(error.message)")
        }
    }

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The configuration file (`ACTIONPLAN_CONFIG`, else `$XDG_CONFIG_HOME/actionplan/config.toml`,
    /// else `~/.config/actionplan/config.toml`); empty when there is none, refused (status 78)
    /// when it cannot be read or has a bad line.
    static func configuration() throws -> Configuration { try Configuration.load(environment: environment) }

    static func busyTimeout() -> Double {
        if let text = environment["ACTIONPLAN_BUSY_TIMEOUT"], let seconds = Double(text), seconds >= 0 { return seconds }
        return 5
    }

    /// `--today`, else `ACTIONPLAN_TODAY`, else the local date.
    static func resolveToday(_ options: GlobalOptions) throws -> Day {
        if let text = options.today ?? environment["ACTIONPLAN_TODAY"], !text.isEmpty {
            let source = options.today != nil ? "--today" : "ACTIONPLAN_TODAY"
            return try Parse.day(text, option: source)
        }
        return localDay()
    }

    /// Today's date where the machine is (TZ, else /etc/localtime), from the C library: asking
    /// Foundation's calendar for it loaded ICU's time-zone data, 1.3 ms of every command.
    static func localDay() -> Day {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return Timestamp.utcDay(Date()) }
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday)) ?? Timestamp.utcDay(Date())
    }

    /// The operating-system account running the program, from the user database (never from
    /// the environment, which anyone can set): recorded on every change.
    static func osAccount() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            let text = String(cString: name)
            if !text.isEmpty { return text }
        }
        return "uid\(geteuid())"
    }

    /// `--as`, else `ACTIONPLAN_USER`, else the configuration file's `name`, else the OS user.
    /// `configuration` is the file already read, if it was.
    static func resolveWho(_ options: GlobalOptions, configuration: Configuration? = nil) throws -> String {
        if let name = options.user?.trimmingCharacters(in: .whitespaces), !name.isEmpty { return name }
        if let name = environment["ACTIONPLAN_USER"], !name.isEmpty { return name }
        if let name = try (configuration ?? self.configuration()).name { return name }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            let text = String(cString: name)
            if !text.isEmpty { return text }
        }
        return environment["USER"] ?? environment["LOGNAME"] ?? "uid\(geteuid())"
    }

    /// `--db`, else `ACTIONPLAN_DB`, else the configuration file's `database`, else
    /// `$XDG_DATA_HOME/actionplan/actionplan.sqlite`, else `~/.local/share/actionplan/actionplan.sqlite`.
    /// `configuration` is the file already read, if it was.
    static func databasePath(_ options: GlobalOptions, createDirectory: Bool, configuration: Configuration? = nil) throws -> String {
        if let path = options.database ?? environment["ACTIONPLAN_DB"], !path.isEmpty {
            return path
        }
        // A `postgresql://` location in the configuration file is returned as it is, like a path.
        if let path = try (configuration ?? self.configuration()).database { return path }
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home + "/.local/share"
        } else {
            throw CLIError("no place for the database: HOME and XDG_DATA_HOME are unset; give --db PATH or set ACTIONPLAN_DB", status: .cannotCreate)
        }
        let directory = base + "/actionplan"
        if createDirectory && !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw CLIError("cannot create the data directory \(directory): give --db PATH or set ACTIONPLAN_DB", status: .cannotCreate)
            }
        }
        return directory + "/actionplan.sqlite"
    }

    /// The bank holidays the program ships.
    static func shippedHolidays() throws -> [BankHoliday] { try ShippedFiles.holidays() }
}
