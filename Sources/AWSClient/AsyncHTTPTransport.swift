import AsyncHTTPClient
import Common
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// `HTTPTransport` over one AsyncHTTPClient `HTTPClient`, created on first use so a run that
/// never calls AWS never starts one. Call `shutdown()` before the process exits.
public actor AsyncHTTPTransport: HTTPTransport {
    private let connectTimeout: Duration
    private let network: NetworkSettings
    /// One client per route: direct, or through one proxy (AsyncHTTPClient's proxy is per client).
    private var clients: [String: HTTPClient] = [:]
    private var isShutDown = false
    private let maxResponseBytes: Int
    /// Readable without a hop onto the actor: a hop from a run that never called AWS would
    /// start the cooperative pool's threads just to shut down nothing (BENCHMARKS.md).
    private nonisolated let started = Atomic<Bool>(false)

    /// Whether a request was ever sent (and so a client exists to shut down).
    public nonisolated var wasUsed: Bool { started.load(ordering: .acquiring) }

    /// - Parameter connectTimeout: applies to every connection; a request's own `timeout`
    ///   bounds the whole exchange and is usually the shorter of the two for IMDS.
    /// - Parameter network: proxies (CONNECT, for http and https alike) and trusted roots.
    public init(connectTimeout: Duration = .seconds(3), maxResponseBytes: Int = 8 << 20, network: NetworkSettings = NetworkSettings()) {
        self.network = network
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    public func send(_ request: HTTPRequest) async throws(EFSHookError) -> HTTPResponse {
        let client = try httpClient(proxy: network.proxy(for: request.url))
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .init(rawValue: request.method)
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            outgoing.body = .bytes(request.body)
        }
        let target = AsyncHTTPTransport.hostAndPort(of: request.url)
        do {
            let response = try await client.execute(outgoing, timeout: .nanoseconds(request.timeout.nanoseconds))
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            return HTTPResponse(
                status: Int(response.status.code),
                headers: response.headers.map { HTTPHeader($0.name, $0.value) },
                body: Data(buffer.readableBytesView))
        } catch let error as HTTPClientError {
            throw AsyncHTTPTransport.transportError(error, target: target)
        } catch let error as CancellationError {
            throw .wrapping(error, .temporary, "cancelled")
        } catch {
            // Anything that is not an HTTPClientError comes from connection set-up (refused,
            // unreachable, name resolution, TLS), because established-connection failures are
            // reported as HTTPClientError.
            throw EFSHookError(
                .temporary, "cannot reach \(target): \(AsyncHTTPTransport.connectFailure(error))", code: .connectionFailed,
                cause: error)
        }
    }

    /// Shuts the client down; later sends fail. Safe to call more than once.
    public func shutdown() async {
        isShutDown = true
        let all = clients.values
        clients = [:]
        for client in all { try? await client.shutdown() }
    }

    // A forgotten shutdown() must not trip AsyncHTTPClient's debug-build deinit check.
    deinit {
        for client in clients.values { client.shutdown { _ in } }
    }

    private func httpClient(proxy: NetworkSettings.Proxy?) throws(EFSHookError) -> HTTPClient {
        let route = proxy.map { "\($0.host):\($0.port)" } ?? "direct"
        if let client = clients[route] { return client }
        guard !isShutDown else { throw EFSHookError(.failure, "the AWS HTTP transport was already shut down") }
        // Built here, not in init: AsyncHTTPClient's configuration (TLS defaults and all) is a
        // measurable part of a warm launch that never sends a request.
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .nanoseconds(connectTimeout.nanoseconds)
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        // Our RetryPolicy decides about retries; AHC's own reconnect loop would hide failed
        // attempts until the deadline and make a host without IMDS slow to give up.
        configuration.connectionPool.retryConnectionEstablishment = false
        if let proxy {
            let authorization = proxy.username.map { HTTPClient.Authorization.basic(username: $0, password: proxy.password ?? "") }
            configuration.proxy = .server(host: proxy.host, port: proxy.port, authorization: authorization)
        }
        if let bundle = network.caBundle {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(bundle)
            configuration.tlsConfiguration = tls
        }
        let created = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        clients[route] = created
        started.store(true, ordering: .releasing)
        return created
    }

    /// In our words, never AsyncHTTPClient's or NIO's text (that stays in `cause`).
    static func transportError(_ error: HTTPClientError, target: String) -> EFSHookError {
        let code: ErrorCode
        let what: String
        switch error {
        case .connectTimeout, .getConnectionFromPoolTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout:
            (code, what) = (.connectionFailed, "cannot reach \(target): connection timed out")
        case .tlsHandshakeTimeout:
            (code, what) = (.connectionFailed, "cannot reach \(target): TLS handshake timed out")
        case .deadlineExceeded, .readTimeout, .writeTimeout:
            (code, what) = (.timedOut, "no response from \(target) in time")
        case .remoteConnectionClosed:
            (code, what) = (.connectionLost, "\(target) closed the connection")
        default:
            return EFSHookError(.failure, "HTTP request to \(target) failed: \(error.shortDescription.lowercased())", cause: error)
        }
        return EFSHookError(.temporary, what, code: code, cause: error)
    }

    /// Why a connection could not be set up: the failed connect's errno ("connection
    /// refused"), else what kind of failure NIO reports.
    static func connectFailure(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "cannot resolve the host name" }
            return error.connectionErrors.first.map { connectFailure($0.error) } ?? "no address to connect to"
        case let error as IOError:
            return EFSHookError.reason(errno: error.errnoCode)
        case let error as ChannelError:
            if case .connectTimeout = error { return "connection timed out" }
            return "connection failed"
        case is SocketAddressError:
            return "cannot resolve the host name"
        default:
            return "connection failed"
        }
    }

    static func hostAndPort(of url: String) -> String {
        guard let parts = URLParts(url) else { return Quoting.safe(url) }
        return Quoting.safe(parts.netloc)
    }
}
