import Common
import Foundation

/// What a service client asks for credentials.
public protocol CredentialSource: Sendable {
    func credentials() async throws(EFSHookError) -> AWSCredentials
    /// Forget cached credentials (after the service said they expired).
    func invalidate() async
}

/// Asks each provider in turn and caches the first answer until `refreshMargin` before it
/// expires. Concurrent callers share one lookup.
public actor CredentialChain: CredentialSource {
    public nonisolated let providers: [any CredentialProvider]
    private let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    /// When `cached` was obtained: a session shorter than twice the margin is renewed halfway.
    private var fetchedAt = Date.distantPast
    private var inFlight: Task<Result<AWSCredentials, EFSHookError>, Never>?

    public init(
        providers: [any CredentialProvider], refreshMargin: Duration = .seconds(300),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.providers = providers
        self.refreshMargin = Double(refreshMargin.components.seconds)
        self.now = now
    }

    /// botocore's order: environment, the profile (`AWS_PROFILE`: role_arn, web identity,
    /// the credentials file, credential_process, the config file; see `CredentialPlan`),
    /// container credentials, then the EC2 instance role through IMDSv2.
    public static func standard(
        environment: AWSEnvironment, transport: any HTTPTransport, imds: IMDSClient,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> CredentialChain {
        standard(CredentialContext(environment: environment, transport: transport, imds: imds, now: now))
    }

    public static func standard(_ context: CredentialContext) -> CredentialChain {
        CredentialChain(
            providers: [
                EnvironmentCredentialProvider(environment: context.environment),
                ProfileCredentialProvider(context: context),
                ContainerCredentialProvider(environment: context.environment, transport: context.directTransport),
                InstanceMetadataCredentialProvider(imds: context.imds),
            ], now: context.now)
    }

    /// `role` assumed with what `source` gives (`efs.roleArn`), cached and renewed like any
    /// temporary credentials.
    public static func assuming(
        _ role: STSClient.RoleRequest, from source: any CredentialSource, context: CredentialContext, name: String
    ) -> CredentialChain {
        CredentialChain(
            providers: [AssumeRoleCredentialProvider(role: role, source: source, context: context, name: name)], now: context.now)
    }

    public func credentials() async throws(EFSHookError) -> AWSCredentials {
        if let cached, isFresh(cached) { return cached }
        if let inFlight { return try await inFlight.value.get() }
        let providers = self.providers
        let task = Task { () async -> Result<AWSCredentials, EFSHookError> in
            do throws(EFSHookError) { return .success(try await Self.resolve(providers)) } catch { return .failure(error) }
        }
        inFlight = task
        do {
            let credentials = try await task.value.get()
            cached = credentials
            fetchedAt = now()
            inFlight = nil
            return credentials
        } catch {
            inFlight = nil
            // Credentials inside the refresh margin still work until they expire.
            if let cached, let expiration = cached.expiration, expiration > now() { return cached }
            throw error
        }
    }

    public func invalidate() {
        cached = nil
    }

    private func isFresh(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return true }
        let margin = min(refreshMargin, max(0, expiration.timeIntervalSince(fetchedAt)) / 2)
        return expiration.timeIntervalSince(now()) > margin
    }

    private static func resolve(_ providers: [any CredentialProvider]) async throws(EFSHookError) -> AWSCredentials {
        var tried: [String] = []
        for provider in providers {
            do {
                if let credentials = try await provider.credentials() { return credentials }
                tried.append("\(provider.name): not configured")
            } catch  where provider is InstanceMetadataCredentialProvider && noInstanceRole(error) {
                tried.append("\(provider.name): \(error.message)")
            }
        }
        throw EFSHookError(
            .config,
            "no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, container "
                + "credentials, or an EC2 instance role); tried " + tried.joined(separator: "; "),
            code: .noCredentials)
    }

    /// IMDS answers meaning "no instance role here" rather than "try again".
    private static func noInstanceRole(_ error: EFSHookError) -> Bool {
        error.isCode(in: [.imdsUnavailable, .imdsNoRole, .imdsNotFound, .imdsDisabled])
    }
}
