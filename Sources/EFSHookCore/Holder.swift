import Common
import VolumeModel

/// A user of a volume on this host that is not a Mesos container: a front end that binds the
/// host mount itself (the dvdcli drop-in, the Docker plugin). Holder ids start with `@`,
/// which no container id may, so a holder and a container can never share a record or lock.
public struct Holder: Sendable, Equatable, CustomStringConvertible {
    public let id: String
    /// The id versions before typed holders used (a valid container id), released with this one.
    let legacyID: String
    /// The front end holding it: what the tenant policy knows of a holder's identity.
    public let frontEnd: FrontEnd
    public let description: String

    /// dvdcli holds a volume once per host, whatever the number of containers using it.
    public static func dvdcli(volume: String) -> Holder {
        Holder(id: "@dvdcli.\(volume)", legacyID: "dvdcli-\(volume)", frontEnd: .dvdcli, description: "dvdcli")
    }

    /// One Docker `Mount` call: Docker sends a fresh ID per mount (64 hex digits); dvdcli's
    /// client sends none, and its mounts share one holder per volume.
    public static func dockerMount(id: String?, volume: String) throws(EFSHookError) -> Holder {
        guard let id, !id.isEmpty else {
            return Holder(
                id: "@docker-noid.\(volume)", legacyID: "docker-noid.\(volume)", frontEnd: .docker, description: "the ID-less mount")
        }
        let bytes = Array(id.utf8)
        let allowed = bytes.allSatisfy { VolumeName.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        guard bytes.count <= 128, allowed, VolumeName.isAlphanumeric(bytes[0]) else {
            throw .invalidTask(
                "mount ID \"\(Quoting.safe(id))\" must be 1 to 128 letters, digits, '-' or '_', starting with a letter or digit")
        }
        return Holder(id: "@docker.\(id)", legacyID: "docker-\(id)", frontEnd: .docker, description: "mount ID \(id)")
    }

    /// One CSI staging or target path (see `Publication`): `digest` names the path.
    static func publication(digest: String, path: String) -> Holder {
        Holder(id: publicationPrefix + digest, legacyID: publicationPrefix + digest, frontEnd: .csi, description: "the CSI path \(path)")
    }

    static let publicationPrefix = "@csi."

    static func isHolder(_ id: String) -> Bool { id.hasPrefix("@") }

    /// Whether the user record `id` is a Docker mount's (also one an earlier version wrote).
    public static func isDockerMount(_ id: String) -> Bool {
        id.hasPrefix("@docker.") || id.hasPrefix("@docker-noid.") || id.hasPrefix("docker-")
    }
}
