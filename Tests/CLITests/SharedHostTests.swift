import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue 10, the database file on a shared host: a team sharing one file, a read-only copy,
/// a lock held by a stopped process, a path that is not a file, a full disk, restoring a backup.
///
/// CI runs as root, and root ignores file permissions: the tests that are about permissions run
/// the program as `nobody` (uid and gid 65534) through `setpriv`, on files made accessible to it.
enum Unprivileged {
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let uid: uid_t = 65534
    /// Whether a test can act as someone whom file permissions apply to.
    static var available: Bool { getuid() != 0 || setpriv != nil }
    static let reason: Comment = "needs root and setpriv (util-linux) to run the program as nobody, or a non-root user"

    /// Runs `arguments` (a program and its arguments) as nobody:nogroup when root, else as is,
    /// with `umask` applied first.
    static func run(_ arguments: [String], environment: [String: String], umask mask: String = "022",
                    in directory: URL? = nil, uid: uid_t = Unprivileged.uid) throws -> BuiltProgram.Result {
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let shell = ["/bin/sh", "-c", "umask \(mask); exec \(quoted)"]
        if getuid() == 0, let setpriv {
            return try BuiltProgram.run(setpriv, ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups"] + shell,
                                        environment: environment, in: directory)
        }
        return try BuiltProgram.run(shell[0], Array(shell.dropFirst()), environment: environment, in: directory)
    }
}

/// Runs the program with a deadline: a command that hangs fails the test instead of hanging it.
func runWithin(_ seconds: Double, _ cli: CLIRunner, _ arguments: [String], environment extra: [String: String] = [:])
    throws -> (status: Int32?, stderr: String, elapsed: Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
    process.arguments = arguments
    process.environment = cli.environment.merging(extra) { $1 }
    process.currentDirectoryURL = cli.directory
    let err = cli.directory.appendingPathComponent("stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: err.path, contents: nil)
    process.standardError = try FileHandle(forWritingTo: err)
    process.standardOutput = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    let start = Date()
    try process.run()
    while process.isRunning && Date().timeIntervalSince(start) < seconds { usleep(20_000) }
    let elapsed = Date().timeIntervalSince(start)
    var status: Int32?
    if process.isRunning {
        process.terminate()
        kill(process.processIdentifier, SIGKILL)
    } else {
        status = process.terminationStatus
    }
    process.waitUntilExit()
    let text = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(at: err)
    return (status, text, elapsed)
}

func fileMode(_ path: String) -> (mode: Int, gid: UInt32)? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return (Int(info.st_mode & 0o7777), info.st_gid)
}

@Suite struct NotARegularFileTests {
    @Test func aFIFOIsRefusedAtOnceInsteadOfHanging() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let fifo = cli.directory.appendingPathComponent("plans.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = try runWithin(10, cli, ["plans", "--db", fifo])
        #expect(result.status == 74, "a FIFO as --db must be refused, not read (it hung for \(Int(result.elapsed)) s)")
        #expect(result.stderr.contains("is a FIFO (named pipe), not a regular file"), "\(result.stderr)")
    }

    @Test func devNullIsRefusedAndNoJournalIsMadeBesideIt() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let journalBefore = FileManager.default.fileExists(atPath: "/dev/null-journal")
        let result = try runWithin(10, cli, ["new-plan", "--db", "/dev/null", "--authority", "X", "--kind", "other"])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("is a character device, not a regular file"), "\(result.stderr)")
        if !journalBefore {
            #expect(!FileManager.default.fileExists(atPath: "/dev/null-journal"), "a -journal was made beside /dev/null")
        }
    }
}

@Suite struct LockFileTests {
    /// A process stopped while holding `FILE.lock` (as one stopped with Ctrl-Z while opening)
    /// used to hang every command forever.
    @Test func aHeldLockIsWaitedOnForTheBusyTimeoutThenItsHolderIsNamed() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        _ = try cli.seedPlan()
        let fd = open(cli.database + ".lock", O_RDWR)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let result = try runWithin(15, cli, ["plans"], environment: ["ACTIONPLAN_BUSY_TIMEOUT": "1"])
        #expect(result.status == 75, "the command must give up after the busy timeout (it ran \(result.elapsed) s): \(result.stderr)")
        #expect(result.elapsed < 8, "waited \(result.elapsed) s for a 1 s timeout")
        #expect(result.stderr.contains("is locked by process \(getpid())"), "the holder is named: \(result.stderr)")
        #expect(result.stderr.contains("plans.sqlite.lock for more than 1 s"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        flock(fd, LOCK_UN)
        #expect(try cli.run(["plans"]).status == 0, "once the lock is free, the command works")
    }
}

