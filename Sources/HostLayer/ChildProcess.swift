import Common
import Foundation
import HostShims

/// Runs a helper program directly (never through a shell) with a minimal environment, its
/// own process group, no descriptor of ours beyond stdin/stdout/stderr, and a deadline after which the whole group is SIGKILLed.
public enum ChildProcess {
    public struct Outcome: Sendable {
        public var status: Int32
        /// stdout and stderr together, at most 64 KiB.
        public var output: String
        public var timedOut: Bool
    }

    /// What a mount helper may see of our environment: nothing but a fixed PATH and locale.
    public static let minimalEnvironment = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C"]

    /// `discardStderr`: `output` is stdout alone (a helper that answers in JSON on stdout).
    public static func run(
        _ argv: [String], timeout: Double, environment: [String] = minimalEnvironment, discardStderr: Bool = false
    ) throws(EFSHookError) -> Outcome {
        guard let program = argv.first, program.hasPrefix("/") else {
            throw .config("helper command must be an absolute path: \(Quoting.safe(argv.first ?? ""))")
        }
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw .system("pipe for", program) }
        for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        if discardStderr {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        } else {
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 2)
        }
        _ = efs_hook_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, &attributes, cArgs, cEnv)
        close(pipeFDs[1])
        guard spawned == 0 else {
            close(pipeFDs[0])
            throw .system("run", program, errno: spawned)
        }
        defer { close(pipeFDs[0]) }
        return collect(pid: pid, fd: pipeFDs[0], timeout: timeout)
    }

    /// Reads the child's output until it exits or the deadline passes (then its group is killed).
    private static func collect(pid: pid_t, fd: Int32, timeout: Double) -> Outcome {
        var output = Data()
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 50) > 0 {
                let count = read(fd, &buffer, buffer.count)
                if count > 0, output.count < 65_536 { output.append(contentsOf: buffer[0..<count]) }
            }
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                // What it wrote just before exiting is still in the pipe.
                while output.count < 65_536, poll(&poller, 1, 0) > 0 {
                    let count = read(fd, &buffer, buffer.count)
                    guard count > 0 else { break }
                    output.append(contentsOf: buffer[0..<count])
                }
                break
            }
            if Date() >= deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return Outcome(status: -1, output: String(decoding: output, as: UTF8.self), timedOut: true)
            }
        }
        let exitStatus: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Outcome(status: exitStatus, output: String(decoding: output, as: UTF8.self), timedOut: false)
    }
}
