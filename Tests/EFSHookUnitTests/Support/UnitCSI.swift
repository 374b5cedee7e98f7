import CSIProto
import EFSHookCore
import GRPCCore
import Testing

@testable import CSIPlugin

/// The CSI plugin's services over a `UnitAgent` (the local provider, the in-memory host),
/// built by `CSIDaemon`'s own initializer and called in process, without a socket.
struct UnitCSI {
    static let roots = ["/csi"]
    static let nodeId = "agent-1"
    static let zone = "us-east-1a"

    let agent: UnitAgent
    let daemon: CSIDaemon
    var node: NodeService { daemon.node }
    var controller: ControllerService { daemon.controller }

    /// `change`: what differs from the settings every test starts with.
    init(_ change: (inout CSISettings, UnitAgent) -> Void = { _, _ in }) throws {
        agent = try UnitAgent()
        var settings = Self.settings
        change(&settings, agent)
        daemon = CSIDaemon(
            settings: settings, publications: agent.publications, holders: agent.holders, administrator: agent.administrator,
            hasResources: agent.provider.administration != nil, logger: UnitAgent.quiet, workerThreads: 2)
    }

    static let settings = CSISettings(
        services: .both, targetRoots: roots, deadlineSeconds: 50, nodeId: nodeId, zone: zone, version: "unit", auditPath: nil,
        metricsDirectory: nil)

    /// What the transport would hand a service method.
    static func context(_ method: String) -> ServerContext {
        ServerContext(
            descriptor: MethodDescriptor(fullyQualifiedService: "csi.v1.Node", method: method), remotePeer: "in-process",
            localPeer: "in-process", cancellation: ServerContext.RPCCancellationHandle())
    }

    /// A mounted volume in `mode`.
    static func capability(_ mode: Csi_V1_VolumeCapability.AccessMode.Mode = .multiNodeMultiWriter) -> Csi_V1_VolumeCapability {
        var capability = Csi_V1_VolumeCapability()
        capability.mount = Csi_V1_VolumeCapability.MountVolume()
        capability.accessMode.mode = mode
        return capability
    }

    /// `body` fails with gRPC status `code`, its message containing `fragment`.
    static func expectStatus(
        _ code: RPCError.Code, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async {
        let error = await #expect(throws: RPCError.self, sourceLocation: sourceLocation) { try await body() }
        guard let error else { return }
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        #expect(!error.message.contains("\n"), sourceLocation: sourceLocation)
    }
}
