import Common
import Foundation
import Logging

/// The Amazon EFS API (REST-JSON, 2015-02-01). Every call is signed, retried per its
/// idempotency, reported to the observer, and fails with `EFSHookError` whose `code` is the
/// EFS error code (`FileSystemAlreadyExists`, `MountTargetConflict`, …).
public struct EFSClient: EFSAPI {
    public static let signingName = "elasticfilesystem"
    static let version = "2015-02-01"

    public let service: AWSServiceClient
    /// Instance metadata through the same transport, for the caller's zone/subnet discovery.
    public let imds: IMDSClient?
    /// How credentials and STS are reached (nil for a client built from a service alone).
    public let credentialContext: CredentialContext?
    /// The chain's own credentials, before `efs.roleArn` is assumed with them.
    public let chainCredentials: (any CredentialSource)?
    private let ownedTransports: [AsyncHTTPTransport]

    public init(service: AWSServiceClient, imds: IMDSClient? = nil) {
        self.service = service
        self.imds = imds
        self.credentialContext = nil
        self.chainCredentials = nil
        self.ownedTransports = []
    }

    public struct Options: Sendable {
        /// efs.region; else AWS_REGION, AWS_DEFAULT_REGION, the profile's region, IMDS.
        public var region: String?
        /// efs.endpoint; else AWS_ENDPOINT_URL_EFS, AWS_ENDPOINT_URL, the regional endpoint.
        public var endpoint: String?
        /// Else AWS_MAX_ATTEMPTS, else 5.
        public var maxAttempts: Int?
        public var requestTimeout: Duration
        public var observer: APICallObserver?
        public var logger: Logger
        /// Backoff timing and sleeper; its maxAttempts is replaced by the resolved one.
        public var retry: RetryPolicy
        /// Client-side rate adaptation shared by all requests (the plugin daemon's).
        public var rateLimiter: AdaptiveRateLimiter?
        /// efs.roleArn: every EFS call is made as this role, assumed with the chain's credentials.
        public var roleArn: String?
        /// efs.externalId: the ExternalId the role's trust policy asks for.
        public var externalId: String?

        public init(
            region: String? = nil, endpoint: String? = nil, maxAttempts: Int? = nil,
            requestTimeout: Duration = .seconds(20), observer: APICallObserver? = nil, logger: Logger = AWSLogging.disabled,
            retry: RetryPolicy = RetryPolicy(), rateLimiter: AdaptiveRateLimiter? = nil
        ) {
            self.rateLimiter = rateLimiter
            self.region = region
            self.endpoint = endpoint
            self.maxAttempts = maxAttempts
            self.requestTimeout = requestTimeout
            self.observer = observer
            self.logger = logger
            self.retry = retry
        }
    }

    /// Builds a client from the process environment and efs-hook's settings. Nothing is read
    /// or sent until the first call: region, endpoint and credentials are resolved then.
    /// Without `transport`, the client owns its `AsyncHTTPTransport`s (one through the
    /// environment's proxy for EFS and STS, one direct for instance metadata and container
    /// credentials); call `shutdown()` when done.
    public init(environment: [String: String], options: Options = Options(), transport: (any HTTPTransport)? = nil) throws(EFSHookError) {
        let parts = try AWSClientParts(environment: environment, options: options, transport: transport)
        if let endpoint = options.endpoint { _ = try EndpointResolver.validated(endpoint, from: "efs.endpoint") }
        let endpoint = options.endpoint
        self.service = parts.service(signingName: Self.signingName, displayName: "EFS", options: options) {
            (environment, region, variant) throws(EFSHookError) in
            try EndpointResolver.efsEndpoint(explicit: endpoint, environment: environment, region: region, variant: variant)
        }
        self.imds = parts.imds
        self.credentialContext = parts.context
        self.chainCredentials = parts.chain
        self.ownedTransports = parts.owned
    }

    public func region() async throws(EFSHookError) -> String? { try await service.resolvedTarget().region }

    /// Shuts down the HTTP client this EFSClient created (a passed-in transport is the caller's).
    public func shutdown() async {
        for transport in ownedTransports where transport.wasUsed { await transport.shutdown() }
    }

    /// STS signing with the chain's credentials (`doctor`'s GetCallerIdentity); nil for a
    /// client built from a service alone.
    public func sts(asRole: Bool = false) -> STSClient? {
        guard let credentialContext, let chainCredentials else { return nil }
        return credentialContext.sts(asRole ? service.credentials : chainCredentials)
    }

    // MARK: File systems

