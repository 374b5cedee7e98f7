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
    public let host: any HostOperations
    public let planner: Planner
    public let state: StateDirectory
    public let logger: Logger
    /// The tenant policy every prepare, hold and definition passes first.
    public var policy = PolicyEngine(configuration: Configuration())
    public var deadlines = HostDeadlines()
    /// Told of every host unmount and the stage it took (the daemon's metrics).
    public var onHostUnmount: (@Sendable (_ volume: String, _ stage: UnmountStage) -> Void)?

    public init(provider: any VolumeProvider, host: any HostOperations, planner: Planner, state: StateDirectory, logger: Logger) {
        self.provider = provider
        self.host = host
        self.planner = planner
        self.state = state
        self.logger = logger
    }

    // MARK: prepare

    public func prepare(
        containerID: String, requests asked: [VolumeRequest], identity: TaskIdentity, layout: ContainerLayout, launchInfo: Bool
    ) async throws(EFSHookError) -> PrepareResult {
        try ContainerIdentifier.validate(containerID)
        let requests = try authorize(try withDefinedOptions(asked), identity: identity)
        var volumes: [ContainerVolume] = []
        for request in requests {
            let viaHostPath = request.origin == .hostPath
            volumes.append(
                ContainerVolume(
                    name: request.name, containerPath: request.containerPath, readOnly: request.readOnly,
                    target: viaHostPath
                        ? planner.hostMountPoint(for: request.name) : try layout.target(for: request, launchInfo: launchInfo),
                    bindManaged: !launchInfo && !viaHostPath, options: request.options, naming: request.naming,
                    viaHostPath: viaHostPath))
        }
        let (record, reused) = try await establish(containerID, volumes: volumes) { index, record throws(EFSHookError) in
            let request = requests[index]
            // Mesos binds a HOST_PATH volume itself, after every isolator has prepared.
            guard request.origin != .hostPath else { return }
            let placement = try layout.placement(for: request)
            let (root, relative) = (placement.root, placement.relative)
            let directory = try host.resolveDirectory(root: root, relative: relative, createMissing: layout.mayCreate(request))
            // Mesos' target is elsewhere only when its sandbox bind would hide the mount point.
            let bindsMountPoint = !launchInfo || placement.launchTarget == placement.mountPoint
            if bindsMountPoint, directory.hostPath != record.volumes[index].target {
                record.volumes[index].target = directory.hostPath
                try state.containers.save(record, as: containerID)
            }
            guard !launchInfo else { return }
            try host.bind(source: planner.hostMountPoint(for: request.name), onto: directory)
            if request.readOnly {
                // The descriptor still names the directory under the new mount; walk again
                // (symlink-free) to reach the mount itself.
                try host.remountReadOnly(try host.resolveDirectory(root: root, relative: relative, createMissing: false))
            }
            Failpoint.prepareAfterBind.hit()
            logger.info("bound volume", metadata: ["volume": "\(request.name)", "target": "\(directory.hostPath)"])
        }
        return result(for: record, reused: reused)
    }

    /// The write-ahead path shared by `prepare` and `hold`: under the user's lock and its
    /// volumes' locks, records the user as `preparing`, mounts each volume on the host, lets
    /// `attach` bind it (or not), and commits `prepared`. On any failure everything done for
    /// this user is undone. An earlier, different or interrupted run for the same user is
    /// released first, keeping the host mounts the new one needs; with `conflict` a user
    /// already holding other volumes is refused with its error instead.
    func establish(
        _ id: String, volumes: [ContainerVolume], mayCreate: Bool = true, conflict: ((_ held: [String]) -> EFSHookError)? = nil,
        attach: (Int, inout ContainerRecord) throws(EFSHookError) -> Void
    ) async throws(EFSHookError) -> (record: ContainerRecord, reused: Set<String>) {
        let userLock = try state.lockContainer(id)
        defer { userLock.release() }
        let existing = try state.containers.load(id)
        let names = volumes.map(\.name)
        if let existing, let conflict, Set(existing.volumes.map(\.name)) != Set(names) {
            throw conflict(existing.volumes.map(\.name))
        }
        let volumeLocks = try state.lockVolumes(names + (existing?.volumes.map(\.name) ?? []))
        defer { volumeLocks.forEach { $0.release() } }

        if let existing {
            if existing.phase == .prepared, existing.volumes == volumes, try isIntact(existing) {
                logger.info("already prepared", metadata: ["container": "\(id)"])
                return (existing, Set(names))
            }
            logger.notice("redoing an earlier, different or interrupted prepare", metadata: ["container": "\(id)"])
            _ = try await release(existing, keepingVolumes: Set(names))
        }

        for name in Set(names) { try state.userIndex.add(id, to: name) }
        var record = ContainerRecord(containerID: id, phase: .preparing, volumes: volumes)
        try state.containers.save(record, as: id)
        Failpoint.prepareAfterRecord.hit()
        var reused: Set<String> = []
        var unresponsive: Set<String> = []
        do throws(EFSHookError) {
            for (index, volume) in volumes.enumerated() {
                if let problem = unresponsiveProblem(volume.name) {
                    unresponsive.insert(volume.name)
                    throw problem
                }
                if try await ensureHostMount(volume.name, options: volume.options, naming: volume.naming, mayCreate: mayCreate) {
                    reused.insert(volume.name)
                }
                try attach(index, &record)
            }
            Failpoint.prepareBeforeCommit.hit()
            record.phase = .prepared
            try state.containers.save(record, as: id)
        } catch {
            logger.info("prepare failed; undoing", metadata: ["container": "\(id)", "error": "\(error.message)"])
            do throws(EFSHookError) {
                // A volume that does not answer keeps its host mount: unmounting it could take
                // the whole unmount deadline, and the caller wants a quick answer.
                _ = try await release(record, keepingVolumes: unresponsive)
                for name in unresponsive { try state.userIndex.remove(id, from: name) }
            } catch let undoError {
                logger.error("undo failed; run efs-hook cleanup", metadata: ["error": "\(undoError.message)"])
            }
            throw error
        }
        return (record, reused)
    }

    func isIntact(_ record: ContainerRecord) throws(EFSHookError) -> Bool {
        for volume in record.volumes {
            guard try host.isMountPoint(planner.hostMountPoint(for: volume.name)) else { return false }
            if volume.bindManaged, try !host.isMountPoint(volume.target) { return false }
        }
        return true
    }

    func result(for record: ContainerRecord, reused: Set<String>) -> PrepareResult {
        PrepareResult(
            containerId: record.containerID,
            volumes: record.volumes.map {
                PreparedVolume(
                    name: $0.name, hostMount: planner.hostMountPoint(for: $0.name), target: $0.target,
                    readOnly: $0.readOnly, reusedHostMount: reused.contains($0.name), bound: $0.bindManaged,
                    viaHostPath: $0.viaHostPath)
            })
    }
}
