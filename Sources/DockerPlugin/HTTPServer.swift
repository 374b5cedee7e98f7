import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP request, read in full.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The URI without its query.
    public var path: String
    public var body: [UInt8]
}

public struct HTTPReply: Sendable {
    public var status: HTTPResponseStatus
    public var contentType: String
    public var body: [UInt8]

    public init(status: HTTPResponseStatus, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// What a server answers with: a reply for each request, and the reply for a request it
/// refused before reading it in full (body too large).
protocol HTTPService: Sendable {
    func respond(to request: HTTPRequest) async -> HTTPReply
    func refuse(path: String, status: HTTPResponseStatus, reason: String) -> HTTPReply
}

typealias HTTPConnection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

/// A small HTTP/1.1 server on SwiftNIO: keep-alive, a bound on request bodies, and a
/// graceful stop (no new connections; requests in flight finish; idle connections close).
final class HTTPServer: Sendable {
    let listener: NIOAsyncChannel<HTTPConnection, Never>
    let service: any HTTPService
    let bodyLimit: Int
    let logger: Logger
    private let tracker = ConnectionTracker()

    private init(listener: NIOAsyncChannel<HTTPConnection, Never>, service: any HTTPService, bodyLimit: Int, logger: Logger) {
        self.listener = listener
        self.service = service
        self.bodyLimit = bodyLimit
        self.logger = logger
    }

    /// Connections idle this long are closed (Docker's client redials).
    static let idleTimeout = TimeAmount.minutes(5)

    static func bind(
        unixSocket path: String, group: any EventLoopGroup, service: any HTTPService, bodyLimit: Int, logger: Logger
    ) async throws -> HTTPServer {
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 128)
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false, childChannelInitializer: configure)
        return HTTPServer(listener: listener, service: service, bodyLimit: bodyLimit, logger: logger)
    }

    /// A listening socket systemd passed (socket activation).
    static func bind(
        activatedSocket fd: Int32, group: any EventLoopGroup, service: any HTTPService, bodyLimit: Int, logger: Logger
    ) async throws -> HTTPServer {
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 128)
            .bind(fd, childChannelInitializer: configure)
        return HTTPServer(listener: listener, service: service, bodyLimit: bodyLimit, logger: logger)
    }

    static func bind(
        host: String, port: Int, group: any EventLoopGroup, service: any HTTPService, bodyLimit: Int, logger: Logger
    ) async throws -> HTTPServer {
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 128)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port, childChannelInitializer: configure)
        return HTTPServer(listener: listener, service: service, bodyLimit: bodyLimit, logger: logger)
    }

    @Sendable static func configure(_ channel: any Channel) -> EventLoopFuture<HTTPConnection> {
        // Once stopping, a new connection never becomes an async channel: one that the accept
        // loop no longer consumes would trap when dropped (its writer was never finished).
        if Stopping.flag.isSet {
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: idleTimeout))
            try channel.pipeline.syncOperations.addHandler(IdleConnectionCloser())
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: true)
            return try HTTPConnection(wrappingChannelSynchronously: channel)
        }
    }

    var localAddress: SocketAddress? { listener.channel.localAddress }

    /// Accepts connections until `stop()`, then waits for the ones still open to finish.
    func serve() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { inbound in
                for try await connection in inbound {
                    group.addTask { await self.handle(connection) }
                }
            }
        }
    }

    /// Stops accepting and closes idle connections; busy ones close after their reply.
    func stop() {
        Stopping.flag.set()
        listener.channel.close(promise: nil)
        for channel in tracker.beginShutdown() { channel.close(promise: nil) }
    }

    private func handle(_ connection: HTTPConnection) async {
        guard let id = tracker.register(connection.channel) else {
            // Accepted while stopping: close it through executeThenClose, which finishes the
            // writer (NIO traps on an async channel whose writer was never finished).
            try? await connection.executeThenClose { _, _ in }
            return
        }
        defer { tracker.remove(id) }
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body: [UInt8] = []
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body = []
                        if let length = requestHead.headers.first(name: "content-length").flatMap(Int.init), length > bodyLimit {
                            try await refuseTooLarge(requestHead, outbound)
                            return
                        }
                    case .body(let chunk):
                        guard let requestHead = head else { continue }
                        guard body.count + chunk.readableBytes <= bodyLimit else {
                            try await refuseTooLarge(requestHead, outbound)
                            return
                        }
                        body.append(contentsOf: chunk.readableBytesView)
                    case .end:
                        guard let requestHead = head else { continue }
                        head = nil
                        guard tracker.beginRequest(id) else { return }
                        let path = String(requestHead.uri.prefix { $0 != "?" })
                        let reply = await service.respond(to: HTTPRequest(method: requestHead.method, path: path, body: body))
                        body = []
                        let keepAlive = requestHead.isKeepAlive && !tracker.isStopping
                        try await write(reply, version: requestHead.version, keepAlive: keepAlive, outbound)
                        guard keepAlive, tracker.setIdle(id) else { return }
                    }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    private func refuseTooLarge(_ head: HTTPRequestHead, _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        let path = String(head.uri.prefix { $0 != "?" })
        let reply = service.refuse(
            path: path, status: .payloadTooLarge, reason: "request body is larger than the limit of \(bodyLimit) bytes")
        try await write(reply, version: head.version, keepAlive: false, outbound)
    }

    private func write(
        _ reply: HTTPReply, version: HTTPVersion, keepAlive: Bool, _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: reply.contentType)
        headers.add(name: "Content-Length", value: "\(reply.body.count)")
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        try await outbound.write(.head(HTTPResponseHead(version: version, status: reply.status, headers: headers)))
        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: reply.body))))
        try await outbound.write(.end(nil))
    }
}

/// Closes a connection when `IdleStateHandler` reports it idle.
private final class IdleConnectionCloser: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

/// Process-wide: every server of the daemon stops together.
enum Stopping {
    static let flag = StopFlag()
}

final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
