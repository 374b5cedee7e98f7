import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// The frozen FUSE export (FrozenServerTests' unreachable-server stand-in, TEST-ONLY) under
/// `efs-hook csi`: NodeUnpublishVolume and NodeUnstageVolume of a volume whose server stopped
/// answering end within `unmountDeadlineSeconds`, as cleanup does. In FrozenServerTests, so
/// scripts/run-tests runs it with the other hung-volume suites, alone.
extension FrozenServerTests {
    @Test("frozen FUSE export: CSI unpublish and unstage end within the unmount deadline", .timeLimit(.minutes(3)))
    func csiUnpublishOfAFrozenVolume() async throws {
        let stack = try EFSMotoScope.current()
        try await stack.proxy.clean()
        let roots = try TemporaryPath.directory("csi-frozen")
        let agent = try EFSAgent(
            "csi-frozen", stack: stack, clusterTag: EFSTestNames.cluster("csi-frozen"), backingDir: "\(roots)-data",
            extraConfig: ["unmountDeadlineSeconds: 10", "csi:", "  targetRoots: [\(roots)]"])
        _ = FileManager.default.createFile(atPath: "\(agent.recordDir)/fuse", contents: nil)
        let plugin = try CSIPluginProcess(socket: "\(agent.sandbox.root)/csi.sock", environment: agent.environment())
        let staging = "\(roots)/hung/staging"
        let (t1, t2) = ("\(roots)/p1/hung", "\(roots)/p2/hung")
        let published = try await CSIAgent.run(
            endpoint: plugin.endpoint,
            steps: [
                .mkdir(staging), .stage("hung", staging: staging), .publish("hung", staging: staging, target: t1),
                .publish("hung", staging: staging, target: t2),
            ])
        #expect(published.allMet, "\(published.firstUnmet)\n\(plugin.log.suffix(2000))")
        let text = try String(contentsOfFile: "\(agent.recordDir)/bindfs-hung.pid", encoding: .utf8)
        let bindfs = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        #expect(kill(bindfs, SIGSTOP) == 0)
        for _ in 0..<100 where FrozenServerTests.state(of: bindfs) != "T" { usleep(20_000) }
        #expect(FrozenServerTests.state(of: bindfs) == "T", "the stand-in server is stopped")
        var resumed = false
        defer { if !resumed { kill(bindfs, SIGCONT) } }

        let ended = try await CSIAgent.run(
            endpoint: plugin.endpoint,
            steps: [.unpublish("hung", target: t1), .unpublish("hung", target: t2), .unstage("hung", staging: staging)])
        print("[csi] frozen volume: \(ended.results.map { "\($0.call) \($0.code) \(Int($0.ms)) ms" })")
        #expect(ended.allMet, "\(ended.firstUnmet)\n\(plugin.log.suffix(3000))")
        // Bounds, not timings: each call ends within the unmount deadline (10 s) and a margin.
        #expect(ended.results.allSatisfy { $0.ms < 15_000 }, "\(ended.results.map(\.ms))")
        let left = try agent.mounts()
        #expect(!left.contains(agent.hostMount("hung")) && !left.contains(t1) && !left.contains(t2) && !left.contains(staging), "\(left)")
        #expect(agent.records("containers").isEmpty && !agent.records("mounts").contains("hung.json"))
        kill(bindfs, SIGCONT)
        resumed = true
        #expect(plugin.stop() == 0)
    }
}
