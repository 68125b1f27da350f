import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program and waits for it, the way TECH-NOTES says works under Swift Testing:
/// `posix_spawn` with an empty signal mask and default signal actions (the test runner's
/// blocked mask would otherwise be inherited by the tmux server, which then never reaps its
/// panes and never delivers resize signals), inherited descriptors closed, output to a file,
/// and a poll instead of `Process.waitUntilExit`.
enum Spawn {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ arguments: [String], environment: [String: String], timeout: Double = 20) throws -> Result {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID().uuidString).out").path
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeInheritedDescriptors(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD, SIGWINCH, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") }
        envp.append(nil)
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard rc == 0 else { throw SpawnError("cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r == -1 && errno != EINTR { throw SpawnError("waitpid failed for \(arguments[0])") }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw SpawnError("\(arguments.joined(separator: " ")) did not finish in \(timeout) s")
            }
            usleep(1_000)
        }
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let exit = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exit, output: output)
    }
}

/// Adds "close every descriptor from 3 up" to the spawn's actions. glibc 2.34 has
/// `posix_spawn_file_actions_addclosefrom_np`, but Swift's Glibc module does not export it,
/// so it is looked up at run time.
private func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
    let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
    _ = addCloseFrom(&actions, 3)
}

struct SpawnError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A private tmux server (its own socket, no configuration file) in which the tests run the
/// real `actionplan` binary, type keys and read the screen.
final class TmuxServer {
    let directory: URL
    let socket: String
    let environment: [String: String]

    /// The built binary, beside the test bundle in the build directory.
    static var binary: String { BuiltProgram.actionplan }

    init() throws {
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("aptui-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socket = directory.appendingPathComponent("tmux.sock").path
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory.path,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TERM": "xterm-256color",
        ]
    }

    deinit {
        _ = try? Spawn.run(["tmux", "-S", socket, "kill-server"], environment: environment, timeout: 5)
        try? FileManager.default.removeItem(at: directory)
    }

    var database: String { directory.appendingPathComponent("plans.sqlite").path }

    /// Runs a CLI command of the binary on the test database.
    @discardableResult
    func cli(_ arguments: [String], user: String = "tester", extraEnvironment: [String: String] = [:]) throws -> String {
        var env = environment
        env["ACTIONPLAN_DB"] = database
        env["ACTIONPLAN_TODAY"] = "2026-11-23"
        env["ACTIONPLAN_USER"] = user
        for (k, v) in extraEnvironment { env[k] = v }
        let result = try Spawn.run([TmuxServer.binary] + arguments, environment: env)
        guard result.status == 0 else {
            throw SpawnError("actionplan \(arguments.joined(separator: " ")) exited \(result.status): \(result.output)")
        }
        return result.output
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let result = try Spawn.run(["tmux", "-u", "-f", "/dev/null", "-S", socket] + arguments, environment: environment)
        guard result.status == 0 else {
            throw SpawnError("tmux \(arguments.joined(separator: " ")) exited \(result.status): \(result.output)")
        }
        return result.output
    }

    /// Starts `actionplan` (with `arguments`) in a new session of the given size. The shell
    /// around it ignores Ctrl-C (so that only the program gets it), then prints the exit status
    /// as `[exit:N]` and stays, because tmux may lose the status of a pane that has exited.
    /// The program runs in the server's directory, so a file it writes lands there.
    func start(_ session: String, width: Int = 80, height: Int = 24, user: String = "tester",
               arguments: [String] = [], extraEnvironment: [String: String] = [:]) throws {
        var env = ["ACTIONPLAN_DB": database, "ACTIONPLAN_TODAY": "2026-11-23", "ACTIONPLAN_USER": user,
                   "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": directory.path]
        for (k, v) in extraEnvironment { env[k] = v }
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(shellQuote($0.value))" }.joined(separator: " ")
        let command = "trap '' INT; env \(assignments) \(shellQuote(TmuxServer.binary)) "
            + arguments.map(shellQuote).joined(separator: " ") + "; echo \"[exit:$?]\"; sleep 600"
        try tmux(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height), "-c", directory.path, command])
    }

    func send(_ session: String, _ keys: String...) throws {
        try tmux(["send-keys", "-t", session] + keys)
    }

    /// Types text literally (no key names).
    func type(_ session: String, _ text: String) throws {
        try tmux(["send-keys", "-t", session, "-l", text])
    }

    func screen(_ session: String, escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p"] + (escapes ? ["-e"] : []) + ["-t", session])
    }

    func format(_ session: String, _ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", session, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits until the screen satisfies `condition`; fails with the last screen if it never does.
    @discardableResult
    func waitFor(_ session: String, timeout: Double = 10, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen(session)
            if condition(last) { return last }
            usleep(20_000)
        }
        Issue.record("timed out after \(timeout) s waiting for \(what); the screen was:\n\(last)", sourceLocation: sourceLocation)
        throw SpawnError("timed out waiting for \(what)")
    }

    @discardableResult
    func waitFor(_ session: String, text: String, timeout: Double = 10,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor(session, timeout: timeout, "“\(text)”", sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// The process id of the program running in the session's pane (the child of its shell).
    func programPid(_ session: String) throws -> pid_t? {
        let shell = try format(session, "#{pane_pid}")
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { pid_t($0) }
    }
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
