import Foundation
import Testing

@testable import HostLayer

/// The real efs-hook binary with `provider: efs` against moto (behind the fault proxy), with
/// real mounts in the private mount namespace `make test` runs in.
///
/// NFS stand-in: efs.mountCommand is the TEST-ONLY Tests/Fixtures/bin/recording-mount (this
/// kernel has no NFS client). It records the exact argv efs-hook would give /bin/mount and
/// bind-mounts a local directory instead, so everything after the mount is real.
///
/// One moto server and one proxy for the whole suite; the tests are serialized because the
/// proxy's counts and fault rules are global, and each test uses its own cluster tag.
@Suite(
    "EFS provider: real binary against moto",
    .enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized, EFSMotoScope())
struct EFSProviderTests {
    static let nfsOptions = "nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport"

    /// A fresh test: clean proxy, unique cluster tag, a scratch area whose `efs-data`
    /// directory stands in for the file system's contents.
    struct Context {
        let stack: EFSMotoStack
        let cluster: String
        let area: HostSandbox
        var backing: String { "\(area.root)/efs-data" }

        init(_ prefix: String) async throws {
            stack = try EFSMotoScope.current()
            try await stack.proxy.clean()
            cluster = EFSTestNames.cluster(prefix)
            area = try HostSandbox()
        }

        func agent(_ name: String, zone: String = "us-east-1a", extraEFS: [String] = []) throws -> EFSAgent {
            try EFSAgent(name, stack: stack, clusterTag: cluster, backingDir: backing, zone: zone, extraEFS: extraEFS)
        }

        func task(_ name: String, path: String = "/srv/data", options: [String: String] = [:]) throws -> String {
            try TaskBuilder.write([.init(name: name, path: path, options: options)], in: area.root)
        }

        var proxy: FaultProxy { stack.proxy }
        var moto: MotoInspector { stack.moto }
    }

    static func reused(_ result: RunResult) -> Bool? {
        ((result.json?["volumes"] as? [[String: Any]])?.first)?["reusedHostMount"] as? Bool
    }

    // MARK: 1, 2: cold path, warm path, retain

