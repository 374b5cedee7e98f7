import CSIProto
import Common
import EFSHookCore
import GRPCCore
import HostLayer
import SwiftProtobuf
import Testing

@testable import CSIPlugin

/// CSI's Node and Identity services in process, in the Mesos agent's call order.
@Suite struct CSINodeServiceTests {
    static let staging = "/csi/mesos/data/staging"
    static let targets = ["/csi/mesos/data/c1/target", "/csi/mesos/data/c2/target"]

    static func stage(_ id: String = "data", at path: String = staging, context: [String: String] = [:])
        -> Csi_V1_NodeStageVolumeRequest
    {
        var request = Csi_V1_NodeStageVolumeRequest()
        request.volumeID = id
        request.stagingTargetPath = path
        request.volumeCapability = UnitCSI.capability()
        request.volumeContext = context
        return request
    }

    static func publish(_ id: String = "data", at target: String, readonly: Bool = false) -> Csi_V1_NodePublishVolumeRequest {
        var request = Csi_V1_NodePublishVolumeRequest()
        request.volumeID = id
        request.stagingTargetPath = staging
        request.targetPath = target
        request.volumeCapability = UnitCSI.capability()
        request.readonly = readonly
        return request
    }

    static func unpublish(_ id: String = "data", at target: String) -> Csi_V1_NodeUnpublishVolumeRequest {
        var request = Csi_V1_NodeUnpublishVolumeRequest()
        request.volumeID = id
        request.targetPath = target
        return request
    }

    static func unstage(_ id: String = "data", at path: String = staging) -> Csi_V1_NodeUnstageVolumeRequest {
        var request = Csi_V1_NodeUnstageVolumeRequest()
        request.volumeID = id
        request.stagingTargetPath = path
        return request
    }

    static let context = UnitCSI.context("node")

    @Test func stagePublishUnpublishUnstage() async throws {
        let csi = try UnitCSI()
        let (host, mount) = (csi.agent.host, csi.agent.hostMount("data"))
        _ = try await csi.node.nodeStageVolume(request: Self.stage(), context: Self.context)
        _ = try await csi.node.nodeStageVolume(request: Self.stage(), context: Self.context)
        _ = try await csi.node.nodePublishVolume(request: Self.publish(at: Self.targets[0]), context: Self.context)
        _ = try await csi.node.nodePublishVolume(request: Self.publish(at: Self.targets[1], readonly: true), context: Self.context)
        #expect(
            host.log == [
                "mount \(mount)", "bind \(mount) -> \(Self.staging)", "bind \(mount) -> \(Self.targets[0])",
                "bind \(mount) -> \(Self.targets[1])", "ro \(Self.targets[1])",
            ])
        #expect(csi.agent.containerRecords.count == 3 && csi.agent.containerRecords.allSatisfy { $0.hasPrefix("@csi.") })