    /// Idempotent through `creationToken`: a repeat answers `.alreadyExists` with the id EFS
    /// puts in its `FileSystemAlreadyExists` error.
    public func createFileSystem(_ request: CreateFileSystemRequest) async throws(EFSHookError) -> FileSystemCreation {
        let response = try await send(
            "CreateFileSystem", "POST", ["file-systems"], query: [], body: request, idempotent: true,
            answers: [.fileSystemAlreadyExists])
        guard (200..<300).contains(response.status) else {
            return .alreadyExists(fileSystemId: (try? EFSJSON.decoder().decode(AlreadyExists.self, from: response.body))?.fileSystemId)
        }
        return .created(try decoded("CreateFileSystem", response))
    }

    /// The body of `FileSystemAlreadyExists`.
    private struct AlreadyExists: Decodable {
        var fileSystemId: String?
    }

    /// One page. At most one of `creationToken` and `fileSystemId`.
    public func describeFileSystems(
        creationToken: String? = nil, fileSystemId: String? = nil, marker: String? = nil, maxItems: Int? = nil
    ) async throws(EFSHookError) -> DescribeFileSystemsResponse {
        var query: [(String, String)] = []
        if let creationToken { query.append(("CreationToken", creationToken)) }
        if let fileSystemId { query.append(("FileSystemId", fileSystemId)) }
        if let marker { query.append(("Marker", marker)) }
        if let maxItems { query.append(("MaxItems", String(maxItems))) }
        return try await call("DescribeFileSystems", "GET", ["file-systems"], query: query, idempotent: true)
    }

    /// Every page; all file systems of the account and region unless `creationToken` is given.
    public func fileSystems(creationToken: String?, pageSize: Int?) async throws(EFSHookError) -> [FileSystemDescription] {
        try await paginate { (marker) async throws(EFSHookError) in
            let page = try await describeFileSystems(creationToken: creationToken, marker: marker, maxItems: pageSize)
            return (page.fileSystems ?? [], page.nextMarker)
        }
    }

    /// nil when EFS says FileSystemNotFound.
    public func fileSystem(id: String) async throws(EFSHookError) -> FileSystemDescription? {
        do {
            return try await describeFileSystems(fileSystemId: id).fileSystems?.first
        } catch  where error.isCode(.fileSystemNotFound) {
            return nil
        }
    }

    /// Fails with `FileSystemInUse` while mount targets exist.
    public func deleteFileSystem(id: String) async throws(EFSHookError) {
        try await callNoContent("DeleteFileSystem", "DELETE", ["file-systems", id], idempotent: true)
    }

    public func putLifecycleConfiguration(fileSystemId: String, policies: [LifecyclePolicy]) async throws(EFSHookError)
        -> LifecycleConfiguration
    {
        try await call(
            "PutLifecycleConfiguration", "PUT", ["file-systems", fileSystemId, "lifecycle-configuration"],
            body: PutLifecycleConfigurationBody(lifecyclePolicies: policies), idempotent: true)
    }

    // MARK: Mount targets

    /// Not idempotent (no token): retried only after throttling or a failed connection. A
    /// repeat in the same zone fails with `MountTargetConflict`.
    public func createMountTarget(_ request: CreateMountTargetRequest) async throws(EFSHookError) -> MountTargetDescription {
        try await call("CreateMountTarget", "POST", ["mount-targets"], body: request, idempotent: false)
    }

    /// One page. Exactly one of the three ids.
    public func describeMountTargets(
        fileSystemId: String? = nil, mountTargetId: String? = nil, accessPointId: String? = nil, marker: String? = nil,
        maxItems: Int? = nil
    ) async throws(EFSHookError) -> DescribeMountTargetsResponse {
        var query: [(String, String)] = []
        if let fileSystemId { query.append(("FileSystemId", fileSystemId)) }
        if let mountTargetId { query.append(("MountTargetId", mountTargetId)) }
        if let accessPointId { query.append(("AccessPointId", accessPointId)) }
        if let marker { query.append(("Marker", marker)) }
        if let maxItems { query.append(("MaxItems", String(maxItems))) }
        return try await call("DescribeMountTargets", "GET", ["mount-targets"], query: query, idempotent: true)
    }

    /// Every mount target of a file system.
    public func mountTargets(fileSystemId: String, pageSize: Int?) async throws(EFSHookError) -> [MountTargetDescription] {
        try await paginate { (marker) async throws(EFSHookError) in
            let page = try await describeMountTargets(fileSystemId: fileSystemId, marker: marker, maxItems: pageSize)
            return (page.mountTargets ?? [], page.nextMarker)
        }
    }

