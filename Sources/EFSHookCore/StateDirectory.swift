import Common
import HostLayer

/// The layout of `stateDir`: `containers/ID.json`, `mounts/VOLUME.json`, `users/VOLUME/ID`, `locks/`.
public struct StateDirectory: Sendable {
    public let root: String
    public let containers: RecordStore<ContainerRecord>
    public let hostMounts: RecordStore<HostMountRecord>
    public let userIndex: VolumeUserIndex
    public let lockTimeout: Double

    public init(root: String, lockTimeout: Double) throws(EFSHookError) {
        self.root = root
        self.lockTimeout = lockTimeout
        try AtomicFile.makeDirectory(root, mode: 0o700, enforce: true)
        // Container records skip fsync, which would cost a few ms on every launch: after a
        // power loss no container or mount of the earlier boot is left, and `recover` releases
        // whatever records of that boot remain, even ones the crash left unreadable. Host
        // mount records name the AWS resources this agent created, so they stay durable.
        containers = try RecordStore(directory: "\(root)/containers", durable: false)
        hostMounts = try RecordStore(directory: "\(root)/mounts")
        try AtomicFile.makeDirectory("\(root)/locks", mode: 0o700, enforce: true)
        userIndex = VolumeUserIndex(directory: "\(root)/users", containers: containers)
        try VolumeUserIndex.buildIfMissing(directory: userIndex.directory, containers: containers) { [root, lockTimeout] () throws(EFSHookError) in
            try FileLock.acquire("\(root)/locks/state-upgrade.lock", timeout: lockTimeout, what: "the state directory upgrade")
        }
    }

    /// Locks the container, then each volume in name order: one global order, so two
    /// processes can never wait on each other.
    public func lockContainer(_ id: String) throws(EFSHookError) -> FileLock {
        try FileLock.acquire("\(root)/locks/container-\(id).lock", timeout: lockTimeout, what: "container \(id)")
    }

    public func lockVolumes(_ names: some Sequence<String>) throws(EFSHookError) -> [FileLock] {
        var locks: [FileLock] = []
        for name in Set(names).sorted() {
            locks.append(try FileLock.acquire("\(root)/locks/volume-\(name).lock", timeout: lockTimeout, what: "volume \(name)"))
        }
        return locks
    }

}
