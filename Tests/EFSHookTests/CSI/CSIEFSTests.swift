import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// `efs-hook csi` with the EFS provider against moto behind the fault proxy, called by
/// csi_agent.py as the Mesos agent calls a plugin: a 60 s deadline per call, no retry.
/// NFS stand-in: `efs.mountCommand` is the TEST-ONLY Tests/Fixtures/bin/recording-mount.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized, EFSMotoScope())
struct CSIEFSTests {
    @Test func aColdVolumeWithAMountTargetStillCreatingFailsBeforeTheAgentsDeadline() async throws {
        let stack = try EFSMotoScope.current()
        try await stack.proxy.clean()
        let backing = try TemporaryPath.directory("csi-efs")
        let roots = try TemporaryPath.directory("csi-roots")
        let agent = try EFSAgent(
            "csi-cold", stack: stack, clusterTag: EFSTestNames.cluster("csi-cold"), backingDir: backing,
            extraConfig: ["csi:", "  targetRoots: [\(roots)]", "  deadlineSeconds: 10"])
        let plugin = try CSIPluginProcess(socket: "\(agent.sandbox.root)/csi.sock", environment: agent.environment())
        try await stack.proxy.setLimits(mountTargetCreatingSeconds: 3600)
        let staging = "\(roots)/cold/staging"
        let cold = try await CSIAgent.run(
            endpoint: plugin.endpoint, steps: [.mkdir(staging), .stage("cold", staging: staging, expect: "DEADLINE_EXCEEDED")])
        let stage = try #require(cold.results.last)
        print("[csi] cold volume, mount target creating, csi.deadlineSeconds 10: \(stage.code) after \(Int(stage.ms)) ms: \(stage.message)")
        #expect(cold.allMet, "\(cold.firstUnmet)\n\(plugin.log.suffix(2000))")
        #expect(stage.ms < 60_000 && stage.ms < 20_000, "answered before the agent's 60 s deadline: \(stage.ms) ms")
        #expect(
            stage.message.contains("mount target fsmt-") && stage.message.contains("still creating after")
                && !stage.message.contains("\n"), "one line, the reason: \(stage.message)")
        #expect(try agent.mounts().isEmpty && agent.records("containers").isEmpty, "nothing half-done")

        try await stack.proxy.setLimits(mountTargetCreatingSeconds: 0)
        let retried = try await CSIAgent.run(
            endpoint: plugin.endpoint,
            steps: [
                .stage("cold", staging: staging), .publish("cold", staging: staging, target: "\(roots)/cold/target"),
                .write("\(roots)/cold/target/f", "ok\n"), .unpublish("cold", target: "\(roots)/cold/target"),
                .unstage("cold", staging: staging),
            ])
        #expect(retried.allMet, "\(retried.firstUnmet)\n\(plugin.log.suffix(2000))")
        #expect((try? String(contentsOfFile: "\(backing)/root/f", encoding: .utf8)) == "ok\n")
        let stats = try await stack.proxy.stats()
        print("[csi]   then the agent's next launch: \(retried.results.map(\.code)); EFS calls in all: \(stats)")
        #expect(stats.succeeded("CreateFileSystem") == 1 && stats.succeeded("CreateMountTarget") == 1, "\(stats)")
        #expect(try agent.mounts().isEmpty && agent.records("containers").isEmpty && agent.records("mounts").isEmpty)
        #expect(plugin.stop() == 0)
    }
}
