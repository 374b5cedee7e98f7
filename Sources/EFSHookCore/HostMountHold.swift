import Common
import HostLayer
import VolumeModel

extension Executor {
    /// Mounts a volume on this host for a holder that binds it itself (dvdcli, the Docker
    /// plugin) and records the holder as a user. Returns the host mount path. Idempotent.
    public func hold(_ request: VolumeRequest, holder: String) async throws(EFSHookError) -> String {
        try ContainerIdentifier.validate(holder)
        let holderLock = try state.lockContainer(holder)
        defer { holderLock.release() }
        let volumeLocks = try state.lockVolumes([request.name])
        defer { volumeLocks.forEach { $0.release() } }
        let volume = ContainerVolume(
            name: request.name, containerPath: request.containerPath, readOnly: request.readOnly, target: "", bindManaged: false,
            options: request.options)
        var record = try state.containers.load(holder) ?? ContainerRecord(containerID: holder, phase: .preparing, volumes: [volume])
        if record.phase != .prepared {
            try state.userIndex.add(holder, to: request.name)
            record.phase = .preparing
            try state.containers.save(record, as: holder)
        }
        do throws(EFSHookError) {
            _ = try await ensureHostMount(for: request)
        } catch {
            if record.phase != .prepared { _ = try? await release(record, keepingVolumes: []) }
            throw error
        }
        if record.phase != .prepared {
            record.phase = .prepared
            try state.containers.save(record, as: holder)
        }
        return planner.hostMountPoint(for: request.name)
    }
}
