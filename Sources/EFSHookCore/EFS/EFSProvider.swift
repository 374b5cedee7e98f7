import AWSClient
import Common
import Foundation
import HostLayer
import Logging
import VolumeModel

/// Amazon EFS volumes: provisions the file system (or access point), a mount target in this
/// agent's availability zone, and mounts it over NFS 4.1 with EFS's recommended options.
///
/// Only the cold path calls AWS: a volume already mounted on this host never reaches here.
public struct EFSProvider: VolumeProvider {
    public let api: any EFSAPI
    public let settings: Configuration.EFS
    public let logger: Logger
    let naming: EFSNaming
    let placement: AgentPlacement
    let waiter: AvailabilityWaiter
    let clock: WaitClock

    /// `imds` answers the zone, subnet and security groups the settings leave unset.
    public init(api: any EFSAPI, imds: IMDSClient?, settings: Configuration.EFS, logger: Logger, clock: WaitClock = .real) {
        self.api = api
        self.settings = settings
        self.logger = logger
        self.clock = clock
        naming = EFSNaming(clusterTag: settings.clusterTag)
        placement = AgentPlacement(settings: settings, imds: imds)
        waiter = AvailabilityWaiter(deadline: settings.waitTimeoutSeconds, logger: logger, clock: clock)
    }

    public init(client: EFSClient, settings: Configuration.EFS, logger: Logger) {
        self.init(api: client, imds: client.imds, settings: settings, logger: logger)
    }

    public var name: String { "efs" }

    public var administration: (any VolumeAdministration)? { self }

    public func provision(_ request: ProvisionRequest) async throws(EFSHookError) -> ProvisionedVolume {
        try await EFSCall.run(volume: request.name) {
            let mode = provisioning(for: request)
            var facts = try await ensureResources(request, mode: mode)
            let mountTarget = try await ensureMountTarget(
                fileSystemId: facts.fileSystemId, creating: mode.createsMountTargets, newFileSystem: facts.createdFileSystem)
            facts.mountTargetId = mountTarget.mountTargetId
            facts.mountTargetIp = mountTarget.ipAddress
            facts.availabilityZone = mountTarget.availabilityZoneName
            return try mountable(request, mode: mode, facts: facts, region: try await region())
        }
    }

    /// The volume's file system (created or found by its naming), or its access point on a
    /// shared one; every file system and access point a request names passes the safe defaults.
    func ensureResources(_ request: ProvisionRequest, mode: Provisioning) async throws -> EFSVolumeFacts {
        let facts: EFSVolumeFacts
        switch mode {
        case .filesystem where request.naming == .rexray:
            facts = EFSVolumeFacts(fileSystemId: try await ensureREXRayFileSystem(request))
        case .filesystem:
            let (fileSystem, created) = try await ensureFileSystem(request)
            facts = EFSVolumeFacts(fileSystemId: fileSystem, createdFileSystem: created)
        case .accessPoint:
            let fileSystem = try requiredFileSystemId(request.name, request.options)
            try await checkFileSystemAllowed(fileSystem, volume: request.name, naming: request.naming, previous: request.previous?.efs)
            let (accessPoint, created) = try await ensureAccessPoint(request, fileSystemId: fileSystem)
            facts = EFSVolumeFacts(fileSystemId: fileSystem, accessPointId: accessPoint, createdAccessPoint: created)
        case .static:
            let fileSystem = try requiredFileSystemId(request.name, request.options)
            try await checkFileSystemAllowed(fileSystem, volume: request.name, naming: request.naming, previous: request.previous?.efs)
            if let accessPoint = request.options[.accessPointId] {
                try await checkAccessPoint(accessPoint, fileSystemId: fileSystem, volume: request.name, previous: request.previous?.efs)
            }
            facts = EFSVolumeFacts(fileSystemId: fileSystem, accessPointId: request.options[.accessPointId])
        }
        return facts
    }

    /// How to mount the volume once its resources are known.
    /// `region` is what the mount helper is told; nil: `efs.region`, else the zone's.
    func mountable(_ request: ProvisionRequest, mode: Provisioning, facts: EFSVolumeFacts, region: String? = nil) throws -> ProvisionedVolume {
        let subdirectory = try subdirectory(request, mode: mode, facts: facts)
        let spec = try EFSMountSpec(
            volume: request.name, options: request.options, facts: facts, settings: settings, region: region,
            path: subdirectory?.0 ?? "/")
        return ProvisionedVolume(mount: spec.hostMount, efs: facts.carryingOver(request.previous?.efs), subdirectory: subdirectory?.1)
    }

    public func released(_ record: HostMountRecord, options: VolumeOptions) async throws(EFSHookError) {
        guard options[.reclaim] == "delete", let facts = record.efs else { return }
        try await EFSCall.run { try await EFSReclaimer(provider: self).reclaim(facts, volume: record.name) }
    }

    public func shutdown() async { await api.shutdown() }

    /// The region to tell the mount helper: the setting, else the one the API client resolved.
    func region() async throws -> String? {
        if let region = settings.region { return region }
        return try await api.region()
    }

    // MARK: provisioning

    func requiredFileSystemId(_ volume: String, _ options: VolumeOptions) throws -> String {
        guard let id = options[.fileSystemId] ?? settings.fileSystemId else {
            throw EFSHookError.invalidTask(
                "volume \"\(volume)\": provisioning=\(options.provisioning(default: settings.provisioning).rawValue) needs fileSystemId (option or efs.fileSystemId)"
            )
        }
        return id
    }

