import Testing
import ActionPlanModel
import ActionPlanCore
@testable import TerminalUI

/// The prompt controller closes with typed answers: a day, a status, a colour with its reason,
/// a filter, a path; nothing is parsed back from text after the prompt closes.
@Suite struct PromptControllerTests {
    static func context() throws -> UIContext {
        UIContext(store: try makeFixtureStore(), who: "alice", today: fixedToday, calendar: sharedCalendar, now: { fixedNow })
    }

    static func target() throws -> EditTarget {
        let store = try makeFixtureStore()
        return EditTarget(action: try firstAction(store), ref: "P1.1")
    }

    /// Types a key script into a controller; the steps it gave.
    @discardableResult
    static func type(_ script: String, into controller: inout PromptController, context: UIContext) -> [PromptStep] {
        keys(script).map { controller.handle($0, context: context) }
    }

    @Test func aDueDateIsAnsweredAsADayResolvedFromTodayOrAsNoDate() throws {
        let context = try Self.context()
        let t = try Self.target()
        var c = PromptController()
        c.open(.due(t), context: context)
        let steps = Self.type("<C-u>+20wd<Enter>", into: &c, context: context)
        #expect(steps.last == .answered(.edit(t, .due(Day(year: 2026, month: 12, day: 21)))))
        #expect(!c.isOpen)
        c.open(.due(t), context: context)
        #expect(Self.type("<C-u>none<Enter>", into: &c, context: context).last == .answered(.edit(t, .due(nil))))
    }

    @Test func anImpossibleDateIsRefusedAndThePromptStaysOpenWithTheText() throws {
        let context = try Self.context()
        let t = try Self.target()
        var c = PromptController()
        c.open(.due(t), context: context)
        let step = Self.type("<C-u>2027-02-30<Enter>", into: &c, context: context).last
        guard case .refused(let why)? = step else {
            Issue.record("expected a refusal, got \(String(describing: step))")
            return
        }
        #expect(why.contains("'2027-02-30' is not a real date"))
        #expect(c.prompt?.editor.text == "2027-02-30")
    }

    @Test func aStatusIsAnsweredByItsKey() throws {
        let context = try Self.context()
        let t = try Self.target()
        var c = PromptController()
        c.open(.status(t), context: context)
        #expect(Self.type("z", into: &c, context: context) == [.advice("Press one of n p c x, or Esc to cancel")])
        #expect(Self.type("p", into: &c, context: context) == [.answered(.edit(t, .status(.inProgress)))])
    }

    @Test func aColourIsAnsweredWithItsReasonAfterAFollowUpQuestion() throws {
        let context = try Self.context()
        let t = try Self.target()
        var c = PromptController()
        c.open(.colour(t), context: context)
        #expect(Self.type("a", into: &c, context: context) == [.none])
        #expect(c.prompt?.question == .colourReason(t, .amber))
        #expect(Self.type("<Enter>", into: &c, context: context) == [.refused("Give a reason for setting the colour by hand")])
        let steps = Self.type("Board agreed<Enter>", into: &c, context: context)
        #expect(steps.last == .answered(.edit(t, .colour(RAGOverride(rag: .amber, reason: "Board agreed")))))
        c.open(.colour(t), context: context)
        #expect(Self.type("d", into: &c, context: context) == [.answered(.edit(t, .colour(nil)))])
    }

    @Test func theFilterMenuAnswersWithTheWholeNewFilter() throws {
        let context = try Self.context()
        var current = ActionFilter()
        current.overdue = true
        var c = PromptController()
        c.open(.filter(current), context: context)
        Self.type("t", into: &c, context: context)
        var expected = current
        expected.status = .complete
        #expect(Self.type("c", into: &c, context: context) == [.answered(.filter(expected))])
        c.open(.filter(current), context: context)
        Self.type("w", into: &c, context: context)
        expected = current
        expected.owner = "Zoë Hart"
        #expect(Self.type("<C-u>zo<Tab><Enter>", into: &c, context: context).last == .answered(.filter(expected)))
    }

    @Test func emptyAnswersAreDismissedOrRefusedAsTheQuestionNeeds() throws {
        let context = try Self.context()
        let t = try Self.target()
        let finding = FindingTarget(findingId: t.action.findingId, planId: t.action.planId, ref: "P1")
        let cases: [(Question, PromptStep)] = [
            (.note(t), .dismissed("No note added: it was empty")),
            (.title(t), .refused("A title cannot be empty")),
            (.measure(t), .answered(.edit(t, .measure(nil)))),
            (.owner(t), .answered(.edit(t, .owner(nil)))),
            (.newAction(finding), .dismissed("No action added: the title was empty")),
            (.importPath, .dismissed("Nothing imported")),
            (.exportPath(planId: 1, format: .csv), .dismissed("Nothing exported: no file name")),
        ]
        for (question, expected) in cases {
            var c = PromptController()
            c.open(question, context: context)
            #expect(Self.type("<C-u>  <Enter>", into: &c, context: context).last == expected, "\(question)")
        }
    }

    @Test func escCancelsAndSaysWhichQuestionWasOpen() throws {
        let context = try Self.context()
        var c = PromptController()
        c.open(.search(previous: "audit"), context: context)
        #expect(Self.type("x", into: &c, context: context) == [.typed(.search(previous: "audit"), "auditx")])
        #expect(Self.type("<Esc>", into: &c, context: context) == [.cancelled(.search(previous: "audit"))])
        #expect(!c.isOpen)
    }
}
