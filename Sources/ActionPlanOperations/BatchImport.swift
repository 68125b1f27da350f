import Foundation
import ActionPlanModel
import ActionPlanCore
import InspectionParser

/// Importing many documents at once (`actionplan import FILE… --jobs N`): up to N documents are
/// read (a PDF through pdftotext) and parsed at the same time, and each becomes a plan in its
/// own transaction, written in the order the files were given, so that the plans' ids follow
/// that order whatever finishes first. A document already imported (the same text) is skipped
/// with a note; one that cannot be imported is refused with why, and the others go on.
public enum BatchImport {
    public enum Outcome: Sendable, Equatable {
        case imported(planId: Int64, title: String)
        /// Why it was skipped: already a plan, or the same text as an earlier file of the batch.
        case skipped(String)
        /// Why it was refused, one line.
        case refused(String)
    }

    public struct Item: Sendable, Equatable {
        public let file: String
        public let outcome: Outcome
        /// What reading the document noted (a text read as Windows-1252, say), said once the
        /// batch is done rather than across the progress bar.
        public var notes: [String] = []
    }

    /// How many documents ended each way.
    public struct Tally: Sendable, Equatable {
        public var imported = 0, skipped = 0, refused = 0
        public var done: Int { imported + skipped + refused }

        public init(_ items: [Item]) {
            for item in items {
                switch item.outcome {
                case .imported: imported += 1
                case .skipped: skipped += 1
                case .refused: refused += 1
                }
            }
        }

        /// "imported 160, skipped 3 (already imported), refused 6".
        public var text: String {
            "imported \(imported), skipped \(skipped) (already imported), refused \(refused)"
        }
    }

    /// Every document prepared and written; `progress` is called on the calling thread after
    /// each one with the items so far.
    public static func run(files: [String], jobs: Int, received: Day?, lastVisit: Bool = false, kind: DocumentKind?, allowEmpty: Bool,
                           planner: ImportPlanner, store: any PlanStore, today: Day, who: String,
                           progress: ([Item]) -> Void = { _ in }) -> [Item] {
        let work = Work(count: files.count)
        for _ in 0..<max(1, min(jobs, files.count)) {
            DispatchQueue.global().async {
                while let index = work.take() {
                    let result: Result<DocumentImport.Prepared, any Error> = Result {
                        // The duplicate check is made below, when the plan is written.
                        try DocumentImport.prepare(files[index], received: received, kind: kind, asNew: true, allowEmpty: allowEmpty,
                                                   lastVisit: lastVisit, planner: planner, store: nil, today: today, who: who, note: { _ in },
                                                   standardInput: { Data() })
                    }
                    work.finish(index, result)
                }
            }
        }
        var items: [Item] = []
        var written: [String: String] = [:]
        for index in files.indices {
            let file = files[index]
            let outcome: Outcome
            var notes: [String] = []
            switch work.wait(index) {
            case .failure(let error):
                outcome = .refused(message(error))
            case .success(let prepared):
                notes = prepared.input.notes
                if let earlier = written[prepared.hash] {
                    outcome = .skipped("\(prepared.input.name): has the same text as \(earlier)")
                } else {
                    do {
                        let id = try store.createPlans([prepared.draft], who: who, refusingDuplicates: true)[0]
                        written[prepared.hash] = prepared.input.name
                        outcome = .imported(planId: id, title: prepared.draft.plan.title)
                    } catch StoreError.alreadyImported(_, let planId, let title) {
                        outcome = .skipped("\(prepared.input.name): already imported as plan \(planId) (\(title))")
                    } catch {
                        outcome = .refused("\(prepared.input.name): \(message(error))")
                    }
                }
            }
            items.append(Item(file: file, outcome: outcome, notes: notes))
            progress(items)
        }
        return items
    }

    static func message(_ error: any Error) -> String {
        if let undated = error as? DocumentImport.UndatedReport { return undated.commandLineMessage }
        return OperationError.message(of: error)
    }

    /// The shared state of the workers: the next document to take and each one's result.
    private final class Work: @unchecked Sendable {
        private let condition = NSCondition()
        private var next = 0
        private var results: [Result<DocumentImport.Prepared, any Error>?]

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func take() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            guard next < results.count else { return nil }
            next += 1
            return next - 1
        }

        func finish(_ index: Int, _ result: Result<DocumentImport.Prepared, any Error>) {
            condition.lock()
            results[index] = result
            condition.broadcast()
            condition.unlock()
        }

        func wait(_ index: Int) -> Result<DocumentImport.Prepared, any Error> {
            condition.lock()
            defer { condition.unlock() }
            while results[index] == nil { condition.wait() }
            return results[index]!
        }
    }
}
