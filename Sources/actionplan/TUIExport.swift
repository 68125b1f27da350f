import Foundation
import ActionPlanModel
import ActionPlanReports
import ActionPlanCore
import TerminalUI
import CursesDriver

/// The terminal UI's `e`: the same summary and the same whole-or-nothing write as
/// `actionplan export --plan P -o FILE`, for one plan as of the screen's today.
enum TUIExport {
    static func exporter(store: any PlanStore, calendar: WorkingDayCalendar) -> CursesTerminal.Exporter {
        { request in
            let path = absolutePath(request.path)
            do {
                if request.path.hasSuffix("/") { throw CLIError("\(request.path) is a folder: give a file name", status: .cannotCreate) }
                let options = ReportOptions(asOf: request.asOf, planIds: [request.planId], timeZone: TimeZone.current,
                                            generatedAt: try ExportSnapshot.generatedAt(), asOfIsToday: true)
                let (text, summary) = try ExportSnapshot.report(request.format, options: options, excel: false, store: store,
                                                                calendar: calendar)
                try ExportSnapshot.write(text, to: path, subject: "")
                let actions = summary.plans.reduce(0) { $0 + $1.actions.count }
                return ExportOutcome(request: request, path: path, actions: actions)
            } catch let error as CLIError {
                return ExportOutcome(request: request, path: path, error: error.message)
            } catch let error as StoreError {
                return ExportOutcome(request: request, path: path, error: error.message)
            } catch {
                return ExportOutcome(request: request, path: path, error: String(describing: error))
            }
        }
    }

    /// The path made absolute from the current directory, with `.` and `..` resolved, so that
    /// the status line says exactly where the file went.
    static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