@Suite(.serialized) struct ReadOnlyDatabaseTests {
    /// A folder of read-only copies as a board member has them: 0444 files in a 0555 folder.
    func archive(_ cli: CLIRunner, files: [(String, String)]) throws -> URL {
        let folder = cli.directory.appendingPathComponent("archive")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        for (source, name) in files {
            try FileManager.default.copyItem(atPath: source, toPath: folder.appendingPathComponent(name).path)
            chmod(folder.appendingPathComponent(name).path, 0o444)
        }
        chmod(cli.directory.path, 0o755)
        chmod(folder.path, 0o555)
        return folder
    }

    @Test(.enabled(if: Unprivileged.available, Unprivileged.reason))
    func aReadOnlyCopyInAReadOnlyFolderAnswersEveryReadAndRefusesEveryWrite() throws {
        let cli = try CLIRunner()
        defer { chmod(cli.directory.appendingPathComponent("archive").path, 0o755); try? FileManager.default.removeItem(at: cli.directory) }
        let id = try cli.seedPlan()
        try cli.ok(["update", id, "--status", "in_progress", "--note", "Audit tool agreed"])
        let backup = cli.directory.appendingPathComponent("backup.sqlite").path
        try cli.ok(["backup", backup])
        // The live file itself, copied while closed: a WAL database with no -wal or -shm.
        let folder = try archive(cli, files: [(cli.database, "live-copy.sqlite"), (backup, "backup.sqlite")])
        for name in ["live-copy.sqlite", "backup.sqlite"] {
            let db = folder.appendingPathComponent(name).path
            let reads: [[String]] = [
                ["plans"], ["plans", "--json"], ["list"], ["list", "--csv"], ["show", id], ["history", id, "--json"],
                ["export"], ["export", "--format", "json"], ["export", "--format", "csv"], ["export", "--format", "html"],
                ["export", "--format", "ics"], ["export", "--as-of", "2026-11-01"], ["check"], ["milestone"],
                ["holidays", "--year", "2026"], ["deadline", "2026-10-01", "--working-days", "20"],
            ]
            for command in reads {
                let result = try Unprivileged.run([CLIRunner.binary] + command + ["--db", db], environment: cli.environment)
                #expect(result.status == 0, "\(name): actionplan \(command.joined(separator: " ")) failed: \(result.stderr)")
            }
            #expect(try Unprivileged.run([CLIRunner.binary, "list", "--db", db], environment: cli.environment).stdout.contains("Weekly audits"))
            let writes: [[String]] = [
                ["update", id, "--status", "complete"], ["new-plan", "--authority", "Y", "--kind", "other"], ["undo"],
                ["milestone", "1", "--done", "2026-11-20"], ["edit-plan", "1", "--title", "T"],
            ]
            for command in writes {
                let result = try Unprivileged.run([CLIRunner.binary] + command + ["--db", db], environment: cli.environment)
                #expect(result.status == 74, "\(name): actionplan \(command.joined(separator: " ")): \(result.stderr)")
                #expect(result.stderr.contains("is read-only for you: it can be read and exported, not changed; nothing was written"),
                        "\(name): \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(left == ["backup.sqlite", "live-copy.sqlite"], "nothing was made in the read-only folder: \(left)")
        }
    }

    /// A reader in a folder anyone may write (a scratch folder) used to leave a -wal and -shm
    /// of their own beside the owner's database, which the owner could not write: the owner's
    /// next change was refused as read-only.
    @Test(.enabled(if: getuid() == 0 && Unprivileged.setpriv != nil, "needs root and setpriv to act as two users"))
    func aReaderLeavesNothingThatLocksTheOwnerOut() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        chmod(cli.directory.path, 0o755)
        let scratch = cli.directory.appendingPathComponent("scratch").path
        #expect(mkdir(scratch, 0o777) == 0 && chmod(scratch, 0o777) == 0)
        let db = scratch + "/plans.sqlite"
        let owner: uid_t = 4242
        let made = try Unprivileged.run([CLIRunner.binary, "new-plan", "--db", db, "--authority", "Northmoor", "--kind", "other"],
                                        environment: cli.environment, uid: owner)
        #expect(made.status == 0, "\(made.stderr)")
        chmod(db, 0o644)
        let read = try Unprivileged.run([CLIRunner.binary, "plans", "--db", db], environment: cli.environment)
        #expect(read.status == 0 && read.stdout.contains("Northmoor"), "\(read.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch).sorted()
        #expect(left == ["plans.sqlite", "plans.sqlite.lock"], "the reader left nothing beside the database: \(left)")
        let write = try Unprivileged.run([CLIRunner.binary, "new-plan", "--db", db, "--authority", "Southmoor", "--kind", "other"],
                                         environment: cli.environment, uid: owner)
        #expect(write.status == 0, "the owner still writes: \(write.stderr)")
    }

