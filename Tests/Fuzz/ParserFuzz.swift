// libFuzzer target for the letter parser and the import planner (`make fuzz`). Built by
// swiftc together with the model's and the parser's sources into one module.
import Foundation

let parserFuzzCalendar = WorkingDayCalendar(holidays: .rulesOnly, years: 2000...2040)
let parserFuzzPlanner = ImportPlanner(
    defaults: ImportDefaults(categoryDefaults: [.priorityAction: .months(3), .recommendation: .months(6)],
                             milestones: [.init(kinds: [.focusedVisit], when: .always, title: "Final plan", rule: .workingDays(70))]),
    calendar: parserFuzzCalendar)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let extraction = InspectionDocumentParser.parse(text: text, fileName: "fuzz.txt")
    for finding in extraction.findings {
        precondition(!finding.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "an empty finding")
    }
    let draft = parserFuzzPlanner.draft(for: extraction, received: nil, kind: nil, fallbackDate: Day(iso: "2026-11-23")!,
                                        createdAt: Date(timeIntervalSince1970: 0), createdBy: "fuzz", contentHash: "x")
    for finding in draft.findings {
        for action in finding.actions {
            precondition(!action.title.isEmpty, "an action with no title")
            if let due = action.due { precondition(Day(iso: due.iso) == due, "an invalid due date") }
        }
    }
    _ = DryRunReport(documents: [DryRunReport.Document(extraction: extraction, draft: draft, file: "fuzz.txt")])
    return 0
}
