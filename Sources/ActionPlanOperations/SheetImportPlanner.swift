import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanWorkbook

/// The reason stored with a colour the spreadsheet gave that differs from the derived one.
public let importedColourReason = "from the imported spreadsheet"

/// The findings, actions and notes a spreadsheet's rows make, or every row that cannot be read.
public struct SheetImportPlan: Sendable {
    public var sheet: String
    public var columns: SheetColumns
    public var findings: [FindingDraft]
    /// The spreadsheet's row number (from 1) of each action, by finding and action index.
    public var rowNumbers: [[Int]]
    public var actionCount: Int { findings.reduce(0) { $0 + $1.actions.count } }
    public var noteCount: Int { findings.reduce(0) { $0 + $1.notes.values.reduce(0) { $0 + $1.count } } }
}

/// A row that cannot be imported: its number as the spreadsheet shows it, the column and why.
public struct SheetRowProblem: Sendable, Hashable {
    public var row: Int
    public var column: String
    public var message: String

    public var line: String { "row \(row), \(column): \(message)" }
}

/// Turns a spreadsheet's rows into findings and actions: one finding per distinct finding
/// reference or text (a blank finding cell carries the one above down, as merged cells do),
/// one action per row with an action title.
public struct SheetImportPlanner: Sendable {
    public var rules: RAGRules
    public var who: String
    /// Existing finding references of the plan imported into (upper case), so a new finding
    /// never takes one.
    public var takenRefs: Set<String>

    /// The plan's received date: a timescale in the due-date column ("Within three months")
    /// counts from it, as an imported letter's does.
    public var received: Day

    public init(rules: RAGRules, who: String, takenRefs: Set<String> = [], received: Day? = nil) {
        self.rules = rules
        self.who = who
        self.takenRefs = takenRefs
        self.received = received ?? rules.today
    }

