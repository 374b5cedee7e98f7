import EFSHookTestSupport
import MesosProto
import Testing
import VolumeModel

@testable import EFSHookCore

@Suite struct PlannerTests {
    let planner = Planner(providerName: "local", mountRoot: "/m")
    let request = VolumeRequest(name: "v", driver: "efs", containerPath: "/data", readOnly: true, origin: .mesosVolume)

    @Test func coldVolumeIsProvisionedMountedAndBound() throws {
        let steps = try planner.prepareSteps(
            for: [request], layout: ContainerLayout(rootfs: "/r"), observed: ObservedHost(), launchInfo: false)
        #expect(
            steps == [
                .provision(volume: "v", provider: "local"), .mountHost(volume: "v", mountPoint: "/m/v"),
                .bind(volume: "v", source: "/m/v", target: "/r/data", readOnly: true),
            ])
    }

    /// Route A and B volumes are efs-hook's by where they are written, not by a driver: an
    /// agent whose only driver is `rexray` still plans them (and leaves a `efs` volume alone).
    @Test func anAgentWhoseOnlyDriverIsREXRayPlansARouteAVolume() throws {
        var volume = Mesos_Volume()
        volume.containerPath = "/var/www/uploads"
        volume.mode = .rw
        volume.source.type = .hostPath
        volume.source.hostPath.path = "/m/uploads"
        var docker = Mesos_Volume()
        docker.containerPath = "/other"
        docker.mode = .rw
        docker.source.type = .dockerVolume
        docker.source.dockerVolume.driver = "efs"
        docker.source.dockerVolume.name = "other"
        var executor = Mesos_ExecutorInfo()
        executor.executorID.value = "thermos-1"
        executor.container.type = .mesos
        executor.container.volumes = [volume, docker]
        let found = try VolumeExtractor(drivers: ["rexray"], mountRoot: "/m").volumes(in: .executorInfo(executor))
        #expect(found.volumes.map(\.name) == ["uploads"])
        #expect(found.volumes.first?.naming == .efsHook, "efs-hook's own naming, not REX-Ray's")
        #expect(found.ignored.map(\.name) == ["other"], "a driver the agent does not list is still ignored")
        let steps = try planner.prepareSteps(for: found.volumes, layout: ContainerLayout(), observed: ObservedHost(), launchInfo: true)
        #expect(
            steps == [
                .provision(volume: "uploads", provider: "local"), .mountHost(volume: "uploads", mountPoint: "/m/uploads"),
                .mesosHostPath(volume: "uploads", source: "/m/uploads", containerPath: "/var/www/uploads", readOnly: false),
            ])
    }

    @Test func warmVolumeReusesTheHostMount() throws {
        let relative = VolumeRequest(name: "v", driver: "efs", containerPath: "up", readOnly: false, origin: .dvdiEnvironment)
        let steps = try planner.prepareSteps(
            for: [relative], layout: ContainerLayout(sandbox: "/s"), observed: ObservedHost(hostMounted: ["v"]), launchInfo: true)
        #expect(
            steps == [
                .reuseHostMount(volume: "v", mountPoint: "/m/v"),
                .launchMount(volume: "v", source: "/m/v", target: "/s/up", readOnly: false),
            ])
    }

    @Test func containerWithoutRootfsBindsOnTheHostPath() throws {
        #expect(try ContainerLayout().target(for: request, launchInfo: false) == "/data")
        #expect(!ContainerLayout().mayCreate(request))
        #expect(ContainerLayout(rootfs: "/r").mayCreate(request))
    }

    @Test func relativePathWithoutSandboxIsAUsageError() {
        let relative = VolumeRequest(name: "v", driver: "efs", containerPath: "up", readOnly: false, origin: .dvdiEnvironment)
        expectHookError(.usage, "--sandbox") { _ = try ContainerLayout(rootfs: "/r").target(for: relative, launchInfo: true) }
    }
}
