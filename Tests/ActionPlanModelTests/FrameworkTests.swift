import Foundation
import Testing
import ActionPlanModel

/// Frameworks and grades (issue 15): which framework a document belongs to, how its grades are
/// normalised, and how the latest grades of a group are counted at a date.
@Suite struct FrameworkTests {
    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    static func plan(_ id: Int64, _ code: String?, _ kind: DocumentKind, visit: String, _ judgements: [(String, String)] = []) -> Plan {
        Plan(id: id, title: "t", authority: "a", kind: kind, letterDate: nil, received: day(visit), visitDates: [day(visit)],
             createdAt: Date(timeIntervalSince1970: 0), createdBy: "x", authorityCode: code,
             judgements: judgements.map { Judgement(area: $0.0, grade: $0.1) })
    }

    @Test func theWordingsOfOneStepAreOneGrade() {
        #expect(Grade(written: "Requires improvement to be good") == .requiresImprovement)
        #expect(Grade(written: "Requires improvement") == .requiresImprovement)
        #expect(Grade(written: "requires improvement to be good") == .requiresImprovement)
        #expect(Grade(written: "Outstanding") == .outstanding)
        #expect(Grade(written: "Good") == .good)
        #expect(Grade(written: "Inadequate") == .inadequate)
        #expect(Grade(written: "Grade 3 (adequate)") == .adequate, "the older framework's adequate is its own step")
        #expect(Grade(written: "Grade 2 (good)") == .good)
        #expect(Grade(written: "Inconsistent experiences and outcomes") == .inconsistent)
        #expect(Grade(written: "Widespread and/or systemic failings") == .systemicFailings)
        #expect(Grade(written: "Positive experiences and outcomes") == .positive)
        #expect(Grade(written: "Satisfactory") == nil, "an unknown wording is not guessed")
    }

    @Test func everyStoredSENDOutcomeIsOnTheAreaSENDScaleAndEveryScaleIsDistinct() {
        for outcome in Grade.sendOutcomes {
            #expect(Grade(written: outcome.stored) == outcome.grade)
            #expect(InspectionFramework.areaSEND.scale.contains(outcome.grade))
        }
        for framework in InspectionFramework.allCases {
            #expect(Set(framework.scale).count == framework.scale.count)
            let favourable = framework.scale.filter(\.isGoodOrBetter)
            #expect(!favourable.isEmpty, "\(framework) has a favourable grade")
        }
    }

