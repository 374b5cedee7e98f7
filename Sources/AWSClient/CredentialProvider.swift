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

/// Static keys from the shared credentials file, then the config file, for `AWS_PROFILE`.
public struct SharedFileCredentialProvider: CredentialProvider {
    public let environment: AWSEnvironment
    public var name: String { "shared-file:\(environment.profile)" }

    public init(environment: AWSEnvironment) {
        self.environment = environment
    }

    public func credentials() async throws(EFSHookError) -> AWSCredentials? {
        let files = try AWSConfigFiles.load(environment)
        let profile = environment.profile
        guard files.hasProfile(profile) else {
            if environment.profileWasChosen {
                throw EFSHookError(
                    .config,
                    "AWS_PROFILE names profile \(Quoting.safe(profile)), which is in neither "
                        + "\(Quoting.safe(files.credentialsPath ?? "(no credentials file)")) nor "
                        + "\(Quoting.safe(files.configPath ?? "(no config file)"))", code: .profileNotFound)
            }
            return nil
        }
        // Each key from the same file, so a session token never pairs with another file's keys.
        for source in [files.credentialsProfiles[profile], files.configProfiles[profile]] {
            guard let values = source else { continue }
            let accessKey = values["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
            let secretKey = values["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
            switch (accessKey, secretKey) {
            case (let accessKey?, let secretKey?):
                let token = values["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
                return AWSCredentials(accessKeyId: accessKey, secretAccessKey: secretKey, sessionToken: token, source: name)
            case (nil, nil):
                continue
            default:
                throw EFSHookError(
                    .config,
                    "profile \(Quoting.safe(profile)) has only one of aws_access_key_id and aws_secret_access_key",
                    code: .partialCredentials)
            }
        }
        return nil
    }
}
