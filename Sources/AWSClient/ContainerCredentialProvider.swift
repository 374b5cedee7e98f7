import Common
import Foundation

/// ECS/EKS container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (relative to
/// http://169.254.170.2) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with an optional
/// `Authorization` from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
public struct ContainerCredentialProvider: CredentialProvider {
    public static let relativeBase = "http://169.254.170.2"
    /// Plain-HTTP full URIs must point at the container agent or loopback, as in the AWS SDKs.
    static let allowedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "[fd00:ec2::23]", "localhost", "[::1]"]

    public let environment: AWSEnvironment
    public let transport: any HTTPTransport
    public var timeout: Duration
    public var attempts: Int
    public var name: String { "container" }

    public init(environment: AWSEnvironment, transport: any HTTPTransport, timeout: Duration = .seconds(2), attempts: Int = 3) {
        self.environment = environment
        self.transport = transport
        self.timeout = timeout
        self.attempts = attempts
    }

    /// The credentials URL, nil when neither variable is set.
    public func endpoint() throws(EFSHookError) -> String? {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            return Self.relativeBase + (relative.hasPrefix("/") ? relative : "/" + relative)
        }
        guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] else { return nil }
        guard let parts = URLParts(full), parts.scheme == "http" || parts.scheme == "https", !parts.hostname.isEmpty else {
            throw EFSHookError(.config, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL: \(Quoting.safe(full))")
        }
        if parts.scheme == "http" && !Self.isAllowedHTTPHost(parts.hostname) {
            throw EFSHookError(
                .config,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, loopback or the container agent address, not "
                    + Quoting.safe(parts.hostname))
        }
        return full
    }

    static func isAllowedHTTPHost(_ host: String) -> Bool {
        if allowedHTTPHosts.contains(host) { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    func authorizationToken() throws(EFSHookError) -> String? {
        var token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        if let path = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw EFSHookError(.config, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(Quoting.safe(path))")
            }
            token = String(decoding: data, as: UTF8.self).trimmingWhitespace
        }
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw EFSHookError(.config, "the container authorization token contains a line break")
        }
        return token
    }

    public func credentials() async throws(EFSHookError) -> AWSCredentials? {
        guard let url = try endpoint() else { return nil }
        var headers = [HTTPHeader("Accept", "application/json")]
        if let token = try authorizationToken() { headers.append(HTTPHeader("Authorization", token)) }
        let request = HTTPRequest(method: "GET", url: url, headers: headers, timeout: timeout)
        var lastError: EFSHookError?
        for _ in 0..<max(1, attempts) {
            do throws(EFSHookError) {
                let response = try await transport.send(request)
                if response.status == 200 {
                    return try CredentialDocument.decode(response.body, source: name, what: "container credentials")
                }
                let error = EFSHookError(
                    response.status >= 500 ? .temporary : .permissionDenied,
                    "container credentials endpoint answered HTTP \(response.status)", code: .containerCredentialsError)
                guard response.status >= 500 else { throw error }
                lastError = error
            } catch  where error.isCode(in: ErrorCode.transportFailures) {
                lastError = EFSHookError(.temporary, "container credentials: \(error.message)", code: error.code)
            }
        }
        throw lastError ?? EFSHookError(.temporary, "container credentials endpoint failed")
    }
}

/// The JSON both the container endpoint and IMDS return for temporary credentials.
struct CredentialDocument: Decodable {
    var AccessKeyId: String?
    var SecretAccessKey: String?
    var Token: String?
    var Expiration: String?
    var Code: String?

    static func decode(_ body: Data, source: String, what: String) throws(EFSHookError) -> AWSCredentials {
        guard let document = try? JSONDecoder().decode(CredentialDocument.self, from: body) else {
            throw EFSHookError(.failure, "\(what): the response is not a credentials document")
        }
        if let code = document.Code, code != "Success" {
            throw EFSHookError(.temporary, "\(what): status \(Quoting.safe(code))", code: ErrorCode(code))
        }
        guard let accessKey = document.AccessKeyId, !accessKey.isEmpty, let secret = document.SecretAccessKey,
            !secret.isEmpty
        else {
            throw EFSHookError(.failure, "\(what): the response lacks AccessKeyId or SecretAccessKey")
        }
        var expiration: Date?
        if let text = document.Expiration {
            guard let date = UTCTime.parseISO8601(text) else {
                throw EFSHookError(.failure, "\(what): unreadable Expiration \(Quoting.safe(text))")
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyId: accessKey, secretAccessKey: secret, sessionToken: document.Token, expiration: expiration,
            source: source)
    }
}
