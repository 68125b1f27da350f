import ActionPlanModel
import ActionPlanCore

/// A line of the `:` command line, understood: a jump to an action or an edit of the selection
/// (the marked actions if any, else the selected one). Parsing is pure: a line that is not a
/// command, or a value that is not one, is refused with one line saying why, and nothing runs.
enum ColonCommand: Hashable, Sendable {
    /// `:42`, `:#42`, `:2/P1.2`.
    case jump(ActionReference)
    /// `:P1.2`, in the plan on screen.
    case jumpToRef(String)
    /// `:owner Carol`, `:due +20wd`, `:status complete`, `:rag red REASON`, `:measure …`, …
    case edit(ActionEdit)

    /// The commands, as help and refusals list them.
    static let names = ["owner", "due", "status", "rag", "measure", "evidence", "note", "title"]
    static let usage = "a number (:42), a reference (:P1.2 or :2/P1.2), or :owner, :due, :status, :rag, :measure, :evidence, :note, :title"

    /// The command a line means, or why it means none (one line).
    static func parse(_ line: String, today: Day, calendar: WorkingDayCalendar) -> Result<ColonCommand, CommandError> {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        let body = text.hasPrefix(":") ? String(text.dropFirst()).trimmingCharacters(in: .whitespaces) : text
        guard !body.isEmpty else { return .failure(CommandError("Type a command: \(usage)")) }
        if let reference = ActionReference(body) { return .success(.jump(reference)) }
        if ActionReference.isReference(body.uppercased()) { return .success(.jumpToRef(body.uppercased())) }
        let name: String
        let value: String
        if let space = body.firstIndex(where: \.isWhitespace) {
            name = String(body[..<space]).lowercased()
            value = body[space...].trimmingCharacters(in: .whitespaces)
        } else {
            name = body.lowercased()
            value = ""
        }
        /// "none" (or nothing at all, refused) for a field that may be cleared.
        func clearable(_ make: (String?) -> ActionEdit) -> Result<ColonCommand, CommandError> {
            if value.isEmpty { return .failure(CommandError(":\(name) needs a value, or none to clear it")) }
            return .success(.edit(make(value.lowercased() == "none" ? nil : value)))
        }
        switch name {
        case "owner": return clearable { .owner($0) }
        case "measure": return clearable { .measure($0) }
        case "evidence": return clearable { .evidence($0) }
        case "due":
            if value.isEmpty { return .failure(CommandError(":due needs a date: \(DateExpression.acceptedForms), or none")) }
            switch DueText(value, today: today, calendar: calendar) {
            case .none: return .success(.edit(.due(nil)))
            case .day(let day): return .success(.edit(.due(day)))
            case .invalid(let message): return .failure(CommandError(message))
            }
        case "status":
            guard let status = statusNamed(value) else {
                return .failure(CommandError("“\(shown(value))” is not a status: expected not started, in progress, complete or cancelled"))
            }
            return .success(.edit(.status(status)))
        case "rag", "colour", "color":
            let words = value.split(separator: " ", maxSplits: 1).map(String.init)
            let colour = words.first?.lowercased() ?? ""
            if colour == "derived" { return .success(.edit(.colour(nil))) }
            guard let rag = RAG.overridable.first(where: { $0.rawValue == colour }) else {
                return .failure(CommandError("“\(shown(colour))” is not a colour to set: expected red, amber or green with a reason, or derived"))
            }
            let reason = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
            if reason.isEmpty { return .failure(CommandError(":rag \(colour) needs a reason: :rag \(colour) WHY")) }
            return .success(.edit(.colour(RAGOverride(rag: rag, reason: reason))))
        case "note", "comment":
            if value.isEmpty { return .failure(CommandError(":\(name) needs the text of the note")) }
            return .success(.edit(.note(value)))
        case "title":
            if value.isEmpty { return .failure(CommandError("A title cannot be empty")) }
            return .success(.edit(.title(value)))
        default:
            return .failure(CommandError("Unknown command “\(shown(name))”: \(usage)"))
        }
    }

    /// A status as a person writes it: "complete", "in progress", "in-progress", "not_started".
    static func statusNamed(_ text: String) -> ActionStatus? {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).joined(separator: " ")
        return ActionStatus.allCases.first { $0.label.lowercased() == words }
    }

    /// Typed text as a message may show it: no control character reaches the terminal.
    static func shown(_ text: String) -> String { TerminalSafe.visible(text, oneLine: true) }
}

/// Why a command line (or a form) was not understood, in one line.
struct CommandError: Error, Hashable, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
