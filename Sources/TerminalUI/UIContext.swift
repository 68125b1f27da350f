import Foundation
import ActionPlanModel
import ActionPlanCore
import TerminalText

/// What the screens need from outside: the store every read and write goes through, who is
/// working, the day it is, the working-day calendar and a clock for timestamps. The terminal
/// UI never reads the system clock itself, so tests fix `today` and `now`.
public struct UIContext: Sendable {
    public var store: any PlanStore
    /// The person changes are attributed to (the OS user unless given).
    public var who: String
    public var today: Day
    public var calendar: WorkingDayCalendar
    /// The moment, for the timestamps of new actions.
    public var now: @Sendable () -> Date
    /// The current day, asked at every poll so that a screen left open overnight counts from
    /// the new day; nil when today is fixed (`--today`, tests).
    public var currentDay: (@Sendable () -> Day)?
    /// The zone in which a moment (an action's creation) falls on a day, for the SMART check's
    /// "no note for 31 days" rule; the command line passes the local zone, tests UTC.
    public var timeZone: TimeZone
    /// The due-soon window in working days (the configuration file's `due_soon_working_days`):
    /// amber, the "due soon" filter and the dashboard's list.
    public var dueSoonWindow: Int
    /// The rules that give a finding its themes (docs/themes.md), shown with the finding; nil shows none.
    public var themeRules: ThemeRules?
    /// The changes others commit, as the database announces them (PostgreSQL's LISTEN): each
    /// poll asks it instead of the store's change token. Nil on SQLite, where the token is
    /// polled (docs/user-guide.md, "Live refresh").
    public var changeFeed: (any ChangeFeed)?

    public init(store: any PlanStore, who: String, today: Day, calendar: WorkingDayCalendar,
                now: @escaping @Sendable () -> Date, currentDay: (@Sendable () -> Day)? = nil,
                timeZone: TimeZone = TimeZone(identifier: "UTC")!, dueSoonWindow: Int = RAGRules.defaultDueSoonWindow,
                themeRules: ThemeRules? = nil, changeFeed: (any ChangeFeed)? = nil) {
        self.store = store
        self.who = who
        self.today = today
        self.calendar = calendar
        self.now = now
        self.currentDay = currentDay
        self.timeZone = timeZone
        self.dueSoonWindow = dueSoonWindow
        self.themeRules = themeRules
        self.changeFeed = changeFeed
    }

    var rules: RAGRules {
        var rules = RAGRules(calendar: calendar, today: today)
        rules.dueSoonWindow = dueSoonWindow
        return rules
    }
}
