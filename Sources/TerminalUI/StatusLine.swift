import ActionPlanModel
import TerminalText

/// The two lines at the bottom: the open prompt (its question, its text or choices, and under
/// it what the text means or the keys), or else the last result and the screen's key hints
/// from its key map.
enum StatusLine {
    static func draw(_ buffer: inout CellBuffer, prompt: Prompt?, message: (text: String, style: Style)?,
                     hints: [KeyHelp], position: String?, context: UIContext) {
        let width = buffer.width
        let messageY = buffer.height - 2
        let hintY = buffer.height - 1
        buffer.fill(y: hintY, style: .reverse)
        if let p = prompt {
            drawPrompt(p, in: &buffer, messageY: messageY, hintY: hintY, context: context)
            return
        }
        if let message {
            // A long result takes the row above too, rather than losing its end or the keys.
            let text = Format.oneLine(message.text)
            var lines = DisplayWidth.of(text) > width ? DisplayWidth.wrap(text, width: width) : [text]
            if lines.count > 2 { lines = [lines[0], DisplayWidth.truncate(lines[1...].joined(separator: " "), to: width)] }
            for (i, line) in lines.enumerated() {
                let y = messageY - lines.count + 1 + i
                buffer.fill(y: y)
                buffer.put(line, x: 0, y: y, style: message.style, maxWidth: width)
            }
        }
        // The position (marks, search, row) keeps at most half the line; its end is cut first.
        var position = position.map { " \($0) " } ?? ""
        if DisplayWidth.of(position) > width / 2 { position = DisplayWidth.truncate(position, to: max(0, width / 2 - 1)) + " " }
        let positionWidth = DisplayWidth.of(position)
        if positionWidth > 0 {
            buffer.put(position, x: width - positionWidth, y: hintY, style: .reverse)
        }
        var x = 0
        for hint in hints {
            let w = DisplayWidth.of(hint.keys) + DisplayWidth.of(hint.text) + 3
            if x + w > width - positionWidth { break }
            buffer.put(" " + hint.keys, x: x, y: hintY, style: Style(colour: .accent, bold: true, reverse: true))
            buffer.put(" " + hint.text + " ", x: x + 1 + DisplayWidth.of(hint.keys), y: hintY, style: .reverse)
            x += w
        }
    }

    /// Texts drawn on the rows just above the prompt, as the long message is: each on up to two
    /// rows, the last text nearest the prompt.
    private static func drawAbove(_ texts: [String], style: Style, in buffer: inout CellBuffer, messageY: Int) {
        let width = buffer.width
        var lines: [String] = []
        for text in texts {
            let one = Format.oneLine(text)
            var wrapped = DisplayWidth.of(one) > width ? DisplayWidth.wrap(one, width: width) : [one]
            if wrapped.count > 2 { wrapped = [wrapped[0], DisplayWidth.truncate(wrapped[1...].joined(separator: " "), to: width)] }
            lines += wrapped
        }
        for (i, line) in lines.enumerated() {
            let y = messageY - lines.count + i
            guard y >= 1 else { continue }
            buffer.fill(y: y)
            buffer.put(line, x: 0, y: y, style: style, maxWidth: width)
        }
    }

    /// A refused edit: why, the text as typed (kept on screen), and the choice of what to do.
    private static func drawRefused(_ r: RefusedEdit, _ p: Prompt, in buffer: inout CellBuffer, messageY: Int, hintY: Int) {
        let width = buffer.width
        drawAbove([p.notice, r.reason].compactMap { $0 }, style: .error, in: &buffer, messageY: messageY)
        let used = buffer.put(p.label + ": ", x: 0, y: messageY, style: .bold, maxWidth: width / 2)
        buffer.put(Format.oneLine(r.edit.typedText ?? ""), x: used, y: messageY, style: .plain, maxWidth: max(0, width - used))
        var x = 0
        let cancel = KeyMap.prompt.keyName(for: .cancel)
        for (key, label) in p.choices.map({ (String($0.key), $0.label) }) + [(cancel, "discard")] {
            let w = DisplayWidth.of(key) + DisplayWidth.of(label) + 3
            if x + w > width { break }
            buffer.put(" " + key, x: x, y: hintY, style: Style(colour: .accent, bold: true, reverse: true))
            buffer.put(" " + label + " ", x: x + 1 + DisplayWidth.of(key), y: hintY, style: .reverse)
            x += w
        }
    }

    private static func drawPrompt(_ p: Prompt, in buffer: inout CellBuffer, messageY: Int, hintY: Int, context: UIContext) {
        let width = buffer.width
        if case .refused(let r) = p.question {
            drawRefused(r, p, in: &buffer, messageY: messageY, hintY: hintY)
            return
        }
        if let notice = p.notice { drawAbove([notice], style: .error, in: &buffer, messageY: messageY) }
        // The command line reads ":owner Carol", as in vi and less.
        let used = buffer.put(p.question == .command ? p.label : p.label + ": ", x: 0, y: messageY, style: .bold, maxWidth: width / 2)
        let cancel = KeyMap.prompt.keyName(for: .cancel)
        if p.isChoice {
            // Choices that do not fit continue on the hint line, never split in two.
            var x = used
            var y = messageY
            var overflowed = false
            for choice in p.choices {
                let w = DisplayWidth.of(choice.label) + 4
                if x + w > width, y == messageY {
                    y = hintY
                    x = 1
                    overflowed = true
                }
                let reverse = y == hintY
                buffer.put(String(choice.key), x: x, y: y, style: Style(colour: .accent, bold: true, reverse: reverse))
                buffer.put(" \(choice.label)  ", x: x + 1, y: y, style: reverse ? .reverse : .plain)
                x += w
            }
            if !overflowed {
                let enter = p.defaultChoice.flatMap { key in p.choices.first { $0.key == key } }
                let submit = KeyMap.prompt.keyName(for: .submit)
                let text = enter.map { " Press a key, \(submit) for \($0.label), or \(cancel) to cancel" }
                    ?? " Press a key, or \(cancel) to cancel"
                buffer.put(text, x: 0, y: hintY, style: .reverse, maxWidth: width)
            }
        } else {
            let shown = p.editor.visible(width: max(2, width - used - 1))
            buffer.put(shown.text, x: used, y: messageY, style: .plain)
            buffer.cursorX = used + shown.cursorColumn
            buffer.cursorY = messageY
            buffer.put(hint(under: p, width: width, context: context), x: 0, y: hintY, maxWidth: width)
        }
    }