    /// A reader who may not write the live database (a board member with read access) sees
    /// what the team has written, even while it is only in the -wal of an open database.
    @Test(.enabled(if: Unprivileged.available, Unprivileged.reason))
    func aReaderWithoutWriteAccessSeesChangesStillInTheWALOfAnOpenDatabase() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        _ = try cli.seedPlan()
        chmod(cli.directory.path, 0o755)
        chmod(cli.database, 0o644)
        let holder = try SQLiteShell(cli.database)
        defer { holder.end() }
        holder.send("SELECT count(*) FROM plan;\n")
        var waited = 0
        while !FileManager.default.fileExists(atPath: cli.database + "-shm") && waited < 100 { usleep(20_000); waited += 1 }
        try cli.ok(["new-plan", "--authority", "Southmoor", "--kind", "other"])
        let read = try Unprivileged.run([CLIRunner.binary, "plans", "--db", cli.database], environment: cli.environment)
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("Southmoor"), "the reader sees the change in the WAL: \(read.stdout)")
        let refused = try Unprivileged.run([CLIRunner.binary, "update", "1", "--status", "complete", "--db", cli.database],
                                           environment: cli.environment)
        #expect(refused.status == 74 && refused.stderr.contains("is read-only for you"), "\(refused.stderr)")
    }

    @Test(.enabled(if: Unprivileged.available, Unprivileged.reason))
    func aReadOnlyCopyWrittenByAnOlderVersionSaysItCannotBeUpgraded() throws {
        let cli = try CLIRunner()
        defer { chmod(cli.directory.appendingPathComponent("archive").path, 0o755); try? FileManager.default.removeItem(at: cli.directory) }
        _ = try cli.seedPlan()
        let old = cli.directory.appendingPathComponent("old.sqlite").path
        try cli.ok(["backup", old])
        // As a database of the version before the newest migration looks.
        _ = try sqlite(old, "DELETE FROM grdb_migrations WHERE identifier = (SELECT max(identifier) FROM grdb_migrations);")
        let folder = try archive(cli, files: [(old, "old.sqlite")])
        let result = try Unprivileged.run([CLIRunner.binary, "plans", "--db", folder.appendingPathComponent("old.sqlite").path],
                                          environment: cli.environment)
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("written by an older version of actionplan and is read-only for you"), "\(result.stderr)")
    }

    @Test func aBackupIsARollbackJournalFileSoItOpensReadOnlyAnywhere() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        _ = try cli.seedPlan()
        let backup = cli.directory.appendingPathComponent("backup.sqlite").path
        try cli.ok(["backup", backup])
        let header = try #require(FileHandle(forReadingAtPath: backup)).readData(ofLength: 20)
        #expect(Array(header[18...19]) == [1, 1], "the header of a backup says rollback journal, not WAL")
        #expect(!FileManager.default.fileExists(atPath: backup + "-wal") && !FileManager.default.fileExists(atPath: backup + "-journal"))
    }
}

@Suite(.serialized) struct SharedDatabaseTests {
    static let group = "nogroup"
    static let gid: UInt32 = 65534
    static var possible: Bool { getuid() == 0 && Unprivileged.setpriv != nil && getgrnam(group) != nil }

