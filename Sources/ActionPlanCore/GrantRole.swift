import Foundation

/// What a login may do with an authority's plans on a shared PostgreSQL database
/// (docs/server.md). Each role includes the ones before it.
public enum GrantRole: String, CaseIterable, Sendable, Codable, Comparable {
    /// Reads and exports.
    case viewer
    /// Also changes actions, notes and milestones.
    case editor
    /// Also imports, removes, grants and changes the holiday table.
    case admin

    /// The rank the database's policies compare (0 is no grant).
    public var rank: Int {
        switch self {
        case .viewer: return 1
        case .editor: return 2
        case .admin: return 3
        }
    }

    public static func < (a: GrantRole, b: GrantRole) -> Bool { a.rank < b.rank }

    /// The authority a grant names to cover every authority (`grant … --authority all`).
    public static let everyAuthority = "*"
}

/// One row of the grants table.
public struct AuthorityGrant: Sendable, Hashable, Codable {
    public var login: String
    /// The authority's name, or `GrantRole.everyAuthority`.
    public var authority: String
    public var role: GrantRole
    public var grantedBy: String
    public var grantedAt: Date

    public init(login: String, authority: String, role: GrantRole, grantedBy: String, grantedAt: Date) {
        self.login = login
        self.authority = authority
        self.role = role
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
    }
}
