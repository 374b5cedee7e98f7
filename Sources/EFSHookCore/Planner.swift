import Common
import VolumeModel

/// What the host looks like now, as far as planning cares.
public struct ObservedHost: Sendable, Equatable {
    /// Volumes mounted on this host (record present and the kernel agrees).
    public var hostMounted: Set<String>

    public init(hostMounted: Set<String> = []) {
        self.hostMounted = hostMounted
    }
}

/// Pure planning: requests and observed state in, ordered steps out. It does no I/O, so
/// `plan` can show exactly what `prepare` would do.
public struct Planner: Sendable {
    public var providerName: String
    public var mountRoot: String

    public init(providerName: String, mountRoot: String) {
        self.providerName = providerName
        self.mountRoot = mountRoot
    }

    public func hostMountPoint(for volume: String) -> String { "\(mountRoot)/\(volume)" }

    /// Where an export's root is mounted for a moment to create the subdirectory the host
    /// mount shows: two levels down, so `recover` never takes it for a volume's host mount.
    public func scratchMountPoint(for volume: String) -> String { "\(mountRoot)/.export-root/\(volume)" }

    public func prepareSteps(
        for requests: [VolumeRequest], layout: ContainerLayout, observed: ObservedHost, launchInfo: Bool
    ) throws(EFSHookError) -> [PlanStep] {
        var steps: [PlanStep] = []
        for request in requests {
            let mountPoint = hostMountPoint(for: request.name)
            if observed.hostMounted.contains(request.name) {
                steps.append(.reuseHostMount(volume: request.name, mountPoint: mountPoint))
            } else {
                steps.append(.provision(volume: request.name, provider: providerName))
                steps.append(.mountHost(volume: request.name, mountPoint: mountPoint))
            }
            if request.origin == .hostPath {
                steps.append(
                    .mesosHostPath(
                        volume: request.name, source: mountPoint, containerPath: request.containerPath, readOnly: request.readOnly))
                continue
            }
            let target = try layout.target(for: request, launchInfo: launchInfo)
            steps.append(
                launchInfo
                    ? .launchMount(volume: request.name, source: mountPoint, target: target, readOnly: request.readOnly)
                    : .bind(volume: request.name, source: mountPoint, target: target, readOnly: request.readOnly))
        }
        return steps
    }
}
