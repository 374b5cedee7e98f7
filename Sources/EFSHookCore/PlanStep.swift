/// One step of a plan, in the order `prepare` performs it.
public enum PlanStep: Sendable, Equatable, Encodable {
    /// Make sure the volume exists in the provider (create it if missing).
    case provision(volume: String, provider: String)
    /// Mount the volume once on this host.
    case mountHost(volume: String, mountPoint: String)
    /// The volume is already mounted on this host; share it.
    case reuseHostMount(volume: String, mountPoint: String)
    /// Bind the host mount into the container.
    case bind(volume: String, source: String, target: String, readOnly: Bool)
    /// Hand the bind to Mesos in a ContainerLaunchInfo instead of doing it.
    case launchMount(volume: String, source: String, target: String, readOnly: Bool)
    /// The task's own HOST_PATH volume binds the host mount; Mesos does it, efs-hook holds it.
    case mesosHostPath(volume: String, source: String, containerPath: String, readOnly: Bool)

    public var action: String {
        switch self {
        case .provision: return "provision"
        case .mountHost: return "mount-host"
        case .reuseHostMount: return "reuse-host-mount"
        case .bind: return "bind"
        case .launchMount: return "launch-mount"
        case .mesosHostPath: return "mesos-host-path"
        }
    }

    public var volume: String {
        switch self {
        case .provision(let volume, _), .mountHost(let volume, _), .reuseHostMount(let volume, _),
            .bind(let volume, _, _, _), .launchMount(let volume, _, _, _), .mesosHostPath(let volume, _, _, _):
            return volume
        }
    }

    enum CodingKeys: String, CodingKey {
        case action, volume, provider, mountPoint, source, target, readOnly
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action, forKey: .action)
        try container.encode(volume, forKey: .volume)
        switch self {
        case .provision(_, let provider):
            try container.encode(provider, forKey: .provider)
        case .mountHost(_, let mountPoint), .reuseHostMount(_, let mountPoint):
            try container.encode(mountPoint, forKey: .mountPoint)
        case .bind(_, let source, let target, let readOnly), .launchMount(_, let source, let target, let readOnly):
            try container.encode(source, forKey: .source)
            try container.encode(target, forKey: .target)
            try container.encode(readOnly, forKey: .readOnly)
        case .mesosHostPath(_, let source, let containerPath, let readOnly):
            try container.encode(source, forKey: .source)
            try container.encode(containerPath, forKey: .target)
            try container.encode(readOnly, forKey: .readOnly)
        }
    }

    /// The same step in words, for the human-readable plan.
    public var summary: String {
        switch self {
        case .provision(let volume, let provider): return "provision \(volume) in \(provider)"
        case .mountHost(_, let mountPoint): return "mount on host at \(mountPoint)"
        case .reuseHostMount(_, let mountPoint): return "reuse host mount \(mountPoint)"
        case .bind(_, _, let target, let readOnly): return "bind to \(target)\(readOnly ? " (read-only)" : "")"
        case .launchMount(_, _, let target, let readOnly):
            return "ask Mesos to bind to \(target)\(readOnly ? " (read-only)" : "")"
        case .mesosHostPath(_, _, let containerPath, let readOnly):
            return "Mesos binds it to \(containerPath) (the task's HOST_PATH volume)\(readOnly ? " (read-only)" : "")"
        }
    }
}
