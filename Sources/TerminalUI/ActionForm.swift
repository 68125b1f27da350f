import Foundation
import ActionPlanModel
import ActionPlanCore

/// An action as one text form, edited in `$EDITOR` with `E` (as `task edit` does): a line per
/// field (`Title:`, `Owner:`, `Due:`, `Status:`, `Colour:`, `Reason:`, `Measure:`, `Evidence:`)
/// and a `Note:` section, with `#` comments saying what each accepts. Pure: text in, changes or
/// errors out. A field counts as changed only when its line differs from the form as written,
/// so an unchanged form changes nothing (even where a stored value could not be written on one
/// line exactly).
enum ActionForm {
    /// The fields in the order the form writes them.
    enum Field: String, CaseIterable, Sendable {
        case title = "Title", owner = "Owner", due = "Due", status = "Status", colour = "Colour", reason = "Reason"
        case measure = "Measure", evidence = "Evidence", note = "Note"
    }

    /// What `E` writes in the file for an action.
    static func text(for action: Action, ref: String) -> String {
        func line(_ value: String?) -> String { Format.oneLine(value ?? "") }
        let colour = action.ragOverride.map { $0.rawValue } ?? "derived"
        return """
        # \(ref) #\(action.id): edit the values after the colons, save and quit.
        # An empty value clears a field (a title cannot be empty). Lines starting with # are ignored.
        # Leave the form as it is, or empty the file, to change nothing.
        Title: \(line(action.title))
        Owner: \(line(action.owner))
        # Due: \(DateExpression.acceptedForms), or none
        Due: \(action.due?.iso ?? "none")
        # Status: not started, in progress, complete or cancelled
        Status: \(action.status.label.lowercased())
        # Colour: derived, or red, amber or green set by hand, with the Reason why
        Colour: \(colour)
        Reason: \(line(action.ragOverride == nil ? nil : action.ragReason))
        Measure: \(line(action.successMeasure))
        Evidence: \(line(action.evidence))
        # Note: a progress note to add, dated today: write it after Note:, on as many lines as you like
        Note:

        """
    }

    /// The comment lines a form that did not parse reopens with, above the person's text.
    static let errorMark = "# ERROR: "

