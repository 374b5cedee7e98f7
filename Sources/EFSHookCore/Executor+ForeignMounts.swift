import Common
import HostLayer
import VolumeModel

extension Executor {
    /// Unmounts what another tool mounted for `volume` at `path` (REX-Ray's
    /// `/var/lib/rexray/volumes/NAME`, still there from before an agent switched to efs-hook),
    /// under the volume's lock. Returns false when nothing is mounted there.
    public func releaseForeignMount(_ volume: String, at path: String) throws(EFSHookError) -> Bool {
        try VolumeName.validate(volume)
        let locks = try state.lockVolumes([volume])
        defer { locks.forEach { $0.release() } }
        guard try host.isMountPoint(path) else { return false }
        try host.unmountAll(path)
        host.removeMountPoint(path)
        logger.notice("unmounted a volume REX-Ray had mounted", metadata: ["volume": "\(volume)", "mountPoint": "\(path)"])
        return true
    }
}
