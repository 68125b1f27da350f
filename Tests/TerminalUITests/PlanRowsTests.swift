import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
@testable import TerminalUI

/// The plan screen's rows are built fast on large plans (search text folded byte by byte when
/// it is ASCII, a search narrowed from the last one's matches); these check that the fast
/// ways give exactly what the plain ones give.
@Suite struct PlanRowsTests {
    @Test func asciiIsFoldedAsTextSearchFoldsIt() {
        for byte in UInt8(0)..<0x80 {
            let text = String(decoding: [byte, 0x41, byte], as: UTF8.self)
            #expect(PlanData.foldedBytes(text) == Array(TextSearch.fold(text).utf8), "byte \(byte)")
        }
        for text in ["Zoë Hart", "ＡＢＣ ｄｅｆ", "Straße", "İSTANBUL", "Ålborg – “quoted”", "MIXED case 42", ""] {
            #expect(PlanData.foldedBytes(text) == Array(TextSearch.fold(text).utf8), "\(text)")
        }
    }

    /// A plan of 40 findings in 3 sections, with 1 to 3 actions each.
    func plan() -> PlanData {
        let created = Date(timeIntervalSince1970: 1_793_000_000)
        let words = ["audit", "Audits", "AUDITED", "review", "plan", "Café", "supervision", "chronologies"]
        var findings: [Finding] = []
        var actions: [Action] = []
        var nextId: Int64 = 1
        for f in 0..<40 {
            let finding = Finding(id: Int64(f + 1), planId: 1, ref: "R\(f + 1)", category: f % 5 == 0 ? .priorityAction : .areaForDevelopment,
                                  sectionPath: ["Section \(f % 3)"], text: "Finding \(f) about \(words[f % words.count])", position: f)
            findings.append(finding)
            for a in 0..<(1 + f % 3) {
                actions.append(Action(id: nextId, findingId: finding.id, planId: 1, title: "\(words[(f + a) % words.count]) \(a)",
                                      owner: a == 1 ? "Zoë Hart" : nil, due: fixedToday.adding(days: (f * 7 + a) % 60 - 30),
                                      status: ActionStatus.allCases[(f + a) % 4], createdAt: created, updatedAt: created, updatedBy: "qa"))
                nextId += 1
            }
        }
        let plan = Plan(id: 1, title: "Plan", authority: "Anytown", kind: .other, letterDate: nil, received: fixedToday,
                        createdAt: created, createdBy: "qa")
        return PlanData(plan: plan, milestones: [], findings: findings, actions: actions, rules: rules)
    }

    var rules: RAGRules { RAGRules(calendar: sharedCalendar, today: fixedToday) }

    @Test func aSearchNarrowedFromTheLastOneShowsWhatAFreshSearchShows() {
        let data = plan()
        var overdue = ActionFilter()
        overdue.overdue = true
        var overdueInProgress = overdue
        overdueInProgress.status = .inProgress
        var zoe = ActionFilter()
        zoe.owner = "Zoë Hart"
        // Filters one after another: a condition added, taken away, another.
        let filters = [ActionFilter(), overdue, overdueInProgress, overdue, ActionFilter(), zoe, overdue]
        for sort in [ActionSort.plan, .due] {
            for collapsed in [Set<String>(), [data.groups[0].key]] {
                var previous: PlanRows?
                for filter in filters {
                    // Typed a letter at a time, then rubbed out, then a search that matches nothing.
                    for search in ["", "a", "au", "aud", "audi", "au", "caf", "café", "cafe", "zoe", "zx", "", "a"] {
                        let narrowed = data.rows(filter: filter, search: search, sort: sort, collapsed: collapsed, rules: rules,
                                                 who: "qa", previous: previous)
                        let fresh = data.rows(filter: filter, search: search, sort: sort, collapsed: collapsed, rules: rules, who: "qa")
                        #expect(narrowed.rows == fresh.rows, "\(search) \(filter.summary) \(sort)")
                        previous = narrowed
                    }
                }
            }
        }
    }

    @Test func aFilterAsksAllOfAnotherWhenItHasEveryConditionOfIt() {
        var overdue = ActionFilter()
        overdue.overdue = true
        var both = overdue
        both.status = .inProgress
        var other = overdue
        other.status = .notStarted
        #expect(both.asksAllOf(overdue) && overdue.asksAllOf(ActionFilter()) && both.asksAllOf(both))
        #expect(!overdue.asksAllOf(both) && !other.asksAllOf(both) && !ActionFilter().asksAllOf(overdue))
    }

    @Test func theByteSearchFindsWhatAPlainSearchFinds() {
        let haystacks = ["", "a", "aaab", "abcabd", "xxabdyy", "mississippi", "zoë hart", "café au lait"]
        let needles = ["a", "ab", "abd", "abcabd", "abcabdx", "issip", "ssippi", "ë h", "lait", "au l", "z"]
        for haystack in haystacks {
            for needle in needles {
                #expect(PlanData.contains(Array(haystack.utf8), needle) == (haystack.range(of: needle) != nil), "\(haystack) \(needle)")
            }
            #expect(PlanData.contains(Array(haystack.utf8), ""), "the empty search matches everything")
        }
    }
}
