import Common
import HostLayer

/// The state directory opened for writing (see `StateLayout` for what is where), with the
/// locks every change is made under.
public struct StateDirectory: Sendable {
    public let layout: StateLayout
    public let containers: RecordStore<ContainerRecord>
    public let hostMounts: RecordStore<HostMountRecord>
    public let definitions: RecordStore<VolumeDefinition>
    /// The resolution cache (see `VolumeResolution`): durable, like the host-mount records.
    public let resolutions: RecordStore<VolumeResolution>
    public let userIndex: VolumeUserIndex
    public let lockTimeout: Double
    let host: any HostOperations

    public var root: String { layout.root }

    public init(root: String, lockTimeout: Double, host: any HostOperations) throws(EFSHookError) {
        layout = StateLayout(root: root)
        self.lockTimeout = lockTimeout
        self.host = host
        try AtomicFile.makeDirectory(root, mode: 0o700, enforce: true)
        // Container records skip fsync, which would cost a few ms on every launch: after a
        // power loss no container or mount of the earlier boot is left, and `recover` releases
        // whatever records of that boot remain, even ones the crash left unreadable. Host
        // mount records name the AWS resources this agent created, so they stay durable.
        containers = try RecordStore(directory: layout.containers, durable: false)
        hostMounts = try RecordStore(directory: layout.hostMounts)
        definitions = RecordStore(lazyDirectory: layout.definitions)
        resolutions = layout.resolutionRecords
        try AtomicFile.makeDirectory(layout.locks, mode: 0o700, enforce: true)
        userIndex = VolumeUserIndex(directory: layout.users, containers: containers)
        try VolumeUserIndex.buildIfMissing(directory: userIndex.directory, containers: containers) {
            [layout, lockTimeout, host] () throws(EFSHookError) in
            try host.lock(layout.upgradeLock, timeout: lockTimeout, what: "the state directory upgrade")
        }
    }

    /// Locks the user (a container or holder), then each volume in name order: one global
    /// order, so two processes can never wait on each other.
    func lockUser(_ id: String) throws(EFSHookError) -> UserLock {
        UserLock(
            id: id, held: try host.lock(layout.containerLock(id), timeout: LaunchDeadline.capped(lockTimeout), what: "container \(id)"))
    }

    func lockVolumes(_ names: some Sequence<String>) throws(EFSHookError) -> VolumeLocks {
        var locks: [any HeldLock] = []
        let sorted = Set(names).sorted()
        for name in sorted {
            do {
                // In a launch, a lock wait is one more wait the launch deadline bounds.
                locks.append(try host.lock(layout.volumeLock(name), timeout: LaunchDeadline.capped(lockTimeout), what: "volume \(name)"))
            } catch {
                locks.forEach { $0.release() }
                throw error
            }
        }
        return VolumeLocks(names: Set(sorted), held: locks)
    }
}

/// Proof that the caller holds a user's lock: only `StateDirectory.lockUser` makes one, so a
/// function that takes it cannot be called without the lock.
struct UserLock: Sendable {
    let id: String
    private let held: any HeldLock

    fileprivate init(id: String, held: any HeldLock) {
        self.id = id
        self.held = held
    }

    func release() { held.release() }
}

/// Proof that the caller holds these volumes' locks: only `StateDirectory.lockVolumes` makes one.
struct VolumeLocks: Sendable {
    let names: Set<String>
    private let held: [any HeldLock]

    fileprivate init(names: Set<String>, held: [any HeldLock]) {
        self.names = names
        self.held = held
    }

    /// Whether the lock of `name` is among them (the ledger asserts it).
    func covers(_ name: String) -> Bool { names.contains(name) }

    func release() { held.forEach { $0.release() } }
}
