import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports
import ActionPlanOperations

struct ImportSheet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-sheet",
        abstract: "Bring in an action plan kept in a spreadsheet (.xlsx or .csv).",
        discussion: """
            Finds the header row and guesses each column from the headings councils use \
            ("Area for improvement", "Recommendation", "Ref", "Action", "Lead officer", \
            "Responsible officer", "Target date", "Deadline", "Timescale", "Status", "RAG", \
            "Progress update", "Evidence", "Success measure", …); --map COLUMN=FIELD corrects a \
            guess (COLUMN is a heading or a column letter; FIELD one of \
            \(SheetField.allCases.map(\.rawValue).joined(separator: ", "))). Each distinct finding \
            becomes a finding (a blank finding cell belongs to the one above), each row with an \
            action an action, a progress update its first note. A colour that differs from the \
            one the program derives is kept as set by hand, with the reason "\(importedColourReason)". \
            Into a new plan (--authority and --kind) or an existing one (--plan), in one change \
            group: all rows or none. --dry-run shows the columns and what would be created. \
            See docs/cli.md.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The spreadsheet: .xlsx or .csv.", valueName: "file")) var file: String
    @Option(help: "Add to this plan.") var plan: String?
    @Option(help: "A new plan for this local authority.") var authority: String?
    @Option(help: ArgumentHelp("The new plan's kind of source document: \(DocumentKind.allCases.map(\.rawValue).joined(separator: ", ")).",
                               valueName: "kind")) var kind: String?
    @Option(help: "The new plan's title (default: kind, authority and the file's name).") var title: String?
    @Option(help: ArgumentHelp("The date the new plan's letter was received (default: today).", valueName: "date")) var received: String?
    @Option(help: ArgumentHelp("The workbook's sheet to read (default: the one whose headings name the most columns).", valueName: "name"))
    var sheet: String?
    @Option(help: ArgumentHelp("COLUMN=FIELD: what a column holds, instead of the guess (repeatable).", valueName: "column=field"))
    var map: [String] = []
    @Flag(help: "Show the columns and what would be created; write nothing.") var dryRun = false
    @Flag(help: "Print JSON (docs/schema/import-sheet-output.schema.json).") var json = false

    func validate() throws {
        if plan != nil, authority != nil || kind != nil || title != nil || received != nil {
            throw ValidationError("--plan: adds to an existing plan; --authority, --kind, --title and --received make a new one: give one or the other")
        }
        if plan == nil, authority == nil || kind == nil {
            throw ValidationError("give --plan P (add to a plan) or --authority A --kind K (a new plan)")
        }
    }

    func run() throws {
        let overrides = try map.map { try SheetColumns.parseMapping($0) }
        let kindValue = try kind.map { try Parse.value(DocumentKind.self, $0, option: "--kind") }
        if let authority { try Parse.typed(authority, option: "--authority") }
        if let title { try Parse.typed(title, option: "--title") }
        if let authority, authority.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CLIError.usage("--authority: is empty: expected the name of the authority")
        }
        let receivedDay = try received.map { try Parse.day($0, option: "--received") }
        let planId = try plan.map { try Parse.id($0, option: "--plan") }
        let sheets = try SheetTable.load(path: file)
        let (table, columns) = try SheetImportPlanner.chooseSheet(sheets, named: sheet, overrides: overrides)

        // A dry run into a new plan writes nothing, so it does not open (or create) the database.
        let context = dryRun && planId == nil ? nil : try Context.open(global)
        let today = try context?.today ?? Context.resolveToday(global)
        let calendar = try context?.calendar ?? WorkingDayCalendar(holidays: HolidayTable(holidays: Context.shippedHolidays()))
        let who = try context?.who ?? Context.resolveWho(global, configuration: Context.configuration())
        var existing: Plan?
        var taken = Set<String>()
        if let planId, let context {
            guard let found = try context.store.plan(id: planId) else { throw CLIError("--plan: no plan with id \(planId)", status: .noInput) }
            existing = found
            taken = Set(try context.store.findings(planId: planId, .includingRemoved).map { $0.ref.uppercased() })
        }
        let rules = try context?.rules ?? Context.rules(calendar: calendar, today: today)
        let planner = SheetImportPlanner(rules: rules, who: who, takenRefs: taken,
                                         received: existing?.received ?? receivedDay ?? today)
        let (result, problems) = planner.plan(table, columns: columns)
        guard let result else {
            // In row order, at most 20; the last line (the one a script reads) says how many and that nothing was written.
            let shown = problems.prefix(20)
            for problem in shown.dropLast() { Output.error("\(file): \(problem.line)") }
            let last = shown[shown.index(before: shown.endIndex)]
            let more = problems.count > shown.count ? ", the first \(shown.count) shown" : ""
            let tail = problems.count > 1 ? " (\(problems.count) problems\(more); nothing imported)" : " (nothing imported)"
            throw CLIError("\(file): \(last.line)\(tail)", status: .dataError)
        }

        let newPlan: Plan? = existing == nil ? {
            let authorityName = (authority ?? "").trimmingCharacters(in: .whitespaces)
            let kind = kindValue ?? .other
            let name = title ?? "\(kind.label) — \(authorityName) (from \(URL(fileURLWithPath: file).lastPathComponent))"
            return Plan(title: name, authority: authorityName, kind: kind, letterDate: nil, received: receivedDay ?? today,
                        sourceFile: URL(fileURLWithPath: file).lastPathComponent, createdAt: Date(), createdBy: who)
        }() : nil

        var createdId: Int64?
        if !dryRun, let context {
            if let existing {
                _ = try context.store.addFindings(result.findings, planId: existing.id, who: who)
                createdId = existing.id
            } else if let newPlan {
                createdId = try context.store.createPlans([PlanDraft(plan: newPlan, findings: result.findings)], who: who,
                                                          refusingDuplicates: false)[0]
            }
        }
        let planTitle = existing?.title ?? newPlan?.title ?? ""
        if json {
            try Output.printJSON(SheetImportReport.json(result, file: file, dryRun: dryRun, planId: createdId ?? existing?.id,
                                                        planTitle: planTitle, newPlan: existing == nil))
        } else {
            try Output.print(SheetImportReport.text(result, file: file, dryRun: dryRun, planId: createdId, planTitle: planTitle,
                                                    newPlan: existing == nil))
        }
    }
}
