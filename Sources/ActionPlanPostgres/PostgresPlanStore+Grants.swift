import ActionPlanCore
import ActionPlanSQL

/// Who may see and change which authority's plans (docs/server.md). The database keeps the
/// grants and checks them in its policies; these calls go through its functions, which refuse a
/// login that is not an admin of the authority.
extension PostgresPlanStore {
    /// Gives `login` `role` for `authority` (a name as the plans give it, a DfE code, or
    /// `GrantRole.everyAuthority`), replacing the role it had there.
    public func grant(login: String, authority: String, role: GrantRole) throws(StoreError) {
        try Self.refuseBlank(login, authority)
        let _: Void = try transaction { db in
            try db.execute("SELECT actionplan_grant(?, ?, ?)", [login, authority, role.rawValue])
            try announceGrants(on: db)
            return ((), true)
        }
    }

    /// Takes away what `login` holds for `authority`; false when it held nothing there.
    public func revoke(login: String, authority: String) throws(StoreError) -> Bool {
        try Self.refuseBlank(login, authority)
        return try transaction { db in
            let removed = try db.int("SELECT actionplan_revoke(?, ?)", [login, authority]) ?? 0
            if removed > 0 { try announceGrants(on: db) }
            return (removed > 0, true)
        }
    }

    /// The grants this login may see: its own, and all of those of the authorities it administers.
    public func grants() throws(StoreError) -> [AuthorityGrant] {
        try read { db in
            try Rows.all(db, "SELECT login, authority, role, granted_by, granted_at FROM authority_grant ORDER BY authority, login") { row in
                let r = Rows.Reader(row: row, table: "authority_grant", names: ["login", "authority", "role", "granted_by", "granted_at"])
                return AuthorityGrant(login: try r.string(0), authority: try r.string(1), role: try r.raw(2),
                                      grantedBy: try r.string(3), grantedAt: try r.date(4))
            }
        }
    }

    /// A grant changes what a login sees but is no change group: the open terminal UIs are told
    /// that anything may have changed (no ids, no group), and read the screen in view again.
    private func announceGrants(on db: any SQLDatabase) throws {
        try announce(ChangeNotice(group: 0, plans: [], actions: []), on: db)
    }

    private static func refuseBlank(_ login: String, _ authority: String) throws(StoreError) {
        if login.trimmingCharacters(in: .whitespaces).isEmpty { throw StoreError.invalid(field: "login", message: "is empty") }
        if authority.trimmingCharacters(in: .whitespaces).isEmpty { throw StoreError.invalid(field: "--authority", message: "is empty") }
    }
}
