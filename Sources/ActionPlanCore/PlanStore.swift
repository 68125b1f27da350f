import Foundation
import ActionPlanModel

/// Everything the commands and the terminal UI do with stored plans.
///
/// SQLite (`SQLitePlanStore`) implements it today; a shared PostgreSQL server could implement
/// it later without the callers changing. Every write is one transaction and one change group
/// in the audit trail, attributed to `who`.
public protocol PlanStore: Sendable {
    // MARK: Reading
    func plans() throws -> [Plan]
    func plan(id: Int64) throws -> Plan?
    func milestones(planId: Int64?) throws -> [Milestone]
    func findings(planId: Int64?) throws -> [Finding]
    func finding(id: Int64) throws -> Finding?
    func actions(_ query: ActionQuery) throws -> [Action]
    func action(id: Int64) throws -> Action?
    /// The action of a plan with a reference ("P1.2"), matched without regard to case.
    func action(planId: Int64, ref: String) throws -> Action?
    /// Notes of one action, newest first.
    func notes(actionId: Int64) throws -> [Note]
    /// Each plan's actions counted by status and colour, as `ProgressCounts` would count them.
    func progressCounts(rules: RAGRules) throws -> [Int64: ProgressCounts]
    /// The newest note of each of the given actions (all actions when nil).
    func latestNotes(actionIds: [Int64]?) throws -> [Int64: Note]
    /// Every audit event about one entity, oldest first (for an action: its notes' too).
    func history(entity: String, id: Int64) throws -> [AuditEvent]
    /// Audit events, oldest first, optionally only those at or after a moment.
    func auditEvents(since: Date?) throws -> [AuditEvent]
    /// Every distinct owner named on an action, sorted.
    func owners() throws -> [String]
    /// The bank-holiday table held in the database.
    func holidayTable() throws -> HolidayTable
    /// A value that changes whenever anyone commits a change (polled by the terminal UI to
    /// show other people's changes).
    func changeToken() throws -> Int64
    /// A plan found by the hash of its imported text.
    func plan(contentHash: String) throws -> Plan?

    // MARK: Writing
    /// Creates plans in one transaction and one change group: all of them or none. With
    /// `refusingDuplicates`, a draft whose content hash is already a plan's is refused
    /// (`StoreError.alreadyImported`), checked inside the transaction so that two people
    /// importing the same letter at once cannot both succeed.
    func createPlans(_ drafts: [PlanDraft], who: String, refusingDuplicates: Bool) throws -> [Int64]
    func addFinding(_ finding: Finding, who: String) throws -> Int64
    func addAction(_ action: Action, who: String) throws -> Int64
    /// Applies `changes` to an action. With `expectVersion`, refuses (`StoreError.stale`)
    /// when the action has changed since that version.
    func updateAction(id: Int64, changes: ActionChanges, expectVersion: Int?, who: String, today: Day) throws -> Action
    func updatePlan(id: Int64, received: Day?, title: String?, who: String) throws -> Plan
    func setMilestoneDone(id: Int64, done: Day?, who: String) throws -> Milestone
    /// Reverts `who`'s last change group that is not undone; refuses when a later change
    /// by anyone touched the same rows.
    func undoLast(who: String) throws -> UndoResult
    /// Replaces the holiday table and recomputes every open rule-derived due date.
    func replaceHolidays(_ holidays: [BankHoliday], who: String) throws -> [MovedDeadline]
    /// A consistent copy of the database, even while others write.
    func backup(to path: String) throws
}

extension PlanStore {
    /// Creates one plan (a duplicate of an existing one is allowed).
    public func createPlan(_ draft: PlanDraft, who: String) throws -> Int64 {
        try createPlans([draft], who: who, refusingDuplicates: false)[0]
    }

    /// Counts by reading every action; a store that can count in a query does better.
    public func progressCounts(rules: RAGRules) throws -> [Int64: ProgressCounts] {
        var counts: [Int64: ProgressCounts] = [:]
        for action in try actions(.all) { counts[action.planId, default: ProgressCounts()].add(action, rules: rules) }
        return counts
    }
}

/// Which actions to list. All conditions must hold.
public struct ActionQuery: Sendable, Hashable {
    public var planIds: [Int64]?
    public var findingId: Int64?
    public var statuses: [ActionStatus]?
    public var owner: String?
    /// Case-insensitive substring of the title, the finding's text, the owner, the measure.
    public var search: String?
    public var categories: [FindingCategory]?
    /// Only actions due on or after this day.
    public var dueFrom: Day?
    /// Only actions due before this day.
    public var dueBefore: Day?

    public init(planIds: [Int64]? = nil, findingId: Int64? = nil, statuses: [ActionStatus]? = nil,
                owner: String? = nil, search: String? = nil, categories: [FindingCategory]? = nil,
                dueFrom: Day? = nil, dueBefore: Day? = nil) {
        self.planIds = planIds
        self.findingId = findingId
        self.statuses = statuses
        self.owner = owner
        self.search = search
        self.categories = categories
        self.dueFrom = dueFrom
        self.dueBefore = dueBefore
    }

    public static let all = ActionQuery()
}

