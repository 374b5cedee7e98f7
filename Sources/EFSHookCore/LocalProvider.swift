import Common
import HostLayer
import VolumeModel

/// A volume is a directory under `root`, created on first use and never deleted; its host
/// mount is a bind mount, so the host-mount sharing is exactly the one EFS volumes use.
public struct LocalProvider: VolumeProvider {
    public let root: String
    private let mounter = Mounter()

    public init(root: String) {
        self.root = root
    }

    public var name: String { "local" }

    public func provision(_ request: VolumeRequest) async throws(EFSHookError) -> HostMountSource {
        try AtomicFile.makeDirectory(root, mode: 0o755)
        let directory = "\(root)/\(request.name)"
        try AtomicFile.makeDirectory(directory, mode: 0o755)
        return HostMountSource(source: directory)
    }

    public func mountHost(_ source: HostMountSource, request: VolumeRequest, at mountPoint: String) async throws(EFSHookError) {
        try mounter.bind(source: source.source, target: mountPoint, readOnly: false)
    }

    public func released(_ record: HostMountRecord, options: VolumeOptions) async throws(EFSHookError) {}
}
