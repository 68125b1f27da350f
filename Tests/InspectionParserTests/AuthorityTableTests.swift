import Testing
import ActionPlanModel
@testable import InspectionParser

/// The shipped table as the authority commands read it (issue 15): names typed on the command
/// line, the nearest name for a mistyped one, regions, neighbours and reorganisations.
@Suite struct AuthorityTableTests {
    @Test func anAuthorityIsNamedByCodeNameOrOtherNameInAnyCase() {
        let table = Shipped.authorities
        for (typed, code) in [("808", "808"), ("stockton-on-tees", "808"), ("STOCKTON ON TEES", "808"), ("Bristol", "801"),
                              ("bristol, city of", "801"), ("BCP", "839"), ("Durham County Council", "840")] {
            #expect(table.named(typed)?.code == code, "\(typed): \(table.named(typed)?.name ?? "not found")")
        }
        #expect(table.named("Atlantis") == nil && table.named("") == nil && table.named("999") == nil)
    }

    @Test func aMistypedNameFindsTheNearestAndAFarOneNone() {
        let table = Shipped.authorities
        #expect(table.nearest(to: "Stokton")?.code == "808")
        #expect(table.nearest(to: "Hartelpool")?.code == "805")
        #expect(table.nearest(to: "Midlesbrough")?.code == "806")
        #expect(table.nearest(to: "Atlantis Borough") == nil)
    }

    @Test func regionsNeighboursAndReorganisationsComeFromTheTable() throws {
        let table = Shipped.authorities
        let stockton = try #require(table.authority(code: "808"))
        #expect(stockton.region == "North East" && stockton.neighbours.count == 10 && stockton.ended == nil && stockton.started == nil)
        #expect(stockton.neighbours.allSatisfy { table.authority(code: $0) != nil }, "every neighbour is in the table")
        let northamptonshire = try #require(table.authority(code: "928"))
        #expect(northamptonshire.ended == Day(iso: "2021-04-01") && !northamptonshire.exists(on: Day(iso: "2021-04-01")!))
        #expect(table.authority(code: "940")?.started == Day(iso: "2021-04-01"))
        #expect(table.authority(code: "909")?.ended == Day(iso: "2023-04-01") && table.authority(code: "943")?.started == Day(iso: "2023-04-01"))
        #expect(table.authority(code: "836")?.ended == Day(iso: "2019-04-01"))
        let day = Day(iso: "2024-03-31")!
        #expect(table.authorities.filter { $0.exists(on: day) }.count == 153, "England's 153 authorities at 31 March 2024")
        #expect(table.authorities.filter { $0.exists(on: Day(iso: "2021-03-31")!) }.count == 151)
        #expect(Set(table.authorities.map(\.region)).count == 9, "the nine regions of England")
    }
}
