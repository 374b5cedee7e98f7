import AWSClient
import Common
import Foundation

/// Deletes what efs-hook created for a volume, and nothing else: every resource is checked
/// for efs-hook's tags for this cluster and volume before it is deleted.
struct EFSReclaimer: Sendable {
    let provider: EFSProvider

    var client: EFSClient { provider.client }

    func reclaim(_ record: HostMountRecord) async throws {
        if record.details["createdAccessPoint"] == "true", let id = record.details["accessPointId"] {
            try await deleteAccessPoint(id, volume: record.name)
        }
        if record.details["createdFileSystem"] == "true", let id = record.details["fileSystemId"] {
            try await deleteFileSystem(id, volume: record.name)
        }
    }

    func deleteAccessPoint(_ id: String, volume: String) async throws {
        guard let accessPoint = try await client.accessPoint(id: id) else { return }
        guard provider.naming.isOwned(accessPoint.tags, volume: volume) else {
            throw EFSHookError.failure("access point \(id) is not tagged as efs-hook's for volume \(volume); not deleting it")
        }
        provider.logger.notice("deleting access point", metadata: ["accessPointId": "\(id)", "volume": "\(volume)"])
        try await client.deleteAccessPoint(id: id)
    }

    /// Mount targets first (EFS refuses to delete a file system that has any), then the file system.
    func deleteFileSystem(_ id: String, volume: String) async throws {
        guard let fileSystem = try await client.fileSystem(id: id) else { return }
        guard provider.naming.isOwned(fileSystem.tags, volume: volume) else {
            throw EFSHookError.failure("file system \(id) is not tagged as efs-hook's for volume \(volume); not deleting it")
        }
        provider.logger.notice("deleting file system and its mount targets", metadata: ["fileSystemId": "\(id)", "volume": "\(volume)"])
        for target in try await client.mountTargets(fileSystemId: id) {
            try await client.deleteMountTarget(id: target.mountTargetId)
        }
        let start = Date()
        while try await !client.mountTargets(fileSystemId: id).isEmpty {
            guard Date().timeIntervalSince(start) < provider.settings.waitTimeoutSeconds else {
                throw EFSHookError.temporary("mount targets of \(id) are still being deleted; run efs-hook remove \(volume) again later")
            }
            try await Task.sleep(for: .seconds(2))
        }
        try await client.deleteFileSystem(id: id)
    }
}