    @Test(.enabled(if: possible, "needs root (to give files to the group nogroup) and setpriv (to act as a colleague in it)"))
    func initGroupSharesTheFileAndEveryFileBesideItWithTheGroup() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        chmod(cli.directory.path, 0o755)
        let folder = cli.directory.appendingPathComponent("team").path
        let db = folder + "/plans.sqlite"
        // A strict umask, as many hosts set: the program must not let it take the group's bits.
        let made = try BuiltProgram.run("/bin/sh", ["-c", "umask 077; exec '\(CLIRunner.binary)' init --group \(Self.group) --db '\(db)'"],
                                        environment: cli.environment)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("shared by the group \(Self.group)"), "\(made.stdout)")
        #expect(fileMode(folder)?.mode == 0o2770 && fileMode(folder)?.gid == Self.gid, "the folder is setgid and the group's: \(String(describing: fileMode(folder)))")
        for file in [db, db + ".lock"] {
            #expect(fileMode(file)?.mode == 0o660 && fileMode(file)?.gid == Self.gid, "\(file): \(String(describing: fileMode(file)))")
        }
        // A colleague in the group writes (before: "permission denied").
        let write = try Unprivileged.run([CLIRunner.binary, "new-plan", "--db", db, "--authority", "Northmoor", "--kind", "other"],
                                         environment: cli.environment, umask: "077")
        #expect(write.status == 0, "a member of the group can write: \(write.stderr)")
        // While a colleague has it open, SQLite's -wal and -shm carry the database's mode and group.
        let holder = try SQLiteShell(db, executable: Unprivileged.setpriv!,
                                     arguments: ["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sh", "-c",
                                                 "umask 077; exec /usr/bin/sqlite3 '\(db)'"])
        holder.send("SELECT count(*) FROM plan;\n")
        var waited = 0
        while !FileManager.default.fileExists(atPath: db + "-shm") && waited < 100 { usleep(20_000); waited += 1 }
        for file in [db + "-wal", db + "-shm"] {
            #expect(fileMode(file)?.mode == 0o660 && fileMode(file)?.gid == Self.gid, "\(file): \(String(describing: fileMode(file)))")
        }
        holder.end()
        // Root writes too, and the colleague still can afterwards.
        try cli.ok(["new-plan", "--db", db, "--authority", "Southmoor", "--kind", "other"])
        let again = try Unprivileged.run([CLIRunner.binary, "plans", "--db", db], environment: cli.environment)
        #expect(again.status == 0 && again.stdout.contains("Southmoor"), "\(again.stderr)")
    }

    @Test(.enabled(if: possible, "needs root (to set up a group folder) and setpriv (to act as a colleague in it)"))
    func theFirstColleagueToUseASharedFolderCreatesTheDatabaseForTheGroup() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        chmod(cli.directory.path, 0o755)
        let folder = cli.directory.appendingPathComponent("team").path
        // What an administrator does by hand: a setgid folder the group can write.
        #expect(mkdir(folder, 0o770) == 0 && chown(folder, 0, Self.gid) == 0 && chmod(folder, 0o2770) == 0)
        let db = folder + "/plans.sqlite"
        let first = try Unprivileged.run([CLIRunner.binary, "plans", "--db", db], environment: cli.environment, umask: "077")
        #expect(first.status == 0, "\(first.stderr)")
        for file in [db, db + ".lock"] {
            #expect(fileMode(file)?.mode == 0o660 && fileMode(file)?.gid == Self.gid, "\(file): \(String(describing: fileMode(file)))")
        }
        // Every file the program makes there is the team's: a report, a backup.
        for command in [["export", "-o", folder + "/board.md"], ["backup", folder + "/monday.sqlite"]] {
            let result = try Unprivileged.run([CLIRunner.binary] + command + ["--db", db], environment: cli.environment, umask: "077")
            #expect(result.status == 0, "\(result.stderr)")
            let file = command[command.count - 1]
            #expect(fileMode(file)?.mode == 0o660 && fileMode(file)?.gid == Self.gid, "\(file): \(String(describing: fileMode(file)))")
        }
        // A private folder keeps private files.
        let own = cli.directory.appendingPathComponent("own.sqlite").path
        try cli.ok(["plans", "--db", own])
        #expect(fileMode(own)?.mode == 0o600 && fileMode(own + ".lock")?.mode == 0o600)
    }

    @Test(.enabled(if: possible, "needs root (to give files to the group nogroup) and setpriv (to act as a colleague in it)"))
    func initGroupSharesADatabaseThatWasPrivate() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        chmod(cli.directory.path, 0o755)
        let folder = cli.directory.appendingPathComponent("plans").path
        #expect(mkdir(folder, 0o700) == 0)
        let db = folder + "/plans.sqlite"
        try cli.ok(["new-plan", "--db", db, "--authority", "Northmoor", "--kind", "other"])
        let refused = try Unprivileged.run([CLIRunner.binary, "plans", "--db", db], environment: cli.environment)
        #expect(refused.status == 74, "a colleague cannot read a private database: \(refused.stderr)")
        let out = try cli.ok(["init", "--group", Self.group, "--db", db])
        #expect(out.contains("set \(db) to group \(Self.group), mode 660"), "\(out)")
        #expect(out.contains("is ready (1 plan): shared by the group \(Self.group)"), "\(out)")
        #expect(fileMode(folder)?.mode == 0o2770 && fileMode(folder)?.gid == Self.gid, "\(String(describing: fileMode(folder)))")
        let write = try Unprivileged.run([CLIRunner.binary, "new-plan", "--db", db, "--authority", "Southmoor", "--kind", "other"],
                                         environment: cli.environment, umask: "077")
        #expect(write.status == 0, "\(write.stderr)")
        #expect(try cli.ok(["plans", "--db", db]).contains("Southmoor"))
    }

    @Test func initWithoutAGroupCreatesAPrivateDatabaseAndAnUnknownGroupIsRefused() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let out = try cli.ok(["init"])
        #expect(out.contains("created \(cli.database)"), "\(out)")
        #expect(fileMode(cli.database)?.mode == 0o600)
        #expect(try cli.ok(["init"]).contains("is ready (0 plans)"))
        let refused = try cli.run(["init", "--group", "no-such-group-actionplan"])
        #expect(refused.status == 64 && refused.stderr.contains("there is no group 'no-such-group-actionplan'"), "\(refused.stderr)")
    }
}