/// What to change on an action. A nil field is left as it is; `.some(nil)` clears it.
public struct ActionChanges: Sendable, Hashable {
    public var title: String?
    public var status: ActionStatus?
    public var owner: String??
    public var due: Day??
    public var successMeasure: String??
    public var evidence: String??
    /// A colour set by hand with its reason, or `.some(nil)` to go back to the derived one.
    public var ragOverride: RAGOverride??
    /// A progress note to add, dated `today`.
    public var note: String?

    public init(title: String? = nil, status: ActionStatus? = nil, owner: String?? = nil, due: Day?? = nil,
                successMeasure: String?? = nil, evidence: String?? = nil, ragOverride: RAGOverride?? = nil,
                note: String? = nil) {
        self.title = title
        self.status = status
        self.owner = owner
        self.due = due
        self.successMeasure = successMeasure
        self.evidence = evidence
        self.ragOverride = ragOverride
        self.note = note
    }

    public var isEmpty: Bool {
        title == nil && status == nil && owner == nil && due == nil && successMeasure == nil
            && evidence == nil && ragOverride == nil && note == nil
    }
}

public struct RAGOverride: Sendable, Hashable {
    public var rag: RAG
    public var reason: String
    public init(rag: RAG, reason: String) {
        self.rag = rag
        self.reason = reason
    }
}

/// What `undoLast` did.
public struct UndoResult: Sendable, Hashable {
    public var undone: ChangeGroup
    /// Fields restored, as "action 12 status".
    public var restored: [String]

    public init(undone: ChangeGroup, restored: [String]) {
        self.undone = undone
        self.restored = restored
    }
}

/// A rule-derived due date that moved because the holiday table changed.
public struct MovedDeadline: Sendable, Hashable, Codable {
    public var entity: String
    public var id: Int64
    public var title: String
    public var oldDue: Day
    public var newDue: Day

    public init(entity: String, id: Int64, title: String, oldDue: Day, newDue: Day) {
        self.entity = entity
        self.id = id
        self.title = title
        self.oldDue = oldDue
        self.newDue = newDue
    }
}

/// Errors a person can act on. `message` is one line, naming the field and what was expected.
public enum StoreError: Error, Equatable, Sendable {
    case notFound(entity: String, id: Int64)
    case noSuchReference(planId: Int64, ref: String)
    /// The draft at `index` has the same text as plan `planId`.
    case alreadyImported(index: Int, planId: Int64, title: String)
    case stale(entity: String, id: Int64, expected: Int, current: Int, by: String, at: Date)
    case invalid(field: String, message: String)
    case nothingToUndo(who: String)
    case undoBlocked(group: Int64, by: String, at: Date, entity: String, id: Int64)
    case locked(path: String, seconds: Double)
    /// Another process has held the lock beside the database (`FILE.lock`) for longer than the
    /// busy timeout; `holder` says which, when that can be known.
    case lockHeld(path: String, seconds: Double, holder: String?)
    case readOnly(path: String)
    case notADatabase(path: String)
    case newerSchema(path: String)
    case cannotOpen(path: String, reason: String)
    /// A stored value this build cannot read: a value outside its column's vocabulary, an
    /// impossible date or timestamp. Refused rather than guessed.
    case damaged(table: String, id: Int64?, column: String, value: String?)
    case failed(String)

    public var message: String {
        switch self {
        case .notFound(let entity, let id):
            return "no \(entity) with id \(id)"
        case .noSuchReference(let planId, let ref):
            return "plan \(planId) has no action \(ref)"
        case .alreadyImported(_, let planId, let title):
            return "is already imported as plan \(planId) (\(title)): use --as-new to import it again"
        case .stale(let entity, let id, let expected, let current, let by, let at):
            return "\(entity) \(id) was changed by \(by) at \(StoreError.format(at)) (version \(current), you had version \(expected)): reload and try again"
        case .invalid(let field, let message):
            return "\(field): \(message)"
        case .nothingToUndo(let who):
            return "nothing to undo: \(who) has no change that is not already undone"
        case .undoBlocked(let group, let by, let at, let entity, let id):
            return "cannot undo change \(group): \(by) changed \(entity) \(id) after it, at \(StoreError.format(at))"
        case .locked(let path, let seconds):
            return "the database \(path) is locked by another process (waited \(Int(seconds)) s): try again"
        case .lockHeld(let path, let seconds, let holder):
            let who = holder.map { "by \($0)" } ?? "by another process"
            return "the database \(path) is locked \(who), which has held \(path).lock for more than \(StoreError.seconds(seconds)): try again, or stop that process"
        case .readOnly(let path):
            return "the database \(path) is read-only for you: it can be read and exported, not changed; nothing was written"
        case .notADatabase(let path):
            return "\(path) is not an actionplan database (not a SQLite file): refusing to touch it"
        case .newerSchema(let path):
            return "the database \(path) was written by a newer version of actionplan: upgrade actionplan to use it"
        case .cannotOpen(let path, let reason):
            return "cannot open the database \(path): \(reason)"
        case .damaged(let table, let id, let column, let value):
            let row = id.map { "\(table) \($0)" } ?? table
            let shown = value.map { "'\(String($0.prefix(40)))'" } ?? "nothing"
            return "the database is damaged: \(row) holds \(shown) in its \(column) column, which this version cannot read: restore the database from a backup"
        case .failed(let message):
            return message
        }
    }

    /// "5 s", "0.5 s".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// "2026-11-22 14:03 UTC".
    public static func format(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return f.string(from: date)
    }
}
