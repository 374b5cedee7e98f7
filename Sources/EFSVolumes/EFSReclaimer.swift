import AWSClient
import Common
import Logging

/// Deletes what efs-hook created for a volume, and nothing else: every resource is checked
/// for efs-hook's tags for this cluster and volume before it is deleted.
struct EFSReclaimer: Sendable {
    let api: any EFSAPI
    let naming: EFSNaming
    /// Waits for a file system's mount targets to be gone.
    let waiter: AvailabilityWaiter
    let logger: Logger

    /// What this agent created for the volume (`reclaim=delete` on its last release).
    func reclaim(_ facts: EFSVolumeFacts, volume: String) async throws(EFSHookError) {
        if facts.createdAccessPoint, let id = facts.accessPointId {
            try await deleteAccessPoint(id, volume: volume)
        }
        if facts.createdFileSystem {
            try await deleteFileSystem(facts.fileSystemId, volume: volume)
        }
    }

    func deleteAccessPoint(_ id: String, volume: String) async throws(EFSHookError) {
        guard let accessPoint = try await api.accessPoint(id: id) else { return }
        guard naming.isOwned(accessPoint.tags, volume: volume) else {
            throw EFSHookError.failure("access point \(id) is not tagged as efs-hook's for volume \(volume); not deleting it")
        }
        logger.notice("deleting access point", metadata: ["accessPointId": "\(id)", "volume": "\(volume)"])
        try await Self.admin("DeleteAccessPoint", volume: volume) { () throws(EFSHookError) in try await api.deleteAccessPoint(id: id) }
    }

    /// Mount targets first (EFS refuses to delete a file system that has any), then the file system.
    func deleteFileSystem(_ id: String, volume: String) async throws(EFSHookError) {
        guard let fileSystem = try await api.fileSystem(id: id) else { return }
        guard naming.isOwned(fileSystem.tags, volume: volume) else {
            throw EFSHookError.failure("file system \(id) is not tagged as efs-hook's for volume \(volume); not deleting it")
        }
        logger.notice("deleting file system and its mount targets", metadata: ["fileSystemId": "\(id)", "volume": "\(volume)"])
        for target in try await api.mountTargets(fileSystemId: id) {
            try await Self.admin("DeleteMountTarget", volume: volume) { () throws(EFSHookError) in
                try await api.deleteMountTarget(id: target.mountTargetId)
            }
        }
        try await waiter.waitUntil(
            every: 2, expired: .temporary("mount targets of \(id) are still being deleted; run efs-hook remove \(volume) again later")
        ) { () throws(EFSHookError) in try await api.mountTargets(fileSystemId: id).isEmpty }
        try await Self.admin("DeleteFileSystem", volume: volume) { () throws(EFSHookError) in try await api.deleteFileSystem(id: id) }
    }

    /// A Delete refused by IAM: agents' roles have the agent policy, which deletes nothing.
    /// One line naming the missing permission and the policy that grants it.
    static func admin(_ action: String, volume: String, _ body: () async throws(EFSHookError) -> Void) async throws(EFSHookError) {
        do {
            try await body()
        } catch  where error.kind == .permissionDenied {
            throw EFSHookError(
                .permissionDenied,
                "deleting volume \(volume) needs elasticfilesystem:\(action), which this role lacks: deletions (gc, remove, "
                    + "reclaim=delete) need the admin policy, deploy/iam-policy-admin.json; nothing more was deleted",
                code: error.code, cause: error)
        }
    }
}
