import Foundation
import Testing

@testable import HostLayer

// Issue 13: `efs-hook provision`, the per-agent resolution cache, and DNS mounts with no call.
extension EFSProviderTests {
    static let zones = ["us-east-1a", "us-east-1b", "us-east-1c"]

    func subnets(_ t: Context) throws -> [String] { try Self.zones.map { try t.stack.subnet($0) } }

    func provision(_ agent: EFSAgent, _ arguments: [String]) async throws -> RunResult {
        try await agent.run(["provision"] + arguments)
    }

    /// The reports `provision` printed, by volume.
    static func reports(_ result: RunResult) -> [String: [String: Any]] {
        let volumes = (result.json?["volumes"] as? [[String: Any]]) ?? []
        return Dictionary(volumes.map { ($0["volume"] as? String ?? "?", $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test(
        "provision of a job with 2 volumes and 3 subnets: 2 file systems, 6 mount targets, progress lines, JSON; a second run only describes; a launch then makes no call"
    )
    func provisionTwoVolumesThreeSubnets() async throws {
        let t = try await Context("prov")
        let subnets = try subnets(t)
        let agent = try t.agent("deployer", extraEFS: ["mountTargetSubnets: [\(subnets.joined(separator: ", "))]"])
        let task = try TaskBuilder.write(
            [.init(name: "uploads", path: "/srv/uploads"), .init(name: "cache", path: "/srv/cache", options: ["encrypted": "true"])],
            in: t.area.root)

        let dry = try await provision(agent, ["--dry-run", task])
        try #require(dry.status == 0, "\(dry.summary)")
        let planned = try await t.proxy.stats()
        print("[efs] provision --dry-run: \(planned)")
        #expect(planned.creates == 0, "\(planned)")
        #expect(Self.reports(dry)["uploads"]?["toCreate"] as? [String] == ["file system"] + subnets.map { "mount target in \($0)" })

        try await t.proxy.reset()
        let first = try await provision(agent, [task])
        try #require(first.status == 0, "\(first.summary)")
        let cold = try await t.proxy.stats()
        print("[efs] provision, 2 volumes x 3 subnets: \(cold)")
        #expect(cold.count("CreateFileSystem") == 2)
        #expect(cold.count("CreateMountTarget") == 6)
        #expect(cold.count("DescribeMountTargets") == 0, "new file systems have no mount targets to ask for: \(cold)")
        let progress = first.errorLines.filter { $0.hasPrefix("efs-hook: provision: volume ") }
        print("[efs] provision progress:\n" + progress.joined(separator: "\n"))
        for volume in ["uploads", "cache"] {
            #expect(
                progress.contains { $0.hasPrefix("efs-hook: provision: volume \(volume): file system fs-") && $0.hasSuffix(": available") })
            let ready = progress.filter {
                $0.hasPrefix("efs-hook: provision: volume \(volume): mount target fsmt-") && $0.contains(": available, ")
            }
            #expect(ready.count == 3, "\(progress)")
        }

        let snapshot = try await t.moto.snapshot()
        let owned = snapshot.owned(cluster: t.cluster)
        #expect(owned.count == 2, "\(owned.map(\.FileSystemId))")
        #expect(owned.flatMap(\.MountTargets).count == 6)
        let reports = Self.reports(first)
        for fileSystem in owned {
            let volume = try #require(fileSystem.Tags["efs-hook:volume"])
            let report = try #require(reports[volume], "\(first.stdout)")
            #expect(report["fileSystemId"] as? String == fileSystem.FileSystemId)
            let targets = (report["mountTargets"] as? [[String: Any]]) ?? []
            #expect(targets.compactMap { $0["availabilityZone"] as? String } == Self.zones)
            #expect(Set(targets.compactMap { $0["ipAddress"] as? String }) == Set(fileSystem.MountTargets.compactMap(\.IpAddress)))
            #expect(targets.allSatisfy { $0["state"] as? String == "available" })
            #expect((report["created"] as? [String])?.count == 4, "the file system and its 3 mount targets")
        }
        #expect(agent.records("volumes").sorted() == ["cache.json", "uploads.json"], "provision stores the definitions")

        try await t.proxy.reset()
        let second = try await provision(agent, [task])
        try #require(second.status == 0, "\(second.summary)")
        let again = try await t.proxy.stats()
        print("[efs] provision again: \(again)")
        #expect(again.total > 0)
        #expect(again.requests.allSatisfy { $0.operation.hasPrefix("Describe") }, "\(again)")
        #expect(Self.reports(second)["uploads"]?["fileSystemId"] as? String == reports["uploads"]?["fileSystemId"] as? String)
        #expect((Self.reports(second)["uploads"]?["created"] as? [String]) == [])

        // This agent's zone is configured: provision seeded its cache.
        try await t.proxy.reset()
        let launch = try await agent.prepare("c1", task: task)
        try #require(launch.status == 0, "\(launch.summary)")
        #expect(try await t.proxy.stats().total == 0, "the launch after provision makes no call")
        #expect(try await agent.cleanup("c1").status == 0)
    }

    @Test(
        "after provision, a static volume by fileSystemId with mountTarget dns: 0 calls per launch on a fresh agent, 0 again with the cache warm"
    )
    func dnsMountOfAProvisionedFileSystemMakesNoCall() async throws {
        let t = try await Context("dns")
        let deployer = try t.agent("deployer")
        let provisioned = try await provision(deployer, ["--volume", "reports"])
        try #require(provisioned.status == 0, "\(provisioned.summary)")
        let fileSystem = try #require(Self.reports(provisioned)["reports"]?["fileSystemId"] as? String)

        let agent = try t.agent("agent-b", zone: "us-east-1a", extraEFS: ["mountTarget: dns", "allowedFileSystemIds: [\(fileSystem)]"])
        let task = try t.task("reports", options: ["provisioning": "static", "fileSystemId": fileSystem])
        try await t.proxy.reset()
        for container in ["c1", "c2"] {
            let result = try await agent.prepare(container, task: task)
            try #require(result.status == 0, "\(result.summary)")
            #expect(try await agent.cleanup(container).status == 0)
        }
        let stats = try await t.proxy.stats()
        print("[efs] two launches of a provisioned static volume, mountTarget dns: \(stats)")
        #expect(stats.total == 0, "\(stats)")
        let calls = try agent.mountCalls()
        #expect(calls.count == 2)
        #expect(calls.allSatisfy { $0.suffix(2).first == "\(fileSystem).efs.us-east-1.amazonaws.com:/" }, "\(calls)")
    }

    @Test("cache warm: the second cold mount of a volume on an agent makes 0 calls; status --json shows the entry; remove drops it")
    func secondMountOnAnAgentMakesNoCall() async throws {
        let t = try await Context("cache")
        let agent = try t.agent("agent-a")
        let task = try t.task("shared")
        let cold = try await agent.run(["plan", task])
        #expect(cold.stdout.contains("shared: through the EFS API"), "\(cold.stdout)")
        let first = try await agent.prepare("c1", task: task)
        try #require(first.status == 0, "\(first.summary)")
        #expect(try await agent.cleanup("c1").status == 0)
        #expect(try agent.mounts().isEmpty, "the host mount went with its last user")

        try await t.proxy.reset()
        let plan = try await agent.run(["plan", "--json", task])
        let resolution = (try? JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])?["resolution"]
        #expect((resolution as? [String: String]) == ["shared": "cache"], "plan shows the cache will be used: \(plan.stdout)")
        let second = try await agent.prepare("c2", task: task)
        try #require(second.status == 0, "\(second.summary)")
        #expect(Self.reused(second) == false, "a new host mount")
        #expect(try await t.proxy.stats().total == 0, "the cached resolution made the cold mount free")
        let calls = try agent.mountCalls()
        #expect(calls.count == 2 && calls.first == calls.last, "the same mount, from the cache: \(calls)")

        let status = try await agent.status()
        let entries = (status.json?["resolutions"] as? [[String: Any]]) ?? []
        let fileSystem = try #require(try await t.moto.snapshot().owned(cluster: t.cluster).first?.FileSystemId)
        #expect(entries.count == 1 && entries.first?["volume"] as? String == "shared", "\(status.stdout)")
        #expect((entries.first?["efs"] as? [String: Any])?["fileSystemId"] as? String == fileSystem)

        #expect(try await agent.cleanup("c2").status == 0)
        try await t.moto.putConnections(fileSystem, value: 0, hoursAgo: Self.eightIdleDays)
        let removed = try await agent.run(["remove", "--yes", "shared"])
        #expect(removed.status == 0, "\(removed.summary)")
        #expect(agent.records("resolved").isEmpty, "remove drops the cache entry")
    }

    @Test("a cached entry whose file system was deleted: the next mount fails on it, drops it, re-resolves, provisions anew and succeeds")
    func deletedFileSystemIsResolvedAfresh() async throws {
        let t = try await Context("stale")
        let agent = try t.agent("agent-a")
        let task = try t.task("scratch")
        let first = try await agent.prepare("c1", task: task)
        try #require(first.status == 0, "\(first.summary)")
        #expect(try await agent.cleanup("c1").status == 0)
        let old = try #require(try await t.moto.snapshot().owned(cluster: t.cluster).first)
        let oldAddress = try #require(old.MountTargets.first?.IpAddress)

        // Someone deletes the file system; its mount target's address no longer answers.
        try await t.moto.deleteFileSystem(old.FileSystemId)
        // moto hands out a subnet's first free address: another tenant's mount target takes
        // the old one, so the volume's new mount target gets a new address.
        let decoy = try await t.moto.createFileSystem(token: "decoy-\(t.cluster)", mountTargetSubnet: try t.stack.subnet("us-east-1a"))
        #expect(decoy.mountTarget?.IpAddress == oldAddress, "moto reuses addresses: \(String(describing: decoy.mountTarget))")
        try "\(oldAddress)\n".write(toFile: "\(agent.recordDir)/unreachable", atomically: true, encoding: .utf8)
        try await t.proxy.reset()
        let second = try await agent.prepare("c2", task: task)
        try #require(second.status == 0, "\(second.summary)")
        let stats = try await t.proxy.stats()
        print("[efs] mount from a stale cache entry, then afresh: \(stats)")
        #expect(stats.count("CreateFileSystem") == 1)
        #expect(stats.count("CreateMountTarget") == 1)
        #expect(second.logRecords.contains { $0["msg"]?.hasPrefix("mounting what was known of the volume failed") == true })
        let owned = try await t.moto.snapshot().owned(cluster: t.cluster)
        try #require(owned.count == 1)
        let fresh = owned[0]
        #expect(fresh.FileSystemId != old.FileSystemId)
        let newAddress = try #require(fresh.MountTargets.first?.IpAddress)
        #expect(try agent.mountCalls().last?.suffix(2).first == "\(newAddress):/")
        let entry = try #require(agent.stateFiles().first { $0.path == "resolved/scratch.json" })
        #expect(entry.contents.contains(fresh.FileSystemId) && !entry.contents.contains(old.FileSystemId))
        #expect(try await agent.cleanup("c2").status == 0)
    }
}
