import Foundation
import ActionPlanModel

/// Everything the commands and the terminal UI do with stored plans.
///
/// SQLite (`SQLitePlanStore`) implements it today; a shared PostgreSQL server could implement
/// it later without the callers changing. Every write is one transaction and one change group
/// in the audit trail, attributed to `who`.
public protocol PlanStore: Sendable {
    // MARK: Reading
    //
    // The lists leave out what was removed (and, at `.current`, archived plans, unless a plan is
    // asked for by id); reading one record by id returns it whatever its state, with `removed`
    // and `archived` saying what it is, and every write refuses a removed record.
    func plans(_ visibility: Visibility) throws -> [Plan]
    func plan(id: Int64) throws -> Plan?
    /// A plan's milestones (every plan's when nil).
    func milestones(planId: Int64?, _ visibility: Visibility) throws -> [Milestone]
    func findings(planId: Int64?, _ visibility: Visibility) throws -> [Finding]
    func finding(id: Int64) throws -> Finding?
    func milestone(id: Int64) throws -> Milestone?
    func note(id: Int64) throws -> Note?
    /// Everything removed and not brought back, newest first.
    func removedItems() throws -> [RemovedItem]
    func actions(_ query: ActionQuery) throws -> [Action]
    func action(id: Int64) throws -> Action?
    /// The action of a plan with a reference ("P1.2"), matched without regard to case.
    func action(planId: Int64, ref: String) throws -> Action?
    /// Notes of one action, newest first (removed ones left out).
    func notes(actionId: Int64) throws -> [Note]
    /// Each plan's actions counted by status and colour, as `ProgressCounts` would count them.
    func progressCounts(rules: RAGRules) throws -> [Int64: ProgressCounts]
    /// The same counts for the given plans only (the rows of a list in view), archived or not;
    /// a plan with no action is left out.
    func progressCounts(planIds: [Int64], rules: RAGRules) throws -> [Int64: ProgressCounts]
    /// A window of a plan's findings in plan order: `limit` of them from `offset` in what
    /// `findings(planId:)` lists.
    func findings(planId: Int64, offset: Int, limit: Int) throws -> [Finding]
    /// A window of a plan's actions in id order: up to `limit` of those
    /// `actions(ActionQuery(planIds: [planId]))` lists, with ids above `afterId`.
    func actions(planId: Int64, afterId: Int64, limit: Int) throws -> [Action]
    /// The actions of some findings of a plan, as `actions(ActionQuery(planIds: [planId]))` lists them.
    func actions(planId: Int64, findingIds: [Int64]) throws -> [Action]
    /// Another connection to the same database, for a long read in the background that must
    /// not hold up this store's reads and writes; the store itself when it has no other.
    func readingConnection() throws -> any PlanStore
    /// The newest note of each of the given actions (all actions when nil).
    func latestNotes(actionIds: [Int64]?) throws -> [Int64: Note]
    /// Every audit event about one entity, oldest first (for an action: its notes' too).
    func history(entity: String, id: Int64) throws -> [AuditEvent]
    /// Audit events, oldest first, optionally only those at or after a moment.
    func auditEvents(since: Date?) throws -> [AuditEvent]
    /// Only the events a completions chart reads, oldest first: each action's status changes
    /// and its creation (`field` "*", without the snapshot of the created row).
    func completionEvents() throws -> [AuditEvent]
    /// `completionEvents()` of these actions only (a report written plan by plan reads each
    /// part's events with its actions).
    func completionEvents(actionIds: [Int64]) throws -> [AuditEvent]
    /// The milestones of these plans, as `milestones(planId:_:)` gives each plan's (archived
    /// plans included: they are named), in plan, position and id order.
    func milestones(planIds: [Int64], _ visibility: Visibility) throws -> [Milestone]
    /// The findings of these plans, as `findings(planId:_:)` gives each plan's (archived plans
    /// included: they are named), in plan, position and id order.
    func findings(planIds: [Int64], _ visibility: Visibility) throws -> [Finding]
    /// Every distinct owner named on an action, sorted.
    func owners() throws -> [String]
    /// The bank-holiday table held in the database.
    func holidayTable() throws -> HolidayTable
    /// A value that changes whenever anyone commits a change (polled by the terminal UI to
    /// show other people's changes): the newest change group's id, 0 with none. Groups are
    /// numbered in the order they commit, so a group numbered at most the token read was
    /// already committed when it was read (the UI skips a `ChangeNotice` of such a group).
    func changeToken() throws -> Int64
    /// A short text that tells this database from any other: made from its first recorded
    /// change, so a backup or a copy keeps it (calendar entries stay the same entries) while
    /// another database has another. "new" for a database with no change yet.
    func databaseIdentity() throws -> String
    /// A plan found by the hash of its imported text.
    func plan(contentHash: String) throws -> Plan?
    /// Each improvement finding of a plan that was raised before, by finding id (a finding raised
    /// nowhere before is absent): the findings of the same authority's earlier documents (an
    /// earlier `Plan.documentDate`, never this plan, nothing removed) whose wording is alike by
    /// `FindingSimilarity`, newest document first (`Recurrence.newestFirst`). Candidates come from
    /// a full-text search ranked by bm25, one query for the whole plan. Empty for an unknown plan.
    func recurrences(planId: Int64) throws -> [Int64: [Recurrence]]
    /// One finding's recurrences, as `recurrences(planId:)` gives them; empty for an unknown,
    /// removed or strength finding.
    func recurrences(findingId: Int64) throws -> [Recurrence]
    /// The recurrences of the findings of several plans (a board pack, an authority's
    /// timeline), by finding id, as `recurrences(planId:)` gives each plan's: the plans are
    /// read once, then one query per plan that has an earlier document.
    func recurrences(planIds: [Int64]) throws -> [Int64: [Recurrence]]
    /// `recurrences(planIds:)` with the plans they are looked for in already read: `plans` is
    /// every plan not removed (`plans(.includingArchived)`), which a report written plan by plan
    /// reads once rather than once per part.
    func recurrences(planIds: [Int64], among plans: [Plan]) throws -> [Int64: [Recurrence]]

