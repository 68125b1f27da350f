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

    static func day(_ text: String, option: String) throws -> Day {
        guard let day = Day(iso: text.trimmingCharacters(in: .whitespaces)) else {
            throw CLIError.usage("\(option): '\(text)' is not a real date: expected YYYY-MM-DD")
        }
        guard Day.supportedYears.contains(day.year) else {
            throw CLIError.usage("\(option): '\(text)' is outside the years \(Day.supportedYears.lowerBound)–\(Day.supportedYears.upperBound)")
        }
        return day
    }

    /// `YYYY-MM-DD`, `today`, `+Nwd`, `+Nm`, `+Nd`.
    static func dateExpression(_ text: String, option: String, context: Context) throws -> Day {
        do {
            return try DateExpression.parse(text).resolve(today: context.today, calendar: context.calendar)
        } catch {
            throw CLIError.usage("\(option): \(error.message)")
        }
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