    /// Under a date's prompt: the forms it takes, or the day the text means (with a warning for a
    /// due date on a day off, which is kept), or why it is not a date.
    private static func dateHint(under p: Prompt, keys: Span, context: UIContext) -> StyledLine {
        let cancel = KeyMap.prompt.keyName(for: .cancel)
        var clearable = true, isDue = true
        if case .planReceived = p.question { clearable = false }
        if case .planReceived = p.question { isDue = false }
        if case .milestoneMet = p.question { isDue = false }
        let text = p.editor.text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || (clearable && text.lowercased() == "none") {
            return StyledLine([Span(" \(DateExpression.acceptedForms)" + (clearable ? ", or none" : "") + " · \(cancel) cancel", .reverse)])
        }
        switch DueText(text, context: context) {
        case .none:
            return StyledLine([keys])
        case .day(let day):
            let rel = Format.relative(due: day, rules: context.rules)
            var spans = [Span(" → \(day.weekday.shortName) \(day.longDescription) (\(rel.text)) ·", Style(bold: true, reverse: true))]
            if isDue, let reason = context.calendar.nonWorkingReason(day) {
                // Kept as given when saved, with the same warning on the status line.
                spans.append(Span(" not a working day (\(reason)) ·", Style(colour: .amber, bold: true, reverse: true)))
            }
            return StyledLine(spans + [keys])
        case .invalid(let message):
            return StyledLine([Span(" " + message, Style(colour: .red, bold: true, reverse: true))])
        }
    }

    /// The line under an open text prompt: the resulting date, completions, or the keys.
    static func hint(under p: Prompt, width: Int, context: UIContext) -> StyledLine {
        let submit = KeyMap.prompt.keyName(for: .submit)
        let cancel = KeyMap.prompt.keyName(for: .cancel)
        let keys = Span(" \(submit) save · \(cancel) cancel", .reverse)
        func line(_ text: String) -> StyledLine { StyledLine([Span(text, .reverse)]) }
        switch p.question {
        case .due, .milestoneDue, .newMilestoneDue, .milestoneMet, .planReceived:
            return dateHint(under: p, keys: keys, context: context)
        case .owner, .filterOwner:
            let found = p.candidates(for: p.completionStem ?? p.editor.text)
            if found.isEmpty { return StyledLine([keys]) }
            let tab = KeyMap.prompt.keyName(for: .complete)
            return StyledLine([Span(" \(tab): " + found.prefix(6).joined(separator: ", ") + (found.count > 6 ? ", …" : "") + " ·", .reverse), keys])
        case .search:
            return line(" Type to search titles, owners, findings · \(submit) keep, then \(KeyMap.plan.label(for: .nextMatch))"
                        + " · \(cancel) cancel")
        case .command:
            let history = KeyMap.prompt.label(for: .historyBack)
            let long = " :42 :P1.2 :owner NAME :due +20wd :status complete · \(history) earlier · \(submit) run"
            return line(DisplayWidth.of(long) <= width ? long : " :42 :P1.2 :owner NAME :due DATE · \(history) earlier")
        case .note:
            return line(" \(submit) save · \(cancel) cancel · \(KeyMap.prompt.keyName(for: .editInEditor)) goes on in $EDITOR")
        case .title, .colourReason:
            return StyledLine([keys, Span(" · \(KeyMap.prompt.keyName(for: .editInEditor)) $EDITOR", .reverse)])
        case .removeReason:
            return line(" The reason is kept with it; \(KeyMap.plan.keyName(for: .undo)) brings it back · \(submit) remove · \(cancel) cancel")
        case .moveTo(let t, let findings):
            let refs = findings.filter { $0.id != t.action.findingId }.map(\.ref)
            let tab = KeyMap.prompt.keyName(for: .complete)
            return line(" Findings: " + refs.prefix(12).joined(separator: " ") + (refs.count > 12 ? " …" : "")
                        + " · \(tab) completes · \(submit) move · \(cancel) cancel")
        case .importPath:
            return line(" A letter as .txt or .pdf · \(submit) import · \(cancel) cancel")
        case .exportPath:
            let long = " A file name (in the folder actionplan started in) or a path · \(submit) write · \(cancel) cancel"
            return line(DisplayWidth.of(long) <= width ? long : " A file name or a path · \(submit) write · \(cancel) cancel")
        case .measure, .evidence:
            return StyledLine([Span(" Empty clears it ·", .reverse), keys,
                               Span(" · \(KeyMap.prompt.keyName(for: .editInEditor)) $EDITOR", .reverse)])
        default:
            return StyledLine([keys])
        }
    }
}