    // MARK: Writing
    /// Creates plans in one transaction and one change group: all of them or none. With
    /// `refusingDuplicates`, a draft whose content hash is already a plan's is refused
    /// (`StoreError.alreadyImported`), checked inside the transaction so that two people
    /// importing the same letter at once cannot both succeed.
    func createPlans(_ drafts: [PlanDraft], who: String, refusingDuplicates: Bool) throws -> [Int64]
    func addFinding(_ finding: Finding, who: String) throws -> Int64
    /// Adds findings, each with its actions and their notes, to an existing plan in one
    /// transaction and one change group: all of them or none. A finding's empty reference is
    /// given the next of its category ("R4"); actions are numbered under their finding. Returns
    /// the new findings' ids.
    func addFindings(_ drafts: [FindingDraft], planId: Int64, who: String) throws -> [Int64]
    func addAction(_ action: Action, who: String) throws -> Int64
    /// Applies `changes` to an action. With `expectVersion`, refuses (`StoreError.stale`)
    /// when the action has changed since that version.
    func updateAction(id: Int64, changes: ActionChanges, expectVersion: Int?, who: String, today: Day) throws -> Action
    /// Applies `changes` to several actions in one transaction and one change group (one
    /// `undo`): all of them or none. `expectVersions` refuses any that changed since.
    func updateActions(ids: [Int64], changes: ActionChanges, expectVersions: [Int64: Int]?, who: String, today: Day) throws -> [Action]
    /// Moves an action under another finding of the same plan; it takes the next reference
    /// there ("D3.2"), its old one never reused.
    func moveAction(id: Int64, toFinding findingId: Int64, who: String) throws -> Action
    func updateFinding(id: Int64, changes: FindingChanges, who: String) throws -> Finding
    func updatePlan(id: Int64, changes: PlanChanges, who: String) throws -> Plan
    func addMilestone(_ milestone: Milestone, who: String) throws -> Int64
    func updateMilestone(id: Int64, changes: MilestoneChanges, who: String) throws -> Milestone
    /// Changes the text of a note; only its author may (the old text stays in the history).
    func updateNote(id: Int64, text: String, who: String) throws -> Note
    /// Takes an item out of its plan, recording who, when and why. Nothing is deleted: the
    /// item leaves every list, screen and report, and `undo` brings it back.
    func remove(_ entity: AuditEntity, id: Int64, reason: String, who: String) throws
    /// Reverts `who`'s last change group that is not undone; refuses when a later change
    /// by anyone touched the same rows.
    func undoLast(who: String) throws -> UndoResult
    /// Replaces the holiday table and recomputes every open rule-derived due date.
    func replaceHolidays(_ holidays: [BankHoliday], who: String) throws -> [MovedDeadline]
}

