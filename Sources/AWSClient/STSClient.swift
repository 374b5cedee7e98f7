import Common
import Foundation

/// AWS STS (query protocol, 2011-06-15): `POST /` with a form body, XML answers. Signed by
/// the same client as EFS, so retries, throttling and logging behave alike.
public struct STSClient: Sendable {
    public static let signingName = "sts"
    static let version = "2011-06-15"

    public let service: AWSServiceClient

    public init(service: AWSServiceClient) {
        self.service = service
    }

    /// What AssumeRole asks for: botocore's `role_arn`, `external_id`, `role_session_name`,
    /// `duration_seconds`.
    public struct RoleRequest: Sendable, Equatable {
        public var roleArn: String
        public var sessionName: String
        public var externalId: String?
        public var durationSeconds: Int?

        public init(roleArn: String, sessionName: String, externalId: String? = nil, durationSeconds: Int? = nil) {
            self.roleArn = roleArn
            self.sessionName = sessionName
            self.externalId = externalId
            self.durationSeconds = durationSeconds
        }

        /// botocore's default session name, `botocore-session-<epoch seconds>`, in our name.
        public static func defaultSessionName(_ now: Date = Date()) -> String {
            "efs-hook-\(Int(now.timeIntervalSince1970))"
        }
    }

    public struct CallerIdentity: Sendable, Equatable {
        public var account: String
        public var arn: String
        public var userId: String
    }

    public func assumeRole(_ role: RoleRequest, source: String) async throws(EFSHookError) -> AWSCredentials {
        var form = [("Action", "AssumeRole"), ("Version", Self.version), ("RoleArn", role.roleArn), ("RoleSessionName", role.sessionName)]
        if let seconds = role.durationSeconds { form.append(("DurationSeconds", String(seconds))) }
        if let externalId = role.externalId { form.append(("ExternalId", externalId)) }
        let answer = try await call("AssumeRole", form)
        return try credentials(in: answer, operation: "AssumeRole", source: source)
    }

    /// Unsigned: the identity provider's token is the proof.
    public func assumeRoleWithWebIdentity(_ role: RoleRequest, token: String, source: String) async throws(EFSHookError)
        -> AWSCredentials
    {
        var form = [
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", Self.version), ("RoleArn", role.roleArn),
            ("RoleSessionName", role.sessionName), ("WebIdentityToken", token),
        ]
        if let seconds = role.durationSeconds { form.append(("DurationSeconds", String(seconds))) }
        let answer = try await call("AssumeRoleWithWebIdentity", form, unsigned: true)
        return try credentials(in: answer, operation: "AssumeRoleWithWebIdentity", source: source)
    }

    public func callerIdentity() async throws(EFSHookError) -> CallerIdentity {
        let answer = try await call("GetCallerIdentity", [("Action", "GetCallerIdentity"), ("Version", Self.version)])
        guard let account = answer.first("Account")?.text, let arn = answer.first("Arn")?.text else {
            throw EFSHookError(.failure, "STS GetCallerIdentity: unexpected response")
        }
        return CallerIdentity(account: account, arn: arn, userId: answer.first("UserId")?.text ?? "")
    }

    /// The answer's element tree; an answer that is not XML is an error naming the action.
    private func call(_ name: String, _ form: [(String, String)], unsigned: Bool = false) async throws(EFSHookError) -> XMLTree {
        let body = form.map { "\(PercentEncoding.encode($0.0))=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
        var operation = AWSOperation(name: name, method: "POST", segments: [], body: Data(body.utf8), idempotent: true)
        operation.contentType = "application/x-www-form-urlencoded; charset=utf-8"
        operation.unsigned = unsigned
        guard let answer = XMLTree.parse(try await service.send(operation).body) else {
            throw EFSHookError(.failure, "STS \(name): the response is not XML")
        }
        return answer
    }

    private func credentials(in answer: XMLTree, operation: String, source: String) throws(EFSHookError) -> AWSCredentials {
        guard let key = answer.first("AccessKeyId")?.text, let secret = answer.first("SecretAccessKey")?.text,
            let token = answer.first("SessionToken")?.text
        else {
            throw EFSHookError(.failure, "STS \(operation): the response lacks credentials")
        }
        var expiration: Date?
        if let text = answer.first("Expiration")?.text {
            guard let date = UTCTime.parseISO8601(text) else {
                throw EFSHookError(.failure, "STS \(operation): unreadable Expiration \(Quoting.safe(text))")
            }
            expiration = date
        }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token, expiration: expiration, source: source)
    }
}