        _ = try await csi.node.nodeUnpublishVolume(request: Self.unpublish(at: Self.targets[0]), context: Self.context)
        #expect(!host.hasDirectory(Self.targets[0]), "the target is gone afterwards")
        #expect(host.mounts(at: mount).count == 1)
        #expect(try host.binds(of: mount) == [Self.targets[1], Self.staging])
        _ = try await csi.node.nodeUnpublishVolume(request: Self.unpublish(at: Self.targets[0]), context: Self.context)
        _ = try await csi.node.nodeUnpublishVolume(request: Self.unpublish(at: Self.targets[1]), context: Self.context)
        _ = try await csi.node.nodeUnstageVolume(request: Self.unstage(), context: Self.context)
        _ = try await csi.node.nodeUnstageVolume(request: Self.unstage(), context: Self.context)
        #expect(host.mountPoints.isEmpty)
        #expect(csi.agent.containerRecords.isEmpty && csi.agent.hostMountRecords.isEmpty)
        #expect(host.hasDirectory(Self.staging), "the staging directory is the orchestrator's")
        #expect(host.locksHeld.isEmpty)
    }

    @Test func aReaderOnlyModePublishesReadOnly() async throws {
        let csi = try UnitCSI()
        _ = try await csi.node.nodeStageVolume(request: Self.stage(), context: Self.context)
        var request = Self.publish(at: Self.targets[0])
        request.volumeCapability = UnitCSI.capability(.multiNodeReaderOnly)
        _ = try await csi.node.nodePublishVolume(request: request, context: Self.context)
        #expect(csi.agent.host.isReadOnly(Self.targets[0]))
        #expect(!csi.agent.host.isReadOnly(Self.staging))
    }

    @Test func publishingBeforeStagingIsAFailedPrecondition() async throws {
        let csi = try UnitCSI()
        await UnitCSI.expectStatus(.failedPrecondition, "volume data is not staged at \(Self.staging); NodeStageVolume comes first") {
            _ = try await csi.node.nodePublishVolume(request: Self.publish(at: Self.targets[0]), context: Self.context)
        }
        _ = try await csi.node.nodeStageVolume(request: Self.stage("other"), context: Self.context)
        await UnitCSI.expectStatus(.failedPrecondition, "volume data is not staged") {
            _ = try await csi.node.nodePublishVolume(request: Self.publish(at: Self.targets[0]), context: Self.context)
        }
        #expect(try !csi.agent.host.isMountPoint(Self.targets[0]))
        #expect(csi.agent.containerRecords.count == 1)
    }

    @Test func argumentsAreCheckedBeforeAnyLookup() async throws {
        let csi = try UnitCSI()
        var noId = Self.publish(at: Self.targets[0])
        noId.volumeID = ""
        var noTarget = Self.publish(at: Self.targets[0])
        noTarget.targetPath = ""
        var noStaging = Self.publish(at: Self.targets[0])
        noStaging.stagingTargetPath = ""
        var noCapability = Self.publish(at: Self.targets[0])
        noCapability.clearVolumeCapability()
        let cases = [
            (noId, "the volume id is empty"), (noTarget, "the target path is missing"),
            (noStaging, "the staging target path is missing"), (noCapability, "the volume capability is missing"),
        ]
        for (request, fragment) in cases {
            await UnitCSI.expectStatus(.invalidArgument, fragment) {
                _ = try await csi.node.nodePublishVolume(request: request, context: Self.context)
            }
        }
        var stageNoCapability = Self.stage()
        stageNoCapability.clearVolumeCapability()
        await UnitCSI.expectStatus(.invalidArgument, "the volume capability is missing") {
            _ = try await csi.node.nodeStageVolume(request: stageNoCapability, context: Self.context)
        }
        await UnitCSI.expectStatus(.invalidArgument, "the staging target path is missing") {
            _ = try await csi.node.nodeStageVolume(request: Self.stage(at: ""), context: Self.context)
        }
        await UnitCSI.expectStatus(.invalidArgument, "the target path is missing") {
            _ = try await csi.node.nodeUnpublishVolume(request: Self.unpublish(at: ""), context: Self.context)
        }
        #expect(csi.agent.host.log.isEmpty)
    }

    @Test func badContextsAndPathsAreRefusedBeforeAnyMount() async throws {
        let csi = try UnitCSI()
        await UnitCSI.expectStatus(.invalidArgument, "unknown option \"bogus\"") {
            _ = try await csi.node.nodeStageVolume(request: Self.stage(context: ["bogus": "1"]), context: Self.context)
        }
        await UnitCSI.expectStatus(.permissionDenied, "is not under csi.targetRoots (/csi)") {
            _ = try await csi.node.nodeStageVolume(request: Self.stage(at: "/var/lib/mesos/csi/x/staging"), context: Self.context)
        }
        await UnitCSI.expectStatus(.invalidArgument, "without \".\", \"..\" or \"//\"") {
            _ = try await csi.node.nodeStageVolume(request: Self.stage(at: "/csi/x/../staging"), context: Self.context)
        }
        await UnitCSI.expectStatus(.invalidArgument, "a subpath in the handle is not supported") {
            _ = try await csi.node.nodeStageVolume(request: Self.stage("fs-0123456789abcdef0:/sub"), context: Self.context)
        }
        #expect(csi.agent.host.log.isEmpty)
        #expect(csi.agent.containerRecords.isEmpty)
    }

    @Test func aTargetShowingAnotherVolumeIsAlreadyExists() async throws {
        let csi = try UnitCSI()
        _ = try await csi.node.nodeStageVolume(request: Self.stage(), context: Self.context)
        _ = try await csi.node.nodePublishVolume(request: Self.publish(at: Self.targets[0]), context: Self.context)
        await UnitCSI.expectStatus(.alreadyExists, "\(Self.targets[0]) already shows volume data; unpublish it first") {
            _ = try await csi.node.nodePublishVolume(request: Self.publish(at: Self.targets[0], readonly: true), context: Self.context)
        }
        await UnitCSI.expectStatus(.alreadyExists, "\(Self.targets[0]) shows volume data, not other") {
            _ = try await csi.node.nodeUnpublishVolume(request: Self.unpublish("other", at: Self.targets[0]), context: Self.context)
        }
        #expect(try csi.agent.host.isMountPoint(Self.targets[0]))
        #expect(!csi.agent.host.isReadOnly(Self.targets[0]))
    }

    @Test func nodeInfoCapabilitiesAndIdentity() async throws {
        let csi = try UnitCSI()
        let info = try await csi.node.nodeGetInfo(request: Csi_V1_NodeGetInfoRequest(), context: Self.context)
        #expect(info.nodeID == UnitCSI.nodeId)
        #expect(info.accessibleTopology.segments == ["topology.kubernetes.io/zone": UnitCSI.zone])
        let capabilities = try await csi.node.nodeGetCapabilities(request: Csi_V1_NodeGetCapabilitiesRequest(), context: Self.context)
        #expect(capabilities.capabilities.map(\.rpc.type) == [.stageUnstageVolume])
        await UnitCSI.expectStatus(.unimplemented, "NodeGetVolumeStats is not implemented") {
            _ = try await csi.node.nodeGetVolumeStats(request: Csi_V1_NodeGetVolumeStatsRequest(), context: Self.context)
        }
        let identity = IdentityService(settings: csi.daemon.settings)
        let plugin = try await identity.getPluginInfo(request: Csi_V1_GetPluginInfoRequest(), context: Self.context)
        #expect(plugin.name == "efs-hook.csi" && plugin.vendorVersion == "unit")
        #expect(try await identity.probe(request: Csi_V1_ProbeRequest(), context: Self.context).ready.value == true)
        let services = try await identity.getPluginCapabilities(request: Csi_V1_GetPluginCapabilitiesRequest(), context: Self.context)
        #expect(services.capabilities.map(\.service.type) == [.controllerService])
    }
}

