import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite
import ActionPlanSQL

/// The real store (SQLite in memory), with a count of the reads of actions so that tests can
/// check what a frame or a key costs. Every call goes to `SQLitePlanStore` unchanged.
final class CountingStore: PlanStore, @unchecked Sendable {
    let base: SQLitePlanStore
    private let lock = NSLock()
    private var _actionQueries = 0
    private var _lastActionQuery: ActionQuery?
    private var _refuseWrites: StoreError?
    private var _recurrenceQueries = 0
    private var _changeTokenQueries = 0

    /// When set, adding or changing an action fails with this error (a database another
    /// program holds locked), as a test of what the screens do with a refused write.
    var refuseWrites: StoreError? {
        get { lock.withLock { _refuseWrites } }
        set { lock.withLock { _refuseWrites = newValue } }
    }

    /// How many times `actions(_:)` has been called.
    var actionQueries: Int { lock.withLock { _actionQueries } }
    /// How many times recurrences ("raised before") have been read.
    var recurrenceQueries: Int { lock.withLock { _recurrenceQueries } }
    /// How many times the change token has been read.
    var changeTokenQueries: Int { lock.withLock { _changeTokenQueries } }
    /// The last query of `actions(_:)`.
    var lastActionQuery: ActionQuery? { lock.withLock { _lastActionQuery } }

    /// The store's clock: every row it writes and every audit event is stamped with it.
    let clock: StoreClock

    /// An empty database in memory whose clock reads `now` until a test moves it.
    init(now: Date = fixedStoreTime) throws {
        let clock = StoreClock(now)
        self.clock = clock
        base = try SQLitePlanStore.inMemory(options: StoreOptions(busyTimeout: 5, initialHolidays: [], now: { clock.now }))
    }

    func plans(_ visibility: Visibility) throws -> [Plan] { try base.plans(visibility) }
    func plan(id: Int64) throws -> Plan? { try base.plan(id: id) }
    func milestones(planId: Int64?, _ visibility: Visibility) throws -> [Milestone] { try base.milestones(planId: planId, visibility) }
    func findings(planId: Int64?, _ visibility: Visibility) throws -> [Finding] { try base.findings(planId: planId, visibility) }
    func finding(id: Int64) throws -> Finding? { try base.finding(id: id) }
    func milestone(id: Int64) throws -> Milestone? { try base.milestone(id: id) }
    func note(id: Int64) throws -> Note? { try base.note(id: id) }
    func removedItems() throws -> [RemovedItem] { try base.removedItems() }
    func actions(_ query: ActionQuery) throws -> [Action] {
        lock.withLock {
            _actionQueries += 1
            _lastActionQuery = query
        }
        return try base.actions(query)
    }
    func action(planId: Int64, ref: String) throws -> Action? { try base.action(planId: planId, ref: ref) }
    func action(id: Int64) throws -> Action? { try base.action(id: id) }
    func notes(actionId: Int64) throws -> [Note] { try base.notes(actionId: actionId) }
    func progressCounts(rules: RAGRules) throws -> [Int64: ProgressCounts] { try base.progressCounts(rules: rules) }
    func latestNotes(actionIds: [Int64]?) throws -> [Int64: Note] { try base.latestNotes(actionIds: actionIds) }
    func history(entity: String, id: Int64) throws -> [AuditEvent] { try base.history(entity: entity, id: id) }
    func auditEvents(since: Date?) throws -> [AuditEvent] { try base.auditEvents(since: since) }
    func owners() throws -> [String] { try base.owners() }
    func holidayTable() throws -> HolidayTable { try base.holidayTable() }
    func changeToken() throws -> Int64 {
        lock.withLock { _changeTokenQueries += 1 }
        return try base.changeToken()
    }
    func databaseIdentity() throws -> String { try base.databaseIdentity() }
    func plan(contentHash: String) throws -> Plan? { try base.plan(contentHash: contentHash) }
    func recurrences(planId: Int64) throws -> [Int64: [Recurrence]] {
        lock.withLock { _recurrenceQueries += 1 }
        return try base.recurrences(planId: planId)
    }
    func recurrences(planIds: [Int64]) throws -> [Int64: [Recurrence]] {
        lock.withLock { _recurrenceQueries += 1 }
        return try base.recurrences(planIds: planIds)
    }
    func recurrences(findingId: Int64) throws -> [Recurrence] {
        lock.withLock { _recurrenceQueries += 1 }
        return try base.recurrences(findingId: findingId)
    }