extension PlanStore {
    /// From the whole trail; a store that can select them (SQLite) reads only these.
    public func completionEvents() throws -> [AuditEvent] {
        try auditEvents(since: nil).compactMap { event in
            guard event.entity == "action", event.field == "status" || (event.field == "*" && event.oldValue == nil) else { return nil }
            var kept = event
            if kept.field == "*" { kept.newValue = nil }
            return kept
        }
    }

    /// From the whole list; a store that can select them reads only these.
    public func completionEvents(actionIds: [Int64]) throws -> [AuditEvent] {
        let wanted = Set(actionIds)
        return try completionEvents().filter { wanted.contains($0.entityId) }
    }

    /// Reads the plans again; a store that can take them does better.
    public func recurrences(planIds: [Int64], among plans: [Plan]) throws -> [Int64: [Recurrence]] {
        try recurrences(planIds: planIds)
    }

    /// Plan by plan; a store that can select several plans at once does better.
    public func milestones(planIds: [Int64], _ visibility: Visibility) throws -> [Milestone] {
        try planIds.sorted().flatMap { try milestones(planId: $0, visibility) }
    }

    /// Plan by plan; a store that can select several plans at once does better.
    public func findings(planIds: [Int64], _ visibility: Visibility) throws -> [Finding] {
        try planIds.sorted().flatMap { try findings(planId: $0, visibility) }
    }

    /// The plans in use: neither archived nor removed.
    public func plans() throws -> [Plan] { try plans(.current) }
    public func milestones(planId: Int64?) throws -> [Milestone] { try milestones(planId: planId, .current) }
    public func findings(planId: Int64?) throws -> [Finding] { try findings(planId: planId, .current) }

    public func updatePlan(id: Int64, received: Day?, title: String?, who: String) throws -> Plan {
        try updatePlan(id: id, changes: PlanChanges(title: title, received: received), who: who)
    }

    public func setMilestoneDone(id: Int64, done: Day?, who: String) throws -> Milestone {
        try updateMilestone(id: id, changes: MilestoneChanges(done: .some(done)), who: who)
    }

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

    public func readingConnection() throws -> any PlanStore { self }

    // Windows read through the plain reads; a store that can page in a query does better.

    public func findings(planId: Int64, offset: Int, limit: Int) throws -> [Finding] {
        Array(try findings(planId: planId).dropFirst(offset).prefix(limit))
    }

    public func actions(planId: Int64, afterId: Int64, limit: Int) throws -> [Action] {
        Array(try actions(ActionQuery(planIds: [planId])).filter { $0.id > afterId }.sorted { $0.id < $1.id }.prefix(limit))
    }

    public func actions(planId: Int64, findingIds: [Int64]) throws -> [Action] {
        let wanted = Set(findingIds)
        return try actions(ActionQuery(planIds: [planId])).filter { wanted.contains($0.findingId) }
    }

    /// Counts by reading the plans' actions; a store that can count in a query does better.
    public func progressCounts(planIds: [Int64], rules: RAGRules) throws -> [Int64: ProgressCounts] {
        var counts: [Int64: ProgressCounts] = [:]
        for action in try actions(ActionQuery(planIds: planIds)) {
            counts[action.planId, default: ProgressCounts()].add(action, rules: rules)
        }
        return counts
    }
}

/// Which records a list holds.
public enum Visibility: Sendable, Hashable {
    /// What a person works on: nothing removed, no archived plan (unless one is asked for by id).
    case current
    /// Archived plans too.
    case includingArchived
    /// Removed records too (what an as-of report rebuilds the past from).
    case includingRemoved
}

/// One removed record, as `list --removed` shows it.
public struct RemovedItem: Sendable, Hashable {
    public var entity: AuditEntity
    public var id: Int64
    public var planId: Int64
    /// The action's reference, the finding's reference, or nil.
    public var ref: String?
    /// Its title or text.
    public var text: String
    public var removal: Removal

    public init(entity: AuditEntity, id: Int64, planId: Int64, ref: String?, text: String, removal: Removal) {
        self.entity = entity
        self.id = id
        self.planId = planId
        self.ref = ref
        self.text = text
        self.removal = removal
    }
}

/// What to change on a finding. A nil field is left as it is.
public struct FindingChanges: Sendable, Hashable {
    public var text: String?
    public var category: FindingCategory?
    public var timeframe: Timeframe?
    /// Outermost first; an empty list clears it.
    public var sectionPath: [String]?

    public init(text: String? = nil, category: FindingCategory? = nil, timeframe: Timeframe? = nil, sectionPath: [String]? = nil) {
        self.text = text
        self.category = category
        self.timeframe = timeframe
        self.sectionPath = sectionPath
    }

