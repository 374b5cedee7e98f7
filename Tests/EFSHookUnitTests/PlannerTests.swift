import EFSHookTestSupport
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
