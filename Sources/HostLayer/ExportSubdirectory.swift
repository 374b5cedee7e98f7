/// A directory inside an exported file system that a host mount shows instead of the root
/// (REX-Ray's `/data`): made once, with the root mounted only for that, before the
/// subdirectory itself is mounted.
public struct ExportSubdirectory: Sendable, Equatable {
    /// The export's root, mounted briefly to create `path`.
    public var root: HostMountSpec
    /// Relative to the root, without leading or trailing slashes (`data`).
    public var path: String
    /// For directories created here (existing ones keep theirs).
    public var mode: UInt16

    public init(root: HostMountSpec, path: String, mode: UInt16 = 0o700) {
        self.root = root
        self.path = path
        self.mode = mode
    }
}
