import Common
import HostLayer

/// What is mounted on this host, whether it answers, and who uses it, read without creating,
/// locking or changing anything: the one view `status`, `doctor`, `plan`, dvdcli's `path`,
/// the plugin's Get/List/Path and its metrics share. It needs no opened state directory, so
/// a host without one reads as nothing mounted. The host-mount path of a volume comes from here.
public struct HostStatus: Sendable {
    /// One host-mount record as the kernel sees it.
    public struct HostMount: Sendable {
        public var record: HostMountRecord
        /// Whether the kernel agrees the host mount exists.
        public var mounted: Bool
        /// Whether its server answered a statfs within the probe timeout; nil when not mounted.
        public var answering: Bool?
    }

    public let layout: StateLayout
    let planner: Planner
    let host: any HostOperations

    public init(layout: StateLayout, planner: Planner, host: any HostOperations) {
        self.layout = layout
        self.planner = planner
        self.host = host
    }

    public var mountRoot: String { planner.mountRoot }

    /// Where the volume's one host mount is (whether or not it is mounted now).
    public func mountPoint(of volume: String) -> String { planner.hostMountPoint(for: volume) }

    /// Whether efs-hook has the volume mounted here: recorded, and in the kernel's table.
    public func isMounted(_ volume: String) throws(EFSHookError) -> Bool {
        guard layout.hostMountRecords.contains(volume) else { return false }
        return try host.isMountPoint(mountPoint(of: volume))
    }

    /// The volumes efs-hook has mounted here (for `plan`); none when nothing can be read.
    public func mountedVolumes() -> ObservedHost {
        guard let volumes = try? layout.hostMountRecords.keys() else { return ObservedHost() }
        return ObservedHost(hostMounted: Set(volumes.filter { (try? host.isMountPoint(mountPoint(of: $0))) == true }))
    }

    /// False when the volume is mounted here and its server does not answer a statfs within
    /// `timeout`. Not mounted, the probe asks the state directory's file system, which answers.
    public func answers(_ volume: String, timeout: Double) -> Bool {
        host.probe([mountPoint(of: volume)], timeout: timeout) != [false]
    }

    /// Every host-mount record with what the kernel says of it; each mounted one is probed at
    /// once, so a hung volume costs at most `probeTimeout` in all. Also the unreadable records.
    public func hostMounts(probeTimeout: Double) throws(EFSHookError) -> (mounts: [HostMount], unreadable: [String]) {
        let (entries, unreadable) = try layout.hostMountRecords.readable()
        var mounts: [HostMount] = []
        for entry in entries {
            mounts.append(HostMount(record: entry.record, mounted: try host.isMountPoint(entry.record.mountPoint)))
        }
        let probed = host.probe(mounts.map(\.record.mountPoint), timeout: probeTimeout)
        for index in mounts.indices where mounts[index].mounted { mounts[index].answering = probed[index] }
        return (mounts, unreadable)
    }

    /// The mounted volumes' records and whether each answered (`doctor`, the metrics).
    public func answering(probeTimeout: Double) -> [(record: HostMountRecord, answered: Bool)] {
        let mounted = ((try? layout.hostMountRecords.readable().records) ?? []).map(\.record).filter {
            (try? host.isMountPoint($0.mountPoint)) == true
        }
        return Array(zip(mounted, host.probe(mounted.map(\.mountPoint), timeout: probeTimeout)))
    }

    /// The users (containers and holders) of the volume on this host.
    public func users(of volume: String) throws(EFSHookError) -> [String] {
        try VolumeUserIndex(directory: layout.users, containers: layout.containerRecords).users(of: volume)
    }

    /// Every user with a record here (container ids and holder ids).
    public func userIDs() throws(EFSHookError) -> [String] { try layout.containerRecords.keys() }

    /// Every volume with a host-mount record here.
    public func hostMountNames() throws(EFSHookError) -> [String] { try layout.hostMountRecords.keys() }
}
