import Common
import EFSHookCore
import VolumeModel

/// CreateVolume's name as an efs-hook volume name. The CSI spec lets a CO send up to 128
/// characters (Kubernetes sends `pvc-UUID`), and efs-hook names are at most 64, because a
/// name is part of an EFS creation token: a longer name becomes its first characters and a
/// digest of the whole, the same every time, so CreateVolume stays idempotent by name.
enum CSIVolumeName {
    static let digestHexDigits = 16

    static func volumeName(for name: String) -> String {
        guard name.utf8.count > VolumeName.maxLength else { return name }
        let digest = TextDigest.sha256Hex(name, bytes: digestHexDigits / 2)
        let kept = VolumeName.maxLength - digestHexDigits - 1
        return String(decoding: Array(name.utf8.prefix(kept)), as: UTF8.self) + "-" + digest
    }
}
