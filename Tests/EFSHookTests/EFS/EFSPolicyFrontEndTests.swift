import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

// The two-team policy through every other front end: dvdcli, the isolator, the Docker
// plugin daemon; and `policy check` explaining both outcomes.
extension EFSProviderTests {
    func policyAgent(_ t: Context) async throws -> (EFSAgent, shared: String) {
        let shared = try await t.moto.createFileSystem(token: "shared-\(t.cluster)", mountTargetSubnet: try t.stack.subnet("us-east-1a"))
            .fileSystemId
        let agent = try t.agent("agent-a", extraEFS: ["fileSystemId: \(shared)"])
        try agent.appendConfig(try Self.twoTeamPolicy(shared: shared))
        return (agent, shared)
    }

    @Test(
        "two-team policy through dvdcli and the isolator: the teams' volumes are refused with exit 77 and nothing created; allowed ones mount"
    )
    func twoTeamPolicyThroughDVDCLIAndIsolator() async throws {
        let t = try await Context("policy-fe")
        let (agent, _) = try await policyAgent(t)
        for volume in ["uploads", "billing.uploads", "reference-data", "Scratch-1"] {
            try await t.proxy.reset()
            let result = try await agent.run(["dvdcli", "mount", "--volumedriver=efs", "--volumename=\(volume)"])
            try await Self.expectRefused(result, agent, t, volume: volume, "refused by the default action")
        }

        let www = AuroraTaskBuilder.Job(role: "www-data")
        let sandbox = "\(t.area.root)/sandbox"
        try FileManager.default.createDirectory(atPath: sandbox, withIntermediateDirectories: true)
        func isolator(_ container: String, _ volume: TaskBuilder.Volume) async throws -> (RunResult, String) {
            let input = try AuroraTaskBuilder.write(
                AuroraTaskBuilder.isolatorRequest(www, [volume], container: container, sandbox: sandbox), in: t.area.root)
            let error = "\(t.area.root)/err-\(container)"
            let result = try await agent.run(["isolator", "prepare", input, "\(t.area.root)/out-\(container)", error])
            return (result, (try? String(contentsOfFile: error, encoding: .utf8)) ?? "")
        }
        for (index, (volume, fragment)) in [
            (TaskBuilder.Volume(name: "billing.uploads", path: "/u"), "refused by the default action"),
            (TaskBuilder.Volume(name: "reference-data", path: "/r"), "refused by rule \"www-data-reference\""),
        ].enumerated() {
            try await t.proxy.reset()
            let (result, error) = try await isolator("i\(index)", volume)
            try await Self.expectRefused(result, agent, t, volume: volume.name, fragment)
            #expect(error.contains(fragment), "the module's ERROR file: \(error)")
        }
        // The allowed counterparts, after every refusal (mount calls are recorded per agent).
        let scratch = try await agent.run(["dvdcli", "mount", "--volumedriver=efs", "--volumename=scratch-1"])
        #expect(
            scratch.status == 0 && scratch.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == agent.hostMount("scratch-1"),
            "\(scratch.summary)")
        #expect(try await agent.run(["dvdcli", "unmount", "--volumedriver=efs", "--volumename=scratch-1"]).status == 0)
        let (allowed, error) = try await isolator("i-ok", TaskBuilder.Volume(name: "uploads", path: "uploads"))
        #expect(allowed.status == 0, "\(allowed.summary) \(error)")
        #expect(agent.records("mounts") == ["uploads.json"])
        let cleanupInput = try AuroraTaskBuilder.write(
            AuroraTaskBuilder.isolatorRequest(www, [], container: "i-ok", sandbox: sandbox), in: t.area.root)
        // OUTPUT and ERROR are files the module owns: efs-hook replaces them, so never a device.
        let cleanup = try await agent.run(["isolator", "cleanup", cleanupInput, "\(t.area.root)/out-c", "\(t.area.root)/err-c"])
        #expect(cleanup.status == 0, "\(cleanup.summary)")
    }

    @Test(
        "two-team policy through the Docker plugin: the teams' volumes get an Err naming the rule and are never created; the daemon counts refusals"
    )
    func twoTeamPolicyThroughTheDockerPlugin() async throws {
        let t = try await Context("policy-docker")
        let (agent, _) = try await policyAgent(t)
        let daemon = try PluginDaemonProcess.start(
            socket: "\(agent.sandbox.root)/plugins/efs.sock", environment: agent.environment(), metricsPort: try RawHTTP.freePort())
        defer { _ = daemon.stop() }
        try await t.proxy.reset()
        for volume in ["uploads", "billing.uploads", "reference-data"] {
            let reply = try daemon.post("/VolumeDriver.Create", #"{"Name":"\#(volume)","Opts":{}}"#)
            #expect(reply.status == 500, "\(reply)")
            #expect((reply.err ?? "").contains(#"volume "\#(volume)": refused by the default action"#), "\(reply)")
        }
        let mountUnknown = try daemon.post("/VolumeDriver.Mount", #"{"Name":"uploads","ID":"m0"}"#)
        #expect(mountUnknown.status == 500, "never defined, so never mounted: \(mountUnknown)")
        #expect(try daemon.post("/VolumeDriver.Create", #"{"Name":"scratch-1","Opts":{"uid":"0"}}"#).err?.contains("uid=0 (root)") == true)
        #expect(try await t.proxy.stats().creates == 0)
        #expect(try agent.mounts().isEmpty && agent.records("volumes").isEmpty)

        #expect(try daemon.post("/VolumeDriver.Create", #"{"Name":"scratch-1","Opts":{}}"#).status == 200)
        let mounted = try daemon.post("/VolumeDriver.Mount", #"{"Name":"scratch-1","ID":"m1"}"#)
        #expect(mounted.status == 200 && mounted.json?["Mountpoint"] as? String == agent.hostMount("scratch-1"), "\(mounted)")
        #expect(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"scratch-1","ID":"m1"}"#).status == 200)
        let metrics = try daemon.metrics()
        #expect(metricValue(metrics, #"efs_hook_plugin_policy_refusals_total{endpoint="VolumeDriver.Create"}"#) == 4, "\(metrics)")
        #expect(metricValue(metrics, #"efs_hook_plugin_policy_refusals_total{endpoint="VolumeDriver.Mount"}"#) == 0)
    }

    @Test("policy check prints the identity found and each volume's decision: exit 0 when all are allowed, 77 when one is refused")
    func policyCheckExplainsBothOutcomes() async throws {
        let t = try await Context("policy-check")
        let (agent, _) = try await policyAgent(t)
        let www = AuroraTaskBuilder.Job(role: "www-data", instance: 3)
        let mixed = try AuroraTaskBuilder.write(
            AuroraTaskBuilder.taskInfo(www, [.init(name: "uploads", path: "/u"), .init(name: "billing.uploads", path: "/b")]),
            in: t.area.root)
        let refused = try await agent.run(["policy", "check", mixed])
        #expect(refused.status == 77, "\(refused.summary)")
        for fragment in [
            "Aurora job: role www-data, environment prod, job web, instance 3", "framework id: \(AuroraTaskBuilder.frameworkId)",
            "executor id: thermos-www-data-prod-web-3-", #"volume "uploads": allowed by rule "www-data": read-write"#,
            #"volume "billing.uploads": refused by the default action"#,
        ] {
            #expect(refused.stdout.contains(fragment), "\(fragment) in \(refused.stdout)")
        }
        #expect(refused.errorLines == [refused.errorLines.first ?? "-"] && refused.errorLines.first?.contains("billing.uploads") == true)
        let fine = try AuroraTaskBuilder.write(AuroraTaskBuilder.taskInfo(www, [.init(name: "uploads", path: "/u")]), in: t.area.root)
        let allowed = try await agent.run(["policy", "check", fine])
        #expect(allowed.status == 0 && allowed.stdout.contains("allowed by rule \"www-data\""), "\(allowed.summary)")
        let plan = try await agent.run(["plan", mixed])
        #expect(
            plan.status == 77 && plan.stdout.contains("Policy:") && plan.stdout.contains(#"volume "billing.uploads": refused"#),
            "\(plan.summary)")
        #expect(!plan.stdout.contains("billing.uploads: provision"), "a refused volume has no steps: \(plan.stdout)")
        #expect(try await t.proxy.stats().total == 0, "policy check and plan call no AWS")
    }
}
