import Common
import EFSHookCore
import VolumeModel

/// The volumes CSI calls name, as the holder service keeps them: definitions made by
/// CreateVolume (or `docker volume create`, `provision`), and the options a node call mounts
/// a volume with.
struct CSIVolumes: Sendable {
    let holders: HolderService
    let administrator: VolumeAdministrator

    /// The volume a node call mounts: its volume_context's options (the ones CreateVolume
    /// returned), else its definition's on this host, else none (the configured defaults).
    /// `reclaim` never reaches a mount: deletion belongs to DeleteVolume.
    func spec(_ handle: CSIVolumeHandle, context: [String: String]) throws(EFSHookError) -> VolumeSpec {
        var options = try CSIVolumeContext.options(context.filter { $0.key != VolumeOption.reclaim.rawValue }, for: handle)
        if options.isEmpty, let definition = try holders.definition(handle.name) { options = try definition.mountOptions() }
        return VolumeSpec(name: handle.name, options: options)
    }

    /// Whether the volume is one efs-hook knows: defined here, or an EFS handle (which names
    /// a file system that exists outside efs-hook).
    func exists(_ handle: CSIVolumeHandle) throws(EFSHookError) -> Bool {
        if handle.isEFSHandle { return true }
        return try holders.definition(handle.name) != nil
    }

    /// CreateVolume: defines the volume with `options` (the same options again succeed;
    /// others are refused, `definedOtherwise`), and with a provider that has resources of its
    /// own (EFS) creates them now and waits until they are available. Returns the definition.
    func create(_ name: String, options: VolumeOptions, hasResources: Bool) async throws(EFSHookError) -> VolumeDefinition {
        guard hasResources else { return try holders.define(name, options: options, frontEnd: .csi) }
        if let existing = try holders.definition(name), options.isEmpty || existing.options == options { return existing }
        let request = VolumeRequest.direct(VolumeSpec(name: name, options: options))
        _ = try await administrator.provisionAhead([request], identity: TaskIdentity(frontEnd: .csi)) { _ in }
        return try holders.definition(name) ?? VolumeDefinition(name: name, options: options)
    }
}
