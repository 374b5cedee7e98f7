import ArgumentParser
import Common
import DockerPlugin
import EFSHookCore

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
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The plugin socket; Docker looks in /run/docker/plugins.", valueName: "path"))
    var socket = "/run/docker/plugins/efs.sock"

    @Option(name: .long, help: ArgumentHelp("Serve Prometheus /metrics and /healthz on HOST:PORT (e.g. 127.0.0.1:9464).", valueName: "addr"))
    var metrics: String?

    func run() async throws {
        let address = try metrics.map { (text) throws(EFSHookError) in try ListenAddress(parsing: text) }
        let runtime = try global.runtime()
        let pluginMetrics = PluginMetrics(version: EFSHookVersion.current)
        var executor = try runtime.executor(observer: pluginMetrics.apiCallObserver)
        executor.onHostUnmount = pluginMetrics.hostUnmountObserver
        do {
            try await PluginDaemon.run(
                .init(socketPath: socket, metricsAddress: address), executor: executor, metrics: pluginMetrics, logger: runtime.logger)
        } catch {
            await executor.provider.shutdown()
            throw error
        }
        await executor.provider.shutdown()
    }
}
