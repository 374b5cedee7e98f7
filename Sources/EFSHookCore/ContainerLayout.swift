import Common
import VolumeModel

/// Where a container's volumes go on the host, following Mesos' docker/volume isolator:
/// absolute paths under the rootfs (or on the host when the container has none), relative
/// paths under the sandbox.
public struct ContainerLayout: Sendable, Equatable {
    public var rootfs: String?
    public var sandbox: String?

    public init(rootfs: String? = nil, sandbox: String? = nil) {
        self.rootfs = rootfs
        self.sandbox = sandbox
    }

    /// The directory the walk starts from, and the path below it.
    public func anchor(for request: VolumeRequest) throws(EFSHookError) -> (root: String, relative: String) {
        if request.containerPath.hasPrefix("/") {
            return (rootfs ?? "/", String(request.containerPath.dropFirst()))
        }
        guard let sandbox else {
            throw .usage("volume \"\(request.name)\" has the relative container path \"\(request.containerPath)\"; pass --sandbox")
        }
        return (sandbox, request.containerPath)
    }

    public func target(for request: VolumeRequest) throws(EFSHookError) -> String {
        let (root, relative) = try anchor(for: request)
        return root == "/" ? "/" + relative : (root.hasSuffix("/") ? root : root + "/") + relative
    }

    /// Without a rootfs an absolute path is a host path: it must exist, as in Mesos.
    public func mayCreate(_ request: VolumeRequest) -> Bool {
        !(request.containerPath.hasPrefix("/") && rootfs == nil)
    }
}
