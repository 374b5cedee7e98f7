import AWSClient
import Common
import Foundation
import Logging

/// A file system's mount targets: this zone's found, waited for while its creator makes it,
/// or created; and, for `efs-hook provision`, one in every configured subnet.
struct MountTargets: Sendable {
    let api: any EFSAPI
    let placement: AgentPlacement
    let waiter: AvailabilityWaiter
    let logger: Logger

    /// The file system's mount target in `zone` (by its ID when known), asked of EFS.
    func inZone(_ zone: AgentZone, fileSystemId: String) async throws(EFSHookError) -> MountTargetDescription? {
        zone.target(among: try await api.mountTargets(fileSystemId: fileSystemId))
    }

    /// Any mount target of the file system in this agent's zone, whatever its subnet (EFS
    /// allows one per zone); otherwise one in this agent's subnet. Not asked when the answers
    /// so far show there is none (a racing agent's shows up as MountTargetConflict).
    func ensure(fileSystemId: String, creating: Bool, origin: FileSystemOrigin) async throws(EFSHookError) -> MountTargetDescription {
        let zone = try await placement.zone()
        var found: MountTargetDescription?
        if case .existing(_, let young) = origin {
            if !origin.hasNoMountTargets { found = try await inZone(zone, fileSystemId: fileSystemId) }
            if found == nil, young, creating {
                try await pauseForCreator(of: fileSystemId, zone: zone)
                found = try await inZone(zone, fileSystemId: fileSystemId)
            }
        }
        let target: MountTargetDescription
        if let found {
            target = found
        } else {
            target = try await create(fileSystemId: fileSystemId, zone: zone, creating: creating, origin: origin)
        }
        let id = target.mountTargetId
        return try await waiter.wait(
            "mount target \(id) in \(zone.description)", state: { $0.lifeCycleState }, current: target,
            poll: { [api] () throws(EFSHookError) in try await api.mountTarget(id: id) })
    }

    /// This agent's zone has none: one in this agent's subnet, or the one a racing agent made.
    private func create(fileSystemId: String, zone: AgentZone, creating: Bool, origin: FileSystemOrigin) async throws(EFSHookError)
        -> MountTargetDescription
    {
        guard creating else {
            throw EFSHookError.failure(
                "file system \(fileSystemId) has no mount target in \(zone.description); create one or use provisioning=filesystem")
        }
        logger.notice("creating EFS mount target", metadata: ["fileSystemId": "\(fileSystemId)", "zone": "\(zone.description)"])
        let request = CreateMountTargetRequest(
            fileSystemId: fileSystemId, subnetId: try await placement.subnetId(), securityGroups: try await placement.securityGroups())
        if let created = try await create(request, urgent: origin == .createdNow) { return created }
        if let raced = try await inZone(zone, fileSystemId: fileSystemId) { return raced }
        throw EFSHookError.temporary(
            "file system \(fileSystemId): EFS reports a mount target in \(zone.description) but does not list it yet; retry the launch")
    }

    /// nil when the subnet's zone already has one (MountTargetConflict: in another subnet, or a
    /// racing agent's). `urgent`: this run just created the file system, so every agent in the
    /// zone waits for this call; its throttling retries come quickly (`RetryPolicy.urgent`). A
    /// file system still `creating` is waited for first.
    func create(_ request: CreateMountTargetRequest, urgent: Bool = false) async throws(EFSHookError) -> MountTargetDescription? {
        let fileSystemId = request.fileSystemId
        for attempt in 1...2 {
            do {
                return try await RetryPolicy.urgently(urgent) { () throws(EFSHookError) in try await api.createMountTarget(request) }
            } catch  where error.isCode(.mountTargetConflict) {
                return nil
            } catch  where error.isCode(.incorrectFileSystemLifeCycleState) && attempt == 1 {
                guard let fileSystem = try await api.fileSystem(id: fileSystemId) else {
                    throw EFSHookError.failure("file system \(fileSystemId) disappeared while creating its mount target")
                }
                _ = try await waiter.wait(
                    "file system \(fileSystemId)", state: { $0.lifeCycleState }, current: fileSystem,
                    poll: { [api] () throws(EFSHookError) in try await api.fileSystem(id: fileSystemId) })
            }
        }
        throw EFSHookError.temporary("file system \(fileSystemId) is not ready for a mount target in \(request.subnetId); retry the launch")
    }

    /// The file system is another agent's and may be moments old: its creator is likely making
    /// this zone's mount target now, so look again after a jittered pause instead of racing it.
    func pauseForCreator(of fileSystemId: String, zone: AgentZone) async throws(EFSHookError) {
        let pause = LaunchDeadline.capped(Double.random(in: Self.creatorPause))
        guard pause > 0 else { return }
        logger.notice(
            "no mount target in \(zone.description) yet; waiting for the agent that created \(fileSystemId)",
            metadata: ["seconds": "\(String(format: "%.1f", pause))"])
        try await waiter.clock.pause(pause)
    }

    /// Long enough for the creator's CreateMountTarget to land among a fleet's throttled calls.
    static let creatorPause = 3.0...6.0
}
