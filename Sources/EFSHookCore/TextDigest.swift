import Crypto

/// A short, stable name for a text too long or too free to be a file name or volume name
/// itself (a CSI path, a CSI volume name): the first bytes of its SHA-256, in hex.
public enum TextDigest {
    public static func sha256Hex(_ text: String, bytes: Int) -> String {
        SHA256.hash(data: Array(text.utf8)).prefix(bytes).map { byte in
            byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
    }
}
