import ActionPlanModel
import ActionPlanCore

// INTERIM, until `PlanStore.updateActions` lands on main: checks every version first, then
// writes one action at a time, so it is NOT one change group. Removed at the merge.
extension PlanStore {
    func updateActions(ids: [Int64], changes: ActionChanges, expectVersions: [Int64: Int]?, who: String,
                       today: Day) throws -> [Action] {
        try ids.map { id in
            try updateAction(id: id, changes: changes, expectVersion: expectVersions?[id], who: who, today: today)
        }
    }
}