/// What one `efs-hook csi --services` process serves.
@Suite struct CSIServicesTests {
    @Test(arguments: [
        (CSIServices.node, ["Identity", "Node"], false), (.controller, ["Identity", "Controller"], true),
        (.both, ["Identity", "Node", "Controller"], true),
    ])
    func servicesBySetting(_ services: CSIServices, _ served: [String], _ advertisesController: Bool) async throws {
        let csi = try UnitCSI { settings, _ in settings.services = services }
        #expect(csi.daemon.services.map { "\(type(of: $0))".replacingOccurrences(of: "Service", with: "") } == served)
        let identity = IdentityService(settings: csi.daemon.settings)
        let capabilities = try await identity.getPluginCapabilities(
            request: Csi_V1_GetPluginCapabilitiesRequest(), context: CSINodeServiceTests.context)
        #expect(capabilities.capabilities.map(\.service.type) == (advertisesController ? [.controllerService] : []))
    }

    @Test func withoutAZoneNodeGetInfoHasNoTopology() async throws {
        let csi = try UnitCSI { settings, _ in settings.zone = nil }
        let info = try await csi.node.nodeGetInfo(request: Csi_V1_NodeGetInfoRequest(), context: CSINodeServiceTests.context)
        #expect(info.nodeID == UnitCSI.nodeId)
        #expect(!info.hasAccessibleTopology)
    }
}

