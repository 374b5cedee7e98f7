/// A machine-readable reason carried by `EFSHookError.code`, so callers branch on it, never on
/// the message or the HTTP status. Open: an AWS service may answer with a code efs-hook has
/// no member for, and it is kept as it came. The codes efs-hook itself invents are declared
/// here; the codes AWS services answer with are declared beside the client that parses them.
public struct ErrorCode: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }
}

// MARK: efs-hook's own: credentials and region

extension ErrorCode {
    /// One of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a profile's pair) without the other.
    public static let partialCredentials: ErrorCode = "PartialCredentials"
    /// AWS_PROFILE names a profile that neither file has.
    public static let profileNotFound: ErrorCode = "ProfileNotFound"
    /// A named profile that cannot give credentials (a role without its source, a loop, …).
    public static let profileNotUsable: ErrorCode = "ProfileNotUsable"
    /// credential_process failed, timed out or printed no usable credentials.
    public static let credentialProcessFailed: ErrorCode = "CredentialProcessFailed"
    /// No source in the credential chain had credentials.
    public static let noCredentials: ErrorCode = "NoCredentials"
    /// The container credentials endpoint answered with an error.
    public static let containerCredentialsError: ErrorCode = "ContainerCredentialsError"
    /// Neither the settings, the environment, the profile nor instance metadata named a region.
    public static let noRegion: ErrorCode = "NoRegion"
    public static let invalidRegion: ErrorCode = "InvalidRegion"
    public static let invalidEndpoint: ErrorCode = "InvalidEndpoint"
    /// The service repeated a pagination marker.
    public static let paginationLoop: ErrorCode = "PaginationLoop"
}

// MARK: efs-hook's own: below HTTP

extension ErrorCode {
    /// No connection was made (refused, unreachable, DNS, connect or TLS handshake timeout):
    /// the server never saw the request, so even a non-idempotent call may be retried.
    public static let connectionFailed: ErrorCode = "ConnectionFailed"
    /// Connected, but no complete response in time: the server may have acted on the request.
    public static let timedOut: ErrorCode = "ResponseTimeout"
    /// The server closed the connection before a complete response.
    public static let connectionLost: ErrorCode = "ConnectionLost"

    /// The codes of a request that got no HTTP answer, so retry logic tells them from service errors.
    public static let transportFailures: Set<ErrorCode> = [.connectionFailed, .timedOut, .connectionLost]
}

// MARK: efs-hook's own: instance metadata

extension ErrorCode {
    public static let imdsDisabled: ErrorCode = "IMDSDisabled"
    public static let imdsUnavailable: ErrorCode = "IMDSUnavailable"
    public static let imdsNoRole: ErrorCode = "IMDSNoRole"
    public static let imdsNotFound: ErrorCode = "IMDSNotFound"
    public static let imdsInvalidResponse: ErrorCode = "IMDSInvalidResponse"
    public static let imdsUnauthorized: ErrorCode = "IMDSUnauthorized"
    public static let imdsForbidden: ErrorCode = "IMDSForbidden"
    public static let imdsServerError: ErrorCode = "IMDSServerError"
    public static let imdsError: ErrorCode = "IMDSError"
}

// MARK: efs-hook's own: state

extension ErrorCode {
    /// A state record has a schema version newer than this binary reads. Never treated as
    /// unreadable: the record and what it holds are left as they are for the binary that
    /// wrote it (see deploy/upgrading.md).
    public static let stateTooNew: ErrorCode = "StateTooNew"
    /// A path already shows another volume, or the same one in the other mode (read-only or
    /// not): CSI's ALREADY_EXISTS.
    public static let publishedOtherwise: ErrorCode = "PublishedOtherwise"
    /// A publish whose volume is not staged at the path given: CSI's FAILED_PRECONDITION.
    public static let notStaged: ErrorCode = "NotStaged"
    /// A path still mounted after its unpublish (by someone else): CSI's FAILED_PRECONDITION.
    public static let stillMounted: ErrorCode = "StillMounted"
    /// A volume defined on this host with other options than asked: CSI's ALREADY_EXISTS.
    public static let definedOtherwise: ErrorCode = "DefinedOtherwise"
    /// A volume someone on this host still uses, so it cannot be removed: CSI's FAILED_PRECONDITION.
    public static let volumeInUse: ErrorCode = "VolumeInUse"
}
