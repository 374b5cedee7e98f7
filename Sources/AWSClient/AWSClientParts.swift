import Common

/// What every service client (`EFSClient`, `CloudWatchClient`) builds alike from the process
/// environment and efs-hook's settings: the transport (owned unless passed in), instance
/// metadata over it, the retry policy with the resolved attempt budget. Nothing is read or
/// sent until the first call.
struct AWSClientParts {
    let environment: AWSEnvironment
    let transport: any HTTPTransport
    /// Set when the client made the transport itself and so must shut it down.
    let owned: AsyncHTTPTransport?
    let imds: IMDSClient
    let retry: RetryPolicy

    init(environment: [String: String], options: EFSClient.Options, transport: (any HTTPTransport)?) throws(EFSHookError) {
        self.environment = AWSEnvironment(environment)
        owned = transport == nil ? AsyncHTTPTransport() : nil
        // The last fallback is never taken: `owned` is set whenever `transport` is nil.
        self.transport = transport ?? owned ?? AsyncHTTPTransport()
        imds = IMDSClient(environment: self.environment, transport: self.transport)
        var retry = options.retry
        retry.maxAttempts = try RetryPolicy.maxAttempts(environment: self.environment, override: options.maxAttempts)
        self.retry = retry
    }

    /// The signed, retried client of one service; `endpoint` maps the resolved region to its URL.
    func service(
        signingName: String, displayName: String, options: EFSClient.Options,
        endpoint: @escaping @Sendable (AWSEnvironment, String) throws(EFSHookError) -> String
    ) -> AWSServiceClient {
        let (environment, imds, region) = (self.environment, self.imds, options.region)
        return AWSServiceClient(
            signingName: signingName, displayName: displayName,
            target: { () async throws(EFSHookError) in
                let resolved = try await RegionResolver.resolve(explicit: region, environment: environment, imds: imds)
                return AWSServiceTarget(region: resolved, endpoint: try endpoint(environment, resolved))
            }, credentials: CredentialChain.standard(environment: environment, transport: transport, imds: imds),
            transport: transport, retry: retry, observer: options.observer, logger: options.logger,
            requestTimeout: options.requestTimeout, rateLimiter: options.rateLimiter)
    }
}
