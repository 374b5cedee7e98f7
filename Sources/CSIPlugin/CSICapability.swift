import CSIProto
import Common

/// What efs-hook serves of a CSI `VolumeCapability`: a mounted file system (never a block
/// device) in any access mode, since an EFS file system is shared by nature. A reader-only
/// mode makes the bind read-only. Mount flags and a file system type other than NFS's are
/// refused: the mount is efs-hook's, and its options come from the volume.
enum CSICapability {
    static let readerOnlyModes: Set<Csi_V1_VolumeCapability.AccessMode.Mode> = [.singleNodeReaderOnly, .multiNodeReaderOnly]
    static let fileSystemTypes: Set<String> = ["", "nfs", "nfs4", "efs"]

    /// Why efs-hook cannot serve `capability`, or nil when it can.
    static func problem(_ capability: Csi_V1_VolumeCapability) -> String? {
        switch capability.accessType {
        case .block: return "a block volume is not supported: EFS is a file system"
        case nil: return "the volume capability names neither mount nor block"
        case .mount(let mount):
            if !fileSystemTypes.contains(mount.fsType) {
                return "file system type \(Quoting.safe(mount.fsType)) is not supported (EFS is NFS)"
            }
            if !mount.mountFlags.isEmpty { return "mount flags are not supported; give the volume's options in volume_context" }
        }
        guard capability.hasAccessMode, capability.accessMode.mode != .unknown,
            Csi_V1_VolumeCapability.AccessMode.Mode.allCases.contains(capability.accessMode.mode)
        else { return "the volume capability has no known access mode" }
        return nil
    }

    /// Checks one request's capability and says whether it asks for a read-only bind.
    static func check(_ capability: Csi_V1_VolumeCapability?) throws(EFSHookError) -> Bool {
        guard let capability else { throw .invalidTask("the volume capability is missing") }
        if let problem = problem(capability) { throw .invalidTask(problem) }
        return readerOnlyModes.contains(capability.accessMode.mode)
    }
}
