import Common
import VolumeModel

/// Where a container's volumes go on the host, by the rule of Mesos' own isolators
/// (filesystem/linux and docker/volume): an absolute path under the rootfs (or on the host when
/// the container has none); a relative path in the sandbox, which in a container with a rootfs
/// Mesos has bound at `sandboxDirectory` inside it before any volume's mount.
public struct ContainerLayout: Sendable, Equatable {
    public var rootfs: String?
    public var sandbox: String?
    /// The sandbox's path inside a container with a rootfs: the agent's `--sandbox_directory`.
    public var sandboxDirectory: String

    public init(rootfs: String? = nil, sandbox: String? = nil, sandboxDirectory: String = Configuration.Mesos().sandboxDirectory) {
        self.rootfs = rootfs
        self.sandbox = sandbox
        self.sandboxDirectory = sandboxDirectory
    }

    /// Where one volume goes.
    public struct Placement: Sendable, Equatable {
        /// The mount point efs-hook makes: `relative` walked from `root`.
        public var root: String
        public var relative: String
        /// The target of a bind Mesos performs from a launch info. It is the mount point, but for
        /// a relative path in a container with a rootfs: there Mesos' sandbox bind would hide a
        /// mount point made under the rootfs, so it is made in the sandbox and the target is
        /// `ROOTFS/SANDBOX_DIR/PATH`, where the container sees that directory.
        public var launchTarget: String

        public var mountPoint: String { ContainerLayout.join(root, relative) }
    }

    /// absolute → `ROOTFS/PATH` (or `PATH` without a rootfs); relative → mount point
    /// `DIRECTORY/PATH`, target `ROOTFS/SANDBOX_DIR/PATH` with a rootfs, else `DIRECTORY/PATH`.
    public func placement(for request: VolumeRequest) throws(EFSHookError) -> Placement {
        let path = request.containerPath
        if path.hasPrefix("/") {
            let root = rootfs ?? "/"
            let relative = String(path.dropFirst())
            return Placement(root: root, relative: relative, launchTarget: Self.join(root, relative))
        }
        guard let sandbox else {
            throw .usage("volume \"\(request.name)\" has the relative container path \"\(path)\"; pass --sandbox")
        }
        let inside = rootfs.map { Self.join(Self.join($0, String(sandboxDirectory.drop { $0 == "/" })), path) }
        return Placement(root: sandbox, relative: path, launchTarget: inside ?? Self.join(sandbox, path))
    }

    /// The target of the volume's bind: Mesos' (`launchInfo`), or the mount point when efs-hook
    /// binds it itself, before Mesos binds the sandbox (recursively) into the rootfs.
    public func target(for request: VolumeRequest, launchInfo: Bool) throws(EFSHookError) -> String {
        let placement = try placement(for: request)
        return launchInfo ? placement.launchTarget : placement.mountPoint
    }

    /// Without a rootfs an absolute path is a host path: it must exist, as in Mesos.
    public func mayCreate(_ request: VolumeRequest) -> Bool {
        !(request.containerPath.hasPrefix("/") && rootfs == nil)
    }

    static func join(_ root: String, _ relative: String) -> String {
        root == "/" ? "/" + relative : (root.hasSuffix("/") ? root : root + "/") + relative
    }
}
