/// Makes untrusted text safe to put in a one-line message: control characters are escaped
/// and very long values are cut, so an error can never forge extra log lines.
public enum Quoting {
    public static func safe(_ text: String, limit: Int = 120) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit { out += "…"; break }
            count += 1
            switch scalar {
            case "\0": out += "\\0"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if needsEscape(scalar) {
                    out +=
                        scalar.value <= 0xFF
                        ? "\\x" + String(scalar.value, radix: 16) : "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidi
    /// controls that can make a line read differently from what it contains.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