    public var isEmpty: Bool { text == nil && category == nil && timeframe == nil && sectionPath == nil }
}

/// What to change on a plan. A nil field is left as it is.
public struct PlanChanges: Sendable, Hashable {
    public var title: String?
    /// Deadlines derived from the received date move with it.
    public var received: Day?
    public var authority: String?
    public var kind: DocumentKind?
    public var archived: Bool?

    public init(title: String? = nil, received: Day? = nil, authority: String? = nil, kind: DocumentKind? = nil, archived: Bool? = nil) {
        self.title = title
        self.received = received
        self.authority = authority
        self.kind = kind
        self.archived = archived
    }

    public var isEmpty: Bool { title == nil && received == nil && authority == nil && kind == nil && archived == nil }
}

/// What to change on a milestone. A nil field is left as it is; `.some(nil)` clears it.
public struct MilestoneChanges: Sendable, Hashable {
    public var title: String?
    /// A due date set by a person (it is no longer derived from a rule).
    public var due: Day??
    /// The day it was met.
    public var done: Day??

    public init(title: String? = nil, due: Day?? = nil, done: Day?? = nil) {
        self.title = title
        self.due = due
        self.done = done
    }

    public var isEmpty: Bool { title == nil && due == nil && done == nil }
}

/// Which actions to list. All conditions must hold.
public struct ActionQuery: Sendable, Hashable {
    public var planIds: [Int64]?
    public var findingId: Int64?
    public var statuses: [ActionStatus]?
    public var owner: String?
    /// Text in the title, the finding's text, the owner, the measure or the references, folded as `TextSearch` folds it.
    public var search: String?
    public var categories: [FindingCategory]?
    /// Only actions due on or after this day.
    public var dueFrom: Day?
    /// Only actions due before this day.
    public var dueBefore: Day?
    /// Archived plans' actions are left out at `.current` unless `planIds` names the plan.
    public var visibility: Visibility

    public init(planIds: [Int64]? = nil, findingId: Int64? = nil, statuses: [ActionStatus]? = nil,
                owner: String? = nil, search: String? = nil, categories: [FindingCategory]? = nil,
                dueFrom: Day? = nil, dueBefore: Day? = nil, visibility: Visibility = .current) {
        self.visibility = visibility
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
    /// The record was removed from its plan (or its finding or plan was).
    case removed(entity: String, id: Int64, removal: Removal)
    /// Only the author of a note may change its text.
    case notYours(entity: String, id: Int64, owner: String)
    /// On a shared PostgreSQL database, the login's grants do not allow the change (docs/server.md).
    case notAllowed(login: String, what: String)
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
        case .removed(let entity, let id, let removal):
            return "\(entity) \(id) was removed by \(removal.by) at \(StoreError.format(removal.at)) (\(removal.reason)): see `list --removed`; `undo` by them brings it back"
        case .notYours(let entity, let id, let owner):
            return "\(entity) \(id) was written by \(owner): only its author may change it"
        case .notAllowed(let login, let what):
            return "the database login \(login) may not \(what): an admin of the authority can grant a role (actionplan grant); nothing was changed"
        case .failed(let message):
            return message
        }
    }

    /// "5 s", "0.5 s".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    /// "2026-11-22 14:03:05 UTC", or in another zone "2026-07-22 15:03:05 BST": a stored moment
    /// (always UTC) as a person reads it, in the local time zone (`TZ`) unless one is given.
    public static func format(_ date: Date, in zone: TimeZone = .current) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB_POSIX")
        f.timeZone = zone
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: date) + " " + zoneName(zone, at: date)
    }

    /// "UTC" for UTC, else the zone's abbreviation ("BST"), else its offset ("+05:30").
    static func zoneName(_ zone: TimeZone, at date: Date) -> String {
        let offset = zone.secondsFromGMT(for: date)
        if offset == 0, ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Universal", "Zulu"].contains(zone.identifier) { return "UTC" }
        if let abbreviation = zone.abbreviation(for: date), abbreviation.first?.isLetter == true, !abbreviation.hasPrefix("GMT+"),
           !abbreviation.hasPrefix("GMT-") {
            return abbreviation
        }
        let minutes = abs(offset) / 60
        let hours = String(minutes / 60), rest = String(minutes % 60)
        return (offset < 0 ? "-" : "+") + (hours.count < 2 ? "0" : "") + hours + ":" + (rest.count < 2 ? "0" : "") + rest
    }
}
