import Foundation
import Testing
import GRDB
@testable import ActionPlanSQLite
@testable import ActionPlanSQL
import ActionPlanCore
import ActionPlanModel
#if canImport(Glibc)
import Glibc
#endif

/// The store's side of issue 10: what it refuses before SQLite sees a path, the lock beside the
/// database, the modes of the files it creates, restore, and how a full disk is worded.
@Suite struct SharedHostStoreTests {
    @Test func aFIFOIsRefusedBeforeAnythingReadsIt() throws {
        let temp = try TempDatabase()
        #expect(mkfifo(temp.path, 0o600) == 0)
        #expect(throws: StoreError.cannotOpen(path: temp.path, reason: "it is a FIFO (named pipe), not a regular file")) {
            _ = try temp.open()
        }
    }

    @Test func aHeldLockIsWaitedOnForTheBusyTimeoutOnly() throws {
        let temp = try TempDatabase()
        _ = try temp.open()
        let fd = open(temp.path + ".lock", O_RDWR)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let start = Date()
        // This process holds the lock itself, so /proc/locks names no other holder.
        #expect(throws: StoreError.lockHeld(path: temp.path, seconds: 0.3, holder: nil)) {
            _ = try SQLitePlanStore(path: temp.path, options: StoreOptions(busyTimeout: 0.3))
        }
        #expect(Date().timeIntervalSince(start) < 3)
    }

    @Test func newFilesArePrivateUnlessTheFolderIsSetgidAndGroupWritable() throws {
        let temp = try TempDatabase()
        let old = umask(0o077)
        defer { umask(old) }
        _ = try temp.open()
        var info = stat()
        #expect(stat(temp.path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        let team = temp.directory.appendingPathComponent("team").path
        #expect(mkdir(team, 0o700) == 0 && chmod(team, 0o2770) == 0)
        _ = try SQLitePlanStore(path: team + "/plans.sqlite")
        for file in [team + "/plans.sqlite", team + "/plans.sqlite.lock"] {
            #expect(stat(file, &info) == 0 && info.st_mode & 0o777 == 0o660, "\(file) is \(String(info.st_mode & 0o777, radix: 8))")
        }
    }

    @Test func restoreReplacesTheContentAndKeepsTheOldDatabase() throws {
        let temp = try TempDatabase()
        let store = try temp.open()
        _ = try seed(store)
        let backup = temp.directory.appendingPathComponent("backup.sqlite").path
        try store.backup(to: backup)
        _ = try seed(store)
        #expect(try store.plans().count == 2)
        let result = try store.restore(from: backup)
        #expect(result.plans == 1 && result.actions == 1)
        #expect(try store.plans().count == 1, "the open store reads the restored content")
        #expect(try SQLitePlanStore(path: result.previous).plans().count == 2, "the database as it was is kept")
        // The store still writes, audited as before.
        _ = try seed(store)
        #expect(try store.plans().count == 2)
    }

    @Test func aFullDiskIsSaidInTheUsersWords() {
        let error = DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full")
        #expect(SQLitePlanStore.map(error, path: "/srv/plans.sqlite", timeout: 5).message
                == "the disk holding /srv/plans.sqlite is full: nothing was written; free some space and try again")
    }
}
