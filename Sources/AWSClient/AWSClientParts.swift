import Common

/// What every service client (`EFSClient`, `CloudWatchClient`) builds alike from the process
/// environment and efs-hook's settings: the transports (owned unless one is passed in: through
/// the environment's proxy for the APIs, direct for instance metadata and container
/// credentials), instance metadata, the retry policy with the resolved attempt budget, and the
/// credentials (the chain's, or `efs.roleArn` assumed with them). Nothing is read or sent until
/// the first call.
struct AWSClientParts {
    let environment: AWSEnvironment
    let transport: any HTTPTransport
    /// The transports the client made itself and so must shut down.
    let owned: [AsyncHTTPTransport]
    let imds: IMDSClient
    let retry: RetryPolicy
    let context: CredentialContext
    /// The chain's own credentials, before `efs.roleArn` is assumed with them.
    let chain: any CredentialSource
    let credentials: any CredentialSource

    init(environment: [String: String], options: EFSClient.Options, transport: (any HTTPTransport)?) throws(EFSHookError) {
        let environment = AWSEnvironment(environment)
        let transports = try Self.transports(environment, given: transport)
        self.environment = environment
        self.transport = transports.api
        owned = transports.owned
        imds = IMDSClient(environment: environment, transport: transports.direct)
        var retry = options.retry
        retry.maxAttempts = try RetryPolicy.maxAttempts(environment: environment, override: options.maxAttempts)
        self.retry = retry
        if let region = options.region { _ = try RegionResolver.validated(region, from: "efs.region") }
        context = CredentialContext(
            environment: environment, transport: transports.api, directTransport: transports.direct, imds: imds,
            region: options.region, retry: retry, logger: options.logger)
        let chain = CredentialChain.standard(context)
        self.chain = chain
        credentials =
            options.roleArn.map { [context] arn in
                CredentialChain.assuming(
                    STSClient.RoleRequest(
                        roleArn: arn, sessionName: STSClient.RoleRequest.defaultSessionName(), externalId: options.externalId),
                    from: chain, context: context, name: "efs.roleArn")
            } ?? chain
    }

    /// The given transport for everything, else our own: through the proxy for the APIs,
    /// direct for the link-local credential endpoints.
    private static func transports(_ environment: AWSEnvironment, given: (any HTTPTransport)?) throws(EFSHookError) -> (
        api: any HTTPTransport, direct: any HTTPTransport, owned: [AsyncHTTPTransport]
    ) {
        if let given { return (given, given, []) }
        let network = try NetworkSettings(environment: environment)
        let direct = AsyncHTTPTransport(network: NetworkSettings(caBundle: network.caBundle))
        guard network.proxy != nil else { return (direct, direct, [direct]) }
        let api = AsyncHTTPTransport(network: network)
        return (api, direct, [api, direct])
    }

    /// The signed, retried client of one service; `endpoint` maps the resolved region and the
    /// endpoint variant (FIPS, dual-stack) to its URL.
    func service(
        signingName: String, displayName: String, options: EFSClient.Options,
        endpoint: @escaping @Sendable (AWSEnvironment, String, EndpointVariant) throws(EFSHookError) -> String
    ) -> AWSServiceClient {
        let (environment, imds, region) = (self.environment, self.imds, options.region)
        return AWSServiceClient(
            signingName: signingName, displayName: displayName,
            target: { () async throws(EFSHookError) in
                let resolved = try await RegionResolver.resolve(explicit: region, environment: environment, imds: imds)
                let variant = EndpointVariant.resolve(environment, files: try? AWSConfigFiles.load(environment))
                return AWSServiceTarget(region: resolved, endpoint: try endpoint(environment, resolved, variant))
            }, credentials: credentials, transport: transport, retry: retry, observer: options.observer, logger: options.logger,
            requestTimeout: options.requestTimeout, rateLimiter: options.rateLimiter)
    }
}
