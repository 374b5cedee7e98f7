import AWSClient
import Common
import EFSHookCore
import EFSHookTestSupport
import EFSVolumes
import Foundation
import HostLayer
import Logging
import VolumeModel

/// One agent for core unit tests: a real state directory in a temporary directory (plain
/// files, no root needed), the in-memory host, and a provider: local (under the same
/// temporary directory) or EFS over a shared `FakeEFS`.
final class UnitAgent: @unchecked Sendable {
    static let quiet = Logger(label: "efs-hook-unit") { _ in SwiftLogNoOpLogHandler() }

    let root: String
    let host = FakeHost()
    let clock = VirtualClock()
    let state: StateDirectory
    let provider: any VolumeProvider
    let planner: Planner
    let status: HostStatus
    let containers: ContainerService
    let holders: HolderService
    let publications: PublicationService
    let reconciler: Reconciler
    let administrator: VolumeAdministrator
    let mountRoot = "/mnt/efs-hook"
    var stateDir: String { "\(root)/state" }

    init(
        efs: FakeEFS? = nil, settings: Configuration.EFS = UnitAgent.efsSettings(), policy: TenantPolicy = TenantPolicy(),
        onHostUnmount: (@Sendable (String, UnmountStage) -> Void)? = nil, cloudWatch: (any CloudWatchAPI)? = nil,
        volumes: ClusterVolumes = ClusterVolumes()
    ) throws {
        root = try TemporaryPath.directory("unit")
        provider =
            if let efs {
                EFSProvider(api: efs, imds: nil, settings: settings, logger: Self.quiet, clock: clock.clock, cloudWatch: cloudWatch)
            } else {
                LocalProvider(root: "\(root)/volumes")
            }
        state = try StateDirectory(root: "\(root)/state", lockTimeout: 2, host: host)
        planner = Planner(providerName: provider.name, mountRoot: mountRoot)
        status = HostStatus(layout: state.layout, planner: planner, host: host)
        let ledger = HostMountLedger(
            provider: provider, host: host, status: status, state: state, deadlines: HostDeadlines(), onHostUnmount: onHostUnmount,
            logger: Self.quiet)
        var configuration = Configuration()
        configuration.efs = settings
        configuration.policy = policy
        configuration.volumes = volumes
        let engine = PolicyEngine(configuration: configuration)
        containers = ContainerService(ledger: ledger, policy: engine)
        holders = HolderService(ledger: ledger, policy: engine)
        publications = PublicationService(ledger: ledger, policy: engine)
        reconciler = Reconciler(ledger: ledger)
        administrator = VolumeAdministrator(ledger: ledger, policy: engine)
        host.addDirectory("/rootfs")
    }

    /// A placement that needs no instance metadata.
    static func efsSettings(_ change: (inout Configuration.EFS) -> Void = { _ in }) -> Configuration.EFS {
        var settings = Configuration.EFS()
        settings.clusterTag = "unit"
        settings.availabilityZone = "us-east-1a"
        settings.subnetId = "subnet-0a"
        settings.securityGroups = ["sg-0123456789abcdef0"]
        change(&settings)
        return settings
    }

    func hostMount(_ volume: String) -> String { "\(mountRoot)/\(volume)" }

    func request(_ name: String, at path: String, readOnly: Bool = false, options: [String: String] = [:], driver: String = "efs")
        throws -> VolumeRequest
    {
        VolumeRequest(
            name: name, driver: driver, containerPath: path, readOnly: readOnly, origin: .mesosVolume,
            options: try VolumeOptions.parse(options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, volume: name))
    }

    func prepare(_ container: String, _ requests: [VolumeRequest], identity: TaskIdentity = TaskIdentity(frontEnd: .prepare))
        async throws(EFSHookError) -> PrepareResult
    {
        try await containers.prepare(
            containerID: container, requests: requests, identity: identity, layout: ContainerLayout(rootfs: "/rootfs"),
            launchInfo: false)
    }

    var containerRecords: [String] { (try? state.containers.keys()) ?? [] }
    var hostMountRecords: [String] { (try? state.hostMounts.keys()) ?? [] }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}