@Suite(.serialized) struct FullDiskTests {
    /// Mounting a tiny tmpfs needs root (and a kernel that lets this container mount).
    static let canMount: Bool = {
        guard getuid() == 0 else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("actionplan-mount-probe-\(getpid())").path
        mkdir(probe, 0o700)
        defer { rmdir(probe) }
        guard "size=64k".withCString({ mount("tmpfs", probe, "tmpfs", 0, $0) }) == 0 else { return false }
        umount(probe)
        return true
    }()

    @Test(.enabled(if: canMount, "needs root and permission to mount a tmpfs to fill a disk"))
    func aFullDiskSaysTheDiskIsFullAndNothingWasWritten() throws {
        let cli = try CLIRunner()
        let disk = cli.directory.appendingPathComponent("disk").path
        #expect(mkdir(disk, 0o700) == 0)
        try #require("size=1m".withCString { mount("tmpfs", disk, "tmpfs", 0, $0) } == 0)
        defer { umount(disk); try? FileManager.default.removeItem(at: cli.directory) }
        let db = disk + "/plans.sqlite"
        try cli.ok(["new-plan", "--db", db, "--authority", "Northmoor", "--kind", "other"])
        // Fill every byte that is left.
        let fd = open(disk + "/filler", O_WRONLY | O_CREAT, 0o600)
        let block = [UInt8](repeating: 0, count: 4096)
        while write(fd, block, block.count) > 0 {}
        close(fd)
        for command in [["new-plan", "--authority", "Southmoor", "--kind", "other"], ["update", "1", "--title", "x"]] {
            let result = try cli.run(command + ["--db", db])
            #expect(result.status == 74, "\(result.stderr)")
            #expect(result.stderr == "actionplan: the disk holding \(db) is full: nothing was written; free some space and try again\n",
                    "not 'disk I/O error': \(result.stderr)")
        }
        let fresh = try cli.run(["plans", "--db", disk + "/new.sqlite"])
        #expect(fresh.stderr.contains("is full"), "\(fresh.stderr)")
        unlink(disk + "/filler")
        let plans = try cli.ok(["plans", "--db", db])
        #expect(plans.contains("Northmoor") && !plans.contains("Southmoor"), "nothing was written: \(plans)")
    }
}

@Suite(.serialized) struct RestoreTests {
    func dump(_ db: String) throws -> [String] {
        try sqlite(db, "SELECT id, title, authority FROM plan ORDER BY id; SELECT id, status, version FROM action ORDER BY id; SELECT count(*) FROM change_group;")
    }

