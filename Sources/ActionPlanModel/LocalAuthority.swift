/// One English local authority with children's services duties, as the shipped table
/// (`Data/local-authorities.csv`) gives it: the parser names a document's authority by it, and
/// the comparisons and statistics group authorities by its region and statistical neighbours.
public struct LocalAuthority: Sendable, Hashable {
    /// The DfE code ("808" for Stockton-on-Tees).
    public var code: String
    /// The canonical name ("Bristol, City of").
    public var name: String
    /// Other names it goes by ("Bristol").
    public var otherNames: [String]
    /// The region's name ("North East"); empty when the table gives none.
    public var region: String
    /// The DfE codes of its ten statistical neighbours, closest first (empty for a former authority).
    public var neighbours: [String]
    /// The day it came into being, for one made by a reorganisation (North Northamptonshire,
    /// 1 April 2021); nil when it is older than any report.
    public var started: Day?
    /// The day it ceased to exist (Northamptonshire, 1 April 2021); nil while it exists. A former
    /// authority is kept so that its old reports are named.
    public var ended: Day?

    public init(code: String, name: String, otherNames: [String] = [], region: String = "", neighbours: [String] = [],
                started: Day? = nil, ended: Day? = nil) {
        self.code = code
        self.name = name
        self.otherNames = otherNames
        self.region = region
        self.neighbours = neighbours
        self.started = started
        self.ended = ended
    }

    /// Whether it existed on a day: the authorities a region or England is counted over at a
    /// date (docs/national.md).
    public func exists(on day: Day) -> Bool {
        if let started, day < started { return false }
        if let ended, day >= ended { return false }
        return true
    }
}
