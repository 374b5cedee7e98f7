import Common
import VolumeModel

/// A path an orchestrator asks a volume to appear at: CSI's staging path (NodeStageVolume)
/// or target path (NodePublishVolume). Each path is a user of the volume of its own, a holder
/// named by a digest of the path, so `recover` keeps it until it is unpublished, and the
/// host mount goes with the last one. The path must lie under one of the operator's roots
/// (`csi.targetRoots`): the bind is made through a symlink-free walk down from that root, so
/// a link planted on the way cannot send it elsewhere.
public struct Publication: Sendable, Equatable {
    /// The path as asked: absolute, without `.`, `..` or empty components.
    public let path: String
    /// The root it lies under, and the rest of the path below it.
    let root: String
    let relative: String
    let holder: Holder

    public static let maxPathBytes = 4095

    public init(path: String, roots: [String]) throws(EFSHookError) {
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard path.hasPrefix("/"), path.utf8.count <= Self.maxPathBytes, !path.contains("\0"),
            !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
        else {
            throw .invalidTask(
                "path \"\(Quoting.safe(path))\" must be absolute, at most \(Self.maxPathBytes) bytes, without \".\", \"..\" or \"//\"")
        }
        guard let root = roots.first(where: { path.hasPrefix($0 + "/") }) else {
            throw .permissionDenied(
                "path \(Quoting.safe(path)) is not under csi.targetRoots (\(roots.joined(separator: ", "))); efs-hook binds volumes only there"
            )
        }
        self.path = path
        self.root = root
        relative = String(path.dropFirst(root.count + 1))
        holder = Holder.publication(digest: TextDigest.sha256Hex(path, bytes: 16), path: path)
    }

    /// The user record's id: `@csi.` and 32 hex digits.
    public var userID: String { holder.id }
}
