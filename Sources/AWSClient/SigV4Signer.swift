import Crypto
import Foundation

/// AWS Signature Version 4, as botocore's `SigV4Auth` computes it for non-S3 services:
/// the path is normalized (dot segments and empty segments removed) and percent-encoded a
/// second time, the query string is taken as sent and sorted, every header except a few
/// hop-by-hop ones is signed, and the payload hash is always the body's SHA-256 (no
/// `x-amz-content-sha256` header is added).
public struct SigV4Signer: Sendable {
    public var service: String
    public var region: String

    public init(service: String, region: String) {
        self.service = service
        self.region = region
    }

    public struct Signed: Sendable {
        /// The request with `X-Amz-Date` (or `Date`), `X-Amz-Security-Token`, `Host` and
        /// `Authorization` set.
        public var request: HTTPRequest
        public var authorization: String
        public var canonicalRequest: String
        public var stringToSign: String
    }

    /// Never signed, as in botocore: hop-by-hop headers and ones proxies rewrite.
    public static let unsignedHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    public func sign(_ request: HTTPRequest, credentials: AWSCredentials, date: Date) -> Signed {
        let timestamp = UTCTime.sigV4Timestamp(date)
        let day = String(timestamp.prefix(8))
        var headers = request.headers
        headers.removeAll(named: "authorization")
        if headers.value(for: "date") != nil {
            headers.removeAll(named: "date")
            headers.append(HTTPHeader("Date", UTCTime.rfc2822(date)))
            headers.removeAll(named: "x-amz-date")
        } else {
            headers.removeAll(named: "x-amz-date")
            headers.append(HTTPHeader("X-Amz-Date", timestamp))
        }
        if let token = credentials.sessionToken, !token.isEmpty {
            headers.removeAll(named: "x-amz-security-token")
            headers.append(HTTPHeader("X-Amz-Security-Token", token))
        }
        let parts = URLParts(request.url)
        if headers.value(for: "host") == nil, let parts {
            headers.append(HTTPHeader("Host", parts.hostHeader))
        }

        let signedNames = Self.signedHeaderNames(headers)
        let canonicalRequest = [
            request.method.uppercased(),
            Self.canonicalPath(parts?.path ?? "/"),
            Self.canonicalQuery(parts?.query ?? ""),
            Self.canonicalHeaders(headers, names: signedNames) + "\n",
            signedNames.joined(separator: ";"),
            headers.value(for: "x-amz-content-sha256") ?? Self.hexSHA256(request.body),
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", timestamp, scope, Self.hexSHA256(Data(canonicalRequest.utf8))]
            .joined(separator: "\n")

        var key = SymmetricKey(data: Data("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), "
            + "SignedHeaders=\(signedNames.joined(separator: ";")), Signature=\(signature)"
        headers.append(HTTPHeader("Authorization", authorization))

        var signed = request
        signed.headers = headers
        return Signed(
            request: signed, authorization: authorization, canonicalRequest: canonicalRequest, stringToSign: stringToSign)
    }

    static func signedHeaderNames(_ headers: [HTTPHeader]) -> [String] {
        let names = Set(headers.map { $0.name.lowercased() }).subtracting(unsignedHeaders)
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    static func canonicalHeaders(_ headers: [HTTPHeader], names: [String]) -> String {
        names.map { name in
            let values = headers.filter { $0.name.lowercased() == name }.map { trimAll($0.value) }
            return name + ":" + values.joined(separator: ",")
        }.joined(separator: "\n")
    }

    /// Python's `' '.join(value.split())`: outer whitespace dropped, inner runs collapsed.
    static func trimAll(_ value: String) -> String {
        // Most values (a session token is about 1 KB) come back unchanged, and the scalar walk
        // below costs about 50 ns a character.
        if isTrimmedASCII(value) { return value }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            if isPythonWhitespace(scalar) {
                if !current.isEmpty { words.append(String(current)); current = .init() }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words.joined(separator: " ")
    }

    /// Printable ASCII with single spaces between words only.
    private static func isTrimmedASCII(_ value: String) -> Bool {
        var previous = UInt8(ascii: " ")
        for byte in value.utf8 {
            guard byte > 0x20 && byte < 0x7F || byte == 0x20 && previous != 0x20 else { return false }
            previous = byte
        }
        return previous != 0x20
    }

    private static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// botocore's `remove_dot_segments` (which also drops empty segments), then encoding with
    /// `/` kept: a path that was already percent-encoded is encoded again.
    static func canonicalPath(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                if !output.isEmpty { output.removeLast() }
            } else {
                output.append(segment)
            }
        }
        var normalized = path.hasPrefix("/") ? "/" : ""
        normalized += output.joined(separator: "/")
        if path.hasSuffix("/") && !output.isEmpty { normalized += "/" }
        return PercentEncoding.encode(normalized, keepingSlash: true)
    }

    /// The query as sent, split into pairs and sorted by key, then value; not re-encoded.
    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs: [(key: [UInt8], value: [UInt8])] = query.split(separator: "&", omittingEmptySubsequences: false).map {
            pair in
            if let equals = pair.firstIndex(of: "=") {
                return (Array(pair[..<equals].utf8), Array(pair[pair.index(after: equals)...].utf8))
            }
            return (Array(pair.utf8), [])
        }
        let sorted = pairs.sorted { lhs, rhs in
            lhs.key == rhs.key ? lhs.value.lexicographicallyPrecedes(rhs.value) : lhs.key.lexicographicallyPrecedes(rhs.key)
        }
        return sorted.map { String(decoding: $0.key, as: UTF8.self) + "=" + String(decoding: $0.value, as: UTF8.self) }
            .joined(separator: "&")
    }

    static func hexSHA256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
