/// Which backend a database location names: what `--db`, `ACTIONPLAN_DB` and the configuration
/// file's `database` hold. The one place the schemes are written.
public enum DatabaseKind: Sendable {
    case sqliteFile
    case postgresql

    /// The URI prefixes libpq accepts (it compares them case-sensitively).
    public static let postgresSchemes = ["postgresql://", "postgres://"]

    public init(location: String) {
        self = DatabaseKind.postgresSchemes.contains { location.hasPrefix($0) } ? .postgresql : .sqliteFile
    }
}
