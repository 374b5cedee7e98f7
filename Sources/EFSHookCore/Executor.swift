import Common
import HostLayer
import Logging
import VolumeModel

/// Applies plans to the host: provisions through the provider, mounts each volume once per
/// host, binds it into containers, and undoes all of it when the last user goes.
///
/// Every change is preceded by a record saying what is about to happen, so a run killed
/// at any point leaves enough behind for `cleanup` or `recover` to converge.
public struct Executor: Sendable {
    public let provider: any VolumeProvider
    public let planner: Planner
    public let state: StateDirectory
    public let logger: Logger
    let mounter = Mounter()

    public init(provider: any VolumeProvider, planner: Planner, state: StateDirectory, logger: Logger) {
        self.provider = provider
        self.planner = planner
        self.state = state
        self.logger = logger
    }

    // MARK: prepare

    public func prepare(containerID: String, requests: [VolumeRequest], layout: ContainerLayout, launchInfo: Bool)
        async throws(EFSHookError) -> PrepareResult
    {
        try ContainerIdentifier.validate(containerID)
        let containerLock = try state.lockContainer(containerID)
        defer { containerLock.release() }
        let existing = try state.containers.load(containerID)
        let volumeLocks = try state.lockVolumes(requests.map(\.name) + (existing?.volumes.map(\.name) ?? []))
        defer { volumeLocks.forEach { $0.release() } }

        var volumes: [ContainerVolume] = []
        for request in requests {
            volumes.append(
                ContainerVolume(
                    name: request.name, containerPath: request.containerPath, readOnly: request.readOnly,
                    target: try layout.target(for: request), bindManaged: !launchInfo, options: request.options))
        }
        if let existing {
            if existing.phase == .prepared, existing.volumes == volumes, try isIntact(existing) {
                logger.info("container already prepared", metadata: ["container": "\(containerID)"])
                return result(for: existing, reused: Set(volumes.map(\.name)))
            }
            logger.notice("redoing an earlier, different or interrupted prepare", metadata: ["container": "\(containerID)"])
            _ = try await release(existing, keepingVolumes: Set(requests.map(\.name)))
        }

        for name in Set(requests.map(\.name)) { try state.userIndex.add(containerID, to: name) }
        var record = ContainerRecord(containerID: containerID, phase: .preparing, volumes: volumes)
        try state.containers.save(record, as: containerID)
        Failpoint.prepareAfterRecord.hit()
        var reused: Set<String> = []
        do throws(EFSHookError) {
            for (index, request) in requests.enumerated() {
                if try await ensureHostMount(for: request) { reused.insert(request.name) }
                let (root, relative) = try layout.anchor(for: request)
                let directory = try SafePath.resolveDirectory(
                    root: root, relative: relative, createMissing: layout.mayCreate(request))
                if directory.hostPath != record.volumes[index].target {
                    record.volumes[index].target = directory.hostPath
                    try state.containers.save(record, as: containerID)
                }
                guard !launchInfo else { continue }
                try mounter.bind(source: planner.hostMountPoint(for: request.name), target: directory.procPath, readOnly: false)
                if request.readOnly {
                    // The descriptor still names the directory under the new mount; walk again
                    // (symlink-free) to reach the mount itself.
                    let mounted = try SafePath.resolveDirectory(root: root, relative: relative, createMissing: false)
                    try mounter.remountReadOnly(mounted.procPath, undoing: mounted.procPath)
                }
                Failpoint.prepareAfterBind.hit()
                logger.info(
                    "bound volume", metadata: ["volume": "\(request.name)", "target": "\(directory.hostPath)"])
            }
            Failpoint.prepareBeforeCommit.hit()
            record.phase = .prepared
            try state.containers.save(record, as: containerID)
        } catch {
            logger.info("prepare failed; undoing", metadata: ["container": "\(containerID)", "error": "\(error.message)"])
            do throws(EFSHookError) {
                _ = try await release(record, keepingVolumes: [])
            } catch let undoError {
                logger.error("undo failed; run efs-hook cleanup", metadata: ["error": "\(undoError.message)"])
            }
            throw error
        }
        return result(for: record, reused: reused)
    }

