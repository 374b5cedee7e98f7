import Common
import VolumeModel

/// `volume_context` (NodeStage, NodePublish) and CreateVolume's `parameters`: efs-hook's
/// volume options, by the names the Docker plugin's `-o` takes. An unknown key is refused,
/// as the EFS CSI driver does; the keys a CO adds on its own are dropped, and the EFS CSI
/// driver's `encryptInTransit` is efs-hook's `tls`.
enum CSIVolumeContext {
    /// Added by the Kubernetes external-provisioner to every volume it creates.
    static let ignoredKeys: Set<String> = ["storage.kubernetes.io/csiProvisionerIdentity"]
    static let aliases = ["encryptInTransit": VolumeOption.tls.rawValue]

    /// The options of `context` for `handle`'s volume: a handle's own ids stay as it names
    /// them, and a context naming others is refused.
    static func options(_ context: [String: String], for handle: CSIVolumeHandle) throws(EFSHookError) -> VolumeOptions {
        let raw = context.filter { !ignoredKeys.contains($0.key) }.sorted { $0.key < $1.key }.map {
            (key: aliases[$0.key] ?? $0.key, value: $0.value)
        }
        let asked = try VolumeOptions.parse(raw, volume: handle.name)
        if handle.isEFSHandle {
            for key in [VolumeOption.fileSystemId, .accessPointId] where asked[key] != nil && asked[key] != handle.options[key] {
                throw .invalidTask(
                    "volume \(handle.name): volume_context's \(key.rawValue) \(asked[key] ?? "") disagrees with the volume id")
            }
            guard asked[.path] == nil else {
                throw .invalidTask(
                    "volume \(handle.name): a path in volume_context is not supported for a file system handle; use an access point with that path"
                )
            }
        }
        return handle.options.filling(from: asked)
    }

    /// The options as a volume context: what CreateVolume returns, and Node calls bring back.
    static func context(of options: VolumeOptions) -> [String: String] { options.values }
}
