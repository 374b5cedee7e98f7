import Common
import Foundation

/// One header line. Requests keep headers as an ordered list because a name may repeat and
/// SigV4 signs repeated values in their original order. Descriptions hide the values of
/// headers that carry credentials or tokens.
public struct HTTPHeader: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    static let sensitiveNames: Set<String> = [
        "authorization", "x-amz-security-token", "x-aws-ec2-metadata-token", "proxy-authorization",
    ]

    public var redactedValue: String {
        HTTPHeader.sensitiveNames.contains(name.lowercased()) ? "<redacted>" : value
    }

    public var description: String { "\(name): \(redactedValue)" }
    public var customMirror: Mirror { Mirror(self, children: ["name": name, "value": redactedValue], displayStyle: .struct) }
}

extension Array where Element == HTTPHeader {
    /// The first value of `name`, compared case-insensitively.
    public func value(for name: String) -> String? {
        let wanted = name.lowercased()
        return first { $0.name.lowercased() == wanted }?.value
    }

    public mutating func removeAll(named name: String) {
        let wanted = name.lowercased()
        removeAll { $0.name.lowercased() == wanted }
    }
}

public struct HTTPRequest: Sendable {
    public var method: String
    /// The URL exactly as sent: path and query already percent-encoded.
    public var url: String
    public var headers: [HTTPHeader]
    public var body: Data
    /// Deadline for the whole exchange, connecting included.
    public var timeout: Duration

    public init(method: String, url: String, headers: [HTTPHeader] = [], body: Data = Data(), timeout: Duration = .seconds(10)) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: Data

    public init(status: Int, headers: [HTTPHeader] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends one HTTP exchange. Implementations throw `EFSHookError` with one of the
/// `ErrorCode.transportFailures` codes when no HTTP response arrived.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(EFSHookError) -> HTTPResponse
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
