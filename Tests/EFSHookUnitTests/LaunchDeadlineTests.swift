import Common
import Testing
import VolumeModel

@testable import AWSClient
@testable import EFSHookCore

/// One deadline per launch, shared by every wait in it; on the virtual clock.
@Suite struct LaunchDeadlineTests {
    /// Runs `body` under a launch deadline of `seconds` on the agent's virtual clock.
    func underDeadline<T>(_ seconds: Double, _ agent: UnitAgent, _ body: () async throws -> T) async throws -> T {
        let clock = agent.clock.clock
        return try await LaunchDeadline.$current.withValue(LaunchDeadline(seconds: seconds, now: clock.now), operation: body)
    }

    @Test func aMountTargetStillCreatingAtTheDeadlineFailsTemporarilyWithOneLineAndTheRetryReusesIt() async throws {
        let efs = FakeEFS()
        let agent = try UnitAgent(efs: efs)
        _ = try await underDeadline(100, agent) { try await agent.prepare("c0", [try agent.request("warm", at: "/w")]) }
        await efs.set { $0.mountTargetDescribesUntilAvailable = 1_000 }
        let started = agent.clock.elapsed
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await underDeadline(100, agent) { try await agent.prepare("c1", [try agent.request("uploads", at: "/u")]) }
        }
        let took = agent.clock.elapsed - started
        #expect(error?.exitCode == 75)
        let message = error?.message ?? ""
        let pattern =
            #/^volume "uploads": mount target fsmt-[0-9a-f]{17} in us-east-1a still creating after (\d+) s; AWS goes on creating it; retry the launch$/#
        let match = try #require(message.wholeMatch(of: pattern), "\(message)")
        #expect((90...100).contains(Int(match.1)!), "\(message)")
        #expect(took <= 100 - LaunchDeadline.reserve, "the waits end inside the deadline, not at efs.waitTimeoutSeconds (300): \(took)")
        #expect(!message.contains("\n"))
        #expect(agent.containerRecords == ["c0"] && agent.hostMountRecords == ["warm"], "nothing half-done")
        #expect(agent.host.mounts(at: agent.hostMount("uploads")).isEmpty)

        await efs.set {
            $0.finishCreating()
            $0.mountTargetDescribesUntilAvailable = nil
        }
        await efs.resetCalls()
        _ = try await underDeadline(100, agent) { try await agent.prepare("c1", [try agent.request("uploads", at: "/u")]) }
        #expect(await efs.count("CreateMountTarget") == 0, "the retry reuses what AWS created")
        let resources = await (efs.fileSystems.count, efs.mountTargets.count)
        #expect(resources == (2, 2), "one file system and one mount target per volume")
    }

    @Test func aShorterWaitTimeoutStillEndsTheWaitFirst() async throws {
        let efs = FakeEFS()
        await efs.set { $0.describesUntilAvailable = 1_000 }
        let agent = try UnitAgent(efs: efs, settings: UnitAgent.efsSettings { $0.waitTimeoutSeconds = 20 })
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await underDeadline(100, agent) { try await agent.prepare("c1", [try agent.request("slow", at: "/s")]) }
        }
        #expect(error?.message.contains("(efs.waitTimeoutSeconds)") == true, "\(error?.message ?? "")")
        #expect(agent.clock.elapsed <= 20)
    }

    @Test func theDeadlineIsSharedByEveryWaitOfTheLaunch() async throws {
        // The file system takes 7 polls (1+2+4+8+10+10 s), so the mount target has what is left.
        let efs = FakeEFS()
        await efs.set { $0.describesUntilAvailable = 1_000 }
        let agent = try UnitAgent(efs: efs)
        let error = await #expect(throws: EFSHookError.self) {
            _ = try await underDeadline(30, agent) { try await agent.prepare("c1", [try agent.request("two", at: "/t")]) }
        }
        #expect(error?.message.contains("file system fs-") == true, "\(error?.message ?? "")")
        #expect(agent.clock.elapsed <= 29.0001)
        #expect(agent.clock.naps.reduce(0, +) <= 29.0001)
    }

    @Test func withoutALaunchTheWaitTimeoutAloneApplies() async throws {
        #expect(LaunchDeadline.current == nil)
        #expect(LaunchDeadline.capped(60) == 60)
        let deadline = LaunchDeadline(seconds: 10, now: { 5 })
        #expect(deadline.remaining == 10 - LaunchDeadline.reserve)
        LaunchDeadline.$current.withValue(deadline) { #expect(LaunchDeadline.capped(60) == 9) }
    }
}
