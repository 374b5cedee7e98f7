import Common

/// One source of credentials in the chain.
public protocol CredentialProvider: Sendable {
    /// Short name for messages, e.g. `environment`.
    var name: String { get }
    /// nil when this source is not configured here (the chain moves on); throws when it is
    /// configured but broken, so a typo never silently falls through to another identity.
    func credentials() async throws(EFSHookError) -> AWSCredentials?
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    public let environment: AWSEnvironment
    public var name: String { "environment" }

    public init(environment: AWSEnvironment) {
        self.environment = environment
    }

    public func credentials() async throws(EFSHookError) -> AWSCredentials? {
        let accessKey = environment["AWS_ACCESS_KEY_ID"]
        let secretKey = environment["AWS_SECRET_ACCESS_KEY"]
        switch (accessKey, secretKey) {
        case (nil, nil):
            return nil
        case (let accessKey?, let secretKey?):
            return AWSCredentials(
                accessKeyId: accessKey, secretAccessKey: secretKey, sessionToken: environment["AWS_SESSION_TOKEN"],
                source: name)
        case (nil, _):
            throw EFSHookError(.config, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not", code: .partialCredentials)
        case (_, nil):
            throw EFSHookError(.config, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not", code: .partialCredentials)
        }
    }
}
