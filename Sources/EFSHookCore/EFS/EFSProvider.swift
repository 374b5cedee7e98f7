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
        try await EFSCall.run(volume: request.name) { () throws(EFSHookError) in
            let mode = provisioning(for: request)
            var (facts, origin) = try await ensureResources(request, mode: mode, createFirst: true)
            let mountTarget = try await ensureMountTarget(
                fileSystemId: facts.fileSystemId, creating: mode.createsMountTargets, origin: origin)
            facts.mountTargetId = mountTarget.mountTargetId
            facts.mountTargetIp = mountTarget.ipAddress
            facts.availabilityZone = mountTarget.availabilityZoneName
            return try mountable(request, mode: mode, facts: facts, region: try await region())
        }
    }

    /// The volume's file system (created or found by its naming), or its access point on a
    /// shared one; every file system and access point a request names passes the safe defaults.
    /// `createFirst`: find a file system by name with CreateFileSystem (see `ensureFileSystem`).
    func ensureResources(_ request: ProvisionRequest, mode: Provisioning, createFirst: Bool = false) async throws(EFSHookError)
        -> (EFSVolumeFacts, FileSystemOrigin)
    {
        let given = FileSystemOrigin.existing(mountTargets: nil, young: false)
        switch mode {
        case .filesystem where request.naming == .rexray:
            return (EFSVolumeFacts(fileSystemId: try await ensureREXRayFileSystem(request)), given)
        case .filesystem:
            let (fileSystem, origin) = try await ensureFileSystem(request, createFirst: createFirst)
            return (EFSVolumeFacts(fileSystemId: fileSystem, createdFileSystem: origin == .createdNow), origin)
        case .accessPoint:
            let fileSystem = try requiredFileSystemId(request.name, request.options)
            try await checkFileSystemAllowed(fileSystem, volume: request.name, naming: request.naming, previous: request.previous?.efs)
            let (accessPoint, created) = try await ensureAccessPoint(request, fileSystemId: fileSystem)
            return (EFSVolumeFacts(fileSystemId: fileSystem, accessPointId: accessPoint, createdAccessPoint: created), given)
        case .static:
            let fileSystem = try requiredFileSystemId(request.name, request.options)
            try await checkFileSystemAllowed(fileSystem, volume: request.name, naming: request.naming, previous: request.previous?.efs)
            if let accessPoint = request.options[.accessPointId] {
                try await checkAccessPoint(accessPoint, fileSystemId: fileSystem, volume: request.name, previous: request.previous?.efs)
            }
            return (EFSVolumeFacts(fileSystemId: fileSystem, accessPointId: request.options[.accessPointId]), given)
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

    public func released(_ record: HostMountRecord, options: VolumeOptions) async throws(EFSHookError) {
        guard options[.reclaim] == "delete", let facts = record.efs else { return }
        try await EFSCall.run { () throws(EFSHookError) in try await EFSReclaimer(provider: self).reclaim(facts, volume: record.name) }
    }

    public func shutdown() async { await api.shutdown() }

    /// The region to tell the mount helper: the setting, else the one the API client resolved.
    func region() async throws(EFSHookError) -> String? {
        if let region = settings.region { return region }
        return try await api.region()
    }

    // MARK: provisioning

    func requiredFileSystemId(_ volume: String, _ options: VolumeOptions) throws(EFSHookError) -> String {
        guard let id = options[.fileSystemId] ?? settings.fileSystemId else {
            throw EFSHookError.invalidTask(
                "volume \"\(volume)\": provisioning=\(options.provisioning(default: settings.provisioning).rawValue) needs fileSystemId (option or efs.fileSystemId)"
            )
        }
        return id
    }

    /// The file system of the volume's deterministic creation token. `createFirst` (a launch
    /// that may create): CreateFileSystem under that token, which answers for an existing one
    /// with FileSystemAlreadyExists and its id, so one call finds or creates it and agents
    /// starting together never race to create it. Otherwise (provision, explicit create) a
    /// describe, and a create only when it is missing.
    func ensureFileSystem(_ request: ProvisionRequest, createFirst: Bool) async throws(EFSHookError) -> (String, FileSystemOrigin) {
        let token = naming.creationToken(volume: request.name)
        var denied: EFSHookError?
        if createFirst, request.mayCreate {
            let ensured: EnsuredFileSystem?
            do {
                ensured = try await api.ensureFileSystem(createRequest(request, token: token))
            } catch  where error.isCode(in: ErrorCode.accessDeniedCodes) {
                // A role that may only describe (its volumes provisioned ahead) still mounts them.
                logger.info("CreateFileSystem is denied; describing instead", metadata: ["volume": "\(request.name)"])
                (ensured, denied) = (nil, error)
            }
            if let ensured { return try await settle(ensured, request, token: token) }
        }
        if let existing = try await api.fileSystem(creationToken: token) {
            return try await settle(
                EnsuredFileSystem(fileSystemId: existing.fileSystemId, description: existing, created: false), request, token: token)
        }
        if let denied { throw denied }
        guard request.mayCreate else { throw Self.missing(request.name, "no EFS file system (creation token \(token))") }
        return try await settle(try await api.ensureFileSystem(createRequest(request, token: token)), request, token: token)
    }

    /// Waits for a described file system and configures a new one.
    private func settle(_ ensured: EnsuredFileSystem, _ request: ProvisionRequest, token: String) async throws(EFSHookError) -> (
        String, FileSystemOrigin
    ) {
        let id = ensured.fileSystemId
        if ensured.created {
            logger.notice(
                "created EFS file system", metadata: ["volume": "\(request.name)", "fileSystemId": "\(id)", "creationToken": "\(token)"])
        }
        // Named by FileSystemAlreadyExists alone: its mount target, when there is one, shows it
        // available; when there is none, creating one waits for it (`createMountTarget`).
        guard let description = ensured.description else { return (id, .described(nil)) }
        let fileSystem = try await waiter.wait(
            "file system \(id)", state: { $0.lifeCycleState }, current: description,
            poll: { () throws(EFSHookError) in try await api.fileSystem(id: id) })
        guard ensured.created else { return (id, .described(fileSystem)) }
        if let transition = request.options[.transitionToIA] {
            _ = try await api.putLifecycleConfiguration(fileSystemId: id, policies: [LifecyclePolicy(transitionToIA: transition)])
        }
        return (id, .createdNow)
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
    func ensureAccessPoint(_ request: ProvisionRequest, fileSystemId: String) async throws(EFSHookError) -> (String, Bool) {
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

    static func missing(_ volume: String, _ what: String) -> EFSHookError {
        .failure("volume \"\(volume)\" does not exist: \(what); it is not created because explicit create is set")
    }
}
