import CSIProto
import EFSHookCore
import GRPCCore
import Testing
import VolumeModel

@testable import CSIPlugin

/// CSI's Controller service in process, with the local provider: definitions only.
@Suite struct CSIControllerServiceTests {
    static let context = UnitCSI.context("controller")

    static func create(_ name: String, parameters: [String: String] = [:]) -> Csi_V1_CreateVolumeRequest {
        var request = Csi_V1_CreateVolumeRequest()
        request.name = name
        request.volumeCapabilities = [UnitCSI.capability()]
        request.parameters = parameters
        request.capacityRange.requiredBytes = 1 << 30
        return request
    }

    static func validate(_ id: String) -> Csi_V1_ValidateVolumeCapabilitiesRequest {
        var request = Csi_V1_ValidateVolumeCapabilitiesRequest()
        request.volumeID = id
        request.volumeCapabilities = [UnitCSI.capability()]
        return request
    }

    static func list(_ maxEntries: Int32, from token: String = "") -> Csi_V1_ListVolumesRequest {
        var request = Csi_V1_ListVolumesRequest()
        request.maxEntries = maxEntries
        request.startingToken = token
        return request
    }

    @Test func createVolumeIsIdempotentByName() async throws {
        let csi = try UnitCSI()
        let first = try await csi.controller.createVolume(request: Self.create("data", parameters: ["uid": "1000"]), context: Self.context)
        #expect(first.volume.volumeID == "data")
        #expect(first.volume.capacityBytes == 0)
        #expect(first.volume.volumeContext == ["uid": "1000"])
        let again = try await csi.controller.createVolume(request: Self.create("data", parameters: ["uid": "1000"]), context: Self.context)
        #expect(again == first)
        let unsaid = try await csi.controller.createVolume(request: Self.create("data"), context: Self.context)
        #expect(unsaid.volume.volumeID == "data" && unsaid.volume.volumeContext == ["uid": "1000"])
        await UnitCSI.expectStatus(.alreadyExists, "volume data already exists with") {
            _ = try await csi.controller.createVolume(request: Self.create("data", parameters: ["uid": "2000"]), context: Self.context)
        }
        #expect(try csi.agent.holders.definition("data")?.options.values == ["uid": "1000"])
        #expect(csi.agent.host.log.isEmpty, "a definition mounts nothing")
    }

    @Test func aLongNameBecomesASixtyFourCharacterId() async throws {
        let csi = try UnitCSI()
        let name = "pvc-" + String(repeating: "0123abcd", count: 15) + "abcd"
        #expect(name.count == 128)
        let created = try await csi.controller.createVolume(request: Self.create(name), context: Self.context)
        #expect(created.volume.volumeID.count == 64)
        #expect(created.volume.volumeID == CSIVolumeName.volumeName(for: name))
        #expect(try csi.agent.holders.definedVolumes() == [created.volume.volumeID])
        let again = try await csi.controller.createVolume(request: Self.create(name), context: Self.context)
        #expect(again.volume.volumeID == created.volume.volumeID)
    }

    @Test func createVolumeRefusals() async throws {
        let csi = try UnitCSI()
        var noCapabilities = Self.create("data")
        noCapabilities.volumeCapabilities = []
        var block = Self.create("data")
        block.volumeCapabilities[0].block = Csi_V1_VolumeCapability.BlockVolume()
        let cases = [
            (Self.create(""), "the volume name is missing"), (noCapabilities, "the volume capabilities are missing"),
            (block, "a block volume is not supported"), (Self.create("data", parameters: ["bogus": "1"]), "unknown option \"bogus\""),
            (Self.create("fs-0123456789abcdef0"), "is a file system handle"),
        ]
        for (request, fragment) in cases {
            await UnitCSI.expectStatus(.invalidArgument, fragment) {
                _ = try await csi.controller.createVolume(request: request, context: Self.context)
            }
        }
        #expect(try csi.agent.holders.definedVolumes().isEmpty)
    }

    @Test func deleteVolumeForgetsTheDefinitionAndAnUnknownIdIsOK() async throws {
        let csi = try UnitCSI()
        _ = try await csi.controller.createVolume(request: Self.create("data"), context: Self.context)
        var request = Csi_V1_DeleteVolumeRequest()
        request.volumeID = "data"
        _ = try await csi.controller.deleteVolume(request: request, context: Self.context)
        #expect(try csi.agent.holders.definedVolumes().isEmpty)
        _ = try await csi.controller.deleteVolume(request: request, context: Self.context)
        request.volumeID = "fs-0123456789abcdef0::fsap-0123456789abcdef0"
        _ = try await csi.controller.deleteVolume(request: request, context: Self.context)
        request.volumeID = ""
        await UnitCSI.expectStatus(.invalidArgument, "the volume id is empty") {
            _ = try await csi.controller.deleteVolume(request: request, context: Self.context)
        }
    }

