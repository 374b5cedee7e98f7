import Common
import EFSHookTestSupport
import Foundation

@testable import HostLayer

/// The real `efs-hook csi`, on a socket of the test's, its JSON log lines collected.
final class CSIPluginProcess: @unchecked Sendable {
    let process = Process()
    let socket: String
    let logPath: String
    var endpoint: String { "unix://\(socket)" }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Starts it and waits until the socket answers.
    init(socket: String, environment: [String: String], services: String = "both") throws {
        self.socket = socket
        logPath = TemporaryPath.file("csi", suffix: ".log")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        process.arguments = ["csi", "--endpoint", "unix://\(socket)", "--services", services, "--log-level", "info"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !UnixSocketFile.answers(socket) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw EFSHookError(.failure, "efs-hook csi did not start: \(log.suffix(2000))")
            }
            usleep(20_000)
        }
    }

    /// SIGTERM, then waits (SIGKILL after 30 s). Returns the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The log records of one CSI call.
    func records(of operation: String) -> [[String: Any]] {
        log.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.filter { $0["operation"] as? String == operation }
    }

    deinit { stop() }
}
