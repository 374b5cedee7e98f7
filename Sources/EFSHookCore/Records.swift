import Foundation
import HostLayer
import VolumeModel

/// What efs-hook knows about one container, written before anything is mounted for it so
/// that a killed run can always be finished or undone.
public struct ContainerRecord: Codable, Sendable, Equatable {
    public enum Phase: String, Codable, Sendable {
        /// Mounting may be half done; `cleanup` or `recover` undoes it.
        case preparing
        case prepared
    }

    public var containerID: String
    public var phase: Phase
    public var volumes: [ContainerVolume]
    /// The kernel's boot id when the record was written: no container outlives a reboot, so
    /// `recover` releases records of earlier boots without being told.
    public var bootID: String?

    public init(containerID: String, phase: Phase, volumes: [ContainerVolume], bootID: String? = BootID.current) {
        self.containerID = containerID
        self.phase = phase
        self.volumes = volumes
        self.bootID = bootID
    }
}

/// One volume of one container.
public struct ContainerVolume: Codable, Sendable, Equatable {
    public var name: String
    public var containerPath: String
    public var readOnly: Bool
    /// The host path the volume is (to be) bound on.
    public var target: String
    /// False when Mesos performs the bind itself (`--launch-info`, the isolator).
    public var bindManaged: Bool
    public var options: VolumeOptions

    public init(name: String, containerPath: String, readOnly: Bool, target: String, bindManaged: Bool, options: VolumeOptions) {
        self.name = name
        self.containerPath = containerPath
        self.readOnly = readOnly
        self.target = target
        self.bindManaged = bindManaged
        self.options = options
    }
}

/// The one mount of a volume on this host, shared by all its containers.
public struct HostMountRecord: Codable, Sendable, Equatable {
    public var name: String
    public var mountPoint: String
    public var provider: String
    /// What was mounted: a local directory, or `address:/path` for NFS.
    public var source: String
    /// Provider-specific facts needed to release it later (ids of what was created).
    public var details: [String: String]

    public init(name: String, mountPoint: String, provider: String, source: String, details: [String: String] = [:]) {
        self.name = name
        self.mountPoint = mountPoint
        self.provider = provider
        self.source = source
        self.details = details
    }
}

public enum BootTime {
    /// When the kernel booted (`btime` in /proc/stat).
    public static let current: Date? = {
        guard let text = try? ProcFile.read("/proc/stat"),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
            let seconds = line.split(separator: " ").last.flatMap({ TimeInterval(String($0)) })
        else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }()
}

public enum BootID {
    public static let current: String? = {
        guard let text = try? ProcFile.read("/proc/sys/kernel/random/boot_id") else { return nil }
        // Not trimmingCharacters(in:): building a CharacterSet costs more than the rest of a
        // warm prepare's record keeping.
        let id = text.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
        return id.isEmpty ? nil : id
    }()
}
