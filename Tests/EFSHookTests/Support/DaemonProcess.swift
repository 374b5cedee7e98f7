import EFSHookTestSupport
import Foundation

/// A daemon of the real binary (`serve`, `csi`) run as a service manager would: stdin from
/// /dev/null, stdout and stderr (JSON log lines) into a file the test reads.
final class DaemonProcess: @unchecked Sendable {
    let process = Process()
    let name: String
    let logPath: String

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// `environment` is added to this process's own, less EFS_HOOK_FAILPOINT.
    init(_ binary: String, _ arguments: [String], environment: [String: String]) throws {
        name = "efs-hook \(arguments.first ?? "")"
        logPath = TemporaryPath.file(arguments.first ?? "daemon", suffix: ".log")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ProcessRunner.childEnvironment(environment)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
    }

    /// Polls `ready` until it holds; stops the daemon and throws if it exits or `timeout` passes first.
    func waitUntil(timeout: TimeInterval = 30, _ ready: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else {
                throw RawHTTP.Failure(description: "\(name) exited (\(process.terminationStatus)): \(log.suffix(2000))")
            }
            if ready() { return }
            usleep(20_000)
        }
        stop()
        throw RawHTTP.Failure(description: "\(name) did not start within \(timeout) s: \(log.suffix(2000))")
    }

    /// SIGTERM, then waits; SIGKILL if it will not go. Returns the exit status.
    @discardableResult
    func stop(timeout: TimeInterval = 30) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        return waitForExit(timeout: timeout)
    }

    /// The exit status, or -9 when it had to be killed after `timeout`.
    @discardableResult
    func waitForExit(timeout: TimeInterval) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -9
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Kills it the hard way, as a crash would (its socket file stays behind).
    func crash() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The log records whose `operation` is `operation`.
    func records(of operation: String) -> [[String: Any]] {
        log.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.filter { $0["operation"] as? String == operation }
    }

    deinit {
        crash()
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
