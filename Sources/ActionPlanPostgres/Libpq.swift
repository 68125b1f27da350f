import CLibpq

/// libpq's functions, opened the first time a PostgreSQL database is used rather than linked.
///
/// A linked libpq is loaded by every start of the program, with the 24 libraries behind it,
/// which cost 3 ms of every command on SQLite too (docs/architecture.md, "libpq, loaded when
/// used"). A machine without libpq runs the program on SQLite, and is told what to install
/// when it names a PostgreSQL database.
final class Libpq: Sendable {
    /// The functions, each with the signature libpq's header gives it.
    let api: ActionPlanLibpq

    private init(api: ActionPlanLibpq) { self.api = api }

    /// The library's file name: the soname of libpq 10 and later (Debian's libpq5).
    static let fileName = "libpq.so.5"

    private static let loaded = open(fileName)

    /// Opens a libpq by file name (the program opens `fileName`; tests name others).
    static func open(_ fileName: String) -> Result<Libpq, PostgresError> {
        let api = UnsafeMutablePointer<ActionPlanLibpq>.allocate(capacity: 1)
        defer { api.deallocate() }
        if let failure = actionplan_load_libpq(fileName, api) {
            let reason = String(cString: failure)
            return .failure(PostgresError(message: "cannot load PostgreSQL's client library (\(reason)): install libpq5 (apt-get install libpq5)"))
        }
        return .success(Libpq(api: api.pointee))
    }

    /// The library, opened once per process.
    static func load() throws(PostgresError) -> Libpq {
        try loaded.get()
    }
}