    /// The form again, with why it was not taken on top as comments (earlier ones removed), so
    /// nothing typed is lost.
    static func withErrors(_ errors: [String], on text: String) -> String {
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(errorMark) }
        let head = errors.map { errorMark + $0 } + [errorMark + "correct the form below, save and quit; empty the file to change nothing"]
        return (head + kept.map(String.init)).joined(separator: "\n")
    }

    /// The fields of a form: each field's value (as written, trimmed), and the note.
    struct Values: Hashable, Sendable {
        var fields: [Field: String] = [:]
        var note = ""
    }

    /// Reads the fields of a form, or every reason it cannot be read.
    static func values(_ text: String) -> Result<Values, FormErrors> {
        var values = Values()
        var errors: [String] = []
        var noteLines: [String]?
        // "\r\n" is one Character in Swift: normalise line ends before splitting.
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines.map(String.init) {
            if line.hasPrefix("#") { continue }
            if noteLines != nil {
                noteLines?.append(line)
                continue
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard let colon = line.firstIndex(of: ":") else {
                errors.append("“\(shown(line))” is not a field: write Name: value (a note goes after Note:)")
                continue
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard let field = Field.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
                errors.append("“\(shown(name))” is not a field: expected "
                              + Field.allCases.map(\.rawValue).joined(separator: ", "))
                continue
            }
            if values.fields[field] != nil || (field == .note && noteLines != nil) {
                errors.append("\(field.rawValue) is given twice")
                continue
            }
            if field == .note {
                noteLines = [value]
            } else {
                values.fields[field] = value
            }
        }
        for field in Field.allCases where field != .note && values.fields[field] == nil {
            errors.append("the \(field.rawValue): line is missing: put it back (an empty value clears the field)")
        }
        values.note = (noteLines ?? []).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return errors.isEmpty ? .success(values) : .failure(FormErrors(messages: errors))
    }

    /// The changes a saved form makes to the action it was written for (`original` is the form
    /// as written), or every reason it cannot be taken. Empty changes: nothing was changed.
    static func changes(_ text: String, original: String, action: Action, today: Day,
                        calendar: WorkingDayCalendar) -> Result<ActionChanges, FormErrors> {
        let edited: Values
        switch values(text) {
        case .success(let v): edited = v
        case .failure(let e): return .failure(e)
        }
        guard case .success(let before) = values(original) else {
            return .failure(FormErrors(messages: ["the form written for this action cannot be read back"]))
        }
        var errors: [String] = []
        var changes = ActionChanges()
        func changed(_ field: Field) -> String? {
            let value = edited.fields[field] ?? ""
            return value == before.fields[field] ? nil : value
        }
        func orNil(_ value: String) -> String? { value.isEmpty ? nil : value }
        func clean(_ value: String, _ field: Field) -> String? {
            if let control = TerminalSafe.firstControl(in: value, allowLineBreaks: false) {
                errors.append("\(field.rawValue): holds \(TerminalSafe.describe(control.scalar)), which a field cannot hold")
                return nil
            }
            return value
        }
        if let title = changed(.title).flatMap({ clean($0, .title) }) {
            if title.isEmpty { errors.append("Title: a title cannot be empty") } else { changes.title = title }
        }
        if let owner = changed(.owner).flatMap({ clean($0, .owner) }) { changes.owner = .some(orNil(owner)) }
        if let due = changed(.due) {
            switch DueText(due.isEmpty ? "none" : due, today: today, calendar: calendar) {
            case .none: changes.due = .some(nil)
            case .day(let day): changes.due = .some(day)
            case .invalid(let message): errors.append("Due: \(message)")
            }
        }
        var status = action.status
        if let text = changed(.status) {
            if let s = ColonCommand.statusNamed(text) {
                changes.status = s
                status = s
            } else {
                errors.append("Status: “\(shown(text))” is not a status: expected not started, in progress, complete or cancelled")
            }
        }
        if changed(.colour) != nil || changed(.reason) != nil {
            let colour = (edited.fields[.colour] ?? "").lowercased()
            let reason = edited.fields[.reason] ?? ""
            if colour == "derived" || colour.isEmpty {
                if action.ragOverride != nil { changes.ragOverride = .some(nil) }
            } else if let rag = RAG.overridable.first(where: { $0.rawValue == colour }) {
                if !status.isOpen {
                    errors.append("Colour: a \(status.label.lowercased()) action's colour is not set by hand: write derived")
                } else if reason.isEmpty {
                    errors.append("Reason: give a reason for setting the colour to \(colour) by hand")
                } else if let reason = clean(reason, .reason) {
                    changes.ragOverride = .some(RAGOverride(rag: rag, reason: reason))
                }
            } else {
                errors.append("Colour: “\(shown(colour))” is not a colour to set: expected derived, red, amber or green")
            }
        }
        if let measure = changed(.measure).flatMap({ clean($0, .measure) }) { changes.successMeasure = .some(orNil(measure)) }
        if let evidence = changed(.evidence).flatMap({ clean($0, .evidence) }) { changes.evidence = .some(orNil(evidence)) }
        if !edited.note.isEmpty, edited.note != before.note {
            if let control = TerminalSafe.firstControl(in: edited.note, allowLineBreaks: true) {
                errors.append("Note: holds \(TerminalSafe.describe(control.scalar)), which a note cannot hold")
            } else {
                changes.note = edited.note
            }
        }
        return errors.isEmpty ? .success(changes) : .failure(FormErrors(messages: errors))
    }

    static func shown(_ text: String) -> String { TerminalSafe.visible(text, oneLine: true) }
}

/// Why a form could not be taken: one line per problem.
struct FormErrors: Error, Hashable, Sendable {
    var messages: [String]
}
