import Foundation

/// The real `efs-hook serve`, started as Docker would find it: a socket in a plugins
/// directory, JSON log lines (stderr is a file, not a terminal) collected for the test.
final class PluginDaemonProcess: @unchecked Sendable {
    let daemon: DaemonProcess
    let socket: String
    let metricsPort: Int?

    var process: Process { daemon.process }
    var log: String { daemon.log }

    init(
        socket: String, environment: [String: String], metricsPort: Int? = nil, extraArguments: [String] = [],
        binary: String = TestEnvironment.binary
    ) throws {
        self.socket = socket
        self.metricsPort = metricsPort
        let arguments =
            ["serve", "--socket", socket, "--log-level", "info"] + (metricsPort.map { ["--metrics", "127.0.0.1:\($0)"] } ?? [])
            + extraArguments
        daemon = try DaemonProcess(binary, arguments, environment: environment)
    }

    /// Starts the daemon and waits until its socket answers.
    static func start(
        socket: String, environment: [String: String], metricsPort: Int? = nil, binary: String = TestEnvironment.binary
    ) throws -> PluginDaemonProcess {
        let daemon = try PluginDaemonProcess(socket: socket, environment: environment, metricsPort: metricsPort, binary: binary)
        try daemon.waitUntilServing()
        return daemon
    }

    /// Until the socket answers and, with `--metrics`, /healthz does.
    func waitUntilServing(timeout: TimeInterval = 30) throws {
        try daemon.waitUntil(timeout: timeout) {
            guard RawHTTP.connectable(socket) else { return false }
            guard let metricsPort else { return true }
            return (try? RawHTTP.get(port: metricsPort, "/healthz"))?.status == 200
        }
    }

    @discardableResult
    func stop(timeout: TimeInterval = 30) -> Int32 { daemon.stop(timeout: timeout) }

    @discardableResult
    func waitForExit(timeout: TimeInterval) -> Int32 { daemon.waitForExit(timeout: timeout) }

    func crash() { daemon.crash() }

    func post(_ path: String, _ body: String) throws -> RawHTTP.Response {
        try RawHTTP.post(socket, path, body)
    }

    func metrics() throws -> String {
        guard let metricsPort else { throw RawHTTP.Failure(description: "started without --metrics") }
        let response = try RawHTTP.get(port: metricsPort, "/metrics")
        guard response.status == 200 else { throw RawHTTP.Failure(description: "GET /metrics: \(response)") }
        return response.text
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
