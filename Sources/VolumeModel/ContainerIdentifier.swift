import Common

/// Container ids name state files and lock files, so they are held to a safe alphabet.
/// Mesos uses UUIDs; nested containers are written `parent.child`.
public enum ContainerIdentifier {
    public static let maxLength = 200

    public static func validate(_ id: String) throws(EFSHookError) {
        let bytes = Array(id.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLength else {
            throw .usage("container id must be 1 to \(maxLength) characters")
        }
        let allowed = bytes.allSatisfy {
            VolumeName.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
        guard allowed, VolumeName.isAlphanumeric(bytes[0]) else {
            throw .usage(
                "container id \"\(Quoting.safe(id))\" may contain only letters, digits, '-', '_' and '.', and must start with a letter or digit"
            )
        }
    }
}
