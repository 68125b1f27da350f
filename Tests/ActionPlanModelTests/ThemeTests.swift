import Foundation
import Testing
@testable import ActionPlanModel
import ActionPlanData

/// The shipped rules, read from the source tree's Data/themes.txt.
func shippedThemeRules() throws -> ThemeRules {
    let url = try #require(ShippedData.themesURL, "the shipped themes file is not found")
    return try ThemeRules(parsing: String(contentsOf: url, encoding: .utf8))
}

/// Reads rules that must be good; a parse error fails the test with its message.
func rules(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ThemeRules {
    do {
        return try ThemeRules(parsing: text)
    } catch {
        Issue.record("rules did not parse: \(error.message)", sourceLocation: sourceLocation)
        throw error
    }
}

@Suite struct ThemeRulesParsingTests {
    @Test func theShippedFileParsesIntoNineToTwelveThemesWithUniqueIdsNamesAndRules() throws {
        let rules = try shippedThemeRules()
        #expect((9...12).contains(rules.themes.count), "docs/themes.md promises 9–12 themes: \(rules.themes.map(\.id))")
        #expect(Set(rules.themes.map(\.id)).count == rules.themes.count)
        for theme in rules.themes {
            #expect(!theme.name.isEmpty && !theme.about.isEmpty && !theme.matches.isEmpty, "\(theme.id) is incomplete")
        }
        #expect(rules.theme(id: "oversight")?.name == "Management oversight and supervision")
    }

    @Test func aThemeHasAnIdNameAboutAndItsMatchAndExceptPhrasesInOrder() throws {
        let r = try rules("""
            # a comment
            theme: oversight
            name: Management oversight
            about: Managers' oversight of practice.
            match: supervis*
            match:   management   oversight
            except: supervised contact

            theme: voice
            name: Voice
            about: Children's views.
            match: wishes and feelings
            """)
        #expect(r.themes.map(\.id) == ["oversight", "voice"])
        #expect(r.themes[0].matches.map(\.text) == ["supervis*", "management oversight"])
        #expect(r.themes[0].exceptions.map(\.text) == ["supervised contact"])
        #expect(r.themes[1].about == "Children's views.")
    }

    @Test func windowsLineEndsAreLineEndsAndTabsAreSpaces() throws {
        let r = try rules("theme: a\r\nname: A\r\nabout: a\r\nmatch:\tcase \t file\r\n")
        #expect(r.themes.first?.matches.map(\.text) == ["case file"])
        do {
            _ = try ThemeRules(parsing: "theme: a\r\nname: A\r\nabout: a\r\nmach: x\r\n")
            Issue.record("accepted an unknown key")
        } catch {
            #expect(error.message == "line 4: unknown key 'mach': expected one of theme, name, about, match, except")
        }
    }

    /// Each bad file, the line its error names and words of the reason.
    @Test(arguments: [
        ("", 1, "no theme"),
        ("name: Oversight", 1, "before any 'theme:'"),
        ("theme: oversight\nnam: Oversight", 2, "unknown key 'nam'"),
        ("theme: oversight\nname Oversight", 2, "expected 'key: value'"),
        ("theme: Oversight", 1, "not a theme id"),
        ("theme: 1st", 1, "not a theme id"),
        ("theme: a\nname: A\nabout: a\nmatch: x\ntheme: a", 5, "defined twice"),
        ("theme: a\nabout: a\nmatch: x", 1, "no 'name:'"),
        ("theme: a\nname: A\nmatch: x", 1, "no 'about:'"),
        ("theme: a\nname: A\nabout: a\n\ntheme: b", 1, "no 'match:'"),
        ("theme: a\nname: A\nname: B", 3, "second 'name:'"),
        ("theme: a\nname: A\nabout: a\nmatch:", 4, "has no value"),
        ("theme: a\nname: A\nabout: a\nmatch: super*vision", 4, "'*' may only end a word"),
        ("theme: a\nname: A\nabout: a\nmatch: ca*", 4, "too short a stem"),
        ("theme: a\nname: A\nabout: a\nmatch: ... plans", 4, "cannot begin"),
        ("theme: a\nname: A\nabout: a\nexcept: plans ...", 4, "cannot end"),
        ("theme: a\nname: A\nabout: a\nmatch: a ... ... b", 4, "two '...'"),
        ("theme: a\nname: A\nabout: a\nmatch: --", 4, "no letters or digits"),
        ("theme: a\nname: A\u{1B}[31m", 2, "control character"),
    ])
    func aBadFileIsRefusedNamingTheLine(text: String, line: Int, reason: String) {
        do {
            _ = try ThemeRules(parsing: text)
            Issue.record("accepted a bad rules file: \(text.debugDescription)")
        } catch {
            #expect(error.line == line, "\(error.message)")
            #expect(error.message.hasPrefix("line \(line): ") && error.message.contains(reason), "\(error.message)")
            #expect(!error.message.contains("\n"), "one line")
        }
    }
}

@Suite struct ThemeTaggingTests {
    static let text = """
        theme: oversight
        name: Oversight
        about: Managers.
        match: supervis*
        match: management oversight
        except: supervised contact

        theme: assessment
        name: Assessment
        about: Assessments.
        match: quality ... assessments
        match: chronolog*
        except: health assessment*
        """

    @Test func caseAccentsCurlyApostrophesAndPunctuationAreIgnored() throws {
        let r = try rules(Self.text)
        #expect(r.themeIDs(of: "MANAGEMENT OVERSIGHT is weak") == ["oversight"])
        #expect(r.themeIDs(of: "Management-oversight.") == ["oversight"])
        #expect(r.themeIDs(of: "Supérvision of staff") == ["oversight"])
        #expect(r.themeIDs(of: "The management of oversight") == [], "the words of a phrase must follow one another")
    }

    @Test func aStarMatchesWordsItBeginsAndNothingInsideAWord() throws {
        let r = try rules(Self.text)
        #expect(r.themeIDs(of: "Supervisors' challenge") == ["oversight"])
        #expect(r.themeIDs(of: "Regular supervision") == ["oversight"])
        #expect(r.themeIDs(of: "unsupervised time") == [], "a stem matches from the start of a word")
    }

    @Test func anEllipsisLetsUpToThreeWordsStandBetween() throws {
        let r = try rules(Self.text)
        #expect(r.themeIDs(of: "the quality of assessments") == ["assessment"])
        #expect(r.themeIDs(of: "the quality of children’s assessments") == ["assessment"])
        #expect(r.themeIDs(of: "quality of social work assessments") == ["assessment"], "three words between")
        #expect(r.themeIDs(of: "quality of their social work assessments") == [], "four words is too many")
        #expect(r.themeIDs(of: "quality assessments") == ["assessment"], "none between")
    }

    @Test func anExceptionHidesOnlyThePlaceItCovers() throws {
        let r = try rules(Self.text)
        #expect(r.themeIDs(of: "Arrangements for supervised contact") == [])
        #expect(r.themeIDs(of: "Supervised contact, and supervision of staff") == ["oversight"], "another place still counts")
        #expect(r.themeIDs(of: "the quality of health assessments") == [], "the exception covers the matched word")
        #expect(r.themeIDs(of: "quality of assessments and health assessments") == ["assessment"])
    }

    @Test func aFindingCanHaveSeveralThemesInTheRulesOrderOrNone() throws {
        let r = try rules(Self.text)
        #expect(r.themeIDs(of: "Chronologies, and supervision") == ["oversight", "assessment"])
        #expect(r.themes(of: "Private fostering arrangements").isEmpty)
    }

    @Test func theShippedRulesTagTheSeedsWordingOfManagementOversight() throws {
        let r = try shippedThemeRules()
        // Stockton-on-Tees, 2010 and 2022 (the seeds): the theme the issue follows across the years.
        #expect(r.themeIDs(of: "The quality of management oversight and decision-making.").contains("oversight"))
        #expect(r.themeIDs(of: "Ensure that all social workers receive regular, high quality, reflective supervision.").contains("oversight"))
        #expect(!r.themeIDs(of: "Revise the arrangements for supervised contact.").contains("oversight"))
    }
}

@Suite struct ThemeCountingTests {
    static let day = Day(year: 2024, month: 3, day: 1)!
    static func plan(_ id: Int64, letter: Day? = day) -> Plan {
        Plan(id: id, title: "P\(id)", authority: "A", kind: .focusedVisit, letterDate: letter, received: day,
             createdAt: Date(timeIntervalSince1970: 0), createdBy: "t")
    }
    static func finding(_ id: Int64, plan: Int64, _ text: String, category: FindingCategory = .areaForImprovement) -> Finding {
        Finding(id: id, planId: plan, ref: "I\(id)", category: category, text: text)
    }

    @Test func aPlanCountsOnceForAThemeAndAFindingOnceForEachOfItsThemes() throws {
        let r = try rules(ThemeTaggingTests.text)
        let findings = [
            Self.finding(1, plan: 1, "Supervision is irregular."),
            Self.finding(2, plan: 1, "Management oversight and chronologies."),
            Self.finding(3, plan: 2, "Private fostering."),
            Self.finding(4, plan: 2, "Supervision is good.", category: .strength),
            Self.finding(5, plan: 3, "Chronologies are out of date."),
            Self.finding(6, plan: 9, "Supervision, in a plan not counted."),
        ]
        var removed = Self.finding(7, plan: 3, "Supervision, in a finding removed.")
        removed.removed = Removal(at: Date(timeIntervalSince1970: 0), by: "t", reason: "duplicate")
        let counts = ThemeCounts(rules: r, plans: [Self.plan(1), Self.plan(2), Self.plan(3), Self.plan(1)], findings: findings + [removed])
        #expect(counts.plans == 3, "a plan given twice counts once")
        #expect(counts.findings == 4, "improvement findings of the plans counted, not strengths, removed ones or other plans'")
        #expect(counts.untaggedFindings == 1)
        #expect(counts.entry("oversight")?.plans == 1 && counts.entry("oversight")?.findings == 2)
        #expect(counts.entry("assessment")?.plans == 2 && counts.entry("assessment")?.findings == 2)
        #expect(counts.planShare("assessment") == 2.0 / 3.0)
        #expect(counts.findingShare("oversight") == 0.5)
        #expect(counts.planShare("no-such-theme") == 0)
        #expect(ThemeCounts(rules: r, plans: [], findings: findings).planShare("oversight") == 0, "no plans, no share")
    }

    @Test func groupsComeInTheOrderAskedAndLeaveOutPlansWithNoKey() throws {
        let r = try rules(ThemeTaggingTests.text)
        let plans = [Self.plan(1, letter: Day(year: 2022, month: 1, day: 5)), Self.plan(2, letter: nil), Self.plan(3, letter: Day(year: 2010, month: 1, day: 29))]
        let tags = ThemeTags(rules: r, findings: [Self.finding(1, plan: 1, "Supervision."), Self.finding(2, plan: 3, "Supervision.")])
        let byYear = tags.counts(plans: plans, by: { $0.documentDate.year }, order: <)
        #expect(byYear.map(\.key) == [2010, 2022, 2024], "a plan with no letter date is placed by its received date")
        #expect(byYear.map { $0.counts.entry("oversight")?.plans } == [1, 1, 0])
        #expect(tags.counts(plans: plans, by: { $0.letterDate.map(\.year) }, order: <).map(\.key) == [2010, 2022])
        #expect(tags.themes(ofFinding: 1).map(\.id) == ["oversight"])
    }

    @Test(arguments: [(0, 0, 0), (1, 3, 33), (2, 3, 67), (1, 8, 13), (1, 200, 1), (1, 201, 0), (5, 5, 100)])
    func percentagesAreRoundedHalfUp(part: Int, whole: Int, expected: Int) {
        #expect(ThemeCounts.percent(part, of: whole) == expected)
    }
}
