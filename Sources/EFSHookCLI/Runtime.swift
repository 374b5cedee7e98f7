import AWSClient
import Common
import EFSHookCore
import EFSVolumes
import Foundation
import HostLayer
import Logging
import VolumeModel

/// Builds the core objects a command needs, and only those: `plan` never touches the
/// state directory or a provider, so nothing is set up on its start-up path.
struct Runtime {
    let config: Configuration
    let logger: Logger

    var planner: Planner { Planner(providerName: config.provider.rawValue, mountRoot: config.mountRoot) }

    /// A container's layout with the agent's sandbox directory: every route that binds or
    /// returns launch info places its volumes through this.
    func containerLayout(rootfs: String?, sandbox: String?) -> ContainerLayout {
        ContainerLayout(rootfs: rootfs, sandbox: sandbox, sandboxDirectory: config.mesos.sandboxDirectory)
    }

    var extractor: VolumeExtractor { VolumeExtractor(drivers: config.drivers, mountRoot: config.mountRoot) }

    var policy: PolicyEngine { PolicyEngine(configuration: config) }

    /// The state directory's paths, for commands that only read it.
    var stateLayout: StateLayout { StateLayout(root: config.stateDir) }

    var host: LinuxHost {
        LinuxHost(
            mountCommand: MountCommand(
                prefix: config.efs.mountCommand, timeout: config.efs.mountTimeoutSeconds, attempts: config.efs.mountAttempts))
    }

    var deadlines: HostDeadlines {
        HostDeadlines(probeTimeout: config.probeTimeoutSeconds, unmountDeadline: config.unmountDeadlineSeconds)
    }

    /// `observer` sees every EFS API attempt (the daemon's metrics).
    /// `rateLimiter`: the plugin daemon's, shared by all its requests.
    func provider(observer: APICallObserver? = nil, rateLimiter: AdaptiveRateLimiter? = nil) throws(EFSHookError)
        -> any VolumeProvider
    {
        switch config.provider {
        case .local:
            return LocalProvider(root: config.local.root)
        case .efs:
            guard !config.efs.clusterTag.isEmpty else { throw Self.noClusterTag }
            let client = try efsClient(observer: observer, rateLimiter: rateLimiter)
            // CloudWatch is made on its first call (gc, remove); a bad endpoint is refused now, as EFS's is.
            if let endpoint = config.efs.cloudWatchEndpoint {
                _ = try EndpointResolver.validated(endpoint, from: "efs.cloudWatchEndpoint")
            }
            return EFSProvider(
                client: client, settings: config.efs, logger: logger,
                cloudWatch: LazyCloudWatch { () throws(EFSHookError) in try cloudWatchClient() })
        }
    }

    /// Built only by commands that reach AWS; nothing is resolved or sent until its first call.
    func efsClient(observer: APICallObserver? = nil, rateLimiter: AdaptiveRateLimiter? = nil) throws(EFSHookError) -> EFSClient {
        var options = EFSClient.Options(
            region: config.efs.region, endpoint: config.efs.endpoint, maxAttempts: config.efs.maxAttempts,
            observer: observer ?? OperationRecorder.current.map(\.apiCallObserver),
            logger: logger, rateLimiter: rateLimiter)
        options.roleArn = config.efs.roleArn
        options.externalId = config.efs.externalId
        return try EFSClient(environment: ProcessInfo.processInfo.environment, options: options)
    }

    /// Two clusters in one account (or one agent with a typo) must never share volumes by name.
    static let noClusterTag = EFSHookError.config(
        "efs.clusterTag is not set: it names this cluster's volumes, has no default and must be the same on every agent "
            + "(EFS_HOOK_CLUSTER_TAG for the Docker plugin)")

    /// CloudWatch, as the same identity as EFS (only `gc` and `remove` call it). Its own
    /// transports, so that instance metadata never goes through a proxy.
    func cloudWatchClient() throws(EFSHookError) -> CloudWatchClient {
        var options = EFSClient.Options(
            region: config.efs.region, endpoint: config.efs.cloudWatchEndpoint, maxAttempts: config.efs.maxAttempts,
            observer: OperationRecorder.current.map(\.apiCallObserver), logger: logger)
        options.roleArn = config.efs.roleArn
        options.externalId = config.efs.externalId
        return try CloudWatchClient(environment: ProcessInfo.processInfo.environment, options: options)
    }

    /// The read-only view of what is mounted here: opens, creates and locks nothing.
    var status: HostStatus { HostStatus(layout: stateLayout, planner: planner, host: host) }

    /// The composition root of the commands that change the host: one ledger over the state
    /// directory, and each service over it with its dependencies.
    /// `onHostUnmount`: told of every host unmount (the daemon's metrics).
    func services(
        observer: APICallObserver? = nil, rateLimiter: AdaptiveRateLimiter? = nil,
        onHostUnmount: (@Sendable (String, UnmountStage) -> Void)? = nil
    ) throws(EFSHookError) -> Services {
        let host = self.host
        let state = try StateDirectory(root: config.stateDir, lockTimeout: config.lockTimeoutSeconds, host: host)
        let status = HostStatus(layout: state.layout, planner: planner, host: host)
        let provider = try provider(observer: observer, rateLimiter: rateLimiter)
        let ledger = HostMountLedger(
            provider: provider, host: host, status: status, state: state, deadlines: deadlines, onHostUnmount: onHostUnmount,
            logger: logger)
        let policy = self.policy
        return Services(
            provider: provider, status: status, containers: ContainerService(ledger: ledger, policy: policy),
            holders: HolderService(ledger: ledger, policy: policy), publications: PublicationService(ledger: ledger, policy: policy),
            reconciler: Reconciler(ledger: ledger),
            administrator: VolumeAdministrator(ledger: ledger, policy: policy))
    }

    /// Runs a launch (`prepare`, `isolator`, `dvdcli mount`) under `launchDeadlineSeconds`.
    func withLaunchDeadline<T>(_ body: () async throws -> T) async throws -> T {
        try await LaunchDeadline.run(seconds: config.launchDeadlineSeconds, body)
    }

    /// Runs `body` with the services and always closes the provider's connections afterwards.
    func withServices<T>(_ body: (Services) async throws -> T) async throws -> T {
        let services = try services()
        return try await closing(services.provider) { try await body(services) }
    }

    /// Runs `body`, then closes `provider`'s connections, whether `body` threw or not.
    func closing<T>(_ provider: any VolumeProvider, _ body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            await provider.shutdown()
            return result
        } catch {
            await provider.shutdown()
            throw error
        }
    }
}

/// The core's services, as `Runtime.services` composed them; a command uses the ones it needs.
struct Services {
    let provider: any VolumeProvider
    let status: HostStatus
    let containers: ContainerService
    let holders: HolderService
    let publications: PublicationService
    let reconciler: Reconciler
    let administrator: VolumeAdministrator
}

extension GlobalOptions {
    func runtime() throws -> Runtime { try settings.runtime() }
}
