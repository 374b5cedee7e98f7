import Common
import Foundation
import HostLayer
import VolumeModel

/// A volume is a directory under `root`, created on first use and never deleted; its host
/// mount is a bind mount, so the host-mount sharing is exactly the one EFS volumes use.
public struct LocalProvider: VolumeProvider {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    public var name: String { "local" }

    public func provision(_ request: ProvisionRequest) async throws(EFSHookError) -> ProvisionedVolume {
        let directory = "\(root)/\(request.name)"
        guard request.mayCreate || access(directory, F_OK) == 0 else {
            throw .failure("volume \(request.name) does not exist in \(root) and may not be created here (explicit create)")
        }
        try AtomicFile.makeDirectory(root, mode: 0o755)
        try AtomicFile.makeDirectory(directory, mode: 0o755)
        return ProvisionedVolume(mount: .bind(source: directory))
    }

    public func released(_ record: HostMountRecord, options: VolumeOptions) async throws(EFSHookError) {}
}
