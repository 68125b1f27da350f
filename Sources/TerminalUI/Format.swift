import Foundation
import ActionPlanModel
import ActionPlanCore
import TerminalText

/// How values look on screen, shared by the screens.
enum Format {
    /// "in 12 wd", "3 wd overdue", "due today"; empty for a closed action.
    static func relativeDue(_ action: Action, rules: RAGRules) -> (text: String, style: Style) {
        guard action.status.isOpen else { return ("", .plain) }
        return relative(due: action.due, rules: rules)
    }

    static func relative(due: Day?, rules: RAGRules) -> (text: String, style: Style) {
        let standing = rules.standing(due: due)
        switch standing {
        case .noDate: return (standing.text, .dim)
        case .dueToday: return (standing.text, Style(colour: .amber, bold: true))
        case .remaining: return (standing.text, .plain)
        case .justPast: return (standing.text, Style(colour: .amber))
        case .overdue: return (standing.text, Style(colour: .red, bold: true))
        }
    }

    /// "2023-08-16", or "~2023-08-16" for a provisional date, as the command line shows it.
    static func due(_ action: Action) -> String { action.dueText }

    static func ragColour(_ rag: RAG?) -> Colour {
        switch rag {
        case .red: return .red
        case .amber: return .amber
        case .green: return .green
        case .blue: return .blue
        case nil: return .normal
        }
    }

    static func ragStyle(_ rag: RAG?) -> Style { Style(colour: ragColour(rag), bold: rag == .red || rag == .amber) }

    /// "Red", or "R" when `short`; "—" for a cancelled action (no colour).
    static func rag(_ rag: RAG?, short: Bool) -> String {
        guard let rag else { return "—" }
        return short ? String(rag.label.prefix(1)) : rag.label
    }

    static func statusStyle(_ status: ActionStatus) -> Style {
        switch status {
        case .complete: return Style(colour: .blue)
        case .cancelled: return .dim
        case .inProgress, .notStarted: return .plain
        }
    }

    /// A bar of `width` cells, filled in proportion to `percent`.
    static func bar(percent: Int, width: Int) -> String {
        guard width > 0 else { return "" }
        let filled = min(width, max(0, (percent * width + 50) / 100))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    /// "B2 R1 A3 G4", each count in its colour.
    static func brag(_ counts: ProgressCounts) -> [Span] {
        var spans: [Span] = []
        for rag in [RAG.blue, .red, .amber, .green] {
            if !spans.isEmpty { spans.append(Span(" ")) }
            spans.append(Span("\(rag.label.prefix(1))\(counts.count(rag))", ragStyle(rag)))
        }
        return spans
    }

    /// "Final action plan to Ofsted 2023-02-06 (12 wd overdue)" or "… done 2023-01-30, on time".
    static func milestone(_ m: Milestone, rules: RAGRules) -> [Span] {
        var spans = [Span(m.title, .bold), Span(" ")]
        if m.done != nil {
            spans.append(Span(rules.standing(of: m).text, Style(colour: .blue)))
        } else if let due = m.due {
            let rel = relative(due: due, rules: rules)
            spans.append(Span("\(due.iso) (\(rel.text))", rel.style))
        } else {
            spans.append(Span("no date", .dim))
        }
        return spans
    }

    /// An action's reference with the number `actionplan update` takes: "P1.2 #12".
    static func refAndId(_ ref: String, _ id: Int64) -> String { "\(ref) #\(id)" }

    static func timestamp(_ date: Date) -> String { StoreError.format(date) }

    /// "1 finding", "3 findings".
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// A text on one line: newlines and tabs become spaces.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        DisplayWidth.pad(oneLine(text), to: width, alignRight: right)
    }
}
