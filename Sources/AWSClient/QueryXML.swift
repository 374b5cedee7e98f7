import Foundation

/// The few element values efs-hook reads from query-protocol (XML) answers. STS's answers are
/// flat and small, and their values never contain markup, so finding the element by name is
/// enough; entities are decoded.
enum QueryXML {
    /// The text of the first `<name>…</name>`, entity-decoded; nil when absent.
    static func value(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"),
            let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        return decoded(String(text[open.upperBound..<close.lowerBound]))
    }

    static func decoded(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return
            text
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&#xD;", with: "\r").replacingOccurrences(of: "&#xA;", with: "\n")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
