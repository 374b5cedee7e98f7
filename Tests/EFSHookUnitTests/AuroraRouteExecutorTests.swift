import Common
import EFSHookTestSupport
import Foundation
import Testing
import VolumeModel

@testable import EFSHookCore

/// Route A and the stored Route B requests in the core, against the in-memory host.
@Suite struct AuroraRouteExecutorTests {
    func hostPathRequest(_ agent: UnitAgent, _ name: String = "uploads", at path: String = "/var/www/uploads") -> VolumeRequest {
        VolumeRequest(name: name, driver: "efs", containerPath: path, readOnly: false, origin: .hostPath)
    }

    func prepare(_ agent: UnitAgent, _ container: String, _ requests: [VolumeRequest]) async throws(EFSHookError) -> PrepareResult {
        try await agent.containers.prepare(
            containerID: container, requests: requests, identity: TaskIdentity(frontEnd: .isolator),
            layout: ContainerLayout(sandbox: "/sandbox/\(container)"), launchInfo: true)
    }

    @Test func aHostPathVolumeIsMountedOnceAndHeldNotBound() async throws {
        let agent = try UnitAgent()
        let first = try await prepare(agent, "executor-0", [hostPathRequest(agent)])
        let second = try await prepare(agent, "executor-1", [hostPathRequest(agent)])
        #expect(agent.host.mounts(at: agent.hostMount("uploads")).count == 1, "one host mount for both executors")
        #expect(first.volumes.map(\.viaHostPath) == [true] && second.volumes.first?.reusedHostMount == true)
        #expect(first.volumes.first?.target == agent.hostMount("uploads"), "Mesos binds the host path itself")
        #expect(!agent.host.log.contains { $0.hasPrefix("bind") })
        #expect(try agent.state.containers.load("executor-0")?.volumes.first?.viaHostPath == true)
        _ = try await agent.containers.cleanup(containerID: "executor-0")
        #expect(agent.host.mounts(at: agent.hostMount("uploads")).count == 1, "still used by executor-1")
        _ = try await agent.containers.cleanup(containerID: "executor-1")
        #expect(agent.host.mountPoints.isEmpty)
        #expect(agent.containerRecords.isEmpty)
    }

    @Test func aHostPathVolumeTakesItsDefinitionsOptions() async throws {
        let agent = try UnitAgent()
        let options = try VolumeOptions.parse([("provisioning", "accessPoint"), ("uid", "33")], volume: "uploads")
        _ = try agent.holders.define("uploads", options: options)
        _ = try await prepare(agent, "executor-0", [hostPathRequest(agent)])
        #expect(try agent.state.containers.load("executor-0")?.volumes.first?.options == options)
        _ = try await prepare(agent, "executor-1", [hostPathRequest(agent, "plain", at: "/srv/plain")])
        #expect(try agent.state.containers.load("executor-1")?.volumes.first?.options.isEmpty == true, "no definition: defaults")
    }

    @Test func aHostPathVolumeThatCannotMountFailsAndLeavesNothing() async throws {
        let agent = try UnitAgent()
        agent.host.fail(.mount, at: agent.hostMount("uploads"))
        await #expect(throws: EFSHookError.self) { try await prepare(agent, "executor-0", [hostPathRequest(agent)]) }
        #expect(agent.host.mountPoints.isEmpty)
        #expect(agent.containerRecords.isEmpty)
    }

    @Test func theHostPathStepsShowThatMesosBinds() throws {
        let agent = try UnitAgent()
        let steps = try agent.planner.prepareSteps(
            for: [hostPathRequest(agent)], layout: ContainerLayout(), observed: ObservedHost(), launchInfo: true)
        #expect(steps.map(\.action) == ["provision", "mount-host", "mesos-host-path"])
        #expect(steps.last?.summary.contains("HOST_PATH") == true)
    }

    @Test func recoverRemovesRequestsOfExecutorsThatAreGone() async throws {
        let agent = try UnitAgent()
        let store = agent.reconciler.taskRequests
        let request = VolumeRequest(name: "uploads", driver: "efs", containerPath: "/data", readOnly: false, origin: .auroraMetadata)
        var earlierBoot = TaskRequestRecord(executorId: "thermos-a", volumes: [request])
        earlierBoot.bootID = "an-earlier-boot"
        try store.save(earlierBoot)
        var gone = TaskRequestRecord(executorId: "thermos-b", volumes: [request])
        gone.containerID = "container-b"
        try store.save(gone)
        try store.save(TaskRequestRecord(executorId: "thermos-c", volumes: [request], written: Date().addingTimeInterval(-7200)))
        try store.save(TaskRequestRecord(executorId: "thermos-d", volumes: [request]))
        let live = TaskRequestRecord(executorId: "thermos-e", volumes: [request])
        try store.save(live)
        _ = try await prepare(agent, "container-e", [hostPathRequest(agent)])
        try agent.reconciler.markTaskRequests(live, usedBy: "container-e")
        #expect(try store.load(executorId: "thermos-e")?.containerID == "container-e")

        let report = try await agent.reconciler.recover(live: nil)
        #expect(report.removedTaskRequests.sorted() == ["thermos-a", "thermos-b", "thermos-c"])
        #expect(try store.records.keys().sorted() == ["thermos-d", "thermos-e"], "waiting for its container, and in use")
        _ = try await agent.containers.cleanup(containerID: "container-e")
        #expect(try await agent.reconciler.recover(live: nil).removedTaskRequests == ["thermos-e"])
    }

    @Test func executorIdsThatCannotBeFileNamesHaveNoRequests() throws {
        let agent = try UnitAgent()
        #expect(try agent.reconciler.taskRequests.load(executorId: "../escape") == nil)
        expectHookError(.invalidTask, "executor id") {
            try agent.reconciler.taskRequests.save(TaskRequestRecord(executorId: "../escape", volumes: []))
        }
    }
}