/// Each node call as an operation of the `csi` front end: its deadline, its audit trail.
@Suite struct CSICallTests {
    typealias Node = CSINodeServiceTests
    static let blocking = BlockingTaskExecutor(threads: 2, name: "unit-csi-call")

    static func call(deadline: Double) -> CSICall {
        var settings = UnitCSI.settings
        settings.deadlineSeconds = deadline
        return CSICall(settings: settings, logger: UnitAgent.quiet, blocking: blocking)
    }

    @Test func theCallsDeadlineIsTheShorterOfItsOwnAndTheCallers() async throws {
        let call = Self.call(deadline: 50)
        #expect(try await call.run("Probe", volume: nil, changes: false) { LaunchDeadline.current?.seconds } == 50)
        let allowed = try await ClientDeadline.$seconds.withValue(10) {
            try await call.run("Probe", volume: nil, changes: false) { LaunchDeadline.current?.seconds }
        }
        #expect(allowed == 10 - CSICall.callerMargin)
        let least = try await ClientDeadline.$seconds.withValue(0.2) {
            try await call.run("Probe", volume: nil, changes: false) { LaunchDeadline.current?.seconds }
        }
        #expect(least == 0.1)
    }

    @Test func aTemporaryFailureIsUnavailableUntilTheDeadlinePassesThenDeadlineExceeded() async throws {
        await UnitCSI.expectStatus(.unavailable, "throttled") {
            _ = try await Self.call(deadline: 50).run("NodeStageVolume", volume: "data", changes: true) {
                throw EFSHookError.temporary("throttled")
            }
        }
        await UnitCSI.expectStatus(.deadlineExceeded, "mount target not available yet") {
            _ = try await Self.call(deadline: 0.5).run("NodeStageVolume", volume: "data", changes: true) {
                throw EFSHookError.temporary("mount target not available yet")
            }
        }
        await UnitCSI.expectStatus(.notFound, "gone") {
            _ = try await Self.call(deadline: 0.5).run("X", volume: nil, changes: false) {
                throw RPCError(code: .notFound, message: "gone")
            }
        }
    }

    @Test func eachDecisionReachesTheAuditTrail() async throws {
        let csi = try UnitCSI { settings, agent in settings.auditPath = "\(agent.root)/audit.jsonl" }
        _ = try await csi.node.nodeStageVolume(request: Node.stage(), context: Node.context)
        _ = try await csi.node.nodePublishVolume(request: Node.publish(at: Node.targets[0]), context: Node.context)
        _ = try await csi.node.nodeUnpublishVolume(request: Node.unpublish(at: Node.targets[0]), context: Node.context)
        _ = try await csi.node.nodeUnstageVolume(request: Node.unstage(), context: Node.context)
        let entries = AuditTrail(path: "\(csi.agent.root)/audit.jsonl").entries()
        #expect(
            entries.map { "\($0.operation) \($0.decision.rawValue) \($0.volume)" } == [
                "NodeStageVolume mount data", "NodeStageVolume bind data", "NodePublishVolume bind data",
                "NodeUnpublishVolume release data", "NodeUnstageVolume release data",
            ])
        #expect(entries.allSatisfy { $0.frontEnd == "csi" })
        let staging = try Publication(path: Node.staging, roots: UnitCSI.roots).userID
        #expect(entries.first?.containerId == staging)
        #expect(entries.last?.containerId == staging)
    }
}
