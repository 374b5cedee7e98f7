import Common
import Foundation

/// EC2 instance metadata, IMDSv2 only: a session token from `PUT /latest/api/token`, then
/// `GET`s carrying it. Short timeouts, so a host that is not on EC2 fails in about a second.
public actor IMDSClient {
    public static let defaultEndpoint = "http://169.254.169.254"
    public static let defaultIPv6Endpoint = "http://[fd00:ec2::254]"

    public nonisolated let endpoint: String
    public nonisolated let isDisabled: Bool
    private let transport: any HTTPTransport
    private let timeout: Duration
    private let tokenTTLSeconds: Int
    private let maxAttempts: Int
    private let now: @Sendable () -> Date
    private var token: (value: String, expires: Date)?

    /// Endpoint from `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or the IPv6 default when
    /// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`); `AWS_EC2_METADATA_DISABLED=true` disables it.
    public init(
        environment: AWSEnvironment, transport: any HTTPTransport, timeout: Duration = .seconds(1),
        tokenTTLSeconds: Int = 21_600, maxAttempts: Int = 2, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        var endpoint =
            environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"]
            ?? (environment["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"]?.lowercased() == "ipv6"
                ? Self.defaultIPv6Endpoint : Self.defaultEndpoint)
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        self.isDisabled = environment.isTrue("AWS_EC2_METADATA_DISABLED")
        self.transport = transport
        self.timeout = timeout
        self.tokenTTLSeconds = tokenTTLSeconds
        self.maxAttempts = maxAttempts
        self.now = now
    }

    public struct InstanceIdentity: Sendable, Decodable, Equatable {
        public var region: String
        public var availabilityZone: String
        public var instanceId: String?
        public var accountId: String?
    }

    public func availabilityZone() async throws(EFSHookError) -> String {
        try await get("meta-data/placement/availability-zone")
    }

    public func availabilityZoneId() async throws(EFSHookError) -> String {
        try await get("meta-data/placement/availability-zone-id")
    }

    public func instanceIdentity() async throws(EFSHookError) -> InstanceIdentity {
        let text = try await get("dynamic/instance-identity/document")
        guard let identity = try? JSONDecoder().decode(InstanceIdentity.self, from: Data(text.utf8)) else {
            throw EFSHookError(.failure, "instance metadata: unreadable instance identity document", code: .imdsInvalidResponse)
        }
        return identity
    }

    /// The identity document's region; if that cannot be read, the availability zone without
    /// its letter (right for regular zones, not for Local Zones, hence the second choice).
    public func region() async throws(EFSHookError) -> String {
        do {
            return try await instanceIdentity().region
        } catch  where error.isCode(in: [.imdsNotFound, .imdsInvalidResponse]) {
            let zone = try await availabilityZone()
            guard zone.count > 1, zone.last?.isLetter == true else {
                throw EFSHookError(.failure, "instance metadata: unexpected availability zone \(Quoting.safe(zone))")
            }
            return String(zone.dropLast())
        }
    }

    /// The primary network interface's MAC address.
    public func mac() async throws(EFSHookError) -> String {
        let mac = try await get("meta-data/mac")
        guard !mac.isEmpty, mac.allSatisfy({ $0.isHexDigit || $0 == ":" }) else {
            throw EFSHookError(.failure, "instance metadata: unexpected MAC \(Quoting.safe(mac))", code: .imdsInvalidResponse)
        }
        return mac
    }

    public func subnetId(mac: String) async throws(EFSHookError) -> String {
        try await get("meta-data/network/interfaces/macs/\(PercentEncoding.encode(mac))/subnet-id")
    }

    public func securityGroupIds(mac: String) async throws(EFSHookError) -> [String] {
        try await get("meta-data/network/interfaces/macs/\(PercentEncoding.encode(mac))/security-group-ids")
            .split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
    }

    /// The instance profile's role name.
    public func iamRoleName() async throws(EFSHookError) -> String {
        let listing = try await get("meta-data/iam/security-credentials/")
        guard let role = listing.split(whereSeparator: \.isNewline).first.map({ $0.trimmingWhitespace }), !role.isEmpty else {
            throw EFSHookError(.config, "this instance has no IAM role (instance profile)", code: .imdsNoRole)
        }
        return role
    }

    public func iamCredentials(role: String) async throws(EFSHookError) -> AWSCredentials {
        let text = try await get("meta-data/iam/security-credentials/\(PercentEncoding.encode(role))")
        return try CredentialDocument.decode(Data(text.utf8), source: "instance-metadata", what: "instance role credentials")
    }

    /// `GET /latest/<path>` with a session token; one fresh token if the old one is refused.
    public func get(_ path: String) async throws(EFSHookError) -> String {
        try checkEnabled()
        let url = "\(endpoint)/latest/\(path)"
        for tokenAttempt in 0..<2 {
            let token = try await sessionToken()
            let response = try await send(
                HTTPRequest(method: "GET", url: url, headers: [HTTPHeader("X-aws-ec2-metadata-token", token)], timeout: timeout))
            switch response.status {
            case 200:
                return String(decoding: response.body, as: UTF8.self).trimmingWhitespace
            case 401 where tokenAttempt == 0:
                self.token = nil
            case 404:
                throw EFSHookError(.failure, "instance metadata has no \(Quoting.safe(path))", code: .imdsNotFound)
            default:
                throw statusError(response.status, path)
            }
        }
        throw EFSHookError(.permissionDenied, "instance metadata refused a fresh session token", code: .imdsUnauthorized)
    }

    private func sessionToken() async throws(EFSHookError) -> String {
        if let token, token.expires > now() { return token.value }
        let response = try await send(
            HTTPRequest(
                method: "PUT", url: "\(endpoint)/latest/api/token",
                headers: [HTTPHeader("X-aws-ec2-metadata-token-ttl-seconds", String(tokenTTLSeconds))], timeout: timeout))
        guard response.status == 200, !response.body.isEmpty else {
            throw statusError(response.status, "api/token")
        }
        let value = String(decoding: response.body, as: UTF8.self).trimmingWhitespace
        // Renew a minute early so a token never expires between check and use.
        token = (value, now().addingTimeInterval(Double(max(tokenTTLSeconds - 60, 1))))
        return value
    }

    private func send(_ request: HTTPRequest) async throws(EFSHookError) -> HTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let response = try await transport.send(request)
                if response.status >= 500 && attempt < maxAttempts { continue }
                return response
            } catch  where error.isCode(in: ErrorCode.transportFailures) {
                // A refused or unreachable endpoint means "not on EC2": give up at once.
                if !error.isCode(.connectionFailed) && attempt < maxAttempts { continue }
                throw EFSHookError(
                    .temporary, "cannot reach EC2 instance metadata at \(endpoint) (not on EC2?): \(error.message)",
                    code: .imdsUnavailable)
            }
        }
    }

    private func statusError(_ status: Int, _ path: String) -> EFSHookError {
        switch status {
        case 403:
            return EFSHookError(
                .permissionDenied, "instance metadata refused \(Quoting.safe(path)) (HTTP 403)", code: .imdsForbidden)
        case 500...:
            return EFSHookError(
                .temporary, "instance metadata failed for \(Quoting.safe(path)) (HTTP \(status))", code: .imdsServerError)
        default:
            return EFSHookError(.failure, "instance metadata answered HTTP \(status) for \(Quoting.safe(path))", code: .imdsError)
        }
    }

    private nonisolated func checkEnabled() throws(EFSHookError) {
        if isDisabled {
            throw EFSHookError(.config, "EC2 instance metadata is disabled (AWS_EC2_METADATA_DISABLED=true)", code: .imdsDisabled)
        }
    }
}

/// Instance role credentials from IMDS; nil when IMDS is disabled. When IMDS is unreachable or
/// the instance has no role it throws, and `CredentialChain` reports that as "no credentials".
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    public let imds: IMDSClient
    public var name: String { "instance-metadata" }

    public init(imds: IMDSClient) {
        self.imds = imds
    }

    public func credentials() async throws(EFSHookError) -> AWSCredentials? {
        if imds.isDisabled { return nil }
        let role = try await imds.iamRoleName()
        return try await imds.iamCredentials(role: role)
    }
}
