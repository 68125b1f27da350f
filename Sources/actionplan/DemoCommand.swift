import ArgumentParser
import ActionPlanPostgres
import Foundation
import ActionPlanModel
import ActionPlanData
import ActionPlanCore
import ActionPlanOperations
import InspectionParser

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a demo database from the sample letters, with a lived-in history.",
        discussion: """
            Imports the sample letters that ship with actionplan (an invented authority, Northmoor) \
            as if they had been received some weeks or months before today, then gives the plans a \
            history through the same store operations people use: owners, success measures, \
            progress notes, completed actions with evidence, a colour set by hand, a milestone met — \
            and some actions left overdue. Every change is in the audit trail. The database must be \
            new or empty: give --db with a new file (`make run` uses .build/demo.sqlite).
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        guard let samples = ShippedData.samplesDirectory else {
            throw CLIError("the sample letters that ship with actionplan are missing: reinstall actionplan", status: .ioError)
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: samples.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
        guard !names.isEmpty else { throw CLIError("no sample letters in \(samples.path): reinstall actionplan", status: .ioError) }
        // The story's changes are stamped on the days it says they happened, so the audit trail,
        // past as-of reports and the completions chart tell the same story as the notes.
        let clock = StoryClock()
        // The story is told by several people; a PostgreSQL database records every change under
        // the login that makes it, so the demo is written to a file (and copied, if wanted).
        if PostgresLocation.isPostgres(try Context.databasePath(global, createDirectory: false)) {
            throw CLIError("demo: the demo's story is written by several people, which a PostgreSQL database records under your login only: "
                           + "write it to a file (demo --db demo.sqlite), then `copy --to` the server as its owner (docs/server.md)", status: .usage)
        }
        let context = try Context.open(global, now: { clock.now() })
        let existing = try context.store.plans()
        guard existing.isEmpty else {
            let path = try Context.databasePath(global, createDirectory: false)
            throw CLIError("the database \(path) already has \(existing.count) plan\(existing.count == 1 ? "" : "s"): the demo needs a new or empty database (give --db with a new file)", status: .cannotCreate)
        }
        let defaults = try ImportDefaultsFile.load()
        let planner = ImportPlanner(defaults: defaults, calendar: context.calendar)
        var story = DemoStory(context: context, clock: clock)
        for name in names {
            let url = samples.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            var extraction = InspectionDocumentParser.parse(text: text, fileName: name)
            let scenario = DemoStory.scenario(for: extraction.kind)
            let received = context.today.adding(days: -scenario.receivedDaysAgo)
            // The sample letters are dated when they were written; the demo moves the letter and
            // visit dates so that the letter arrived `receivedDaysAgo` days ago, keeping the gaps.
            if let letter = extraction.letterDate {
                let shift = received.dayNumber - letter.dayNumber
                extraction.letterDate = received
                extraction.visitDates = extraction.visitDates.map { $0.adding(days: shift) }
                extraction.statedDeadlines = extraction.statedDeadlines.map { deadline in
                    var moved = deadline
                    if case .fixed(let day) = deadline.rule { moved.rule = .fixed(day.adding(days: shift)) }
                    return moved
                }
            }
            clock.set(received)
            let draft = planner.draft(for: extraction, received: received, fallbackDate: context.today, createdAt: clock.now(),
                                      createdBy: DemoStory.officer, contentHash: SHA256.hex(InspectionDocumentParser.normalisedForHash(text)))
            // Refused inside the transaction if another demo run got there first.
            let planId: Int64
            do {
                planId = try context.store.createPlans([draft], who: DemoStory.officer, refusingDuplicates: true)[0]
            } catch StoreError.alreadyImported {
                throw CLIError("the database \(try Context.databasePath(global, createDirectory: false)) already has the demo's plans (another demo run wrote them): the demo needs a new or empty database", status: .cannotCreate)
            }
            try story.liveIn(planId: planId, kind: extraction.kind, received: received, scenario: scenario)
        }
        let path = try Context.databasePath(global, createDirectory: false)
        try Output.print("created the demo database \(path): \(story.plans) plans, \(story.actions) actions (\(story.completed) complete, \(story.overdue) overdue, \(story.notes) progress notes)")
        try Output.print("try: actionplan --db \(path) list   (or set ACTIONPLAN_DB=\(path))")
    }
}

/// The history the demo gives each imported plan.
struct DemoStory {
    struct Scenario {
        /// How long before today the letter was received.
        let receivedDaysAgo: Int
        /// Of the plan's actions, the share that is complete, and the share in progress.
        let completeShare: Double
        let inProgressShare: Double
    }

    /// The performance officer who imports and keeps the plans.
    static let officer = "Rosa Delgado (Performance and QA)"

    static let socialCareOwners = [
        "Head of Service, Front Door (Amira Khan)", "Service Manager, Assessment (Tom Fielding)",
        "Head of Quality Assurance (Grace Obi)", "Service Manager, Children in Care (Luke Brennan)",
        "Principal Social Worker (Nadia Hussein)",
    ]
    static let sendOwners = [
        "Head of SEND (Peter Lowe)", "Designated Clinical Officer (Dr Sian Evans)", "SEND Assessment Manager (Ruth Adeyemi)",
    ]

    static let measures = [
        "90% of cases audited each month rated good or better for this area, sustained for three months",
        "Monthly performance report shows the target met for three consecutive months",
        "Quarterly multi-agency audit finds no case where this was missed",
        "Staff survey: 80% of practitioners say the new guidance is clear and used",
        "Evidence pack reviewed and signed off by the improvement board",
    ]

    static let notes = [
        "Task and finish group set up; terms of reference agreed.",
        "Draft practice guidance circulated to team managers for comment.",
        "Audit of 20 cases completed; findings shared at the practice forum.",
        "Training delivered to the duty and assessment teams (32 staff).",
        "Slipped: recruitment to the lead post delayed; new date agreed with the director.",
        "Dip sample shows improvement in 14 of 20 cases; two teams still behind.",
    ]

    static func scenario(for kind: DocumentKind) -> Scenario {
        switch kind {
        case .focusedVisit: return Scenario(receivedDaysAgo: 100, completeShare: 0.2, inProgressShare: 0.5)
        case .ilacsInspection: return Scenario(receivedDaysAgo: 230, completeShare: 0.4, inProgressShare: 0.4)
        case .sendLocalArea: return Scenario(receivedDaysAgo: 45, completeShare: 0.0, inProgressShare: 0.4)
        case .slacInspection: return Scenario(receivedDaysAgo: 420, completeShare: 0.7, inProgressShare: 0.15)
        default: return Scenario(receivedDaysAgo: 90, completeShare: 0.3, inProgressShare: 0.4)
        }
    }

    let context: Context
    let clock: StoryClock
    var plans = 0
    var actions = 0
    var completed = 0
    var overdue = 0
    var notes = 0
    private var ownerIndex = 0

    init(context: Context, clock: StoryClock) {
        self.context = context
        self.clock = clock
    }

    /// Updates an action as of `day`, with the store's clock on that day.
    private func update(_ id: Int64, _ changes: ActionChanges, who: String, on day: Day) throws {
        clock.set(day)
        _ = try context.store.updateAction(id: id, changes: changes, expectVersion: nil, who: who, today: day)
    }

    mutating func liveIn(planId: Int64, kind: DocumentKind, received: Day, scenario: Scenario) throws {
        let owners = kind == .sendLocalArea ? DemoStory.sendOwners : DemoStory.socialCareOwners
        plans += 1
        let store = context.store
        let list = try store.actions(ActionQuery(planIds: [planId]))
        actions += list.count
        let completeCount = Int((Double(list.count) * scenario.completeShare).rounded())
        let inProgressCount = Int((Double(list.count) * scenario.inProgressShare).rounded())
        let elapsed = max(1, received.dayNumber < context.today.dayNumber ? context.today.dayNumber - received.dayNumber : 1)
        for (index, action) in list.enumerated() {
            let owner = owners[ownerIndex % owners.count]
            let who = owner.split(separator: "(").last.map { String($0.dropLast()) } ?? owner
            ownerIndex += 1
            // Week two: the officer assigns owners and success measures.
            let assigned = min(context.today, received.adding(days: min(14, elapsed / 3)))
            var changes = ActionChanges(owner: .some(owner), successMeasure: .some(DemoStory.measures[index % DemoStory.measures.count]))
            if index % 4 == 3 { changes.successMeasure = nil }  // a few left without a measure, for the quality check
            try update(action.id, changes, who: DemoStory.officer, on: assigned)
            guard index < completeCount + inProgressCount else { continue }
            // Then the owners report progress, a few weeks apart.
            let started = min(context.today, received.adding(days: elapsed / 3))
            try update(action.id, ActionChanges(status: .inProgress, note: DemoStory.notes[index % 3]), who: who, on: started)
            notes += 1
            let later = min(context.today, received.adding(days: (elapsed * 2) / 3))
            try update(action.id, ActionChanges(note: DemoStory.notes[3 + index % 3]), who: who, on: later)
            notes += 1
            if index < completeCount {
                let done = min(context.today, received.adding(days: (elapsed * 5) / 6))
                try update(action.id, ActionChanges(
                    status: .complete, evidence: .some("Audit report and board minutes, \(done.longDescription)"),
                    note: "Completed; evidence filed with the improvement board papers."), who: who, on: done)
                notes += 1
                completed += 1
            } else if index == completeCount {
                try update(action.id, ActionChanges(
                    ragOverride: .some(RAGOverride(rag: .amber, reason: "Depends on recruitment to the team manager post")),
                    note: "At risk: waiting for the new team manager to start."), who: who, on: context.today.adding(days: -3))
                notes += 1
            }
        }
        // The plan went to Ofsted on time: milestones already due were met two working days early.
        for milestone in try store.milestones(planId: planId) {
            if let due = milestone.due, due <= context.today {
                clock.set(context.calendar.addingWorkingDays(-2, to: due))
                _ = try store.setMilestoneDone(id: milestone.id, done: context.calendar.addingWorkingDays(-2, to: due), who: DemoStory.officer)
            }
        }
        overdue += try store.actions(ActionQuery(planIds: [planId])).filter { a in
            a.status.isOpen && (a.due.map { $0 < context.today } ?? false)
        }.count
    }
}

/// The demo's clock: the day the story is at, at nine in the morning, a second later for each
/// change so that the trail keeps its order.
final class StoryClock: @unchecked Sendable {
    private let lock = NSLock()
    private var day = Day(dayNumber: 0)
    private var tick = 0.0

    func set(_ day: Day) {
        lock.lock()
        defer { lock.unlock() }
        if day != self.day { self.day = day; tick = 0 }
    }

    func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        tick += 1
        return Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 + 9 * 3600 + tick)
    }
}
