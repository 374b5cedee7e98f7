import Common

/// The effective configuration: defaults, then the YAML file, then command-line overrides.
public struct Configuration: Sendable, Equatable, Codable {
    public enum Provider: String, Sendable, Codable, CaseIterable {
        /// Amazon EFS: file systems, mount targets and access points, mounted over NFS.
        case efs
        /// A directory under `local.root` per volume: for trying efs-hook and for tests.
        case local
    }

    public struct Local: Sendable, Equatable, Codable {
        public var root: String = "/var/lib/efs-hook/local"
    }

    public var provider: Provider = .efs
    /// Volume drivers efs-hook answers for; volumes of any other driver are left alone.
    public var drivers: [String] = ["efs"]
    /// Records of containers and host mounts, and the lock files.
    public var stateDir: String = "/var/lib/efs-hook"
    /// Where each volume is mounted once per host, at `mountRoot/NAME`.
    public var mountRoot: String = "/var/lib/efs-hook/mounts"
    /// How long to wait for another efs-hook process working on the same volume.
    public var lockTimeoutSeconds: Double = 60
    public var local = Local()

    public init() {}

    public static let defaultPath = "/etc/efs-hook/config.yaml"
    public static let environmentVariable = "EFS_HOOK_CONFIG"
}
