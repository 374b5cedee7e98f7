import Common
import HostLayer

/// The layout of `stateDir`: `containers/ID.json`, `mounts/VOLUME.json`, `locks/`.
public struct StateDirectory: Sendable {
    public let root: String
    public let containers: RecordStore<ContainerRecord>
    public let hostMounts: RecordStore<HostMountRecord>
    public let lockTimeout: Double

    public init(root: String, lockTimeout: Double) throws(EFSHookError) {
        self.root = root
        self.lockTimeout = lockTimeout
        try AtomicFile.makeDirectory(root, mode: 0o700, enforce: true)
        containers = try RecordStore(directory: "\(root)/containers")
        hostMounts = try RecordStore(directory: "\(root)/mounts")
        try AtomicFile.makeDirectory("\(root)/locks", mode: 0o700, enforce: true)
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

    /// Containers other than `except` whose records name `volume`.
    public func users(of volume: String, except: String? = nil) throws(EFSHookError) -> [String] {
        try containers.all().filter { entry in
            entry.key != except && entry.record.volumes.contains { $0.name == volume }
        }.map(\.key)
    }
}
