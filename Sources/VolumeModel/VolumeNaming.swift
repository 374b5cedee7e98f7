/// How a volume's name maps to AWS resources and what part of its file system a container
/// sees. Chosen by the volume's driver, so both schemes can run side by side on one agent.
public enum VolumeNaming: String, Sendable, Codable, Equatable, CaseIterable {
    /// efs-hook's own creation token and tags (`efs.clusterTag`); the container sees the root.
    case efsHook = "efs-hook"
    /// libStorage's: creation token MD5("<efs.rexray.tag>/<name>") (or REX-Ray 0.5's bare
    /// name), one `Name` tag, and the container sees `efs.rexray.rootPath` (default `/data`).
    case rexray

    /// Drivers REX-Ray's volumes are bound to: `rexray` (legacy plugin) and the managed plugin
    /// `rexray/efs` (Docker may append `:latest`).
    public init(driver: String) {
        let base = driver.split(separator: ":", maxSplits: 1).first.map(String.init) ?? driver
        self = (base == "rexray" || base == "rexray/efs") ? .rexray : .efsHook
    }
}
