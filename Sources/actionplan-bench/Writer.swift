import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite
import ActionPlanSQL

/// A process that applies a stream of updates and reports each one it committed, one line
/// each, flushed at once. The crash-safety and concurrency tests start several of these and
/// kill them at random moments.
///
/// Each update changes the status and adds a note `TAG-N`, so a test can check that every
/// reported update is present in full and that nothing half-applied exists.
struct Writer {
    let path: String
    let tag: String
    let count: Int
    /// Read the version first and update with `expectVersion` (optimistic concurrency).
    let optimistic: Bool
    let seed: UInt64

    func run() throws {
        var random = SeededRandom(seed: seed)
        let store = try SQLitePlanStore(path: path, options: StoreOptions(busyTimeout: 30))
        let ids = try store.actions(.all).map(\.id)
        guard !ids.isEmpty else { throw StoreError.failed("the database has no actions") }
        let today = Day(iso: "2026-11-23")!
        for n in 0..<count {
            let id = ids.randomElement(using: &random)!
            let status: ActionStatus = [.notStarted, .inProgress, .complete].randomElement(using: &random)!
            let changes = ActionChanges(status: status, note: "\(tag)-\(n)")
            var expected: Int?
            if optimistic {
                expected = try store.action(id: id)?.version
                usleep(UInt32.random(in: 0...3000, using: &random))
            }
            do {
                let action = try store.updateAction(id: id, changes: changes, expectVersion: expected, who: tag, today: today)
                emit("committed \(tag)-\(n) action=\(id) version=\(action.version)")
            } catch let error as StoreError {
                if case .stale = error { emit("stale \(tag)-\(n) action=\(id) \(error.message)") } else { throw error }
            }
        }
        emit("done \(tag)")
    }

    private func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