    @Test func theJudgementAreasSayWhichFrameworkBeforeTheDateDoes() {
        let ilacsAreas = [Judgement(area: "The impact of leaders on social work practice with children and families", grade: "Good")]
        let sifAreas = [Judgement(area: "Children who need help and protection", grade: "Requires improvement to be good"),
                        Judgement(area: "Leadership, management and governance", grade: "Good")]
        // Darlington's report of May 2018 is a SIF report of a visit that ended in 2018.
        #expect(InspectionFramework.of(kind: .ilacsInspection, judgements: sifAreas, inspectedOn: Self.day("2018-03-22")) == .sif)
        #expect(InspectionFramework.of(kind: .ilacsInspection, judgements: ilacsAreas, inspectedOn: Self.day("2018-07-27")) == .ilacs)
        // Nothing read: the date decides.
        #expect(InspectionFramework.of(kind: .ilacsInspection, judgements: [], inspectedOn: Self.day("2017-12-31")) == .sif)
        #expect(InspectionFramework.of(kind: .ilacsInspection, judgements: [], inspectedOn: Self.day("2018-01-01")) == .ilacs)
        let graded = [Judgement(area: "Safeguarding › Overall effectiveness", grade: "Grade 3 (adequate)")]
        #expect(InspectionFramework.of(kind: .ilacsInspection, judgements: graded, inspectedOn: Self.day("2010-09-24")) == .safeguardingLAC)
        #expect(InspectionFramework.of(kind: .slacInspection, judgements: [], inspectedOn: Self.day("2010-09-24")) == .safeguardingLAC)
        let outcome = [Judgement(area: Grade.sendOutcomeArea, grade: "Positive experiences and outcomes")]
        #expect(InspectionFramework.of(kind: .sendLocalArea, judgements: outcome, inspectedOn: Self.day("2023-03-17")) == .areaSEND)
        #expect(InspectionFramework.of(kind: .sendLocalArea, judgements: [], inspectedOn: Self.day("2019-03-15")) == nil,
                "a SEND report of the 2016 framework is not graded on the 2023 scale")
        for kind in [DocumentKind.focusedVisit, .monitoringVisit, .jtai, .peerReview, .unannouncedInspection, .other] {
            #expect(InspectionFramework.of(kind: kind, judgements: ilacsAreas, inspectedOn: Self.day("2022-10-26")) == nil, "\(kind) grades nothing")
        }
    }

    @Test func aGradedDocumentsHeadlineIsItsOverallEffectivenessAndTheRestAreSubJudgements() throws {
        let plan = Self.plan(4, "808", .ilacsInspection, visit: "2016-06-16", [
            ("Children who need help and protection", "Good"), ("Overall effectiveness", "Requires improvement to be good"),
            ("Leadership, management and governance", "Good"),
        ])
        let document = try #require(GradedDocument(plan))
        #expect(document.framework == .sif && document.headline == .requiresImprovement && document.day == Self.day("2016-06-16"))
        #expect(document.subJudgements.map(\.area) == ["Children who need help and protection", "Leadership, management and governance"])
        let unread = try #require(GradedDocument(Self.plan(5, "808", .ilacsInspection, visit: "2023-03-17")))
        #expect(unread.framework == .ilacs && unread.headline == nil)
        #expect(GradedDocument(Self.plan(6, "808", .focusedVisit, visit: "2022-10-26")) == nil)
        let slac = try #require(GradedDocument(Self.plan(7, "808", .slacInspection, visit: "2010-09-24", [
            ("Safeguarding › Overall effectiveness", "Grade 3 (adequate)"), ("Looked after children › Overall effectiveness", "Grade 2 (good)"),
        ])))
        #expect(slac.headline == .adequate, "the older framework's headline is its safeguarding judgement")
    }

    @Test func aDocumentCountsFromTheLastDayOfItsVisitElseItsLetter() {
        var plan = Self.plan(1, "808", .focusedVisit, visit: "2022-09-22")
        plan.visitDates = [Self.day("2022-09-21"), Self.day("2022-09-22")]
        plan.letterDate = Self.day("2022-10-26")
        #expect(plan.inspectedOn == Self.day("2022-09-22"))
        plan.visitDates = []
        #expect(plan.inspectedOn == Self.day("2022-10-26"))
        plan.letterDate = nil
        #expect(plan.inspectedOn == plan.received)
    }

    @Test func theLatestDocumentIsTheLatestOnOrBeforeTheDatePerFramework() {
        let plans = [
            Self.plan(1, "805", .ilacsInspection, visit: "2018-07-27", [("Overall effectiveness", "Good")]),
            Self.plan(2, "805", .ilacsInspection, visit: "2024-03-22", [("Overall effectiveness", "Outstanding")]),
            Self.plan(3, "805", .sendLocalArea, visit: "2023-03-17", [(Grade.sendOutcomeArea, "Positive experiences and outcomes")]),
            Self.plan(4, nil, .ilacsInspection, visit: "2024-01-01", [("Overall effectiveness", "Inadequate")]),
        ]
        #expect(LatestJudgements(plans: plans).latest("805", in: .ilacs)?.headline == .outstanding)
        #expect(LatestJudgements(plans: plans, asOf: Self.day("2024-03-22")).latest("805", in: .ilacs)?.planId == 2, "the day itself counts")
        #expect(LatestJudgements(plans: plans, asOf: Self.day("2024-03-21")).latest("805", in: .ilacs)?.headline == .good)
        #expect(LatestJudgements(plans: plans, asOf: Self.day("2018-01-01")).latest("805").isEmpty)
        #expect(LatestJudgements(plans: plans).latest("805").map(\.framework) == [.ilacs, .areaSEND])
        #expect(LatestJudgements(plans: plans).byAuthority.count == 1, "a plan with no authority code is left out")
    }

    @Test func percentagesAreOfTheGradedAndRoundHalfUp() {
        #expect(GradeDistribution.percent(2, of: 3) == 67)
        #expect(GradeDistribution.percent(1, of: 8) == 13, "12.5 rounds up")
        #expect(GradeDistribution.percent(0, of: 0) == 0)
        let plans = [
            Self.plan(1, "A", .ilacsInspection, visit: "2020-01-01", [("Overall effectiveness", "Good")]),
            Self.plan(2, "B", .ilacsInspection, visit: "2020-01-01", [("Overall effectiveness", "Inadequate")]),
            Self.plan(3, "C", .ilacsInspection, visit: "2020-01-01"),
        ]
        let d = GradeDistribution(framework: .ilacs, group: ["A", "B", "C", "D"], latest: LatestJudgements(plans: plans))
        #expect(d.count(.good) == 1 && d.count(.inadequate) == 1 && d.graded == 2 && d.total == 4)
        #expect(d.unread == ["C"] && d.none == ["D"])
        #expect(d.percent(.good) == 50 && d.goodOrBetterPercent == 50)
    }

    @Test func anAuthorityCountsOnlyWhileItExists() {
        let table = [
            LocalAuthority(code: "928", name: "Northamptonshire", region: "East Midlands", ended: Self.day("2021-04-01")),
            LocalAuthority(code: "940", name: "North Northamptonshire", region: "East Midlands", neighbours: ["941", "999", "892"],
                           started: Self.day("2021-04-01")),
            LocalAuthority(code: "941", name: "West Northamptonshire", region: "East Midlands", started: Self.day("2021-04-01")),
            LocalAuthority(code: "892", name: "Nottingham", region: "East Midlands"),
            LocalAuthority(code: "301", name: "Barking and Dagenham", region: "London"),
        ]
        #expect(AuthorityGroup.existing(in: table, region: "east midlands", on: Self.day("2021-03-31")).map(\.code) == ["928", "892"])
        #expect(AuthorityGroup.existing(in: table, region: nil, on: Self.day("2021-04-01")).map(\.code) == ["940", "941", "892", "301"])
        #expect(AuthorityGroup.neighbours.members(of: table[1], in: table, on: Self.day("2024-03-31")).map(\.code) == ["941", "892"],
                "the neighbours in the table's order, an unknown code left out")
        #expect(AuthorityGroup.region.members(of: table[1], in: table, on: Self.day("2024-03-31")).map(\.code) == ["941", "892"])
        #expect(AuthorityGroup.england.members(of: table[1], in: table, on: Self.day("2024-03-31")).map(\.code) == ["941", "892", "301"])
    }
}
