import AWSClient
import Common
import EFSHookCore
import Foundation
import HostLayer
import Logging
import VolumeModel

/// Amazon EFS volumes: provisions the file system (or access point), a mount target in this
/// agent's availability zone, and mounts it over NFS 4.1 with EFS's recommended options. It
/// composes the parts that do each job: resources, mount targets, the reclaimer.
///
/// Only the cold path calls AWS: a volume already mounted on this host never reaches here.
public struct EFSProvider: VolumeProvider {
    public let api: any EFSAPI
    /// Client connections per file system, the evidence `gc` and `remove` need; nil: unknown.
    public let cloudWatch: (any CloudWatchAPI)?
    public let settings: Configuration.EFS
    public let logger: Logger
    let placement: AgentPlacement
    let resources: EFSResources
    let mountTargets: MountTargets
    let reclaimer: EFSReclaimer

    /// `imds` answers the zone, subnet and security groups the settings leave unset.
    public init(
        api: any EFSAPI, imds: (any InstanceMetadata)?, settings: Configuration.EFS, logger: Logger, clock: WaitClock = .real,
        cloudWatch: (any CloudWatchAPI)? = nil
    ) {
        self.api = api
        self.cloudWatch = cloudWatch
        self.settings = settings
        self.logger = logger
        let waiter = AvailabilityWaiter(deadline: settings.waitTimeoutSeconds, logger: logger, clock: clock)
        placement = AgentPlacement(settings: settings, imds: imds)
        resources = EFSResources(api: api, settings: settings, waiter: waiter, logger: logger)
        mountTargets = MountTargets(api: api, placement: placement, waiter: waiter, logger: logger)
        reclaimer = EFSReclaimer(api: api, naming: resources.naming, waiter: waiter, logger: logger)
    }

    public init(client: EFSClient, settings: Configuration.EFS, logger: Logger, cloudWatch: (any CloudWatchAPI)? = nil) {
        self.init(api: client, imds: client.imds, settings: settings, logger: logger, cloudWatch: cloudWatch)
    }

    public var name: String { "efs" }

    public var administration: (any VolumeAdministration)? { self }

    /// The volume's provisioning mode (see `ProvisioningMode`).
    func provisioning(_ options: VolumeOptions, naming: VolumeNaming) -> Provisioning {
        ProvisioningMode.of(options, naming: naming, settings: settings)
    }

    public func provision(_ request: ProvisionRequest) async throws(EFSHookError) -> ProvisionedVolume {
        try await EFSCall.run(volume: request.name) { () throws(EFSHookError) in
            let mode = provisioning(request.options, naming: request.naming)
            var (facts, origin) = try await resources.ensure(request, mode: mode, createFirst: true)
            let mountTarget = try await mountTargets.ensure(
                fileSystemId: facts.fileSystemId, creating: mode.createsMountTargets, origin: origin)
            facts.mountTargetId = mountTarget.mountTargetId
            facts.mountTargetIp = mountTarget.ipAddress
            facts.availabilityZone = mountTarget.availabilityZoneName
            facts.availabilityZoneId = mountTarget.availabilityZoneId
            return try mountable(request, mode: mode, facts: facts, region: try await region())
        }
    }

    /// How to mount the volume once its resources are known.
    /// `region` is what the mount helper is told; nil: `efs.region`, else the zone's.
    func mountable(_ request: ProvisionRequest, mode: Provisioning, facts: EFSVolumeFacts, region: String? = nil) throws(EFSHookError)
        -> ProvisionedVolume
    {
        let subdirectory = try subdirectory(request, mode: mode, facts: facts)
        let spec = try EFSMountSpec(
            volume: request.name, options: request.options, facts: facts, settings: settings, region: region,
            path: subdirectory?.0 ?? "/")
        return ProvisionedVolume(
            mount: spec.hostMount, efs: facts.carryingOver(request.previous?.efs), subdirectory: subdirectory?.1,
            notice: spec.placementAdvice)
    }

    /// The directory of the export the host mount shows, and how to create it: only a
    /// `provisioning=filesystem` volume whose naming scheme says so has one.
    func subdirectory(_ request: ProvisionRequest, mode: Provisioning, facts: EFSVolumeFacts) throws(EFSHookError) -> (
        String, ExportSubdirectory
    )? {
        guard mode == .filesystem, let path = resources.scheme(request.naming).exportSubdirectory else { return nil }
        let root = try EFSMountSpec(volume: request.name, options: request.options, facts: facts, settings: settings)
        return ("/" + path, ExportSubdirectory(root: root.hostMount, path: path))
    }

    public func released(_ record: HostMountRecord, options: VolumeOptions) async throws(EFSHookError) {
        guard options[.reclaim] == "delete", let facts = record.efs else { return }
        try await EFSCall.run { () throws(EFSHookError) in try await reclaimer.reclaim(facts, volume: record.name) }
    }

    public func shutdown() async {
        await cloudWatch?.shutdown()
        await api.shutdown()
    }

    /// The region to tell the mount helper: the setting, else the one the API client resolved.
    func region() async throws(EFSHookError) -> String? {
        if let region = settings.region { return region }
        return try await api.region()
    }
}
