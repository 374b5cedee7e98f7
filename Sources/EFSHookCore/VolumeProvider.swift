import Common
import HostLayer
import VolumeModel

/// What the host-mount ledger asks a provider for: one volume by name and options, with what this
/// host remembers of its last host mount.
public struct ProvisionRequest: VolumeSpecHolder, Sendable, Equatable {
    /// The volume; its naming says whose scheme finds (and creates) its resources.
    public var spec: VolumeSpec
    /// The volume's host-mount record from an earlier mount on this host, if any: the provider
    /// carries over what it needs to remember (which resources this agent created).
    public var previous: HostMountRecord?
    /// False when the volume must already exist (`dvdcli --explicitcreate`): nothing is created.
    public var mayCreate: Bool

    public init(_ spec: VolumeSpec, previous: HostMountRecord? = nil, mayCreate: Bool = true) {
        self.spec = spec
        self.previous = previous
        self.mayCreate = mayCreate
    }
}

/// A provisioned volume: how to mount it, and the provider's facts for the host-mount record.
public struct ProvisionedVolume: Sendable, Equatable {
    public var mount: HostMountSpec
    /// The provider's facts, for the host-mount record.
    public var facts: ProviderFacts?
    /// When `mount` is a subdirectory of the export: the directory to create first.
    public var subdirectory: ExportSubdirectory?
    /// One line for the operator, logged when the volume is mounted (a setting that would help).
    public var notice: String?

    public init(mount: HostMountSpec, facts: ProviderFacts? = nil, subdirectory: ExportSubdirectory? = nil, notice: String? = nil) {
        self.mount = mount
        self.facts = facts
        self.subdirectory = subdirectory
        self.notice = notice
    }
}

/// A backing store for volumes: the local directory provider, or Amazon EFS.
public protocol VolumeProvider: Sendable {
    var name: String { get }
    /// Makes sure the volume exists (creating it if needed and allowed) and says what to mount.
    func provision(_ request: ProvisionRequest) async throws(EFSHookError) -> ProvisionedVolume
    /// Called once the last user on this host has let go of the volume and its host mount is
    /// gone; deletes what the provider created only if the volume asked for it.
    func released(_ record: HostMountRecord, options: VolumeOptions) async throws(EFSHookError)
    /// What to mount without any API call: from this agent's cached resolution of the volume,
    /// or from what the request and configuration already say. nil when a call is needed.
    func resolveWithoutCalls(_ request: ProvisionRequest, cached: VolumeResolution?) -> ProvisionedVolume?
    /// What to cache of a volume just provisioned and mounted, for its next mount here.
    func resolution(of request: ProvisionRequest, provisioned: ProvisionedVolume) -> VolumeResolution?
    /// Inspection and deletion of the provider's resources, for providers that have any.
    var administration: (any VolumeAdministration)? { get }
    /// Releases connections; called once before the process exits.
    func shutdown() async
}

extension VolumeProvider {
    public func resolveWithoutCalls(_ request: ProvisionRequest, cached: VolumeResolution?) -> ProvisionedVolume? { nil }
    public func resolution(of request: ProvisionRequest, provisioned: ProvisionedVolume) -> VolumeResolution? { nil }
    public var administration: (any VolumeAdministration)? { nil }
    public func shutdown() async {}
}

/// What a provider with resources of its own offers `plan --online`, `remove` and `gc`.
public protocol VolumeAdministration: Sendable {
    /// What already exists for the volume, found with read-only calls.
    func inspect(_ request: VolumeRequest) async throws(EFSHookError) -> VolumeInspection
    /// Deletes what efs-hook created for `volume` (only resources tagged as its own). Returns
    /// the ids deleted.
    func remove(volume: String, sharedFileSystem: String?) async throws(EFSHookError) -> [String]
    /// The provider's resources of this cluster, by volume.
    func ownedResources() async throws(EFSHookError) -> [OwnedResource]
    /// The resources of this cluster tagged for `volume`: its file system, and its access
    /// point on `sharedFileSystem` (default: the configured shared file system). Read-only.
    func ownedResources(volume: String, sharedFileSystem: String?) async throws(EFSHookError) -> [OwnedResource]
    /// The client connections of each file system over `window`; a file system the metrics
    /// service has no answer for is missing from the result (its use is unknown).
    func connections(of fileSystemIds: [String], over window: ConnectionHistory.Window) async throws(EFSHookError)
        -> [String: ConnectionHistory]
    /// Deletes one resource `ownedResources` found (its tags are checked again first).
    func delete(_ resource: OwnedResource) async throws(EFSHookError)
    /// Creates (ahead of any launch) what the volume needs in every configured zone and waits
    /// until all of it is available, telling `progress` what it waits for; with `dryRun` only
    /// describes. Idempotent.
    func provisionAhead(_ request: VolumeRequest, dryRun: Bool, progress: @Sendable (String) -> Void) async throws(EFSHookError)
        -> ProvisionReport
}

extension VolumeAdministration {
    /// `inspect` of a volume a front end names itself (no task, no container path).
    public func inspect(_ spec: VolumeSpec) async throws(EFSHookError) -> VolumeInspection {
        try await inspect(VolumeRequest.direct(spec))
    }
}

public struct OwnedResource: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Encodable {
        case fileSystem
        case accessPoint
    }

    public var volume: String
    public var id: String
    public var kind: Kind
    /// The file system itself, or the one the access point is on: whose connections count.
    public var fileSystemId: String

    public init(volume: String, id: String, kind: Kind = .fileSystem, fileSystemId: String? = nil) {
        self.volume = volume
        self.id = id
        self.kind = kind
        self.fileSystemId = fileSystemId ?? id
    }
}