    /// Makes sure the volume is mounted once on this host. Returns true if it already was.
    func ensureHostMount(for request: VolumeRequest) async throws(EFSHookError) -> Bool {
        let mountPoint = planner.hostMountPoint(for: request.name)
        let mounted = try MountPoint.isMountPoint(mountPoint)
        if mounted, state.hostMounts.contains(request.name) {
            return true
        }
        if mounted {
            logger.notice("removing a host mount left by an interrupted run", metadata: ["mountPoint": "\(mountPoint)"])
            try mounter.unmountAll(mountPoint)
        }
        let previous = try state.hostMounts.load(request.name)
        var source = try await provider.provision(request)
        // A remount must not forget that this agent created the volume's resources, or
        // reclaim=delete would never delete them.
        for (key, value) in previous?.details ?? [:] where key.hasPrefix("created") && source.details[key] == nil {
            source.details[key] = value
        }
        Failpoint.prepareAfterProvision.hit()
        try AtomicFile.makeDirectory(planner.mountRoot, mode: 0o755)
        try AtomicFile.makeDirectory(mountPoint, mode: 0o755)
        try await provider.mountHost(source, request: request, at: mountPoint)
        Failpoint.prepareAfterHostMount.hit()
        try state.hostMounts.save(
            HostMountRecord(
                name: request.name, mountPoint: mountPoint, provider: provider.name, source: source.source,
                details: source.details),
            as: request.name)
        Failpoint.prepareAfterHostMountRecord.hit()
        logger.info("mounted volume on host", metadata: ["volume": "\(request.name)", "mountPoint": "\(mountPoint)"])
        return false
    }

    func isIntact(_ record: ContainerRecord) throws(EFSHookError) -> Bool {
        for volume in record.volumes {
            guard try MountPoint.isMountPoint(planner.hostMountPoint(for: volume.name)) else { return false }
            if volume.bindManaged, try !MountPoint.isMountPoint(volume.target) { return false }
        }
        return true
    }

    func result(for record: ContainerRecord, reused: Set<String>) -> PrepareResult {
        PrepareResult(
            containerId: record.containerID,
            volumes: record.volumes.map {
                PreparedVolume(
                    name: $0.name, hostMount: planner.hostMountPoint(for: $0.name), target: $0.target,
                    readOnly: $0.readOnly, reusedHostMount: reused.contains($0.name), bound: $0.bindManaged)
            })
    }

    // MARK: cleanup

    /// Releases the container. An unknown or already-cleaned container is not an error.
    public func cleanup(containerID: String) async throws(EFSHookError) -> CleanupResult {
        try ContainerIdentifier.validate(containerID)
        let containerLock = try state.lockContainer(containerID)
        defer { containerLock.release() }
        guard let record = try state.containers.load(containerID) else {
            return CleanupResult(containerId: containerID, known: false, unmountedHostMounts: [])
        }
        let volumeLocks = try state.lockVolumes(record.volumes.map(\.name))
        defer { volumeLocks.forEach { $0.release() } }
        let unmounted = try await release(record, keepingVolumes: [])
        return CleanupResult(containerId: containerID, known: true, unmountedHostMounts: unmounted)
    }

    /// Unbinds the container's volumes, unmounts host mounts it was the last user of (unless
    /// in `keepingVolumes`), and removes its record. Callers hold the locks.
    func release(_ record: ContainerRecord, keepingVolumes: Set<String>) async throws(EFSHookError) -> [String] {
        for volume in record.volumes.reversed() where volume.bindManaged {
            guard try MountPoint.isMountPoint(volume.target) else { continue }
            try mounter.unmountAll(volume.target)
            logger.info("unbound volume", metadata: ["volume": "\(volume.name)", "target": "\(volume.target)"])
        }
        Failpoint.cleanupAfterUnbind.hit()
        var unmounted: [String] = []
        var seen: Set<String> = []
        for volume in record.volumes where seen.insert(volume.name).inserted && !keepingVolumes.contains(volume.name) {
            try state.userIndex.remove(record.containerID, from: volume.name)
            guard try state.userIndex.users(of: volume.name, except: record.containerID, firstOnly: true).isEmpty else { continue }
            if try await releaseHostMount(volume.name, options: volume.options) { unmounted.append(volume.name) }
        }
        Failpoint.cleanupBeforeRecordRemoval.hit()
        try state.containers.remove(record.containerID)
        return unmounted
    }

    /// Unmounts the volume's host mount, then removes its record and tells the provider. The
    /// record goes after the mount, so a kill in between leaves a record the next run finishes.
    /// Returns whether it was mounted.
    func releaseHostMount(_ name: String, options: VolumeOptions) async throws(EFSHookError) -> Bool {
        let mountPoint = planner.hostMountPoint(for: name)
        Failpoint.cleanupBeforeHostUnmount.hit()
        let wasMounted = try MountPoint.isMountPoint(mountPoint)
        try mounter.unmountAll(mountPoint)
        Failpoint.cleanupAfterHostUnmount.hit()
        AtomicFile.removeEmptyDirectory(mountPoint)
        if wasMounted { logger.info("unmounted volume from host", metadata: ["volume": "\(name)"]) }
        if let hostRecord = try state.hostMounts.load(name) {
            try state.hostMounts.remove(name)
            try await provider.released(hostRecord, options: options)
        }
        return wasMounted
    }
}