    /// nil when EFS says MountTargetNotFound.
    public func mountTarget(id: String) async throws(EFSHookError) -> MountTargetDescription? {
        do {
            return try await describeMountTargets(mountTargetId: id).mountTargets?.first
        } catch  where error.isCode(.mountTargetNotFound) {
            return nil
        }
    }

    public func deleteMountTarget(id: String) async throws(EFSHookError) {
        try await callNoContent("DeleteMountTarget", "DELETE", ["mount-targets", id], idempotent: true)
    }

    // MARK: Access points

    /// Idempotent through `clientToken`.
    public func createAccessPoint(_ request: CreateAccessPointRequest) async throws(EFSHookError) -> AccessPointDescription {
        try await call("CreateAccessPoint", "POST", ["access-points"], body: request, idempotent: true)
    }

    /// One page. At most one of `fileSystemId` and `accessPointId`.
    public func describeAccessPoints(
        fileSystemId: String? = nil, accessPointId: String? = nil, nextToken: String? = nil, maxResults: Int? = nil
    ) async throws(EFSHookError) -> DescribeAccessPointsResponse {
        var query: [(String, String)] = []
        if let fileSystemId { query.append(("FileSystemId", fileSystemId)) }
        if let accessPointId { query.append(("AccessPointId", accessPointId)) }
        if let nextToken { query.append(("NextToken", nextToken)) }
        if let maxResults { query.append(("MaxResults", String(maxResults))) }
        return try await call("DescribeAccessPoints", "GET", ["access-points"], query: query, idempotent: true)
    }

    /// Every access point of a file system.
    public func accessPoints(fileSystemId: String, pageSize: Int?) async throws(EFSHookError) -> [AccessPointDescription] {
        try await paginate { (token) async throws(EFSHookError) in
            let page = try await describeAccessPoints(fileSystemId: fileSystemId, nextToken: token, maxResults: pageSize)
            return (page.accessPoints ?? [], page.nextToken)
        }
    }

    /// nil when EFS says AccessPointNotFound.
    public func accessPoint(id: String) async throws(EFSHookError) -> AccessPointDescription? {
        do {
            return try await describeAccessPoints(accessPointId: id).accessPoints?.first
        } catch  where error.isCode(.accessPointNotFound) {
            return nil
        }
    }

    public func deleteAccessPoint(id: String) async throws(EFSHookError) {
        try await callNoContent("DeleteAccessPoint", "DELETE", ["access-points", id], idempotent: true)
    }

    // MARK: Plumbing

    private func call<Response: Decodable>(
        _ name: String, _ method: String, _ path: [String], query: [(String, String)] = [],
        body: (some Encodable)? = Optional<Never>.none, idempotent: Bool
    ) async throws(EFSHookError) -> Response {
        try decoded(name, try await send(name, method, path, query: query, body: body, idempotent: idempotent))
    }

    private func decoded<Response: Decodable>(_ name: String, _ response: HTTPResponse) throws(EFSHookError) -> Response {
        do {
            return try EFSJSON.decoder().decode(Response.self, from: response.body)
        } catch {
            throw EFSHookError(
                .failure, "EFS \(name): unexpected response: \(Quoting.safe(String(describing: error)))", cause: error)
        }
    }

    private func callNoContent(
        _ name: String, _ method: String, _ path: [String], body: (some Encodable)? = Optional<Never>.none, idempotent: Bool
    ) async throws(EFSHookError) {
        _ = try await send(name, method, path, query: [], body: body, idempotent: idempotent)
    }

    private func send(
        _ name: String, _ method: String, _ path: [String], query: [(String, String)], body: (some Encodable)?,
        idempotent: Bool, answers: Set<ErrorCode> = []
    ) async throws(EFSHookError) -> HTTPResponse {
        var data = Data()
        if let body {
            do {
                data = try EFSJSON.encoder().encode(body)
            } catch {
                throw EFSHookError(.failure, "EFS \(name): cannot encode the request: \(error)", cause: error)
            }
        }
        return try await service.send(
            AWSOperation(
                name: name, method: method, segments: [Self.version] + path, query: query, body: data, idempotent: idempotent),
            answers: answers)
    }

    private func paginate<Item>(_ page: (String?) async throws(EFSHookError) -> ([Item], String?)) async throws(EFSHookError) -> [Item] {
        var items: [Item] = []
        var token: String?
        var seen: Set<String> = []
        repeat {
            let (batch, next) = try await page(token)
            items += batch
            token = next.flatMap { $0.isEmpty ? nil : $0 }
            // A service that repeats a marker would otherwise loop forever.
            if let token, !seen.insert(token).inserted {
                throw EFSHookError(.failure, "EFS returned the same pagination marker twice", code: .paginationLoop)
            }
        } while token != nil
        return items
    }
}
