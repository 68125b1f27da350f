import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanCore
import TerminalUI
import CursesDriver
import InspectionParser
import ActionPlanOperations
import ActionPlanPostgres

/// `actionplan tui`, also what `actionplan` runs with no subcommand: the terminal UI on the
/// current database.
struct TUI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal UI (what `actionplan` does with no subcommand).",
        discussion: """
            Plans, their findings and actions, one action in full, and a dashboard, with vim and \
            arrow keys (? lists the keys of every screen). Every change goes through the same store \
            as the other commands: audited, versioned and undoable; other people's changes appear \
            within two seconds. Needs a terminal on standard input and output. See docs/user-guide.md.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Open this plan's screen first.", valueName: "plan-id"), completion: Completions.plans) var plan: Int64?

    func run() throws {
        // Refuse before touching the database, so a pipe or a dumb terminal creates nothing.
        if let reason = CursesTerminal.unavailableReason() { throw CLIError(reason, status: .failure) }
        let context = try Context.open(global)
        if let plan, try context.store.plan(id: plan) == nil {
            throw CLIError(StoreError.notFound(entity: "plan", id: plan))
        }
        // Unless today is fixed (--today, ACTIONPLAN_TODAY), a screen left open past midnight
        // moves to the new day.
        let fixed = global.today != nil || !(Context.environment["ACTIONPLAN_TODAY"] ?? "").isEmpty
        let started = context.today
        var currentDay: (@Sendable () -> Day)?
        if !fixed {
            currentDay = { @Sendable in
                guard let none = try? GlobalOptions.parse([]) else { return started }
                return (try? Context.resolveToday(none)) ?? started
            }
        }
        let ui = UIContext(store: context.store, who: context.who, today: context.today, calendar: context.calendar,
                           now: { Date() }, currentDay: currentDay, timeZone: TimeZone.current,
                           dueSoonWindow: context.dueSoonWindow,
                           // A reading aid: without a usable rules file the UI shows no themes
                           // (`actionplan themes` says what is wrong with it).
                           themeRules: try? ShippedFiles.themeRules(),
                           changeFeed: Self.changeFeed(context.store))
        let app = App(context: ui, width: 80, height: 24, planId: plan)
        let status = CursesTerminal.run(app, importer: Self.importer(context),
                                        exporter: Self.exporter(context), colours: context.configuration.colours)
        if status != 0 { throw ExitCode(status) }
    }

    /// On PostgreSQL, the changes others commit as the database announces them (a listening
    /// connection of its own); nil on SQLite, where the UI polls the change token. A feed that
    /// cannot be opened is handed over failed: the UI says why on its first poll and polls the
    /// token instead.
    static func changeFeed(_ store: any PlanStore) -> (any ChangeFeed)? {
        guard let postgres = store as? PostgresPlanStore else { return nil }
        do {
            return try postgres.changeFeed()
        } catch {
            return FailedChangeFeed(error: error)
        }
    }

    /// The `i` key: `DocumentImport.importOne`, the same reading, parsing, planning and
    /// refusals as `actionplan import`, with the outcome for the status line.
    static func importer(_ context: Context) -> CursesTerminal.Importer {
        return { typed, received in
            do {
                let (id, message) = try DocumentImport.importOne(typed, received: received, store: context.store,
                                                                 calendar: context.calendar, today: context.today, who: context.who,
                                                                 home: Context.environment["HOME"])
                return ImportOutcome(planId: id, message: message, failed: false)
            } catch let error as DocumentImport.UndatedReport {
                return ImportOutcome(planId: nil, message: "\(error.name) prints no letter or publication date: give the date it was received",
                                     failed: true, needsReceivedDate: true, path: typed)
            } catch {
                return ImportOutcome(planId: nil, message: OperationError.message(of: error), failed: true)
            }
        }
    }

    /// The `e` key: `ReportExport.exportPlan`, the same summary and write as
    /// `actionplan export --plan P -o FILE`, as of the screen's today.
    static func exporter(_ context: Context) -> CursesTerminal.Exporter {
        { request in
            do {
                let (path, actions) = try ReportExport.exportPlan(request.planId, format: request.format, to: request.path, replacing: request.replacing,
                                                                  asOf: request.asOf, store: context.store,
                                                                  calendar: context.calendar, dueSoonWindow: context.dueSoonWindow,
                                                                  timeZone: TimeZone.current)
                return ExportOutcome(request: request, path: path, actions: actions)
            } catch {
                return ExportOutcome(request: request, path: ReportExport.absolutePath(request.path),
                                     error: OperationError.message(of: error))
            }
        }
    }
}

/// A change feed that could not be opened: its first poll gives the reason.
private final class FailedChangeFeed: ChangeFeed {
    let error: StoreError
    init(error: StoreError) { self.error = error }
    func changes(timeout: Double) throws -> [ChangeNotice] { throw error }
}
