import EFSHookTestSupport
import MesosProto
import SwiftProtobuf
import Testing
import VolumeModel

@testable import EFSHookCLI
@testable import EFSHookCore

/// The target rule of Mesos' docker/volume and filesystem/linux isolators.
@Suite struct ContainerLayoutTests {
    func request(_ path: String) -> VolumeRequest {
        VolumeRequest(name: "v", driver: "efs", containerPath: path, readOnly: false, origin: .mesosVolume)
    }

    @Test func absolutePathGoesUnderTheRootfsAndIsCreated() throws {
        let layout = ContainerLayout(rootfs: "/r", sandbox: "/s")
        let placement = try layout.placement(for: request("/data/x"))
        #expect(placement.mountPoint == "/r/data/x")
        #expect(placement.launchTarget == "/r/data/x")
        #expect(layout.mayCreate(request("/data/x")))
    }

    @Test func relativePathWithARootfsTargetsTheSandboxInsideItButIsMadeInTheSandbox() throws {
        let placement = try ContainerLayout(rootfs: "/r", sandbox: "/s").placement(for: request("cache/a"))
        #expect(placement.root == "/s")
        #expect(placement.mountPoint == "/s/cache/a")
        #expect(placement.launchTarget == "/r/mnt/mesos/sandbox/cache/a")
        let layout = ContainerLayout(rootfs: "/r", sandbox: "/s")
        #expect(try layout.target(for: request("cache/a"), launchInfo: true) == "/r/mnt/mesos/sandbox/cache/a")
        #expect(try layout.target(for: request("cache/a"), launchInfo: false) == "/s/cache/a", "efs-hook's own bind")
    }

    @Test func relativePathWithoutARootfsIsInTheSandbox() throws {
        let placement = try ContainerLayout(sandbox: "/s/").placement(for: request("cache"))
        #expect(placement.mountPoint == "/s/cache")
        #expect(placement.launchTarget == "/s/cache")
    }

    @Test func theSandboxDirectoryIsTheAgentsFromConfiguration() throws {
        let config = try ConfigurationLoader.parse("mesos:\n  sandboxDirectory: /sandbox\n")
        #expect(config.mesos.sandboxDirectory == "/sandbox")
        #expect(Configuration().mesos.sandboxDirectory == "/mnt/mesos/sandbox")
        #expect(ContainerLayout().sandboxDirectory == "/mnt/mesos/sandbox")
        let layout = ContainerLayout(rootfs: "/r", sandbox: "/s", sandboxDirectory: config.mesos.sandboxDirectory)
        #expect(try layout.placement(for: request("cache")).launchTarget == "/r/sandbox/cache")
        expectHookError(.config, "mesos.sandboxDirectory") { _ = try ConfigurationLoader.parse("mesos:\n  sandboxDirectory: rel\n") }
    }

    @Test func launchInfoPrepareRecordsMesosTargetAndMakesTheMountPointInTheSandbox() async throws {
        let agent = try UnitAgent()
        let volume = VolumeRequest(name: "cache", driver: "efs", containerPath: "cache", readOnly: false, origin: .mesosVolume)
        let layout = ContainerLayout(rootfs: "/rootfs", sandbox: "/sandbox/c1")
        let result = try await agent.executor.prepare(
            containerID: "c1", requests: [volume], identity: TaskIdentity(frontEnd: .isolator), layout: layout, launchInfo: true)
        #expect(result.volumes.map(\.target) == ["/rootfs/mnt/mesos/sandbox/cache"])
        #expect(agent.host.hasDirectory("/sandbox/c1/cache"))
        #expect(!agent.host.hasDirectory("/rootfs/mnt/mesos/sandbox/cache"), "the sandbox bind would hide it")
        let again = try await agent.executor.prepare(
            containerID: "c1", requests: [volume], identity: TaskIdentity(frontEnd: .isolator), layout: layout, launchInfo: true)
        #expect(
            again.volumes
                == result.volumes.map {
                    var volume = $0; volume.reusedHostMount = true; return volume
                })
        // Strictly parsed by Mesos' containerizer.proto: unknown fields are errors.
        let info = try Mesos_Slave_ContainerLaunchInfo(jsonString: try LaunchInfoBuilder.json(LaunchInfoBuilder.launchInfo(for: result)))
        #expect(info.mounts.map(\.target) == ["/rootfs/mnt/mesos/sandbox/cache"])
        #expect(info.mounts.map(\.source) == ["/mnt/efs-hook/cache"])
        #expect(try await agent.executor.cleanup(containerID: "c1").known)
    }
}