    /// The sheet of a workbook that holds the plan: the one named, else the one whose header
    /// row names the most fields.
    public static func chooseSheet(_ sheets: [SheetTable], named: String?, overrides: [(column: String, field: SheetField)])
        throws -> (SheetTable, SheetColumns) {
        if let named {
            guard let sheet = sheets.first(where: { $0.name.caseInsensitiveCompare(named) == .orderedSame }) else {
                throw OperationError("--sheet: no sheet '\(named)': the workbook has \(sheets.map { "\"\($0.name)\"" }.joined(separator: ", "))",
                                     status: .usage)
            }
            return (sheet, try SheetColumns.guess(sheet.rows, overrides: overrides))
        }
        var best: (SheetTable, SheetColumns)?
        var firstError: (any Error)?
        for sheet in sheets {
            do {
                let columns = try SheetColumns.guess(sheet.rows, overrides: overrides)
                let score = columns.columns.filter { $0.field != .ignore }.count
                if score > (best?.1.columns.filter { $0.field != .ignore }.count ?? 0) { best = (sheet, columns) }
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let best { return best }
        if let firstError { throw firstError }
        throw OperationError("the file holds no rows", status: .dataError)
    }

    /// Every row after the header; throws the problems (all of them) when any row is refused.
    public func plan(_ table: SheetTable, columns: SheetColumns) -> (plan: SheetImportPlan?, problems: [SheetRowProblem]) {
        var problems: [SheetRowProblem] = []
        var findings: [FindingDraft] = []
        var rowNumbers: [[Int]] = []
        var findingIndex: [String: Int] = [:]
        var current: Int?
        var usedRefs = TakenReferences(takenRefs)
        let findingColumn = columns.column(for: .finding)
        let hasFindingColumn = findingColumn != nil || columns.column(for: .findingRef) != nil
        let defaultCategory = findingColumn.flatMap { Self.category(fromHeading: $0.heading) } ?? .areaForImprovement
        for rowIndex in (columns.headerRow + 1)..<max(columns.headerRow + 1, table.rows.count) {
            let row = table.rows[rowIndex]
            let number = rowIndex + 1
            func cell(_ field: SheetField) -> SheetValue {
                guard let column = columns.column(for: field), column.index < row.count else { return .empty }
                return row[column.index]
            }
            func text(_ field: SheetField) -> String? { Self.cellText(cell(field).text) }
            func problem(_ field: SheetField, _ message: String) {
                let column = columns.column(for: field)
                let name = column.map { $0.heading.isEmpty ? "column \($0.letter)" : "\($0.heading) (\($0.letter))" } ?? field.label
                problems.append(SheetRowProblem(row: number, column: name, message: message))
            }
            if row.allSatisfy({ Self.cellText($0.text) == nil }) { continue }
            for field in SheetField.allCases where field != .ignore {
                if let value = text(field), let control = TerminalSafe.firstControl(in: value, allowLineBreaks: true) {
                    problem(field, "contains \(TerminalSafe.describe(control.scalar)) at character \(control.position): expected text without control characters")
                }
            }
            // The finding: by reference, else by text; blank carries the one above down.
            let ref = text(.findingRef)
            let findingText = text(.finding)
            if ref != nil || findingText != nil {
                let key = ref.map { "ref:" + $0.uppercased() } ?? "text:" + (findingText ?? "")
                if let index = findingIndex[key] {
                    current = index
                } else {
                    var category = defaultCategory
                    if let word = text(.category) {
                        if let parsed = Self.category(word) { category = parsed } else {
                            problem(.category, "unknown category '\(word)': expected one of \(FindingCategory.allCases.filter(\.isImprovement).map(\.label).joined(separator: ", "))")
                        }
                    }
                    let findingRef = Self.reference(ref, category: category, used: &usedRefs)
                    let section = text(.section).map { $0.components(separatedBy: " › ").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
                    let body = findingText ?? text(.action) ?? ref ?? ""
                    let finding = Finding(planId: 0, ref: findingRef, category: category, sectionPath: section, text: body,
                                          sourceLocation: "\(table.name) row \(number)")
                    findings.append(FindingDraft(finding: finding))
                    rowNumbers.append([])
                    current = findings.count - 1
                    findingIndex[key] = current
                }
            }
            guard let title = text(.action) else {
                for field in [SheetField.owner, .due, .status, .rag, .measure, .evidence, .note] where text(field) != nil {
                    problem(.action, "has a \(field.label) but no action title: fill the action column, or name it with --map COLUMN=action")
                    break
                }
                continue
            }
            if current == nil || !hasFindingColumn {
                // No finding column (or no finding yet): the action is its own finding.
                let finding = Finding(planId: 0, ref: Self.reference(nil, category: defaultCategory, used: &usedRefs), category: defaultCategory,
                                      text: title, sourceLocation: "\(table.name) row \(number)")
                findings.append(FindingDraft(finding: finding))
                rowNumbers.append([])
                current = findings.count - 1
            }
            guard let findingIndexNow = current else { continue }
            var action = Action(findingId: 0, planId: 0, title: Self.oneLine(title), owner: text(.owner),
                                createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0), updatedBy: who)
            action.successMeasure = text(.measure)
            action.evidence = text(.evidence)
            // A date in ISO form (most cells) is never a timescale: not worded as one first.
            if let words = text(.due), Day(iso: words) == nil, let rule = Self.timescale(words) {
                action.due = rule.due(received: received, calendar: rules.calendar)
                action.dueRule = rule
            } else {
                switch Self.day(cell(.due)) {
                case .success(let day): action.due = day
                case .failure(let refusal): problem(.due, refusal.message)
                }
            }
            var statusRAG: RAG?
            if let word = text(.status) {
                if let (status, rag) = Self.status(word) { action.status = status; statusRAG = rag } else {
                    problem(.status, "unknown status '\(word)': expected \(Self.statusWords)")
                }
            }
            var sheetRAG: RAG? = statusRAG
            var reason = importedColourReason
            if let word = text(.ragOverride) ?? text(.rag) {
                if let rag = Self.rag(word) { sheetRAG = rag } else {
                    problem(text(.ragOverride) != nil ? .ragOverride : .rag, "unknown colour '\(word)': expected \(Self.ragWords)")
                }
                if let given = text(.ragReason) { reason = Self.oneLine(given) }
            }
            if sheetRAG == .blue, text(.status) == nil { action.status = .complete }
            if let sheetRAG, action.status.isOpen {
                if sheetRAG == .blue {
                    problem(.rag, "Blue means complete, but the status is \(action.status.label): make them agree")
                } else if sheetRAG != rules.rag(action) || text(.ragOverride) != nil {
                    // A colour the sheet says was set by hand stays so, even where it agrees with the derived one.
                    action.ragOverride = sheetRAG
                    action.ragReason = reason
                }
            }
            findings[findingIndexNow].actions.append(action)
            rowNumbers[findingIndexNow].append(number)
            if let note = text(.note) {
                findings[findingIndexNow].notes[findings[findingIndexNow].actions.count - 1] =
                    [Note(actionId: 0, author: who, day: rules.today, createdAt: Date(timeIntervalSince1970: 0), text: note)]
            }
        }
        if findings.isEmpty && problems.isEmpty {
            problems.append(SheetRowProblem(row: columns.headerRow + 1, column: "the rows", message: "no row below the headings holds an action or a finding"))
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (SheetImportPlan(sheet: table.name, columns: columns, findings: findings, rowNumbers: rowNumbers), [])
    }

    // MARK: Reading cells

    /// What a due-date cell may hold, for refusals.
    public static let dateForms = "YYYY-MM-DD, 31/12/2026, 31 Dec 2026, December 2026, an Excel date, "
        + "or a timescale (Immediately, Within 3 months, Within 20 working days)"

    /// A timescale as letters and plans word it: "Immediately", "Within three months",
    /// "6 months", "Within 20 working days"; nil for anything else.
    static func timescale(_ raw: String) -> DeadlineRule? {
        let words: [String] = SheetColumns.fold(raw).split(separator: " ").map(String.init).filter { !Timescale.skipped.contains($0) }
        if Timescale.immediate.contains(words) { return .immediately }
        guard let first = words.first, let n = Int(first) ?? Timescale.numbers[first], n > 0, n <= 1200 else { return nil }
        switch Array(words.dropFirst()) {
        case ["month"], ["months"]: return .months(n)
        case ["working", "day"], ["working", "days"], ["wd"]: return n <= 10_000 ? .workingDays(n) : nil
        default: return nil
        }
    }

    /// The words of a timescale, made once (a due-date cell of every row is tried as one).
    private enum Timescale {
        static let skipped: Set<String> = ["within", "of", "receipt"]
        static let immediate: [[String]] = [["immediately"], ["immediate"], ["with", "immediate", "effect"]]
        static let numbers: [String: Int] = ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                                             "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20]
    }

    /// A due date: an Excel date, an Excel serial number (2000–2099), `YYYY-MM-DD` (with a time
    /// after it, as Excel's CSV writes), the UK forms of `Day(british:)`, or a month and year
    /// ("December 2026": the last day of that month). Blank is no date.
    static func day(_ value: SheetValue) -> Result<Day?, DayRefusal> {
        switch value {
        case .empty: return .success(nil)
        case .day(let day): return .success(day)
        case .number(let serial):
            if serial >= 36_526, serial < 73_051, let day = XLSXWorkbook.day(excelSerial: serial) { return .success(day) }
            return .failure(DayRefusal("the number \(value.text) is not a date: expected \(dateForms)"))
        case .bool, .error:
            return .failure(DayRefusal("'\(value.text)' is not a date: expected \(dateForms)"))
        case .text(let raw):
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { return .success(nil) }
            if let day = Day(iso: text) ?? Day(british: text) { return .success(day) }
            // "2026-12-31 00:00:00", "31/12/2026 00:00".
            if let first = text.split(separator: " ").first, text.contains(":"),
               let day = Day(iso: String(first)) ?? Day(british: String(first)) { return .success(day) }
            let words = text.split(whereSeparator: { $0 == " " || $0 == "," })
            if words.count == 2, let month = Day.month(named: String(words[0])), words[1].count == 4, let year = Int(words[1]),
               let day = Day(year: year, month: month, day: Day.daysInMonth(year: year, month: month)) {
                return .success(day)
            }
            if let day = Day(iso: text.replacingOccurrences(of: "/", with: "-")), text.count == 10 { return .success(day) }
            return .failure(DayRefusal("'\(text)' is not a date: expected \(dateForms)"))
        }
    }

    struct DayRefusal: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    static let statusWords = "Not started, In progress, On track, At risk, Off track, Complete (Completed, Done), Cancelled"

    /// A status as councils word it, with the colour the word implies ("On track" is green).
    static func status(_ raw: String) -> (ActionStatus, RAG?)? {
        let word = SheetColumns.fold(withoutStars(raw))
        switch word {
        case "not started", "not yet started", "planned", "to do", "todo", "open", "new", "pending", "not due": return (.notStarted, nil)
        case "in progress", "ongoing", "started", "underway", "under way", "progressing", "partially complete", "partially met",
             "in hand", "active": return (.inProgress, nil)
        case "on track", "on target": return (.inProgress, .green)
        case "at risk", "slipping": return (.inProgress, .amber)
        case "off track", "delayed", "behind", "overdue", "not on track": return (.inProgress, .red)
        case "complete", "completed", "done", "closed", "achieved", "met", "finished", "delivered": return (.complete, nil)
        case "cancelled", "canceled", "withdrawn", "superseded", "no longer required": return (.cancelled, nil)
        default: return nil
        }
    }

    /// A report's mark ("Amber*") dropped; most cells have none and are returned as they are.
    static func withoutStars(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "*")) ? text.replacingOccurrences(of: "*", with: "") : text
    }

    static let ragWords = "Blue, Red, Amber, Green (or B, R, A, G, On track, At risk, Off track, Complete)"

    /// A colour: its name or initial (any case), "On track", "At risk", "Off track", "Complete";
    /// a report's mark and reason ("Amber* (waiting for funding)") are dropped.
    static func rag(_ raw: String) -> RAG? {
        var text = raw
        if let paren = text.firstIndex(of: "(") { text = String(text[..<paren]) }
        let word = SheetColumns.fold(withoutStars(text))
        switch word {
        case "blue", "b", "complete", "completed", "done": return .blue
        case "red", "r", "off track", "not on track", "behind": return .red
        case "amber", "a", "at risk", "amber red", "red amber": return .amber
        case "green", "g", "on track", "on target", "amber green": return .green
        default:
            let first = word.split(separator: " ").first.map(String.init) ?? ""
            return ["blue", "red", "amber", "green"].contains(first) ? RAG(rawValue: first) : nil
        }
    }

    /// A category by its label, raw value or usual wording ("Area for priority action", "priority action", "recommendation").
    static func category(_ raw: String) -> FindingCategory? {
        let word = SheetColumns.fold(raw)
        for category in FindingCategory.allCases where category.isImprovement {
            if word == SheetColumns.fold(category.label) || word == SheetColumns.fold(category.rawValue) { return category }
        }
        return category(fromHeading: raw)
    }

    /// The category a finding column's heading implies.
    static func category(fromHeading heading: String) -> FindingCategory? {
        let word = SheetColumns.fold(heading)
        if word.contains("priority") { return .priorityAction }
        if word.contains("development") { return .areaForDevelopment }
        if word.contains("consideration") { return .areaForConsideration }
        if word.contains("what needs to improve") { return .whatNeedsToImprove }
        if word.contains("recommendation") { return .recommendation }
        if word.contains("suggestion") { return .suggestion }
        if word.contains("area for improvement") || word.contains("areas for improvement") { return .areaForImprovement }
        return nil
    }

    /// The sheet's reference when it is one (letters then digits: "P1", "R12"; a bare number
    /// takes the category's letter: "3" → "R3") and not taken; else the category's next.
    static func reference(_ given: String?, category: FindingCategory, used: inout TakenReferences) -> String {
        if let given {
            let trimmed = given.trimmingCharacters(in: .whitespaces).uppercased()
            let candidate = trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) && !trimmed.isEmpty ? category.refPrefix + trimmed : trimmed
            if ActionReference.isReference(candidate + ".1"), !used.refs.contains(candidate), let number = Int(candidate.drop(while: \.isLetter)),
               number < 1000 {
                used.refs.insert(candidate)
                return candidate
            }
        }
        // The lowest number not taken. References are only ever added, so every number below
        // the last one handed out for a prefix is taken: start there (not at 1 for each finding).
        let prefix = category.refPrefix
        var number = used.next[prefix, default: 1]
        while used.refs.contains("\(prefix)\(number)".uppercased()) { number += 1 }
        let ref = "\(prefix)\(number)"
        used.refs.insert(ref.uppercased())
        used.next[prefix] = number + 1
        return ref
    }

    /// The references taken (upper case), and for each prefix the number after the last one
    /// handed out.
    struct TakenReferences {
        var refs: Set<String>
        var next: [String: Int] = [:]
        init(_ refs: Set<String>) { self.refs = refs }
    }

    /// A cell's line breaks as spaces (a title or a reason is one line); most cells have none.
    static func oneLine(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "\n")) ? text.replacingOccurrences(of: "\n", with: " ") : text
    }

    /// A cell's text as imported: line breaks as LF (whichever program wrote the file: CR LF,
    /// or a lone CR from old Macs), trimmed; nil when nothing is left.
    static func cellText(_ raw: String) -> String? {
        let utf8 = raw.utf8
        guard let first = utf8.first, let last = utf8.last else { return nil }
        // Most cells hold no CR and start and end with a visible ASCII character: as they are.
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        if plain(first) && plain(last) && !utf8.contains(13) { return raw }
        let value = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }
}
