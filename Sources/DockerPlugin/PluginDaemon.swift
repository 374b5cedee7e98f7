import Common
import EFSHookCore
import Foundation
import HostLayer
import Logging
import NIOCore
import NIOPosix

/// `efs-hook serve`: the Docker volume plugin on a unix socket, and optionally Prometheus
/// metrics and a health check on TCP, until SIGTERM or SIGINT. Stopping closes the
/// listeners, lets requests in flight finish, removes the socket file and keeps every mount
/// (containers still use them; the holders' records stay on disk for the next start).
/// Under systemd it may be socket-activated, and it reports readiness (`Type=notify`).
public enum PluginDaemon {
    public struct Configuration: Sendable {
        public var socketPath: String
        public var metricsAddress: ListenAddress?
        /// Larger request bodies are refused with an `Err` (Docker's are a few hundred bytes).
        public var bodyLimit: Int
        /// Threads for requests that block (file locks, mount helpers).
        public var workerThreads: Int
        /// Each Create and Mount (Docker gives them 2 minutes).
        public var launchDeadlineSeconds: Double
        /// The audit trail each Mount, Unmount and refusal is appended to; nil: none.
        public var auditPath: String?

        public init(
            socketPath: String, metricsAddress: ListenAddress?, bodyLimit: Int = 1 << 20, workerThreads: Int = 8,
            launchDeadlineSeconds: Double = LaunchDeadline.defaultSeconds, auditPath: String? = nil
        ) {
            self.launchDeadlineSeconds = launchDeadlineSeconds
            self.auditPath = auditPath
            self.socketPath = socketPath
            self.metricsAddress = metricsAddress
            self.bodyLimit = bodyLimit
            self.workerThreads = workerThreads
        }
    }

    /// Serves `holders` (every Mount, Unmount, Create and Remove) and `status` (Get, List,
    /// Path and the metrics' gauges): the plugin reaches the core through these two only.
    public static func run(
        _ configuration: Configuration, holders: HolderService, status: HostStatus, metrics: PluginMetrics, logger: Logger
    ) async throws {
        let socket = try PluginSocket(path: configuration.socketPath)
        let driver = try VolumeDriver(
            holders: holders, status: status, driverName: socket.driverName, metrics: metrics, logger: logger,
            launchDeadlineSeconds: configuration.launchDeadlineSeconds, audit: configuration.auditPath.map { AuditTrail(path: $0) })
        let blocking = BlockingTaskExecutor(threads: configuration.workerThreads, name: "efs-hook-plugin")
        signal(SIGPIPE, SIG_IGN)  // a client that goes away is an error on its connection only (NIO does this too)
        let stopSignal = StopSignal()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { group.shutdownGracefully { _ in } }

        let service = PluginService(driver: driver, blocking: blocking)
        let (plugin, socketFile) = try await listen(
            on: socket, service: service, group: group, bodyLimit: configuration.bodyLimit, logger: logger)
        let health = Health()
        var metricsServer: HTTPServer?
        if let address = configuration.metricsAddress {
            do {
                metricsServer = try await HTTPServer.bind(
                    host: address.host, port: address.port, group: group,
                    service: MetricsService(metrics: metrics, status: status, health: health),
                    bodyLimit: 64 << 10,
                    logger: logger)
            } catch {
                plugin.stop()
                if let socketFile { socket.file.remove(ifStill: socketFile) }
                throw EFSHookError.config("cannot listen for --metrics on \(address): \(EFSHookError.oneLine(error))")
            }
        }
        health.serving = true
        var started: Logger.Metadata = [
            "socket": "\(socket.path)", "driver": "\(socket.driverName)", "provider": "\(holders.providerName)",
            "stateDir": "\(status.layout.root)", "socketActivated": "\(socketFile == nil)",
        ]
        if let address = configuration.metricsAddress, let port = metricsServer?.localAddress?.port {
            started["metrics"] = "\(ListenAddress(host: address.host, port: port))"
        }
        logger.notice("serving the Docker volume plugin", metadata: started)
        Systemd.notify("READY=1\nSTATUS=serving \(socket.path)")

        let servers = [plugin] + (metricsServer.map { [$0] } ?? [])
        let stopped: Result<Void, any Error>
        do {
            try await serve(servers, until: stopSignal, health: health, logger: logger)
            stopped = .success(())
        } catch {
            stopped = .failure(error)
        }
        if let socketFile { socket.file.remove(ifStill: socketFile) }
        try stopped.get()
        logger.notice("stopped; mounts are kept for the containers using them", metadata: ["socket": "\(socket.path)"])
    }

    /// The plugin's listener: systemd's activated socket, else `socket` bound privately (the
    /// file is ours to remove at the end, so its identity comes back; systemd owns an
    /// activated socket's file).
    static func listen(
        on socket: PluginSocket, service: PluginService, group: MultiThreadedEventLoopGroup, bodyLimit: Int, logger: Logger
    ) async throws -> (HTTPServer, UnixSocketFile.Identity?) {
        if let fd = Systemd.activatedSocket() {
            return (
                try await HTTPServer.bind(activatedSocket: fd, group: group, service: service, bodyLimit: bodyLimit, logger: logger), nil
            )
        }
        try socket.file.prepare()
        do {
            let bound = try await socket.file.bindPrivately { staging in
                try await HTTPServer.bind(unixSocket: staging, group: group, service: service, bodyLimit: bodyLimit, logger: logger)
            }
            return (bound.0, bound.1)
        } catch let error as EFSHookError {
            throw error
        } catch {
            throw EFSHookError.failure("cannot listen on \(socket.path): \(EFSHookError.oneLine(error))")
        }
    }

    /// Serves until a stop signal or a listener ends: then no new connections, and the
    /// requests in flight finish. Rethrows the first failure.
    static func serve(_ servers: [HTTPServer], until stopSignal: StopSignal, health: Health, logger: Logger) async throws {
        try await withThrowingTaskGroup(of: String?.self) { tasks in
            for server in servers {
                tasks.addTask {
                    try await server.serve()
                    return nil
                }
            }
            tasks.addTask { await stopSignal.wait() }
            var failure: (any Error)?
            var reason: String?
            do {
                reason = try await tasks.next() ?? nil
            } catch {
                failure = error
            }
            health.serving = false
            Systemd.notify("STOPPING=1")
            logger.notice(
                "stopping: no new connections; waiting for requests in flight",
                metadata: ["reason": "\(reason ?? failure.map { EFSHookError.oneLine($0) } ?? "listener closed")"])
            servers.forEach { $0.stop() }
            stopSignal.finish()
            while let result = await tasks.nextResult() {
                if case .failure(let error) = result, failure == nil { failure = error }
            }
            if let failure { throw failure }
        }
    }
}