    /// One describe call when it exists; otherwise create under the deterministic token, so
    /// racing agents end with one file system (the losers get FileSystemAlreadyExists).
    func ensureFileSystem(_ request: ProvisionRequest) async throws -> (String, Bool) {
        let token = naming.creationToken(volume: request.name)
        var created = false
        var fileSystem: FileSystemDescription
        if let existing = try await api.fileSystem(creationToken: token) {
            fileSystem = existing
        } else {
            guard request.mayCreate else { throw Self.missing(request.name, "no EFS file system (creation token \(token))") }
            logger.notice("creating EFS file system", metadata: ["volume": "\(request.name)", "creationToken": "\(token)"])
            (fileSystem, created) = try await api.ensureFileSystem(createRequest(request, token: token))
        }
        let id = fileSystem.fileSystemId
        fileSystem = try await waiter.wait(
            "file system \(id)", state: { $0.lifeCycleState }, current: fileSystem, poll: { try await api.fileSystem(id: id) })
        if created, let transition = request.options[.transitionToIA] {
            _ = try await api.putLifecycleConfiguration(fileSystemId: id, policies: [LifecyclePolicy(transitionToIA: transition)])
        }
        return (id, created)
    }

    func createRequest(_ request: ProvisionRequest, token: String) -> CreateFileSystemRequest {
        let options = request.options
        return CreateFileSystemRequest(
            creationToken: token,
            performanceMode: options[.performanceMode].map(PerformanceMode.init(rawValue:)),
            throughputMode: options[.throughputMode].map(ThroughputMode.init(rawValue:)),
            provisionedThroughputInMibps: options[.provisionedThroughputInMibps].flatMap(Double.init),
            encrypted: options.bool(.encrypted) ?? true,
            kmsKeyId: options[.kmsKeyId],
            availabilityZoneName: options[.availabilityZoneName],
            backup: options.bool(.backup),
            tags: naming.tags(volume: request.name))
    }

    /// Reuses an access point efs-hook tagged for this volume; otherwise creates one under a
    /// deterministic client token.
    func ensureAccessPoint(_ request: ProvisionRequest, fileSystemId: String) async throws -> (String, Bool) {
        if let existing = try await api.accessPoints(fileSystemId: fileSystemId).first(where: {
            naming.isOwned($0.tags, volume: request.name)
        }) {
            return (existing.accessPointId, false)
        }
        guard request.mayCreate else { throw Self.missing(request.name, "no access point for it on \(fileSystemId)") }
        let options = request.options
        let uid = options[.uid].flatMap(UInt32.init)
        let gid = options[.gid].flatMap(UInt32.init)
        let creation = CreationInfo(ownerUid: uid ?? 0, ownerGid: gid ?? 0, permissions: options[.directoryPerms] ?? "0755")
        let accessPoint = try await api.createAccessPoint(
            CreateAccessPointRequest(
                clientToken: naming.accessPointToken(volume: request.name, fileSystemId: fileSystemId),
                fileSystemId: fileSystemId,
                posixUser: (uid != nil || gid != nil) ? PosixUser(uid: uid ?? 0, gid: gid ?? 0) : nil,
                rootDirectory: RootDirectory(
                    path: options[.path] ?? settings.accessPointRoot(volume: request.name), creationInfo: creation),
                tags: naming.tags(volume: request.name)))
        return (accessPoint.accessPointId, true)
    }

    /// Any mount target of the file system in this agent's zone, whatever its subnet (EFS
    /// allows one per zone); otherwise one in this agent's subnet. A file system this run just
    /// created has none, so it is not asked (a racing agent's shows up as MountTargetConflict).
    func ensureMountTarget(fileSystemId: String, creating: Bool, newFileSystem: Bool = false) async throws -> MountTargetDescription {
        let zone = try await placement.availabilityZone()
        func inZone() async throws -> MountTargetDescription? {
            try await api.mountTargets(fileSystemId: fileSystemId).first { $0.availabilityZoneName == zone }
        }
        var target: MountTargetDescription
        if !newFileSystem, let existing = try await inZone() {
            target = existing
        } else {
            guard creating else {
                throw EFSHookError.failure(
                    "file system \(fileSystemId) has no mount target in \(zone); create one or use provisioning=filesystem")
            }
            logger.notice("creating EFS mount target", metadata: ["fileSystemId": "\(fileSystemId)", "zone": "\(zone)"])
            do {
                target = try await api.createMountTarget(
                    CreateMountTargetRequest(
                        fileSystemId: fileSystemId, subnetId: try await placement.subnetId(),
                        securityGroups: try await placement.securityGroups()))
            } catch let error as EFSHookError where error.code == EFSErrorCode.mountTargetConflict {
                guard let raced = try await inZone() else { throw error }
                target = raced
            }
        }
        let id = target.mountTargetId
        return try await waiter.wait(
            "mount target \(id) in \(zone)", state: { $0.lifeCycleState }, current: target, poll: { try await api.mountTarget(id: id) })
    }

    static func missing(_ volume: String, _ what: String) -> EFSHookError {
        .failure("volume \"\(volume)\" does not exist: \(what); it is not created because explicit create is set")
    }
}
