import Common
import HostLayer

/// Reads what is mounted without creating or changing anything, for `plan`.
public enum HostObserver {
    public static func observe(layout: StateLayout, planner: Planner, host: any HostOperations) -> ObservedHost {
        guard let volumes = try? layout.hostMountRecords.keys() else { return ObservedHost() }
        return ObservedHost(hostMounted: Set(volumes.filter { (try? host.isMountPoint(planner.hostMountPoint(for: $0))) == true }))
    }
}
