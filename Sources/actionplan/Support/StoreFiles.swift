import Foundation
import ActionPlanCore
import ActionPlanSQL
import ActionPlanSQLite
import ActionPlanPostgres

/// Opening a database a command names besides `--db` (`copy --to`), and writing a whole
/// database into a new file (`backup` from PostgreSQL, `copy --to FILE`).
enum StoreFiles {
    /// The empty database `text` names, of either kind: a `postgresql://` location, or a path
    /// where no file is yet. Nothing is seeded: the copy brings the holiday table.
    static func openEmpty(_ text: String) throws -> any SQLPlanStore {
        if PostgresLocation.isPostgres(text) {
            let location = try Context.postgresLocation(text, option: "--to")
            do {
                return try PostgresPlanStore(location: location, options: StoreOptions(busyTimeout: Context.busyTimeout()))
            } catch {
                throw CLIError(error)
            }
        }
        if FileManager.default.fileExists(atPath: text) {
            throw CLIError("\(text) already exists: copy into a new file", status: .cannotCreate)
        }
        do {
            return try SQLitePlanStore(path: text, options: StoreOptions(busyTimeout: Context.busyTimeout()))
        } catch {
            throw CLIError(error)
        }
    }

    /// Copies everything `source` holds into a new SQLite file at `file`; on failure no file is left.
    static func copyIntoNewFile(from source: any SQLPlanStore, file: String) throws -> CopyResult {
        let target = try openEmpty(file)
        do {
            return try StoreCopy.copy(from: source, to: target)
        } catch {
            for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: file + suffix) }
            throw CLIError(error)
        }
    }
}
