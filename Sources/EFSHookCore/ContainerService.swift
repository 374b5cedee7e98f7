import Common
import HostLayer
import Logging
import VolumeModel

/// Containers (`prepare`, the isolator, `cleanup`): binds each volume's one host mount into
/// the container, and undoes it when the container goes. Takes the container's lock for the
/// whole of each call (the ledger adds its volumes' locks).
public struct ContainerService: Sendable {
    let ledger: HostMountLedger
    let policy: PolicyGate
    var host: any HostOperations { ledger.host }
    var state: StateDirectory { ledger.state }
    var logger: Logger { ledger.logger }

    public init(ledger: HostMountLedger, policy: PolicyEngine) {
        self.ledger = ledger
        self.policy = PolicyGate(engine: policy, logger: ledger.logger)
    }

    public func prepare(
        containerID: String, requests asked: [VolumeRequest], identity: TaskIdentity, layout: ContainerLayout, launchInfo: Bool
    ) async throws(EFSHookError) -> PrepareResult {
        try ContainerIdentifier.validate(containerID)
        recordAsked(containerID: containerID, identity: identity, requests: asked)
        let requests = try policy.authorize(try withDefinedOptions(asked), identity: identity)
        var volumes: [ContainerVolume] = []
        for request in requests {
            let viaHostPath = request.origin == .hostPath
            volumes.append(
                ContainerVolume(
                    spec: request.spec, containerPath: request.containerPath, readOnly: request.readOnly,
                    target: viaHostPath
                        ? ledger.status.mountPoint(of: request.name) : try layout.target(for: request, launchInfo: launchInfo),
                    bindManaged: !launchInfo && !viaHostPath, viaHostPath: viaHostPath))
        }
        let user = try state.lockUser(containerID)
        defer { user.release() }
        let (record, reused) = try await ledger.establish(user, volumes: volumes) { index, record throws(EFSHookError) in
            try bind(requests[index], of: &record, at: index, layout: layout, launchInfo: launchInfo)
        }
        let prepared = result(for: record, reused: reused)
        recordPrepared(prepared)
        return prepared
    }

    /// Releases the container. An unknown or already-cleaned container is not an error.
    public func cleanup(containerID: String) async throws(EFSHookError) -> CleanupResult {
        try ContainerIdentifier.validate(containerID)
        let user = try state.lockUser(containerID)
        defer { user.release() }
        recordReleasing(containerID: containerID)
        return try await ledger.releaseUser(user)
    }

    /// Binds one volume's host mount into the container (read-only if asked), recording the
    /// directory it resolved to. Mesos binds a HOST_PATH volume itself, after every isolator
    /// has prepared, and with `launchInfo` every other one too.
    private func bind(_ request: VolumeRequest, of record: inout ContainerRecord, at index: Int, layout: ContainerLayout, launchInfo: Bool)
        throws(EFSHookError)
    {
        guard request.origin != .hostPath else { return }
        let placement = try layout.placement(for: request)
        let (root, relative) = (placement.root, placement.relative)
        let directory = try host.resolveDirectory(root: root, relative: relative, createMissing: layout.mayCreate(request))
        // Mesos' target is elsewhere only when its sandbox bind would hide the mount point.
        let bindsMountPoint = !launchInfo || placement.launchTarget == placement.mountPoint
        if bindsMountPoint, directory.hostPath != record.volumes[index].target {
            record.volumes[index].target = directory.hostPath
            try state.containers.save(record, as: record.containerID)
        }
        guard !launchInfo else { return }
        try host.bind(source: ledger.status.mountPoint(of: request.name), onto: directory)
        if request.readOnly {
            // The descriptor still names the directory under the new mount; walk again
            // (symlink-free) to reach the mount itself.
            try host.remountReadOnly(try host.resolveDirectory(root: root, relative: relative, createMissing: false))
        }
        Failpoint.prepareAfterBind.hit()
        logger.info("bound volume", metadata: ["volume": "\(request.name)", "target": "\(directory.hostPath)"])
    }

    /// A HOST_PATH volume carries no options: it gets its stored definition's (what the Docker
    /// plugin's create stored for the name), else none, which means the configured defaults.
    /// For a name in the config's `volumes:` the config's win, and a stored definition that
    /// disagrees with them is refused (the policy check then resolves every request likewise).
    func withDefinedOptions(_ requests: [VolumeRequest]) throws(EFSHookError) -> [VolumeRequest] {
        var resolved = requests
        for index in resolved.indices where resolved[index].origin == .hostPath && resolved[index].options.isEmpty {
            let name = resolved[index].name
            if let definition = try state.definitions.load(name) {
                resolved[index].options = try policy.engine.volumes.options(
                    for: name, asked: try definition.mountOptions(),
                    source: "this host's definition of it (\(state.definitions.directory)/\(name).json)")
            }
        }
        return resolved
    }

    func result(for record: ContainerRecord, reused: Set<String>) -> PrepareResult {
        PrepareResult(
            containerID: record.containerID,
            volumes: record.volumes.map {
                PreparedVolume(
                    spec: $0.spec, hostMount: ledger.status.mountPoint(of: $0.name), target: $0.target, readOnly: $0.readOnly,
                    reusedHostMount: reused.contains($0.name), bound: $0.bindManaged, viaHostPath: $0.viaHostPath)
            })
    }
}
