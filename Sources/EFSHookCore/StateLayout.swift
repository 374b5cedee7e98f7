import HostLayer

/// Where things are in `stateDir`: `containers/ID.json`, `mounts/VOLUME.json`,
/// `users/VOLUME/ID`, `volumes/NAME.json`, `resolved/NAME.json`, `requests/EXECUTOR.json`,
/// `locks/`. Only paths: building one creates nothing, so read-only commands (`status`,
/// `plan`) use it as it is.
public struct StateLayout: Sendable, Equatable {
    public let root: String

    public init(root: String) { self.root = root }

    public var containers: String { "\(root)/containers" }
    public var hostMounts: String { "\(root)/mounts" }
    public var users: String { "\(root)/users" }
    public var definitions: String { "\(root)/volumes" }
    /// The resolution cache: one small record per volume this agent resolved.
    public var resolutions: String { "\(root)/resolved" }
    /// Route B requests the agent hook stored per executor (`TaskRequestStore`).
    public var requests: String { "\(root)/requests" }
    public var locks: String { "\(root)/locks" }

    func containerLock(_ id: String) -> String { "\(locks)/container-\(id).lock" }
    func volumeLock(_ name: String) -> String { "\(locks)/volume-\(name).lock" }
    var upgradeLock: String { "\(locks)/state-upgrade.lock" }
}

extension StateLayout {
    /// The records, read where they are; nothing is created until a record is saved.
    public var containerRecords: RecordStore<ContainerRecord> { RecordStore(lazyDirectory: containers, durable: false) }
    public var hostMountRecords: RecordStore<HostMountRecord> { RecordStore(lazyDirectory: hostMounts) }
    public var resolutionRecords: RecordStore<VolumeResolution> { RecordStore(lazyDirectory: resolutions) }
}
