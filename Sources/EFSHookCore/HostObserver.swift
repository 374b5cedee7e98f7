import Common
import Foundation
import HostLayer

/// Reads what is mounted without creating or changing anything, for `plan`.
public enum HostObserver {
    public static func observe(stateDir: String, planner: Planner) -> ObservedHost {
        let recordDirectory = "\(stateDir)/mounts"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: recordDirectory),
            let table = try? MountTable.current()
        else { return ObservedHost() }
        let volumes = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }
        return ObservedHost(hostMounted: Set(volumes.filter { table.isMountPoint(planner.hostMountPoint(for: $0)) }))
    }
}
