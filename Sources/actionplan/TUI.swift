import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanCore
import TerminalUI
import CursesDriver
import InspectionParser

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
    @Option(help: ArgumentHelp("Open this plan's screen first.", valueName: "plan-id")) var plan: Int64?

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
                           now: { Date() }, currentDay: currentDay, timeZone: TimeZone.current)
        let app = App(context: ui, width: 80, height: 24, planId: plan)
        let status = CursesTerminal.run(app, importer: Self.importer(context),
                                        exporter: TUIExport.exporter(store: context.store, calendar: context.calendar))
        if status != 0 { throw ExitCode(status) }
    }

    /// The `i` key: the same reading, parsing, planning and refusals as `actionplan import`,
    /// with the outcome as one line for the status line instead of output on the terminal.
    static func importer(_ context: Context) -> CursesTerminal.Importer {
        return { typed in
            var path = typed.trimmingCharacters(in: .whitespaces)
            if path == "-" || path.isEmpty {
                return ImportOutcome(planId: nil, message: "Give the path of a .pdf or text file to import", failed: true)
            }
            if path.hasPrefix("~/"), let home = Context.environment["HOME"] { path = home + path.dropFirst() }
            do {
                var notes: [String] = []
                let planner = ImportPlanner(defaults: try ImportDefaultsFile.load(), calendar: context.calendar)
                let item = try Import.prepare(path, received: nil, kind: nil, asNew: false, allowEmpty: false, planner: planner,
                                              store: context.store, today: context.today, who: context.who,
                                              note: { notes.append($0) }, standardInput: { Data() })
                let id = try context.store.createPlan(item.draft, who: context.who)
                let actions = item.draft.findings.reduce(0) { $0 + $1.actions.count }
                let message = "Imported \(item.input.name) as plan \(id): \(actions) action\(actions == 1 ? "" : "s")"
                    + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))")
                return ImportOutcome(planId: id, message: message, failed: false)
            } catch let error as CLIError {
                return ImportOutcome(planId: nil, message: error.message, failed: true)
            } catch let error as StoreError {
                return ImportOutcome(planId: nil, message: error.message, failed: true)
            } catch {
                return ImportOutcome(planId: nil, message: "\(path) was not imported: \(error)", failed: true)
            }
        }
    }
}
