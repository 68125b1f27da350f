import Foundation
import ActionPlanModel
@testable import ActionPlanReports

/// The fixed data set of the golden tests: two plans and their history from October 2022 to
/// February 2023, with hostile text in a finding, a title and a note.
enum Fixture {
    static let asOf = Day(iso: "2023-01-16")!
    static let since = Day(iso: "2022-12-01")!
    static let generatedAt = ScriptedHistory.at("2023-01-16", "17:30")
    static let utc = TimeZone(identifier: "UTC")!

    static let calendar: WorkingDayCalendar = {
        var holidays: [BankHoliday] = []
        for year in 2010...2030 { holidays += StatutoryHolidays.holidays(year: year) }
        // The one-off days of the years the fixture spans.
        holidays += [BankHoliday(day: Day(iso: "2022-06-03")!, name: "Platinum Jubilee bank holiday"),
                     BankHoliday(day: Day(iso: "2022-09-19")!, name: "State Funeral of Queen Elizabeth II"),
                     BankHoliday(day: Day(iso: "2023-05-08")!, name: "Coronation of King Charles III")]
        return WorkingDayCalendar(holidays: HolidayTable(holidays: holidays), years: 2010...2030)
    }()

    static let hostileFinding = "Management oversight of <script>alert(\"x\")</script> & 'risk' in \"front door\" decisions."
    static let hostileCoverage = "Participation of children & reviews: <img src=x onerror=alert('w3')> \"voice of the child\"."
    static let hostileNote = "Audit found <b>bold</b> & \"quoted\" issues; see <script>steal()</script>"

    // Action ids, in order of creation.
    static let icpcTracker: Int64 = 1, frontDoor: Int64 = 2, threshold: Int64 = 3, assessmentAudit: Int64 = 4
    static let supervisionFormula: Int64 = 5, performanceClinic: Int64 = 6, supervisionTraining: Int64 = 7
    static let allocation: Int64 = 8, healthAssessments: Int64 = 9, pathwayPlans: Int64 = 10, dentalChecks: Int64 = 11
    static let dashboardTraining: Int64 = 12, lateAddition: Int64 = 13

    typealias Step = (at: Date, run: @Sendable (inout ScriptedHistory) -> Void)