    @Test(
        "cold prepare: one encrypted, tagged file system and one mount target in us-east-1a; exact NFS argv; warm prepare and cleanup call nothing"
    )
    func coldThenWarmThenRetain() async throws {
        let t = try await Context("cold")
        let agent = try t.agent("agent-a")
        let task = try t.task("shared")
        let hostMount = agent.hostMount("shared")

        let first = try await agent.prepare("c1", task: task)
        try #require(first.status == 0, "\(first.summary)")
        #expect(Self.reused(first) == false)
        let cold = try await t.proxy.stats()
        print("[efs] cold prepare EFS calls: \(cold)")
        #expect(cold.count("CreateFileSystem") == 1)
        #expect(cold.count("CreateMountTarget") == 1)
        #expect(cold.count("CreateAccessPoint") == 0)
        #expect(cold.faulted == 0)

        let snapshot = try await t.moto.snapshot()
        let owned = snapshot.owned(cluster: t.cluster)
        try #require(owned.count == 1, "exactly one file system for the cluster: \(owned.map(\.FileSystemId))")
        let fileSystem = owned[0]
        #expect(fileSystem.SameTokenCount == 1, "one file system for creation token \(fileSystem.CreationToken)")
        #expect(fileSystem.CreationToken.hasPrefix("efs-hook-"))
        #expect(fileSystem.Encrypted == true)
        #expect(fileSystem.LifeCycleState == "available")
        #expect(fileSystem.Tags["efs-hook:cluster"] == t.cluster)
        #expect(fileSystem.Tags["efs-hook:volume"] == "shared")
        #expect(fileSystem.Tags["efs-hook:managed-by"] == "efs-hook")
        #expect(fileSystem.AccessPoints.isEmpty)
        try #require(fileSystem.MountTargets.count == 1, "\(fileSystem.MountTargets)")
        let mountTarget = fileSystem.MountTargets[0]
        #expect(mountTarget.AvailabilityZoneName == "us-east-1a")
        #expect(mountTarget.SubnetId == (try t.stack.subnet("us-east-1a")))
        let address = try #require(mountTarget.IpAddress)

        // Recorded by the NFS stand-in (recording-mount): exactly what /bin/mount would get.
        let calls = try agent.mountCalls()
        #expect(calls == [["-t", "nfs4", "-o", Self.nfsOptions, "\(address):/", hostMount]], "\(calls)")
        #expect(try FullMountTable.current().mountCount(at: hostMount) == 1)

        // 2. A second container on the same agent: no EFS call at all.
        try await t.proxy.reset()
        let second = try await agent.prepare("c2", task: task)
        try #require(second.status == 0, "\(second.summary)")
        #expect(Self.reused(second) == true)
        let warm = try await t.proxy.stats()
        print("[efs] warm prepare EFS calls: \(warm)")
        #expect(warm.total == 0, "a volume already mounted on the host costs no API call: \(warm)")
        #expect(try agent.mountCalls().count == 1, "no second mount call")
        #expect(try FullMountTable.current().mountCount(at: hostMount) == 1)

        try "written by c1".write(toFile: agent.containerPath("c1", "/srv/data/hello.txt"), atomically: false, encoding: .utf8)
        #expect(try String(contentsOfFile: agent.containerPath("c2", "/srv/data/hello.txt"), encoding: .utf8) == "written by c1")

        let status = try await agent.status()
        #expect(status.status == 0)
        let volumes = status.json?["volumes"] as? [[String: Any]]
        #expect(volumes?.first?["source"] as? String == "\(address):/")
        #expect(volumes?.first?["provider"] as? String == "efs")
        #expect(volumes?.first?["containers"] as? [String] == ["c1", "c2"])

        // Cleanup (retain is the default): no EFS call, not even for the last user.
        try await t.proxy.reset()
        let cleanup1 = try await agent.cleanup("c1")
        #expect(cleanup1.status == 0, "\(cleanup1.summary)")
        #expect(try FullMountTable.current().isMountPoint(hostMount), "c2 still uses the volume")
        let cleanup2 = try await agent.cleanup("c2")
        #expect(cleanup2.status == 0, "\(cleanup2.summary)")
        let cleanupStats = try await t.proxy.stats()
        print("[efs] cleanup EFS calls: \(cleanupStats)")
        #expect(cleanupStats.total == 0, "\(cleanupStats)")
        #expect(try agent.mounts().isEmpty)
        #expect(agent.records("containers").isEmpty)
        #expect(agent.records("mounts").isEmpty)

        let after = try await t.moto.snapshot().owned(cluster: t.cluster)
        #expect(after.map(\.FileSystemId) == [fileSystem.FileSystemId], "retain keeps the file system")
        #expect(after.first?.MountTargets.map(\.MountTargetId) == [mountTarget.MountTargetId], "retain keeps the mount target")
        #expect(try String(contentsOfFile: "\(t.backing)/root/hello.txt", encoding: .utf8) == "written by c1")
    }

    @Test("busy host (mountinfo over one page): the warm path still makes no EFS call and no second mount; cleanup leaves nothing")
    func warmPathOnABusyHost() async throws {
        let t = try await Context("busy")
        let agent = try t.agent("agent-a")
        let task = try t.task("shared")
        let padding = try MountPadding(root: "\(t.area.root)/other-mounts", count: 48)
        let bytes = padding.mountInfoBytes
        print("[efs] busy host: /proc/self/mountinfo is \(bytes) bytes")
        try #require(bytes > 4096)

        let first = try await agent.prepare("c1", task: task)
        try #require(first.status == 0, "\(first.summary)")
        try await t.proxy.reset()
        let second = try await agent.prepare("c2", task: task)
        #expect(second.status == 0, "\(second.summary)")
        let warm = try await t.proxy.stats()
        print("[efs] busy host, warm prepare EFS calls: \(warm)")
        #expect(Self.reused(second) == true)
        #expect(warm.total == 0, "\(warm)")
        #expect(try FullMountTable.current().mountCount(at: agent.hostMount("shared")) == 1, "no stacked host mount")
        #expect(try agent.mountCalls().count == 1)
        let status = try await agent.status()
        #expect((status.json?["volumes"] as? [[String: Any]])?.first?["mounted"] as? Bool == true, "\(status.stdout)")

        #expect(try await agent.cleanup("c1").status == 0)
        let last = try await agent.cleanup("c2")
        #expect(last.status == 0)
        #expect(last.stdout.contains("host mounts released: shared"), "\(last.stdout)")
        #expect(try agent.mounts().isEmpty, "cleanup leaves no bind and no host mount")
        withExtendedLifetime(padding) {}
    }

