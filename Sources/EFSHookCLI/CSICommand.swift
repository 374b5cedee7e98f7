import AWSClient
import ArgumentParser
import Common
import EFSHookCore
import Foundation

/// `efs-hook csi`: the CSI plugin daemon.
struct CSICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csi",
        abstract: "Run the CSI plugin (Mesos' volume/csi isolator, Nomad, Kubernetes) on a unix socket.",
        discussion: """
            Serves CSI v1's Identity, Node and Controller services over gRPC on the core every other \
            front end uses: NodeStageVolume mounts the volume once on this host and shows it at the \
            staging path, NodePublishVolume binds it onto each container's target path (read-only when \
            asked), and the last unpublish and unstage take the host mount away. CreateVolume defines \
            the volume (with the EFS provider, creates its file system or access point); DeleteVolume \
            removes the definition as docker volume rm does. Volume ids are efs-hook volume names or the \
            EFS CSI driver's handles (fs-ID, fs-ID::fsap-ID, efs:fs-ID::fsap-ID); volume_context keys are \
            efs-hook's volume options. Paths must lie under csi.targetRoots; each call has \
            csi.deadlineSeconds (default 50, below Mesos' 60 s per call). status shows each path as \
            holder @csi.<digest>; recover keeps them. SIGTERM or SIGINT stops it; mounts are kept. \
            The daemon is the efs-hook-csi binary beside efs-hook: this command checks its arguments \
            and execs it with them (efs-hook itself links no gRPC); efs-hook-csi takes the same ones. \
            deploy/mesos-csi.md explains the setup; deploy/csi-plugin.json is Mesos' plugin configuration.

            Examples:
              efs-hook csi
              efs-hook csi --endpoint unix:///run/efs-hook/csi.sock --services node
              efs-hook-csi --endpoint unix:///run/efs-hook/csi.sock
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long,
        help: ArgumentHelp("The socket to listen on, as the orchestrator's plugin configuration names it.", valueName: "unix:///path"))
    var endpoint = CSIEndpoint.standard.uri

    @Option(name: .long, help: ArgumentHelp("Which services besides Identity: node, controller or both.", valueName: "which"))
    var services: CSIServices = .both

    func run() async throws {
        let endpoint = try CSIEndpoint(parsing: endpoint)
        guard let server = CSIPluginBinary.server else {
            try CSIPluginBinary.exec(["--endpoint", endpoint.uri, "--services", services.rawValue] + global.settings.arguments)
        }
        let runtime = try global.runtime()
        let config = runtime.config
        // One rate limiter for all the plugin's EFS calls: it slows them all after a throttle.
        let core = try runtime.services(rateLimiter: AdaptiveRateLimiter())
        let settings = CSISettings(
            services: services, targetRoots: config.csi.targetRoots, deadlineSeconds: config.csi.deadlineSeconds,
            nodeId: config.csi.nodeId ?? Self.hostName, zone: config.efs.availabilityZone,
            version: EFSHookVersion.current, auditPath: config.auditPath, metricsDirectory: config.metrics.textfileDirectory)
        let launch = CSIPluginLaunch(
            endpoint: endpoint, settings: settings, publications: core.publications, holders: core.holders,
            administrator: core.administrator, hasResources: core.provider.administration != nil, logger: runtime.logger)
        try await runtime.closing(core.provider) { try await server(launch) }
    }
}

extension CSICommand {
    /// gethostname(2): Foundation's `hostName` may ask DNS for the canonical name.
    static var hostName: String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "localhost" }
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension CSIServices: ExpressibleByArgument {}
