import ArgumentParser
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports
import ActionPlanOperations
import TerminalText

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one action: its finding (and where it was raised before), every field, its notes.",
        discussion: "Use the version shown with `update --expect-version` to refuse an edit if someone changed it since."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The action: its id (12) or its plan and reference (2/P1.2).", completion: Completions.actions) var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let reference = try Parse.actionReference(id, option: "id")
        let context = try Context.open(global)
        let action = try context.store.action(reference)
        let actionId = action.id
        let finding = try context.store.finding(id: action.findingId)
        let plan = try context.store.plan(id: action.planId)
        let notes = try context.store.notes(actionId: actionId)
        let rules = context.rules
        if json {
            return try Output.printJSON(JSONViews.show(action: action, finding: finding, plan: plan, notes: notes, rules: rules))
        }
        let width = min(Output.terminalWidth ?? 100, 100)
        // Each text is made visible before it is wrapped, so that the escapes are measured.
        func safe(_ text: String) -> String { TerminalSafe.visible(text) }
        var lines: [String] = []
        lines.append(safe("Action \(action.ref.isEmpty ? "" : action.ref + " ")(id \(action.id)): \(action.title)"))
        if let plan { lines.append(safe("Plan \(plan.id): \(plan.title)")) }
        if let finding {
            lines.append("")
            lines.append(safe("Finding \(finding.ref) · \(finding.category.label)" + (finding.section.isEmpty ? "" : " · \(finding.section)")))
            lines += DisplayWidth.wrap(safe(finding.text), width: width - 2).map { "  " + $0 }
            if let raised = Recurrence.raisedBefore(try context.store.recurrences(findingId: finding.id)) {
                lines += DisplayWidth.wrap(safe(raised), width: width - 2).map { "  " + $0 }
            }
            // The finding's themes (docs/themes.md) are a reading aid: an installation whose rules
            // file is missing or damaged shows none here, and `actionplan themes` says what is wrong.
            if finding.category.isImprovement, let themes = try? ShippedFiles.themeRules().themes(of: finding.text), !themes.isEmpty {
                lines += DisplayWidth.wrap(safe("Themes: " + themes.map(\.name).joined(separator: "; ")), width: width - 2).map { "  " + $0 }
            }
        }
        lines.append("")
        var due = action.due?.iso ?? "none"
        if action.dueProvisional { due += " (provisional)" }
        let standing = Output.standing(action, rules: rules)
        if !standing.isEmpty { due += " — \(standing)" }
        if let original = action.originalDue { due += " (originally \(original.iso), reprogrammed \(action.reprogramCount)×)" }
        let rag = rules.rag(action)?.rawValue ?? "none"
        let fields: [(String, String)] = [
            ("Owner", action.owner ?? "none"), ("Due", due), ("Status", action.status.rawValue),
            ("RAG", rag + (action.ragOverride != nil ? " (set by hand: \(action.ragReason ?? ""))" : "")),
            ("Measure", action.successMeasure ?? "none"), ("Evidence", action.evidence ?? "none"),
            ("Version", "\(action.version), last changed by \(action.updatedBy) at \(StoreError.format(action.updatedAt))"),
        ]
        for (name, value) in fields {
            let wrapped = DisplayWidth.wrap(safe(value), width: width - 12)
            lines.append(DisplayWidth.pad(name, to: 10) + "  " + (wrapped.first ?? ""))
            lines += wrapped.dropFirst().map { String(repeating: " ", count: 12) + $0 }
        }
        lines.append("")
        lines.append(notes.isEmpty ? "No progress notes." : "Progress notes (newest first):")
        for note in notes {
            lines.append(safe("  \(note.day.iso)  \(note.author)  (note \(note.id))"))
            lines += DisplayWidth.wrap(safe(note.text), width: width - 4).map { "    " + $0 }
        }
        try Output.print(lines.joined(separator: "\n"))
    }
}
