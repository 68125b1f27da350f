import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

/// The SMART check of `actionplan check` and of the terminal UI: the plans read from the store
/// and checked as an inspector would.
public enum PlanCheck {
    public static func run(store: any PlanStore, planIds: [Int64]?, today: Day, timeZone: TimeZone) throws -> SMARTReport {
        let snapshot = ReportSnapshot(plans: try store.plans(), milestones: [],
                                      findings: try store.findings(planId: nil), actions: try store.actions(.all),
                                      latestNotes: try store.latestNotes(actionIds: nil))
        return SMARTCheck.run(snapshot, planIds: planIds, today: today, timeZone: timeZone)
    }
}
