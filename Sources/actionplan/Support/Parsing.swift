import ActionPlanModel
import ActionPlanCore

/// Turning option text into values, with one-line messages that name the option.
enum Parse {
    static func id(_ text: String, option: String) throws -> Int64 {
        guard let value = Int64(text.trimmingCharacters(in: .whitespaces)), value > 0 else {
            throw CLIError.usage("\(option): '\(text)' is not an id: expected a whole number above 0")
        }
        return value
    }

    /// An action argument's form, checked before the database is opened.
    static func actionReference(_ text: String, option: String) throws -> ActionReference {
        guard let reference = ActionReference(text) else {
            throw CLIError.usage("\(option): '\(text)' is not \(ActionReference.accepted)")
        }
        return reference
    }

    /// An action named by id or by `PLAN/REF`, looked up in the store.
    static func action(_ text: String, option: String, store: any PlanStore) throws -> Action {
        guard let reference = ActionReference(text) else {
            throw CLIError.usage("\(option): '\(text)' is not \(ActionReference.accepted)")
        }
        do {
            return try store.action(reference)
        } catch let error as StoreError {
            throw CLIError(error)
        }
    }

    static func value<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ text: String, option: String) throws -> T
    where T.RawValue == String {
        do {
            return try T.parse(text, field: option)
        } catch {
            throw error.cliError
        }
    }

    /// A year, from 1900 to 2200.
    static func year(_ text: String, option: String) throws -> Int {
        guard let year = Int(text.trimmingCharacters(in: .whitespaces)), (1900...2200).contains(year) else {
            throw CLIError.usage("\(option): '\(text)' is not a year: expected a year from 1900 to 2200")
        }
        return year
    }

    /// A plain date: `YYYY-MM-DD`, `31/12/2026` or `31 Dec 2026`.
    static func day(_ text: String, option: String) throws -> Day {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let day = Day(iso: trimmed) ?? Day(british: trimmed) else {
            throw CLIError.usage("\(option): '\(text)' is not a real date: expected YYYY-MM-DD, 31/12/2026 or 31 Dec 2026")
        }
        guard Day.supportedYears.contains(day.year) else {
            throw CLIError.usage("\(option): '\(text)' is outside the years \(Day.supportedYears.lowerBound)–\(Day.supportedYears.upperBound)")
        }
        return day
    }

    /// A due date in any of `DateExpression.acceptedForms`. One on a weekend or bank holiday is
    /// kept, with a warning on standard error naming the day.
    static func dateExpression(_ text: String, option: String, context: Context) throws -> Day {
        let day: Day
        do {
            day = try DateExpression.parse(text).resolve(today: context.today, calendar: context.calendar)
        } catch {
            throw CLIError.usage("\(option): \(error.message)")
        }
        if let warning = context.calendar.dueDateWarning(day) { Output.error("warning: \(option): \(warning)") }
        return day
    }

    /// Typed text to be stored (an owner, a title, a note): refused, status 64, when it holds
    /// a character a terminal would act on (`TerminalSafe.isControl`: ESC, C0 and C1 controls,
    /// bidirectional overrides). A one-line field also refuses tab and line feed; a note
    /// (`lines: true`) may hold them.
    @discardableResult
    static func typed(_ text: String, option: String, lines: Bool = false) throws -> String {
        if let message = refusal(text, lines: lines) { throw CLIError.usage("\(option): \(message)") }
        return text
    }

    /// Why text cannot be stored, or nil: `contains ESC (\x1b) at character 3: …`.
    static func refusal(_ text: String, lines: Bool) -> String? {
        guard let (scalar, position) = TerminalSafe.firstControl(in: text, allowLineBreaks: lines) else { return nil }
        let expected = lines ? "text with line breaks and tabs but no other control character"
                             : "text on one line, without control characters"
        return "contains \(TerminalSafe.describe(scalar)) at character \(position): expected \(expected)"
    }
}
