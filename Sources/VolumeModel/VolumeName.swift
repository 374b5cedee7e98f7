import Common

/// Docker-style volume names: `[A-Za-z0-9][A-Za-z0-9_.-]*`, at most 64 characters.
///
/// The name becomes a directory under the mount root, part of an EFS creation token and a
/// lock file name, so nothing outside this set may pass.
public enum VolumeName {
    public static let maxLength = 64

    public static func validate(_ name: String) throws(EFSHookError) {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty else {
            throw .invalidTask("volume name is empty")
        }
        guard bytes.count <= maxLength else {
            throw .invalidTask("volume \"\(Quoting.safe(name))\": name is longer than \(maxLength) characters")
        }
        guard isAlphanumeric(bytes[0]) else {
            throw .invalidTask("volume \"\(Quoting.safe(name))\": name must start with a letter or digit")
        }
        let allowed = bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
        guard allowed else {
            throw .invalidTask("volume \"\(Quoting.safe(name))\": name may contain only letters, digits, '_', '.' and '-'")
        }
    }

    public static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
