import Foundation
import GRDB
import ActionPlanCore
import ActionPlanSQL
#if canImport(Glibc)
import Glibc
#endif

extension SQLitePlanStore {
    /// What a shell offers where an action or a plan is typed (`actionplan show <Tab>`): the
    /// action ids and `PLAN/REF` names, or the plan ids, read from the file at `path`.
    ///
    /// A shell runs this on every Tab, so it never creates, locks, migrates or changes anything,
    /// waits at most a fraction of a second for a writer, and gives nothing (never an error)
    /// when there is no database of ours there.
    public static func completionNames(path: String, plans: Bool) -> [String] {
        guard (try? DatabaseFile.existing(path)) == true, access(path, R_OK) == 0,
              (try? checkHeader(path)) != nil else { return [] }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(0.2)
        config.label = "actionplan-completion"
        guard let queue = try? DatabaseQueue(path: DatabaseFile.readOnlyName(path), configuration: config) else { return [] }
        // Everything is read as text through `DatabaseValue`: GRDB traps on a value it cannot
        // convert, and a shell's Tab must never crash, whatever the file holds.
        let sql = plans ? "SELECT CAST(id AS TEXT) FROM plan ORDER BY id"
                        : "SELECT CAST(id AS TEXT), CAST(plan_id AS TEXT) || '/' || ref FROM action ORDER BY plan_id, id"
        let names = try? queue.read { db -> [String] in
            var names: [String] = []
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() {
                for index in 0..<row.count {
                    let value: DatabaseValue = row[index]
                    if let name = String.fromDatabaseValue(value), !name.isEmpty { names.append(name) }
                }
            }
            return names
        }
        return names ?? []
    }
}
