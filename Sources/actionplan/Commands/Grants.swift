import ArgumentParser
import ActionPlanCore
import ActionPlanModel
import ActionPlanPostgres

/// `grant`, `revoke` and `grants`: who may see and change which authority's plans on a shared
/// PostgreSQL database (docs/server.md). The database checks every grant in its policies.
enum GrantCommands {
    /// The PostgreSQL store, or a refusal: an SQLite file is guarded by its file's permissions.
    static func postgres(_ context: Context, command: String) throws -> PostgresPlanStore {
        guard let store = context.store as? PostgresPlanStore else {
            throw CLIError("\(command): roles are for a shared PostgreSQL database (--db postgresql://…, docs/server.md); "
                           + "an SQLite file is guarded by its file permissions", status: .usage)
        }
        return store
    }

    /// The authority as a grant names it: `all` (every authority), an authority of the plans as
    /// they name it (any case), or one of the shipped table (its name, code or another name).
    static func authority(_ text: String, store: PostgresPlanStore) throws -> String {
        try Parse.typed(text, option: "--authority")
        let wanted = text.trimmingCharacters(in: .whitespaces)
        if wanted.lowercased() == "all" || wanted == GrantRole.everyAuthority { return GrantRole.everyAuthority }
        if let named = try store.plans(.includingRemoved).first(where: { $0.authority.caseInsensitiveCompare(wanted) == .orderedSame }) {
            return named.authority
        }
        return try AuthorityNames.authority(wanted, option: "--authority", in: try AuthorityNames.table()).name
    }

    static func shown(_ authority: String) -> String { authority == GrantRole.everyAuthority ? "every authority" : authority }

    /// A login as PostgreSQL names it: refused when empty or holding a control character.
    static func login(_ text: String) throws -> String {
        try Parse.typed(text, option: "LOGIN")
        let login = text.trimmingCharacters(in: .whitespaces)
        if login.isEmpty { throw CLIError.usage("LOGIN: is empty") }
        return login
    }
}

struct Grant: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Give a database login a role for an authority's plans (PostgreSQL).",
        discussion: """
            viewer reads and exports; editor also changes actions, notes and milestones; admin also \
            imports, removes, grants and changes the holiday table. --authority all is every \
            authority. Only an admin of the authority may grant; a new grant replaces the login's \
            role there. The database enforces it for every client, psql included (docs/server.md).
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The database login (a PostgreSQL role that can log in).") var login: String
    @Option(help: ArgumentHelp("The authority: its name, its DfE code, or all.", valueName: "authority")) var authority: String
    @Option(help: ArgumentHelp("viewer, editor or admin.", valueName: "role")) var role: String

    func run() throws {
        guard let role = GrantRole(rawValue: role.lowercased()) else {
            throw CLIError.usage("--role: unknown role '\(role)': expected viewer, editor or admin")
        }
        let login = try GrantCommands.login(login)
        let context = try Context.open(global)
        let store = try GrantCommands.postgres(context, command: "grant")
        let name = try GrantCommands.authority(authority, store: store)
        do {
            try store.grant(login: login, authority: name, role: role)
        } catch {
            throw CLIError(error)
        }
        try Output.print("\(login) is \(role.rawValue) of \(GrantCommands.shown(name))")
    }
}

struct Revoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Take away a database login's role for an authority's plans (PostgreSQL).",
        discussion: "Only an admin of the authority may revoke. A login with no grant left sees no plan at all."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The database login.") var login: String
    @Option(help: ArgumentHelp("The authority: its name, its DfE code, or all.", valueName: "authority")) var authority: String

    func run() throws {
        let login = try GrantCommands.login(login)
        let context = try Context.open(global)
        let store = try GrantCommands.postgres(context, command: "revoke")
        let name = try GrantCommands.authority(authority, store: store)
        let removed: Bool
        do {
            removed = try store.revoke(login: login, authority: name)
        } catch {
            throw CLIError(error)
        }
        if !removed { throw CLIError("revoke: \(login) has no role for \(GrantCommands.shown(name))", status: .noInput) }
        try Output.print("\(login) no longer has a role for \(GrantCommands.shown(name))")
    }
}

struct Grants: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grants",
        abstract: "List the roles you may see: your own, and all of those of the authorities you administer (PostgreSQL)."
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let context = try Context.open(global)
        let store = try GrantCommands.postgres(context, command: "grants")
        let grants: [AuthorityGrant]
        do {
            grants = try store.grants()
        } catch {
            throw CLIError(error)
        }
        if json { return try Output.printJSONArray(grants, JSONViews.grant) }
        if grants.isEmpty {
            try Output.print("\(store.login) has no role on \(store.path): an admin of an authority can grant one (actionplan grant)")
            return
        }
        var table = TextTable([
            .init(title: "LOGIN"), .init(title: "AUTHORITY", flexible: true), .init(title: "ROLE"),
            .init(title: "GRANTED BY", optional: true), .init(title: "AT", optional: true),
        ])
        for grant in grants {
            table.add([grant.login, GrantCommands.shown(grant.authority), grant.role.rawValue, grant.grantedBy, Output.moment(grant.grantedAt)])
        }
        try table.print(width: Output.terminalWidth)
    }
}