    /// The case of the issue: someone has the database open (so a -wal with recent changes lies
    /// beside it) when the backup is restored. Copying the backup over the file would replay that
    /// WAL into it; `restore` writes through SQLite, and the reader sees the backup.
    @Test func restoreBringsBackTheBackupWhileSomeoneHasTheDatabaseOpenAndKeepsWhatWasThere() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let id = try cli.seedPlan()
        let backup = cli.directory.appendingPathComponent("monday.sqlite").path
        try cli.ok(["backup", backup])
        let expected = try dump(backup)

        let holder = try SQLiteShell(cli.database)
        holder.send("SELECT 'before', count(*) FROM plan;\n")
        try cli.ok(["update", id, "--status", "complete", "--evidence", "Audit report"])
        try cli.ok(["new-plan", "--authority", "Southmoor", "--kind", "other"])
        var wal = stat()
        #expect(stat(cli.database + "-wal", &wal) == 0 && wal.st_size > 0, "a -wal with changes lies beside the database")

        let out = try cli.ok(["restore", backup])
        #expect(out.contains("restored \(cli.database) from \(backup): 1 plan, 1 action"), "\(out)")
        let kept = try #require(out.split(separator: "\n").last.flatMap { $0.components(separatedBy: "kept in ").last })
        #expect(try dump(cli.database) == expected, "the database holds exactly the backup")
        #expect(try sqlite(cli.database, "PRAGMA integrity_check") == ["ok"])
        #expect(try cli.ok(["plans"]).contains("Southmoor") == false)
        // The database as it was is kept, whole.
        #expect(try sqlite(kept, "SELECT authority FROM plan ORDER BY id") == ["Northmoor", "Southmoor"])
        // The one who had it open reads the restored plans.
        let seen = holder.end(with: "SELECT 'after', count(*) FROM plan;\n.quit\n")
        #expect(seen.contains("after|1"), "\(seen)")
        // And everyone can write again.
        try cli.ok(["update", id, "--note", "Restored after a mistake"])
    }

    @Test func restoreWaitsForAWriterAtMostTheBusyTimeoutAndThenChangesNothing() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        _ = try cli.seedPlan()
        let backup = cli.directory.appendingPathComponent("monday.sqlite").path
        try cli.ok(["backup", backup])
        try cli.ok(["new-plan", "--authority", "Southmoor", "--kind", "other"])
        let before = try dump(cli.database)
        let holder = try SQLiteShell(cli.database)
        holder.send("BEGIN IMMEDIATE;\nSELECT 1;\n")
        Thread.sleep(forTimeInterval: 0.5)
        let result = try cli.run(["restore", backup], environment: ["ACTIONPLAN_BUSY_TIMEOUT": "0.5"])
        holder.end(with: "ROLLBACK;\n.quit\n")
        #expect(result.status == 75 && result.stderr.contains("locked by another process"), "\(result.stderr)")
        #expect(try dump(cli.database) == before)
        let left = try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).filter { $0.contains("before-restore") }
        #expect(left.isEmpty, "a restore that did not happen keeps no copy: \(left)")
    }

    @Test func restoreRefusesWhatIsNotAnActionplanBackupAndChangesNothing() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        _ = try cli.seedPlan()
        let before = try dump(cli.database)
        let other = cli.directory.appendingPathComponent("other.sqlite").path
        _ = try sqlite(other, "CREATE TABLE x(a); INSERT INTO x VALUES (1);")
        let newer = cli.directory.appendingPathComponent("newer.sqlite").path
        try cli.ok(["backup", newer])
        _ = try sqlite(newer, "INSERT INTO grdb_migrations VALUES ('v99-from-the-future');")
        let cases: [(String, String, Int32)] = [
            (other, "is not an actionplan backup", 65),
            (newer, "was written by a newer version", 74),
            (cli.database, "is the database itself", 65),
        ]
        for (file, message, status) in cases {
            let result = try cli.run(["restore", file])
            #expect(result.status == status && result.stderr.contains(message), "\(file): \(result.status) \(result.stderr)")
        }
        #expect(try dump(cli.database) == before)
        let left = try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).filter { $0.contains("before-restore") }
        #expect(left.isEmpty, "a refused restore keeps no copy: \(left)")
    }
}