    @Test("recover after a lost host mount remounts from the resolution cache with no call; releasing the last user calls nothing")
    func recoverRemountsWithoutCreating() async throws {
        let t = try await Context("recover")
        let agent = try t.agent("agent-a")
        let task = try t.task("vol")
        let first = try await agent.prepare("c1", task: task)
        try #require(first.status == 0, "\(first.summary)")

        // A reboot: every mount is gone, the records stay.
        for mountPoint in try agent.mounts().reversed() { _ = umount2(mountPoint, Int32(MNT_DETACH)) }
        try #require(try agent.mounts().isEmpty)

        try await t.proxy.reset()
        let recover = try await agent.run(["recover"])
        #expect(recover.status == 0, "\(recover.summary)")
        #expect(recover.stdout.contains("remounted volumes: vol"), "\(recover.stdout)")
        let stats = try await t.proxy.stats()
        print("[efs] recover EFS calls: \(stats)")
        #expect(stats.creates == 0, "\(stats)")
        #expect(stats.total == 0, "the resolution cache answers the remount: \(stats)")
        let calls = try agent.mountCalls()
        #expect(calls.count == 2)
        #expect(calls.first == calls.last, "the same mount again: \(calls)")
        #expect(try FullMountTable.current().mountCount(at: agent.hostMount("vol")) == 1)

        try await t.proxy.reset()
        let release = try await agent.run(["recover", "--live", "some-other-container"])
        #expect(release.status == 0, "\(release.summary)")
        #expect(release.stdout.contains("released containers: c1"), "\(release.stdout)")
        #expect(try await t.proxy.stats().total == 0)
        #expect(try agent.mounts().isEmpty)
        #expect(agent.records("containers").isEmpty)
        #expect(agent.records("mounts").isEmpty)
        #expect(try await t.moto.snapshot().owned(cluster: t.cluster).count == 1, "retain")
    }

    // MARK: 3: many agents, one volume

    @Test("8 agents prepare the same new volume at once: all succeed, one file system, one mount target")
    func eightAgentsConverge() async throws {
        let t = try await Context("race")
        let agents = try (1...8).map { try t.agent("agent-\($0)") }
        let task = try t.task("raced")
        // Hold every describe and create for a second, so the agents really race: each sees
        // "nothing there" and tries to create.
        try await t.proxy.setFaults(
            ["DescribeFileSystems", "CreateFileSystem", "DescribeMountTargets", "CreateMountTarget"].map {
                FaultRule(operation: $0, mode: "slow", times: 8, delaySeconds: 1)
            })
        let started = Date()
        let processes = try agents.map { try $0.startPrepare("c1", task: task, logLevel: "debug") }
        let results = await offPool { processes.map { $0.wait() } }
        let elapsed = Date().timeIntervalSince(started)
        let stats = try await t.proxy.stats()
        try await t.proxy.clean()

        var totalAttempts = 0
        for (agent, result) in zip(agents, results) {
            let calls = result.awsCalls
            totalAttempts += calls.values.reduce(0, +)
            print(
                "[efs] \(agent.name): exit \(result.status), EFS calls \(calls.values.reduce(0, +)): "
                    + calls.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
            #expect(result.status == 0, "\(agent.name): \(result.summary)")
        }
        print("[efs] 8 agents, \(String(format: "%.1f", elapsed)) s; proxy: \(stats)")
        #expect(totalAttempts == stats.total, "every call the agents logged reached the proxy")

        let owned = try await t.moto.snapshot().owned(cluster: t.cluster, volume: "raced")
        try #require(owned.count == 1, "one file system: \(owned.map(\.FileSystemId))")
        #expect(owned[0].SameTokenCount == 1)
        #expect(owned[0].MountTargets.count == 1, "one mount target: \(owned[0].MountTargets.map(\.MountTargetId))")
        let address = try #require(owned[0].MountTargets.first?.IpAddress)
        for agent in agents {
            #expect(
                try agent.mountCalls() == [["-t", "nfs4", "-o", Self.nfsOptions, "\(address):/", agent.hostMount("raced")]],
                "\(agent.name)")
            let count = try FullMountTable.current().mountCount(at: agent.hostMount("raced"))
            let mounts = try agent.mounts()
            #expect(count == 1, "\(agent.name): \(count) mounts at its host mount point; its mounts: \(mounts)")
        }
        for agent in agents {
            #expect(try await agent.cleanup("c1").status == 0)
            #expect(try agent.mounts().isEmpty, "\(agent.name): cleanup leaves no mount")
        }
    }
}
