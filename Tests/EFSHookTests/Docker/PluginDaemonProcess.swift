import EFSHookTestSupport
import Foundation

/// The real `efs-hook serve`, started as Docker would find it: a socket in a plugins
/// directory, JSON log lines (stderr is a file, not a terminal) collected for the test.
final class PluginDaemonProcess: @unchecked Sendable {
    let process = Process()
    let socket: String
    let metricsPort: Int?
    let logPath: String

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    init(
        socket: String, environment: [String: String], metricsPort: Int? = nil, extraArguments: [String] = [],
        binary: String = TestEnvironment.binary
    ) throws {
        self.socket = socket
        self.metricsPort = metricsPort
        logPath = TemporaryPath.file("serve", suffix: ".log")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments =
            ["serve", "--socket", socket, "--log-level", "info"] + (metricsPort.map { ["--metrics", "127.0.0.1:\($0)"] } ?? [])
            + extraArguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "EFS_HOOK_FAILPOINT")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
    }

    /// Starts the daemon and waits until its socket answers.
    static func start(
        socket: String, environment: [String: String], metricsPort: Int? = nil, binary: String = TestEnvironment.binary
    ) throws -> PluginDaemonProcess {
        let daemon = try PluginDaemonProcess(socket: socket, environment: environment, metricsPort: metricsPort, binary: binary)
        try daemon.waitUntilServing()
        return daemon
    }

    func waitUntilServing(timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else {
                throw RawHTTP.Failure(description: "efs-hook serve exited (\(process.terminationStatus)): \(log.suffix(2000))")
            }
            if RawHTTP.connectable(socket) {
                guard let metricsPort else { return }
                if (try? RawHTTP.get(port: metricsPort, "/healthz"))?.status == 200 { return }
            }
            usleep(20_000)
        }
        stop()
        throw RawHTTP.Failure(description: "efs-hook serve did not start within \(timeout) s: \(log.suffix(2000))")
    }

    /// SIGTERM, then waits; SIGKILL if it will not go. Returns the exit status.
    @discardableResult
    func stop(timeout: TimeInterval = 30) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        return waitForExit(timeout: timeout)
    }

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

    /// Kills it the hard way, as a crash would (the socket file stays behind).
    func crash() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func post(_ path: String, _ body: String) throws -> RawHTTP.Response {
        try RawHTTP.post(socket, path, body)
    }

    func metrics() throws -> String {
        guard let metricsPort else { throw RawHTTP.Failure(description: "started without --metrics") }
        let response = try RawHTTP.get(port: metricsPort, "/metrics")
        guard response.status == 200 else { throw RawHTTP.Failure(description: "GET /metrics: \(response)") }
        return response.text
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }
}

/// One sample of a Prometheus text exposition, e.g.
/// `efs_hook_plugin_requests_total{endpoint="VolumeDriver.Mount",outcome="ok"}`.
func metricValue(_ exposition: String, _ series: String) -> Double? {
    for line in exposition.split(separator: "\n") where line.hasPrefix(series + " ") {
        return Double(line.dropFirst(series.count + 1))
    }
    return nil
}
