import Common
import EFSHookTestSupport
import Foundation
import Testing
import VolumeModel

@testable import EFSHookCore

/// `volumes:` in config.yaml: one definition per name for the whole cluster, on every front end.
@Suite struct ClusterVolumesTests {
    static let config = """
        volumes:
          uploads: {provisioning: accessPoint, fileSystemId: fs-0123456789abcdef0, uid: "33"}
          plain:
        """

    static func volumes() throws -> ClusterVolumes { try ConfigurationLoader.parse(config).volumes }

    static func options(_ pairs: [(String, String)], _ volume: String = "uploads") throws -> VolumeOptions {
        try VolumeOptions.parse(pairs.map { (key: $0.0, value: $0.1) }, volume: volume)
    }

    func hostPath(_ name: String = "uploads") -> VolumeRequest {
        VolumeRequest(name: name, driver: "efs", containerPath: "/var/www/uploads", readOnly: false, origin: .hostPath)
    }

    func prepare(_ agent: UnitAgent, _ container: String, _ requests: [VolumeRequest]) async throws(EFSHookError) -> PrepareResult {
        try await agent.containers.prepare(
            containerID: container, requests: requests, identity: TaskIdentity(frontEnd: .isolator),
            layout: ContainerLayout(sandbox: "/sandbox/\(container)"), launchInfo: true)
    }

    @Test func theLoaderReadsNamesAndOptionsByTheTaskRules() throws {
        let volumes = try Self.volumes()
        #expect(
            volumes.definitions["uploads"]
                == (try Self.options([("provisioning", "accessPoint"), ("fileSystemId", "fs-0123456789abcdef0"), ("uid", "33")])))
        #expect(volumes.definitions["plain"]?.isEmpty == true, "a name with no options pins the defaults")
        for (bad, names) in [
            ("volumes: {uploads: {colour: red}}", "unknown option"), ("volumes: {uploads: {uid: x}}", "uid"),
            ("volumes: {\"-x\": {}}", "name must start"), ("volumes: {uploads: {reclaim: delete}}", "reclaim"),
            ("volumes: [uploads]", "mapping"),
        ] {
            do throws(EFSHookError) {
                _ = try ConfigurationLoader.parse(bad)
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.kind == .config && error.message.contains(names), "\(error.message)")
            }
        }
    }

    @Test func aRequestMayOmitOrRepeatOrAddButNeverChooseAnotherShape() throws {
        let volumes = try Self.volumes()
        let defined = try #require(volumes.definitions["uploads"])
        #expect(try volumes.options(for: "uploads", asked: VolumeOptions(), source: "t") == defined)
        #expect(try volumes.options(for: "uploads", asked: Self.options([("provisioning", "accessPoint")]), source: "t") == defined)
        let added = try volumes.options(for: "uploads", asked: Self.options([("tls", "true")]), source: "t")
        #expect(added[.tls] == "true" && added[.fileSystemId] == "fs-0123456789abcdef0")
        #expect(try volumes.options(for: "other", asked: Self.options([("tls", "true")], "other"), source: "t")[.tls] == "true")
        for asked in [
            [("provisioning", "filesystem")], [("uid", "0")], [("reclaim", "delete")], [("accessPointId", "fsap-0123456789abcdef0")],
        ] {
            let options = try Self.options(asked)
            do throws(EFSHookError) {
                _ = try volumes.options(for: "uploads", asked: options, source: "this create")
                Issue.record("\(asked) was accepted")
            } catch {
                #expect(error.kind == .config && error.exitCode == 78)
                #expect(error.message.contains("provisioning=accessPoint") && error.message.contains("this create asks for \(asked[0].0)="))
            }
        }
        #expect(throws: EFSHookError.self) {
            try volumes.options(for: "plain", asked: Self.options([("provisioning", "accessPoint")], "plain"), source: "t")
        }
    }

    @Test func dockerCreateWithOtherShapeIsRefusedAndNothingIsStored() throws {
        let agent = try UnitAgent(volumes: try Self.volumes())
        #expect(throws: EFSHookError.self) { try agent.holders.define("uploads", options: Self.options([("provisioning", "filesystem")])) }
        #expect(try agent.state.definitions.load("uploads") == nil)
        _ = try agent.holders.define("uploads", options: VolumeOptions())
        #expect(try agent.state.definitions.load("uploads") != nil)
    }

    @Test func routeATakesTheConfigsOptionsOverAnyHostDefinition() async throws {
        let agent = try UnitAgent(volumes: try Self.volumes())
        _ = try await prepare(agent, "executor-0", [hostPath()])
        #expect(try agent.state.containers.load("executor-0")?.volumes.first?.options == (try Self.volumes()).definitions["uploads"])
        // A definition stored before the config had `volumes:`: compatible ones add, others are refused.
        try agent.state.definitions.save(
            VolumeDefinition(name: "plain", options: try Self.options([("provisioning", "accessPoint")], "plain")), as: "plain")
        do throws(EFSHookError) {
            _ = try await prepare(agent, "executor-1", [hostPath("plain")])
            Issue.record("a conflicting host definition won")
        } catch {
            #expect(error.exitCode == 78 && error.message.contains("this host's definition of it"), "\(error.message)")
        }
        #expect(try agent.state.containers.load("executor-1") == nil)
        #expect(agent.host.mounts(at: agent.hostMount("plain")).isEmpty)
    }

    @Test func aTasksOwnOptionsAndAHoldAreCheckedTheSameWay() async throws {
        let agent = try UnitAgent(volumes: try Self.volumes())
        let task = VolumeRequest(
            name: "uploads", driver: "efs", containerPath: "/data", readOnly: false, origin: .mesosVolume,
            options: try Self.options([("provisioning", "filesystem")]))
        await #expect(throws: EFSHookError.self) { try await prepare(agent, "c1", [task]) }
        let spec = VolumeSpec(name: "uploads", options: try Self.options([("fileSystemId", "fs-00000000000000000")]))
        await #expect(throws: EFSHookError.self) { try await agent.holders.hold(spec, by: .dvdcli(volume: "uploads")) }
        #expect(agent.host.mountPoints.isEmpty)
    }
}
