import Foundation

/// The whole of a large plan, read on a background queue while its screen shows the first
/// findings (`PlanScreen.firstFindings`), through a connection of its own
/// (`PlanStore.readingConnection`), one page at a time (`PlanData.page`): where the store has
/// no second connection, a key or a poll waits for one page at most. One plan is read at a time: a reading cancelled before it starts (its screen left)
/// costs nothing, and one cancelled while it runs stops at its next page.
final class PlanReading: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcome: Result<PlanData?, any Error>?
    private var cancelled = false

    private static let queue = DispatchQueue(label: "actionplan.plan-reading", qos: .utility)

    static func start(planId: Int64, context: UIContext) -> PlanReading {
        let reading = PlanReading()
        queue.async {
            let result = Result { () throws -> PlanData? in
                if reading.isCancelled { throw CancellationError() }
                // Its own connection, so that the screen's reads and writes never wait for it.
                var own = context
                own.store = try context.store.readingConnection()
                return try PlanData.load(planId: planId, context: own, smartCheck: true, recurrences: true, stop: { reading.isCancelled })
            }
            reading.condition.lock()
            reading.outcome = result
            reading.condition.broadcast()
            reading.condition.unlock()
        }
        return reading
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.unlock()
    }

    /// The plan, once read; nil while it is being read.
    var result: Result<PlanData?, any Error>? {
        condition.lock()
        defer { condition.unlock() }
        return outcome
    }

    /// Waits until the plan is read.
    func wait() -> Result<PlanData?, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return outcome!
    }
}
