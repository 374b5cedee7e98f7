import AWSClient
import ArgumentParser
import Common
import DockerPlugin
import EFSHookCore
import VolumeModel

/// `efs-hook serve`: the Docker volume plugin daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Docker volume plugin daemon (docker volume create -d efs, docker run -v VOL:/path).",
        discussion: """
            Speaks Docker's volume plugin protocol on a unix socket; Docker finds the driver by the \
            socket's file name (efs.sock → driver efs). It shares the state directory, records and \
            locks with the other commands, so efs-hook status and recover see Docker's mounts too \
            (each as holder @docker.<mount ID>; recover keeps them). SIGTERM or SIGINT stops it gracefully; \
            mounts are kept. deploy/efs-hook-docker.service runs it under systemd; \
            deploy/docker-plugin.md explains the setup.

            Examples:
              efs-hook serve
              efs-hook serve --socket /run/docker/plugins/efs.sock --metrics 127.0.0.1:9464
              efs-hook serve --driver rexray   # answers for REX-Ray's volumes (rexray.sock)
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The plugin socket; Docker looks in /run/docker/plugins.", valueName: "path"))
    var socket: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The driver name Docker knows (socket /run/docker/plugins/NAME.sock unless --socket is given); rexray answers for REX-Ray's volumes with its naming.",
            valueName: "name"))
    var driver = "efs"

    @Option(
        name: .long, help: ArgumentHelp("Serve Prometheus /metrics and /healthz on HOST:PORT (e.g. 127.0.0.1:9464).", valueName: "addr"))
    var metrics: String?

    func run() async throws {
        guard !driver.isEmpty, driver.utf8.allSatisfy(OptionKind.isNameByte) else {
            throw EFSHookError.usage("--driver must be letters, digits, '_', '.' or '-' (it names the socket NAME.sock)")
        }
        let address = try metrics.map { (text) throws(EFSHookError) in try ListenAddress(parsing: text) }
        let runtime = try global.runtime()
        let pluginMetrics = PluginMetrics(version: EFSHookVersion.current)
        // One rate limiter for all the daemon's EFS calls: it slows them all after a throttle.
        let services = try runtime.services(
            observer: pluginMetrics.apiCallObserver, rateLimiter: AdaptiveRateLimiter(),
            onHostUnmount: pluginMetrics.hostUnmountObserver)
        try await runtime.closing(services.provider) {
            try await PluginDaemon.run(
                .init(
                    socketPath: socket ?? "/run/docker/plugins/\(driver).sock", metricsAddress: address,
                    launchDeadlineSeconds: runtime.config.launchDeadlineSeconds, auditPath: runtime.config.auditPath),
                holders: services.holders, status: services.status,
                metrics: pluginMetrics, logger: runtime.logger)
        }
    }
}