    func createPlans(_ drafts: [PlanDraft], who: String, refusingDuplicates: Bool) throws -> [Int64] {
        try base.createPlans(drafts, who: who, refusingDuplicates: refusingDuplicates)
    }
    func addFinding(_ finding: Finding, who: String) throws -> Int64 { try base.addFinding(finding, who: who) }
    func addFindings(_ drafts: [FindingDraft], planId: Int64, who: String) throws -> [Int64] {
        try base.addFindings(drafts, planId: planId, who: who)
    }
    func addAction(_ action: Action, who: String) throws -> Int64 {
        if let error = refuseWrites { throw error }
        return try base.addAction(action, who: who)
    }
    func updateAction(id: Int64, changes: ActionChanges, expectVersion: Int?, who: String, today: Day) throws -> Action {
        if let error = refuseWrites { throw error }
        return try base.updateAction(id: id, changes: changes, expectVersion: expectVersion, who: who, today: today)
    }
    func updateActions(ids: [Int64], changes: ActionChanges, expectVersions: [Int64: Int]?, who: String, today: Day) throws -> [Action] {
        if let error = refuseWrites { throw error }
        return try base.updateActions(ids: ids, changes: changes, expectVersions: expectVersions, who: who, today: today)
    }
    func moveAction(id: Int64, toFinding findingId: Int64, who: String) throws -> Action {
        if let error = refuseWrites { throw error }
        return try base.moveAction(id: id, toFinding: findingId, who: who)
    }
    func updateFinding(id: Int64, changes: FindingChanges, who: String) throws -> Finding {
        if let error = refuseWrites { throw error }
        return try base.updateFinding(id: id, changes: changes, who: who)
    }
    func updatePlan(id: Int64, changes: PlanChanges, who: String) throws -> Plan {
        if let error = refuseWrites { throw error }
        return try base.updatePlan(id: id, changes: changes, who: who)
    }
    func addMilestone(_ milestone: Milestone, who: String) throws -> Int64 {
        if let error = refuseWrites { throw error }
        return try base.addMilestone(milestone, who: who)
    }
    func updateMilestone(id: Int64, changes: MilestoneChanges, who: String) throws -> Milestone {
        if let error = refuseWrites { throw error }
        return try base.updateMilestone(id: id, changes: changes, who: who)
    }
    func updateNote(id: Int64, text: String, who: String) throws -> Note {
        if let error = refuseWrites { throw error }
        return try base.updateNote(id: id, text: text, who: who)
    }
    func remove(_ entity: AuditEntity, id: Int64, reason: String, who: String) throws {
        if let error = refuseWrites { throw error }
        try base.remove(entity, id: id, reason: reason, who: who)
    }
    func undoLast(who: String) throws -> UndoResult { try base.undoLast(who: who) }
    func replaceHolidays(_ holidays: [BankHoliday], who: String) throws -> [MovedDeadline] {
        try base.replaceHolidays(holidays, who: who)
    }
    func backup(to path: String) throws { try base.backup(to: path) }
}

/// A clock a test sets by hand.
final class StoreClock: @unchecked Sendable {
    private let lock = NSLock()
    private var moment: Date
    init(_ moment: Date) { self.moment = moment }
    var now: Date {
        get { lock.withLock { moment } }
        set { lock.withLock { moment = newValue } }
    }
}