    /// The whole history, in time order.
    static let steps: [Step] = {
        let qa = "qa.officer", hos = "hos.safeguarding", mash = "sm.mash", perf = "head.performance", nurse = "lac.nurse"
        let at = ScriptedHistory.at
        var steps: [Step] = []
        func step(_ date: Date, _ run: @escaping @Sendable (inout ScriptedHistory) -> Void) { steps.append((date, run)) }

        step(at("2022-10-28", "09:00")) { h in
            let t = at("2022-10-28", "09:00")
            let p = h.createPlan("Focused visit to Stockton-on-Tees children's services", authority: "Stockton-on-Tees",
                                 kind: .focusedVisit, letter: "2022-10-26", received: "2022-10-27", at: t, who: qa)
            let received = Day(iso: "2022-10-27")!
            h.addMilestone(plan: p, "Early draft action plan to Ofsted",
                           due: calendar.addingWorkingDays(20, to: received).iso, rule: .workingDays(20), at: t, who: qa)
            h.addMilestone(plan: p, "Final action plan to Ofsted and the DfE",
                           due: calendar.addingWorkingDays(70, to: received).iso, rule: .workingDays(70), at: t, who: qa)
            let apa = ["Areas for priority action"]
            let wni = ["What needs to improve in this area of social work practice?"]
            let p1 = h.addFinding(plan: p, ref: "P1", .priorityAction, section: apa,
                                  "The timeliness of initial child protection conferences.", at: t, who: qa)
            let p2 = h.addFinding(plan: p, ref: "P2", .priorityAction, section: apa, hostileFinding, at: t, who: qa)
            let p3 = h.addFinding(plan: p, ref: "P3", .priorityAction, section: apa,
                                  "The quality of assessments for children in need.", at: t, who: qa)
            let w1 = h.addFinding(plan: p, ref: "W1", .whatNeedsToImprove, section: wni,
                                  "Supervision records that show reflection and challenge.", at: t, who: qa)
            let w2 = h.addFinding(plan: p, ref: "W2", .whatNeedsToImprove, section: wni,
                                  "Use of performance data by managers, including, commas; semicolons\\backslashes.", at: t, who: qa)
            h.addFinding(plan: p, ref: "W3", .whatNeedsToImprove, section: wni, hostileCoverage, at: t, who: qa)
            h.addFinding(plan: p, ref: "G1", .strength, section: ["Strengths"], "Senior leaders know their services well.", at: t, who: qa)
            h.addAction(finding: p1, "Weekly ICPC timeliness tracker reviewed by Head of Service",
                        owner: "Head of Service (Safeguarding)", due: "2022-12-16",
                        measure: "95% of ICPCs held within 15 working days of the strategy discussion", at: t, who: qa)
            h.addAction(finding: p2, "Daily management review of front-door decisions", owner: "Service Manager, MASH",
                        due: "2022-11-30", measure: "Improved oversight", at: t, who: qa)
            h.addAction(finding: p2, "Refresh threshold guidance for partners", due: "2023-01-20", provisional: true, at: t, who: qa)
            h.addAction(finding: p3, "Assessment quality audit", owner: "Principal Social Worker", due: "2022-12-30",
                        measure: "Audit of 50 assessments", at: t, who: qa)
            h.addAction(finding: w1, "=SUM(A1:A9) supervision audit", owner: "@Team Manager", due: "2023-02-28",
                        measure: "+10 supervision audits each month", at: t, who: qa)
            h.addAction(finding: w2, "Managers' performance clinic, monthly", owner: "Head of Performance", due: "2023-01-31",
                        measure: "All team managers attend at least 10 of 12 clinics", at: t, who: qa)
            h.addAction(finding: w1, "Reflective supervision training", owner: "Principal Social Worker", due: "2023-01-27",
                        measure: "Training delivered to 40 supervisors", at: t, who: qa)
        }
        step(at("2022-11-07", "10:15")) { h in h.update(icpcTracker, at: at("2022-11-07", "10:15"), who: hos) { $0.status = .inProgress } }
        step(at("2022-11-10", "11:00")) { h in h.update(frontDoor, at: at("2022-11-10", "11:00"), who: mash) { $0.status = .inProgress } }
        step(at("2022-11-15", "09:30")) { h in
            let t = at("2022-11-15", "09:30")
            h.update(assessmentAudit, at: t, who: qa) { $0.status = .cancelled }
            let p = h.createPlan("Inspection of safeguarding and looked after children services", authority: "Stockton-on-Tees",
                                 kind: .slacInspection, letter: "2022-11-10", received: "2022-11-14", at: t, who: qa)
            let s3 = ["Safeguarding", "Areas for improvement", "Within three months"]
            let l6 = ["Looked after children", "Areas for improvement", "Within six months"]
            let im = ["Safeguarding", "Areas for improvement", "Immediately"]
            let i1 = h.addFinding(plan: p, ref: "I1", .areaForImprovement, section: im,
                                  "Ensure that all children subject to a child protection plan have an allocated qualified social worker.",
                                  at: t, who: qa)
            let i2 = h.addFinding(plan: p, ref: "I2", .areaForImprovement, section: s3,
                                  "Improve the timeliness of health assessments for looked after children, including dental checks.",
                                  at: t, who: qa)
            let i3 = h.addFinding(plan: p, ref: "I3", .areaForImprovement, section: l6,
                                  "Review the pathway planning process so that young people are involved in their plans.", at: t, who: qa)
            h.addAction(finding: i1, "Allocate every child on a plan to a qualified social worker",
                        owner: "Head of Service (Children in Care)", due: "2022-11-14",
                        measure: "100% of children on a plan allocated", at: t, who: qa)
            h.addAction(finding: i2, "Weekly health assessment tracking with the designated nurse", owner: "Designated Nurse, LAC",
                        due: "2023-02-14", measure: "90% of initial health assessments within 20 working days", at: t, who: qa)
            h.addAction(finding: i3, "Co-produce pathway plans with care leavers", owner: "Leaving Care Manager", due: "2023-05-12",
                        measure: "Every care leaver has a pathway plan reviewed in the last six months", at: t, who: qa)
            h.addAction(finding: i2, "Dental checks recorded for every child in care", owner: "Designated Nurse, LAC",
                        due: "2023-01-27", measure: "Dental checks up to date", at: t, who: qa)
            h.addMilestone(plan: p, "Action plan to Ofsted", due: calendar.addingWorkingDays(70, to: Day(iso: "2022-11-14")!).iso,
                           rule: .workingDays(70), at: t, who: qa)
        }
        step(at("2022-11-16", "14:00")) { h in
            let t = at("2022-11-16", "14:00")
            h.update(allocation, at: t, who: qa) { $0.status = .complete; $0.evidence = "Allocation report 14/11/2022" }
            h.addNote(allocation, "All 212 children on a plan allocated.", at: t, who: qa)
        }
        step(at("2022-11-24", "16:00")) { h in h.setMilestoneDone(1, "2022-11-24", at: at("2022-11-24", "16:00"), who: qa) }
        step(at("2022-11-25", "12:00")) { h in
            h.update(frontDoor, at: at("2022-11-25", "12:00"), who: mash) { $0.due = Day(iso: "2022-12-23") }
        }
        step(at("2022-11-30", "15:00")) { h in
            h.addNote(icpcTracker, "Tracker live; 88% in November.", at: at("2022-11-30", "15:00"), who: hos)
        }
        step(at("2022-12-01", "10:00")) { h in
            h.addNote(healthAssessments, "Tracker agreed with health colleagues.", at: at("2022-12-01", "10:00"), who: nurse)
            h.update(healthAssessments, at: at("2022-12-01", "10:00"), who: nurse) { $0.status = .inProgress }
        }
        step(at("2022-12-05", "09:00")) { h in
            h.update(icpcTracker, at: at("2022-12-05", "09:00"), who: hos) {
                $0.status = .complete; $0.evidence = "Tracker and minutes, December 2022"
            }
        }
        step(at("2022-12-12", "11:00")) { h in
            h.addAction(finding: 5, "Data dashboard training for managers", owner: "Head of Performance", due: "2023-01-13",
                        measure: "Ten managers trained", at: at("2022-12-12", "11:00"), who: perf, newGroup: true)
        }
        step(at("2022-12-14", "16:30")) { h in
            h.update(performanceClinic, at: at("2022-12-14", "16:30"), who: perf) { $0.status = .complete }
        }
        step(at("2022-12-20", "13:00")) { h in
            let t = at("2022-12-20", "13:00")
            h.update(frontDoor, at: t, who: mash) { $0.due = Day(iso: "2023-01-06") }
            h.addNote(frontDoor, hostileNote, at: t, who: mash)
        }
        step(at("2023-01-05", "09:00")) { h in
            h.addNote(pathwayPlans, "Care leavers' forum agreed the template.", at: at("2023-01-05", "09:00"), who: qa)
        }
        step(at("2023-01-09", "10:00")) { h in
            h.update(supervisionTraining, at: at("2023-01-09", "10:00"), who: qa) {
                $0.status = .inProgress; $0.ragOverride = .amber; $0.ragReason = "Trainer availability"
            }
        }
        step(at("2023-01-10", "12:00")) { h in
            h.addNote(supervisionFormula, "-minus sign first, then text", at: at("2023-01-10", "12:00"), who: qa)
            h.update(supervisionFormula, at: at("2023-01-10", "12:00"), who: qa) { $0.status = .inProgress }
        }
        // After the as-of date: what a later report sees, and an earlier one must not.
        step(at("2023-01-17", "08:30")) { h in
            h.update(frontDoor, at: at("2023-01-17", "08:30"), who: mash) { $0.due = Day(iso: "2023-02-10"); $0.owner = "Head of Service (Safeguarding)" }
            h.update(threshold, at: at("2023-01-17", "08:30"), who: qa) { $0.owner = "Partnership Manager"; $0.successMeasure = "Guidance issued to 100% of partners" }
        }
        step(at("2023-01-25", "10:00")) { h in
            h.addAction(finding: 1, "Extra action added later", owner: "Head of Service (Safeguarding)", due: "2023-03-01",
                        at: at("2023-01-25", "10:00"), who: qa, newGroup: true)
            h.addNote(dashboardTraining, "Training booked.", at: at("2023-01-25", "10:00"), who: perf)
        }
        step(at("2023-02-06", "09:00")) { h in h.setMilestoneDone(2, "2023-02-06", at: at("2023-02-06", "09:00"), who: qa) }
        step(at("2023-02-08", "15:00")) { h in
            h.update(frontDoor, at: at("2023-02-08", "15:00"), who: hos) { $0.status = .complete; $0.evidence = "Dip sample of 30 decisions" }
            h.update(supervisionTraining, at: at("2023-02-08", "15:00"), who: qa) { $0.ragOverride = nil; $0.ragReason = nil }
        }
        return steps
    }()

    /// The history up to the end of `day` (all of it when nil).
    static func history(through day: Day? = nil) -> ScriptedHistory {
        var h = ScriptedHistory()
        let cutoff = day.map { ScriptedHistory.at($0.adding(days: 1).iso, "00:00") }
        for step in steps where cutoff.map({ step.at < $0 }) ?? true { step.run(&h) }
        return h
    }

    static func options(since: Day? = Fixture.since, planIds: [Int64]? = nil, owner: String? = nil) -> ReportOptions {
        ReportOptions(asOf: asOf, since: since, planIds: planIds, owner: owner, timeZone: utc, generatedAt: generatedAt)
    }

    static func summary(since: Day? = Fixture.since, planIds: [Int64]? = nil, owner: String? = nil) -> ProgressSummary {
        ProgressSummary(snapshot: history().snapshot(), calendar: calendar, options: options(since: since, planIds: planIds, owner: owner))
    }
}