    @Test func aVolumeInUseIsNotDeleted() async throws {
        let csi = try UnitCSI()
        _ = try await csi.controller.createVolume(request: Self.create("data"), context: Self.context)
        _ = try await csi.node.nodeStageVolume(request: CSINodeServiceTests.stage(), context: Self.context)
        var request = Csi_V1_DeleteVolumeRequest()
        request.volumeID = "data"
        await UnitCSI.expectStatus(.failedPrecondition, "volume data is in use on this host by 1 user(s)") {
            _ = try await csi.controller.deleteVolume(request: request, context: Self.context)
        }
        #expect(try csi.agent.holders.definedVolumes() == ["data"])
        _ = try await csi.node.nodeUnstageVolume(request: CSINodeServiceTests.unstage(), context: Self.context)
        _ = try await csi.controller.deleteVolume(request: request, context: Self.context)
        #expect(try csi.agent.holders.definedVolumes().isEmpty)
    }

    @Test func theContextCreateVolumeReturnsIsWhatNodeStageMountsWith() async throws {
        let csi = try UnitCSI()
        let created = try await csi.controller.createVolume(
            request: Self.create("data", parameters: ["uid": "1000", "reclaim": "delete"]), context: Self.context)
        #expect(created.volume.volumeContext == ["uid": "1000"], "reclaim belongs to DeleteVolume, not to a mount")
        let staging = try Publication(path: CSINodeServiceTests.staging, roots: UnitCSI.roots)
        var context = created.volume.volumeContext
        context["reclaim"] = "retain"
        _ = try await csi.node.nodeStageVolume(request: CSINodeServiceTests.stage(context: context), context: Self.context)
        #expect(try csi.agent.publications.current(staging)?.options.values == ["uid": "1000"])
        _ = try await csi.node.nodeUnstageVolume(request: CSINodeServiceTests.unstage(), context: Self.context)
        _ = try await csi.node.nodeStageVolume(request: CSINodeServiceTests.stage(), context: Self.context)
        #expect(try csi.agent.publications.current(staging)?.options.values == ["uid": "1000"], "else the definition's")
        let target = CSINodeServiceTests.targets[0]
        _ = try await csi.node.nodePublishVolume(request: CSINodeServiceTests.publish(at: target), context: Self.context)
        let published = try Publication(path: target, roots: UnitCSI.roots)
        #expect(try csi.agent.publications.current(published)?.options.values == ["uid": "1000"], "the staged options")
    }

    @Test func validateVolumeCapabilities() async throws {
        let csi = try UnitCSI()
        await UnitCSI.expectStatus(.notFound, "volume data does not exist") {
            _ = try await csi.controller.validateVolumeCapabilities(request: Self.validate("data"), context: Self.context)
        }
        _ = try await csi.controller.createVolume(request: Self.create("data"), context: Self.context)
        let confirmed = try await csi.controller.validateVolumeCapabilities(request: Self.validate("data"), context: Self.context)
        #expect(confirmed.confirmed.volumeCapabilities == [UnitCSI.capability()])
        #expect(confirmed.message.isEmpty)
        var block = Self.validate("data")
        block.volumeCapabilities.append(Csi_V1_VolumeCapability())
        block.volumeCapabilities[1].block = Csi_V1_VolumeCapability.BlockVolume()
        let refused = try await csi.controller.validateVolumeCapabilities(request: block, context: Self.context)
        #expect(!refused.hasConfirmed)
        #expect(refused.message == "a block volume is not supported: EFS is a file system")
        let handle = try await csi.controller.validateVolumeCapabilities(
            request: Self.validate("fs-0123456789abcdef0"), context: Self.context)
        #expect(handle.hasConfirmed, "a handle names a file system that exists outside efs-hook")
    }

    @Test func listVolumesPagesByToken() async throws {
        let csi = try UnitCSI()
        for name in ["c", "a", "b"] { _ = try await csi.controller.createVolume(request: Self.create(name), context: Self.context) }
        var seen: [String] = []
        var token = ""
        for expected in ["1", "2", ""] {
            let page = try await csi.controller.listVolumes(request: Self.list(1, from: token), context: Self.context)
            seen += page.entries.map(\.volume.volumeID)
            #expect(page.entries.count == 1)
            #expect(page.nextToken == expected)
            token = page.nextToken
        }
        #expect(seen == ["a", "b", "c"])
        let all = try await csi.controller.listVolumes(request: Self.list(0), context: Self.context)
        #expect(all.entries.map(\.volume.volumeID) == ["a", "b", "c"] && all.nextToken.isEmpty)
        let rest = try await csi.controller.listVolumes(request: Self.list(5, from: "1"), context: Self.context)
        #expect(rest.entries.map(\.volume.volumeID) == ["b", "c"] && rest.nextToken.isEmpty)
        for bad in ["x", "-1", "4"] {
            await UnitCSI.expectStatus(.aborted, "is not one ListVolumes gave") {
                _ = try await csi.controller.listVolumes(request: Self.list(1, from: bad), context: Self.context)
            }
        }
        await UnitCSI.expectStatus(.invalidArgument, "max_entries must not be negative") {
            _ = try await csi.controller.listVolumes(request: Self.list(-1), context: Self.context)
        }
    }

    @Test func controllerCapabilities() async throws {
        let csi = try UnitCSI()
        let answer = try await csi.controller.controllerGetCapabilities(
            request: Csi_V1_ControllerGetCapabilitiesRequest(), context: Self.context)
        #expect(answer.capabilities.map(\.rpc.type) == [.createDeleteVolume, .listVolumes])
    }
}
