import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// `efs-hook csi` with the local provider, called by Tests/Helpers/csi_agent.py (PyPI's grpcio)
/// playing the Mesos 1.11 agent: its plugin start, and its calls at each container launch
/// and at the last container's end. Mesos publishes one target per volume per agent and binds
/// it into each container itself; the test makes those binds, as the agent would.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct CSIPluginTests {
    struct Area {
        let sandbox: HostSandbox
        let plugin: CSIPluginProcess
        var roots: String { "\(sandbox.root)/csi" }
        /// Mesos' `<target_path_root>/<percent-encoded volume id>`.
        func volumeDirectory(_ id: String) -> String { "\(roots)/\(id)" }

        init(deadlineSeconds: Int = 50) throws {
            sandbox = try HostSandbox()
            let csi = "\ncsi:\n  targetRoots: [\(sandbox.root)/csi]\n  deadlineSeconds: \(deadlineSeconds)\n"
            try (try String(contentsOfFile: sandbox.config, encoding: .utf8) + csi).write(
                toFile: sandbox.config, atomically: true, encoding: .utf8)
            plugin = try CSIPluginProcess(socket: "\(sandbox.root)/csi.sock", environment: sandbox.environment)
        }
    }

    static func bind(_ source: String, _ target: String) throws {
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        guard mount(source, target, nil, UInt(MS_BIND), nil) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    @Test func theMesosAgentsCallOrderTwoContainersOneVolume() async throws {
        let area = try Area()
        let sandbox = area.sandbox
        let volume = area.volumeDirectory("shared")
        let (staging, target) = ("\(volume)/staging", "\(volume)/target")
        // Each launch: the agent makes the staging directory, stages and publishes (again for the second).
        let launch: [CSIAgentStep] = [
            .mkdir(staging), .stage("shared", staging: staging), .publish("shared", staging: staging, target: target),
        ]
        let started = try await CSIAgent.run(endpoint: area.plugin.endpoint, steps: launch + launch, agentStart: true)
        #expect(started.allMet, "\(started.firstUnmet)\n\(area.plugin.log.suffix(2000))")
        #expect(
            Array(started.calls.prefix(5)) == [
                "Probe", "GetPluginCapabilities", "GetPluginInfo", "GetPluginInfo", "ControllerGetCapabilities",
            ],
            "\(started.calls)")
        #expect(started.results(of: "GetPluginInfo").first?.response("name") == .string("efs-hook.csi"))
        print("[csi] plugin start and two launches: \(started.results.map { "\($0.call) \($0.code) \(Int($0.ms)) ms" })")

        // The agent binds the one target into each container.
        let (c1, c2) = ("\(sandbox.root)/c1/rootfs/data", "\(sandbox.root)/c2/rootfs/data")
        try Self.bind(target, c1)
        try Self.bind(target, c2)
        let mounts = try sandbox.mounts()
        #expect(mounts.filter { $0 == "\(sandbox.mountRoot)/shared" }.count == 1, "one host mount: \(mounts)")
        #expect(Set(mounts) == Set(["\(sandbox.mountRoot)/shared", staging, target, c1, c2]), "\(mounts)")
        try "from c1\n".write(toFile: "\(c1)/f", atomically: true, encoding: .utf8)
        #expect(try String(contentsOfFile: "\(c2)/f", encoding: .utf8) == "from c1\n")
        #expect(sandbox.records("containers").count == 2, "a record for the staging path and one for the target")

        // The first container goes: the agent unbinds it and calls nothing (the volume is still used).
        #expect(umount2(c1, 0) == 0)
        #expect(try String(contentsOfFile: "\(c2)/f", encoding: .utf8) == "from c1\n", "the second container still works")
        // The last container goes: NodeUnpublishVolume, then NodeUnstageVolume.
        #expect(umount2(c2, 0) == 0)
        let ended = try await CSIAgent.run(
            endpoint: area.plugin.endpoint, steps: [.unpublish("shared", target: target), .unstage("shared", staging: staging)])
        #expect(ended.allMet, "\(ended.firstUnmet)\n\(area.plugin.log.suffix(2000))")
        let left = try sandbox.mounts()
        #expect(left.isEmpty, "no mount left: \(left)")
        #expect(sandbox.records("containers").isEmpty && sandbox.records("mounts").isEmpty, "no record left")
        #expect(!FileManager.default.fileExists(atPath: target), "the agent checks the target is gone")
        #expect(FileManager.default.fileExists(atPath: staging), "the staging directory is the agent's")
        #expect(try String(contentsOfFile: "\(sandbox.localRoot)/shared/f", encoding: .utf8) == "from c1\n", "the data stays")
        #expect(area.plugin.records(of: "NodePublishVolume").count == 2, "one summary record per call")
        #expect(area.plugin.stop() == 0)
    }

    /// The shape of other orchestrators (Kubernetes, Nomad): a target path per container.
    @Test func twoTargetsOneHostMountAndUnpublishOfTheFirstLeavesTheSecond() async throws {
        let area = try Area()
        let sandbox = area.sandbox
        let staging = "\(area.roots)/staging/shared"
        let (t1, t2) = ("\(area.roots)/pods/p1/shared", "\(area.roots)/pods/p2/shared")
        let run = try await CSIAgent.run(
            endpoint: area.plugin.endpoint,
            steps: [
                .mkdir(staging), .stage("shared", staging: staging), .publish("shared", staging: staging, target: t1),
                .publish("shared", staging: staging, target: t2, readonly: true),
                .write("\(t1)/f", "through p1\n"), .read("\(t2)/f", data: "through p1\n"), .write("\(t2)/g", "no", expect: "EROFS"),
            ])
        #expect(run.allMet, "\(run.firstUnmet)\n\(area.plugin.log.suffix(2000))")
        let mounts = try sandbox.mounts()
        #expect(
            Set(mounts) == Set(["\(sandbox.mountRoot)/shared", staging, t1, t2]), "one host mount, the staging bind, two binds: \(mounts)")

        let first = try await CSIAgent.run(
            endpoint: area.plugin.endpoint, steps: [.unpublish("shared", target: t1), .read("\(t2)/f", data: "through p1\n")])
        #expect(first.allMet, "\(first.firstUnmet)")
        #expect(!FileManager.default.fileExists(atPath: t1))
        let conflicting = try await CSIAgent.run(
            endpoint: area.plugin.endpoint,
            steps: [
                .publish("other", staging: staging, target: t2, expect: "FAILED_PRECONDITION"),
                .publish("shared", staging: staging, target: "/etc/efs-hook-csi-test", expect: "PERMISSION_DENIED"),
                .unstage("shared", staging: staging, expect: "OK"),
            ])
        #expect(conflicting.results.prefix(2).allSatisfy { $0.code == $0.code.uppercased() }, "\(conflicting.results)")
        #expect(conflicting.results[0].code == "FAILED_PRECONDITION" && conflicting.results[1].code == "PERMISSION_DENIED")
        print("[csi] refusals: \(conflicting.results.map { "\($0.code): \($0.message)" })")
        let last = try await CSIAgent.run(
            endpoint: area.plugin.endpoint, steps: [.unpublish("shared", target: t2), .unpublish("shared", target: t2)])
        #expect(last.allMet, "unpublish is idempotent: \(last.firstUnmet)")
        let left = try sandbox.mounts()
        #expect(left.isEmpty && sandbox.records("containers").isEmpty && sandbox.records("mounts").isEmpty, "\(left)")
        #expect(area.plugin.stop() == 0)
    }
}
