extension Configuration.EFS {
    /// Volumes of driver `rexray`: adopted with libStorage's naming and layout (`efs.rexray.*`).
    public struct REXRay: Sendable, Equatable, Codable {
        /// REX-Ray's `efs.tag`: the prefix of its creation tokens and `Name` tags. Every agent
        /// (and every REX-Ray still running during a migration) must use the same value.
        public var tag: String = ""
        /// REX-Ray's `linux.volume.rootpath`: the directory of the file system containers see.
        /// `/` exposes the root.
        public var rootPath: String = "/data"
        /// Where REX-Ray mounted its volumes; `dvdcli unmount` releases what it left there.
        public var volumesDir: String = "/var/lib/rexray/volumes"
        public init() {}

        /// `rootPath` relative to the file system root; nil for `/`.
        public var subdirectory: String? {
            let trimmed = rootPath.split(separator: "/").joined(separator: "/")
            return trimmed.isEmpty ? nil : trimmed
        }
    }
}
