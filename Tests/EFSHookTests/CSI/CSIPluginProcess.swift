import Foundation

@testable import HostLayer

/// The real `efs-hook csi` (which execs efs-hook-csi), on a socket of the test's, its JSON
/// log lines collected.
final class CSIPluginProcess: @unchecked Sendable {
    let daemon: DaemonProcess
    let socket: String
    var endpoint: String { "unix://\(socket)" }
    var log: String { daemon.log }

    /// Starts it and waits until the socket answers.
    init(socket: String, environment: [String: String], services: String = "both") throws {
        self.socket = socket
        daemon = try DaemonProcess(
            TestEnvironment.binary, ["csi", "--endpoint", "unix://\(socket)", "--services", services, "--log-level", "info"],
            environment: environment)
        try daemon.waitUntil { UnixSocketFile.answers(socket) }
    }

    /// SIGTERM, then waits (SIGKILL after 30 s). Returns the exit status.
    @discardableResult
    func stop() -> Int32 { daemon.stop() }

    /// The log records of one CSI call.
    func records(of operation: String) -> [[String: Any]] { daemon.records(of: operation) }

    /// Gracefully, as systemd would: mounts stay, the socket file goes.
    deinit { stop() }
}
