import Foundation

/// AWS credentials. `description` and `debugDescription` show only a redacted access key id
/// and whether a token is present, so printing or logging a value leaks nothing.
public struct AWSCredentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?
    /// Where they came from (`environment`, `shared-file:default`, `container`, `instance-metadata`).
    public var source: String

    public init(
        accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil,
        source: String = "static"
    ) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.source = source
    }

    /// The first four characters and `****`, e.g. `AKIA****`.
    public var redactedAccessKeyId: String { String(accessKeyId.prefix(4)) + "****" }

    public var description: String {
        var text = "AWSCredentials(accessKeyId: \(redactedAccessKeyId), secretAccessKey: <redacted>"
        text += sessionToken == nil ? "" : ", sessionToken: <redacted>"
        if let expiration { text += ", expiration: \(UTCTime.sigV4Timestamp(expiration))" }
        return text + ", source: \(source))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["description": description], displayStyle: .struct)
    }
}
