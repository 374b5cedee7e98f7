import Common
import Foundation
import Logging

/// What the credential providers share: the environment, the transports, instance metadata,
/// and how STS is reached (its region and endpoint, resolved on the first call).
public struct CredentialContext: Sendable {
    public var environment: AWSEnvironment
    /// For STS; may go through a proxy.
    public var transport: any HTTPTransport
    /// For container credentials: never through a proxy.
    public var directTransport: any HTTPTransport
    public var imds: IMDSClient
    public var stsTarget: @Sendable () async throws(EFSHookError) -> AWSServiceTarget
    public var retry: RetryPolicy
    public var observer: APICallObserver?
    public var logger: Logger
    public var now: @Sendable () -> Date

    /// `region`: efs.region when set; else STS's region is resolved as EFS's is.
    public init(
        environment: AWSEnvironment, transport: any HTTPTransport, directTransport: (any HTTPTransport)? = nil, imds: IMDSClient,
        region: String? = nil, retry: RetryPolicy = RetryPolicy(), observer: APICallObserver? = nil,
        logger: Logger = AWSLogging.disabled, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.environment = environment
        self.transport = transport
        self.directTransport = directTransport ?? transport
        self.imds = imds
        self.retry = retry
        self.observer = observer
        self.logger = logger
        self.now = now
        self.stsTarget = { () async throws(EFSHookError) -> AWSServiceTarget in
            let resolved = try await RegionResolver.resolve(explicit: region, environment: environment, imds: imds)
            let variant = EndpointVariant.resolve(environment, files: try? AWSConfigFiles.load(environment))
            return AWSServiceTarget(
                region: resolved, endpoint: try EndpointResolver.stsEndpoint(environment: environment, region: resolved, variant: variant))
        }
    }

    /// An STS client signing with `credentials`.
    public func sts(_ credentials: any CredentialSource) -> STSClient {
        STSClient(
            service: AWSServiceClient(
                signingName: STSClient.signingName, displayName: "STS", target: stsTarget, credentials: credentials,
                transport: transport, retry: retry, observer: observer, logger: logger, now: now))
    }
}

/// Credentials already in hand (the source of one AssumeRole).
public struct StaticCredentialSource: CredentialSource {
    public let value: AWSCredentials

    public init(_ value: AWSCredentials) {
        self.value = value
    }

    public func credentials() async throws(EFSHookError) -> AWSCredentials { value }
    public func invalidate() async {}
}
