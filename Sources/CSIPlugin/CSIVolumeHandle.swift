import Common
import VolumeModel

/// A CSI volume id: an efs-hook volume name, or one of the EFS CSI driver's handles (`fs-ID`,
/// `fs-ID::fsap-ID`, either with `efs:` in front), so a volume moves over from Kubernetes
/// unchanged. A handle is the volume of that file system (through that access point): its
/// name is the handle itself (`fs-ID`, `fs-ID.fsap-ID`), its options the ids it names.
struct CSIVolumeHandle: Sendable, Equatable {
    /// The efs-hook volume name.
    let name: String
    /// What the handle names (file system, access point); empty for a plain name.
    let options: VolumeOptions

    var isEFSHandle: Bool { !options.isEmpty }

    init(parsing id: String) throws(EFSHookError) {
        guard !id.isEmpty else { throw .invalidTask("the volume id is empty") }
        let handle = id.hasPrefix("efs:") ? String(id.dropFirst(4)) : id
        let namesFileSystem = (try? VolumeOptions.parse([(key: VolumeOption.fileSystemId.rawValue, value: handle)], volume: id)) != nil
        guard id.hasPrefix("efs:") || handle.contains(":") || namesFileSystem else {
            try VolumeName.validate(id)
            name = id
            options = VolumeOptions()
            return
        }
        let parts = handle.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 1 || (parts.count == 3 && parts[1].isEmpty) else {
            throw .invalidTask(
                "volume id \"\(Quoting.safe(id))\": a subpath in the handle is not supported; use fs-ID, fs-ID::fsap-ID or an access point with that path"
            )
        }
        var raw = [(key: VolumeOption.fileSystemId.rawValue, value: parts[0])]
        if parts.count == 3 { raw.append((key: VolumeOption.accessPointId.rawValue, value: parts[2])) }
        options = try VolumeOptions.parse(raw, volume: id)
        name = parts.count == 3 ? "\(parts[0]).\(parts[2])" : parts[0]
        try VolumeName.validate(name)
    }
}
