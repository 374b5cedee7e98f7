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
    public let client: EFSClient
    public let settings: Configuration.EFS
    public let logger: Logger
    let naming: EFSNaming
    let placement: AgentPlacement
    let waiter: AvailabilityWaiter

    public init(client: EFSClient, settings: Configuration.EFS, logger: Logger) {
        self.client = client
        self.settings = settings
        self.logger = logger
        naming = EFSNaming(clusterTag: settings.clusterTag)
        placement = AgentPlacement(settings: settings, imds: client.imds)
        waiter = AvailabilityWaiter(deadline: settings.waitTimeoutSeconds, logger: logger)
    }

    public var name: String { "efs" }

    public func provision(_ request: VolumeRequest) async throws(EFSHookError) -> HostMountSource {
        try await EFSCall.run(volume: request.name) {
            var details: [String: String] = [:]
            let fileSystemId: String
            let mode = request.options[.provisioning] ?? settings.provisioning
            switch mode {
            case "accessPoint":
                fileSystemId = try requiredFileSystemId(request)
                let (accessPoint, created) = try await ensureAccessPoint(request, fileSystemId: fileSystemId)
                details["accessPointId"] = accessPoint
                if created { details["createdAccessPoint"] = "true" }
            case "static":
                fileSystemId = try requiredFileSystemId(request)
                if let accessPoint = request.options[.accessPointId] { details["accessPointId"] = accessPoint }
            default:
                let (fileSystem, created) = try await ensureFileSystem(request)
                fileSystemId = fileSystem
                if created { details["createdFileSystem"] = "true" }
            }
            details["fileSystemId"] = fileSystemId
            let mountTarget = try await ensureMountTarget(fileSystemId: fileSystemId, creating: mode != "static")
            details["mountTargetId"] = mountTarget.mountTargetId
            if let address = mountTarget.ipAddress { details["mountTargetIp"] = address }
            if let zone = mountTarget.availabilityZoneName { details["availabilityZone"] = zone }
            let spec = try EFSMountSpec(request: request, details: details, settings: settings)
            details["mountType"] = spec.type
            details["mountOptions"] = spec.options.joined(separator: ",")
            return HostMountSource(source: spec.source, details: details)
        }
    }

    public func mountHost(_ source: HostMountSource, request: VolumeRequest, at mountPoint: String) async throws(EFSHookError) {
        let options = (source.details["mountOptions"] ?? "").split(separator: ",").map(String.init)
        let command = MountCommand(
            prefix: settings.mountCommand, timeout: settings.mountTimeoutSeconds, attempts: settings.mountAttempts)
        try command.mount(type: source.details["mountType"] ?? "nfs4", options: options, source: source.source, target: mountPoint)
    }

    public func released(_ record: HostMountRecord, options: VolumeOptions) async throws(EFSHookError) {
        guard options[.reclaim] == "delete" else { return }
        try await EFSCall.run { try await EFSReclaimer(provider: self).reclaim(record) }
    }

    public func shutdown() async { await client.shutdown() }

    // MARK: provisioning

    func requiredFileSystemId(_ request: VolumeRequest) throws -> String {
        guard let id = request.options[.fileSystemId] ?? settings.fileSystemId else {
            throw EFSHookError.invalidTask(
                "volume \"\(request.name)\": provisioning=\(request.options[.provisioning] ?? settings.provisioning) needs fileSystemId (option or efs.fileSystemId)")
        }
        return id
    }

    /// One describe call when it exists; otherwise create under the deterministic token, so
    /// racing agents end with one file system (the losers get FileSystemAlreadyExists).
    func ensureFileSystem(_ request: VolumeRequest) async throws -> (String, Bool) {
        let token = naming.creationToken(volume: request.name)
        var created = false
        var fileSystem: FileSystemDescription
        if let existing = try await client.fileSystem(creationToken: token) {
            fileSystem = existing
        } else {
            logger.notice("creating EFS file system", metadata: ["volume": "\(request.name)", "creationToken": "\(token)"])
            (fileSystem, created) = try await client.ensureFileSystem(createRequest(request, token: token))
        }
        let id = fileSystem.fileSystemId
        fileSystem = try await waiter.wait(
            "file system \(id)", state: { $0.lifeCycleState }, current: fileSystem, poll: { try await client.fileSystem(id: id) })
        if created, let transition = request.options[.transitionToIA] {
            _ = try await client.putLifecycleConfiguration(fileSystemId: id, policies: [LifecyclePolicy(transitionToIA: transition)])
        }
        return (id, created)
    }

    func createRequest(_ request: VolumeRequest, token: String) -> CreateFileSystemRequest {
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
    func ensureAccessPoint(_ request: VolumeRequest, fileSystemId: String) async throws -> (String, Bool) {
        if let existing = try await client.accessPoints(fileSystemId: fileSystemId).first(where: {
            naming.isOwned($0.tags, volume: request.name)
        }) {
            return (existing.accessPointId, false)
        }
        let options = request.options
        let uid = options[.uid].flatMap(UInt32.init)
        let gid = options[.gid].flatMap(UInt32.init)
        let creation = CreationInfo(
            ownerUid: uid ?? 0, ownerGid: gid ?? 0, permissions: options[.directoryPerms] ?? "0755")
        let ap = try await client.createAccessPoint(
            CreateAccessPointRequest(
                clientToken: naming.accessPointToken(volume: request.name, fileSystemId: fileSystemId),
                fileSystemId: fileSystemId,
                posixUser: (uid != nil || gid != nil) ? PosixUser(uid: uid ?? 0, gid: gid ?? 0) : nil,
                rootDirectory: RootDirectory(path: options[.path] ?? "/\(request.name)", creationInfo: creation),
                tags: naming.tags(volume: request.name)))
        return (ap.accessPointId, true)
    }

    /// Any mount target of the file system in this agent's zone, whatever its subnet (EFS
    /// allows one per zone); otherwise one in this agent's subnet.
    func ensureMountTarget(fileSystemId: String, creating: Bool) async throws -> MountTargetDescription {
        let zone = try await placement.availabilityZone()
        func inZone() async throws -> MountTargetDescription? {
            try await client.mountTargets(fileSystemId: fileSystemId).first { $0.availabilityZoneName == zone }
        }
        var target: MountTargetDescription
        if let existing = try await inZone() {
            target = existing
        } else {
            guard creating else {
                throw EFSHookError.failure("file system \(fileSystemId) has no mount target in \(zone); create one or use provisioning=filesystem")
            }
            logger.notice("creating EFS mount target", metadata: ["fileSystemId": "\(fileSystemId)", "zone": "\(zone)"])
            do {
                target = try await client.createMountTarget(
                    CreateMountTargetRequest(
                        fileSystemId: fileSystemId, subnetId: try await placement.subnetId(),
                        securityGroups: try await placement.securityGroups()))
            } catch let error as EFSHookError where error.code == "MountTargetConflict" {
                guard let raced = try await inZone() else { throw error }
                target = raced
            }
        }
        let id = target.mountTargetId
        return try await waiter.wait(
            "mount target \(id)", state: { $0.lifeCycleState }, current: target,
            poll: { try await client.describeMountTargets(mountTargetId: id).mountTargets?.first })
    }
}

/// Funnels every error of an EFS operation into `EFSHookError`.
enum EFSCall {
    static func run<T>(volume: String? = nil, _ body: () async throws -> T) async throws(EFSHookError) -> T {
        do {
            return try await body()
        } catch var error as EFSHookError {
            if let volume, !error.message.hasPrefix("volume \"") { error.message = "volume \"\(volume)\": " + error.message }
            throw error
        } catch is CancellationError {
            throw .temporary("cancelled")
        } catch {
            throw .failure(EFSHookError.oneLine(error))
        }
    }
}
