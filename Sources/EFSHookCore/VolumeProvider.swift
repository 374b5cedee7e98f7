import Common
import VolumeModel

/// Where a provisioned volume's data lives and how to mount it on the host.
public struct HostMountSource: Sendable, Equatable {
    public var source: String
    public var details: [String: String]

    public init(source: String, details: [String: String] = [:]) {
        self.source = source
        self.details = details
    }
}

/// A backing store for volumes: the local directory provider, or Amazon EFS.
public protocol VolumeProvider: Sendable {
    var name: String { get }
    /// Makes sure the volume exists (creating it if needed) and says what to mount.
    func provision(_ request: VolumeRequest) async throws(EFSHookError) -> HostMountSource
    /// Mounts the volume at `mountPoint`, an existing empty directory.
    func mountHost(_ source: HostMountSource, request: VolumeRequest, at mountPoint: String) async throws(EFSHookError)
    /// Called once the last container on this host has let go of the volume and its host
    /// mount is gone; deletes what the provider created only if the volume asked for it.
    func released(_ record: HostMountRecord, options: VolumeOptions) async throws(EFSHookError)
    func shutdown() async
}

extension VolumeProvider {
    /// Releases connections; called once before the process exits.
    public func shutdown() async {}
}
