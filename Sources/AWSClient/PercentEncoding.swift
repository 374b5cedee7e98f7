/// Percent-encoding as AWS expects it (botocore's `percent_encode`): every UTF-8 byte except
/// the RFC 3986 unreserved set `A-Z a-z 0-9 - . _ ~` becomes `%XX` with upper-case hex.
public enum PercentEncoding {
    public static func encode(_ text: String, keepingSlash: Bool = false) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}

/// Builds request URLs the way botocore's REST serializer does: each path segment encoded as
/// a URI label, query pairs encoded with the unreserved set, in the order given.
public enum AWSRequestURL {
    public static func make(endpoint: String, segments: [String], query: [(String, String)] = []) -> String {
        let path = "/" + segments.map { PercentEncoding.encode($0) }.joined(separator: "/")
        return make(endpoint: endpoint, rawPath: path, query: query)
    }

    /// `rawPath` is used as it is (already in wire form).
    public static func make(endpoint: String, rawPath: String, query: [(String, String)] = []) -> String {
        var base = endpoint
        var basePath = ""
        if let parts = URLParts(endpoint) {
            base = parts.scheme + "://" + parts.netloc
            basePath = parts.path
        }
        let path: String
        if rawPath.isEmpty || rawPath == "/" {
            path = basePath.isEmpty ? "/" : basePath
        } else if basePath.hasSuffix("/") && rawPath.hasPrefix("/") {
            path = String(basePath.dropLast()) + rawPath
        } else {
            path = basePath + rawPath
        }
        var url = base + path
        if !query.isEmpty {
            url += "?" + query.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
        }
        return url
    }
}

/// The parts of a URL string as Python's `urlsplit` sees them, with nothing decoded.
struct URLParts: Sendable, Equatable {
    var scheme: String
    var netloc: String
    var path: String
    var query: String

    init?(_ url: String) {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        scheme = url[..<schemeEnd.lowerBound].lowercased()
        var rest = url[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let netlocEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        netloc = String(rest[..<netlocEnd])
        rest = rest[netlocEnd...]
        if let mark = rest.firstIndex(of: "?") {
            path = String(rest[..<mark])
            query = String(rest[rest.index(after: mark)...])
        } else {
            path = String(rest)
            query = ""
        }
    }

    /// `user:password` before `@`, still encoded; nil when absent.
    var userInfo: String? {
        guard let at = netloc.lastIndex(of: "@") else { return nil }
        return String(netloc[..<at])
    }

    /// Lower-cased host without user info; IPv6 literals keep their brackets.
    var hostname: String {
        var host = Substring(netloc)
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            return String(host[...close]).lowercased()
        }
        if let colon = host.lastIndex(of: ":") { host = host[..<colon] }
        return host.lowercased()
    }

    var port: Int? {
        var host = Substring(netloc)
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") { host = host[host.index(after: close)...] }
        guard let colon = host.lastIndex(of: ":") else { return nil }
        return Int(host[host.index(after: colon)...])
    }

    /// The Host header value botocore signs: default ports left out.
    var hostHeader: String {
        let defaultPort = scheme == "https" ? 443 : (scheme == "http" ? 80 : nil)
        if let port, port != defaultPort { return "\(hostname):\(port)" }
        return hostname
    }
}
