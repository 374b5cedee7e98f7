import CSIProto
import Common
import EFSHookCore
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import HostLayer
import Logging

/// `efs-hook csi`: the CSI plugin on a unix socket (or systemd's activated one) until
/// SIGTERM or SIGINT. Stopping lets the calls in flight finish, removes the socket file and
/// keeps every mount: the orchestrator's containers still use them, and their records stay
/// for the next start. Node and controller calls run on a few threads of their own, never on
/// the cooperative pool, so a call waiting on a lock or a mount never holds up a Probe.
public struct CSIDaemon: Sendable {
    public let settings: CSISettings
    let node: NodeService
    let controller: ControllerService

    public init(
        settings: CSISettings, publications: PublicationService, holders: HolderService, administrator: VolumeAdministrator,
        hasResources: Bool, logger: Logger, workerThreads: Int = 8
    ) {
        self.settings = settings
        let call = CSICall(settings: settings, logger: logger, blocking: BlockingTaskExecutor(threads: workerThreads, name: "efs-hook-csi"))
        let volumes = CSIVolumes(holders: holders, administrator: administrator)
        node = NodeService(publications: publications, volumes: volumes, call: call)
        controller = ControllerService(volumes: volumes, call: call, hasResources: hasResources)
    }

    var logger: Logger { node.call.logger }

    /// The services `settings.services` names, Identity always.
    var services: [any RegistrableRPCService] {
        var served: [any RegistrableRPCService] = [IdentityService(settings: settings)]
        if settings.services.node { served.append(node) }
        if settings.services.controller { served.append(controller) }
        return served
    }

    public func run(endpoint: CSIEndpoint) async throws {
        signal(SIGPIPE, SIG_IGN)
        let stopSignal = StopSignal()
        let socket = try UnixSocketFile(path: endpoint.path, mode: 0o600, option: "--endpoint")
        let (server, serving, socketFile) = try await listen(on: socket)
        logger.notice(
            "serving the CSI plugin",
            metadata: [
                "endpoint": "\(endpoint.uri)", "services": "\(settings.services.rawValue)", "targetRoots": "\(settings.targetRoots)",
                "socketActivated": "\(socketFile == nil)",
            ])
        Systemd.notify("READY=1\nSTATUS=serving \(endpoint.uri)")
        // A server that ends on its own ends the wait too (no signal: nil).
        let watcher = Task {
            _ = await serving.result
            stopSignal.finish()
        }
        let reason = await stopSignal.wait()
        watcher.cancel()
        Systemd.notify("STOPPING=1")
        server.beginGracefulShutdown()
        let outcome = await serving.result
        if let socketFile { socket.remove(ifStill: socketFile) }
        if case .failure(let error) = outcome, reason == nil {
            throw EFSHookError.failure("the CSI server stopped: \(EFSHookError.oneLine(error))")
        }
        logger.notice("stopped; mounts are kept for the containers using them", metadata: ["signal": "\(reason ?? "none")"])
    }

    typealias Server = GRPCServer<HTTP2ServerTransport.Posix>

    /// systemd's activated socket, else `socket` bound privately (mode 0600: only root, as
    /// the agent runs, may call a plugin that mounts). Returns the running server and, for a
    /// socket of its own, the file's identity to remove at the end.
    func listen(on socket: UnixSocketFile) async throws -> (Server, Task<Void, any Error>, UnixSocketFile.Identity?) {
        if let fd = Systemd.activatedSocket() {
            let (server, task) = try await start(.http2NIOPosix(listeningSocketDescriptor: Int(fd), transportSecurity: .plaintext))
            return (server, task, nil)
        }
        try socket.prepare()
        do {
            let ((server, task), identity) = try await socket.bindPrivately { staging in
                try await start(.http2NIOPosix(address: .unixDomainSocket(path: staging), transportSecurity: .plaintext))
            }
            return (server, task, identity)
        } catch let error as EFSHookError {
            throw error
        } catch {
            throw EFSHookError.failure("cannot listen on \(socket.path): \(EFSHookError.oneLine(error))")
        }
    }

    /// Starts serving and returns once the transport is bound.
    private func start(_ transport: HTTP2ServerTransport.Posix) async throws -> (Server, Task<Void, any Error>) {
        let server = GRPCServer(transport: transport, services: services, interceptors: [ClientDeadline()])
        let task = Task { try await server.serve() }
        do {
            _ = try await transport.listeningAddress
        } catch {
            server.beginGracefulShutdown()
            _ = await task.result
            throw error
        }
        return (server, task)
    }
}
