import Common

/// Route A: a HOST_PATH volume at `mountRoot/NAME` asks for efs-hook volume NAME. The agent's
/// `volume/host_path` isolator binds the host path into the container after every isolator
/// has prepared, so the mount efs-hook makes there during its own prepare is what it binds.
/// Such volumes name no driver: they are efs-hook's own, with its naming, whatever the
/// agent's `drivers` (see `RawVolume.driver`).
public enum HostPathVolume {
    /// NAME when `path` is `mountRoot/NAME`; nil for a path outside mountRoot. A path deeper
    /// inside mountRoot (or mountRoot itself) is refused: with the agent creating missing host
    /// paths, the container would start on an empty directory instead of the volume.
    public static func name(at path: String, mountRoot: String) throws(EFSHookError) -> String? {
        let root = normalized(mountRoot)
        let host = normalized(path)
        guard !root.isEmpty, host == root || host.hasPrefix(root + "/") else { return nil }
        let rest = host.dropFirst(root.count).drop(while: { $0 == "/" })
        guard !rest.isEmpty, !rest.contains("/") else {
            throw .invalidTask(
                "host path \"\(Quoting.safe(path))\" is inside efs-hook's mount root \(mountRoot) but names no volume: use \(mountRoot)/NAME"
            )
        }
        return String(rest)
    }

    private static func normalized(_ path: String) -> String {
        "/" + path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
    }
}
