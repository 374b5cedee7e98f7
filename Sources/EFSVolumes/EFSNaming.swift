import AWSClient
import Crypto
import Foundation

/// Deterministic names: every agent of a cluster computes the same creation token and client
/// token for a volume, so concurrent agents converge on one file system or access point.
public struct EFSNaming: Sendable {
    public var clusterTag: String

    public init(clusterTag: String) { self.clusterTag = clusterTag }

    public static let managedByKey = "efs-hook:managed-by"
    public static let clusterKey = "efs-hook:cluster"
    public static let volumeKey = "efs-hook:volume"
    /// How the resource was provisioned: the mode and the options that chose it
    /// (`filesystem`, `accessPoint fileSystemId=fs-…`), so an agent asking for the same name
    /// in another shape is refused instead of given a second copy.
    public static let provisioningKey = "efs-hook:provisioning"

    /// The shape of a volume that is its own file system.
    public static let fileSystemShape = "filesystem"

    /// The shape of a volume that is an access point on `fileSystemId`.
    public static func accessPointShape(fileSystemId: String) -> String { "accessPoint fileSystemId=\(fileSystemId)" }

    /// `efs-hook-` + 40 hex digits of SHA-256(cluster/volume): 49 characters, within EFS's 64.
    public func creationToken(volume: String) -> String { "efs-hook-" + digest("fs/\(clusterTag)/\(volume)") }

    public func accessPointToken(volume: String, fileSystemId: String) -> String {
        "efs-hook-" + digest("ap/\(clusterTag)/\(fileSystemId)/\(volume)")
    }

    /// `shape`: how it is provisioned (`provisioningKey`); nil leaves that tag out.
    public func tags(volume: String, shape: String? = nil) -> [EFSTag] {
        [
            EFSTag(key: "Name", value: "efs-hook/\(clusterTag)/\(volume)"),
            EFSTag(key: Self.managedByKey, value: "efs-hook"),
            EFSTag(key: Self.clusterKey, value: clusterTag),
            EFSTag(key: Self.volumeKey, value: volume),
        ] + (shape.map { [EFSTag(key: Self.provisioningKey, value: $0)] } ?? [])
    }

    /// What `provisioningKey` says; resources made before it existed have none.
    public func shape(of tags: [EFSTag]?) -> String? {
        (tags ?? []).first { $0.key == Self.provisioningKey }?.value
    }

    /// True only for resources efs-hook tagged as its own for this cluster and volume; nothing
    /// else is ever deleted.
    public func isOwned(_ tags: [EFSTag]?, volume: String? = nil) -> Bool {
        let map = Dictionary((tags ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard map[Self.managedByKey] == "efs-hook", map[Self.clusterKey] == clusterTag else { return false }
        return volume.map { map[Self.volumeKey] == $0 } ?? (map[Self.volumeKey] != nil)
    }

    public func volume(of tags: [EFSTag]?) -> String? {
        (tags ?? []).first { $0.key == Self.volumeKey }?.value
    }

    private func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined().prefix(40).description
    }
}
