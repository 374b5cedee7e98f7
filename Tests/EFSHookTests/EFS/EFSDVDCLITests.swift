import Foundation
import Testing

@testable import HostLayer

// The dvdcli drop-in against moto: --explicitcreate and path.
extension EFSProviderTests {
    static func dvdcli(_ action: String, _ volume: String, _ extra: [String] = []) -> [String] {
        ["dvdcli", action, "--volumedriver=efs", "--volumename=\(volume)"] + extra
    }

    @Test("dvdcli mount --explicitcreate: a missing volume fails with exit 1 and one line, and nothing is created or mounted")
    func explicitCreateOfAMissingVolume() async throws {
        let t = try await Context("explicit")
        let agent = try t.agent("agent-a")
        let result = try await agent.run(Self.dvdcli("mount", "absent", ["--explicitcreate"]))
        #expect(result.status == 1, "\(result.summary)")
        #expect(result.stdout.isEmpty)
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        let line = result.errorLines.first ?? ""
        #expect(line.contains("volume \"absent\" does not exist") && line.contains("explicit create"), "\(line)")
        let stats = try await t.proxy.stats()
        print("[efs] dvdcli --explicitcreate of a missing volume: \(stats); error: \(line)")
        #expect(stats.creates == 0, "\(stats)")
        #expect(stats.count("DescribeFileSystems") == 1)
        #expect(try await t.moto.snapshot().owned(cluster: t.cluster).isEmpty)
        #expect(try agent.mountCalls().isEmpty)
        #expect(try agent.mounts().isEmpty)
        #expect(agent.records("containers").isEmpty && agent.records("mounts").isEmpty)
    }

    @Test("dvdcli mount --explicitCreate=true mounts a volume another agent created, creating nothing; path shows it")
    func explicitCreateOfAnExistingVolume() async throws {
        let t = try await Context("explicit-ok")
        let creator = try t.agent("agent-a")
        #expect(try await creator.run(Self.dvdcli("mount", "present")).status == 0)
        try await t.proxy.clean()

        let agent = try t.agent("agent-b")
        #expect(try await agent.run(Self.dvdcli("path", "present")).status == 1, "path never mounts")
        let mounted = try await agent.run(Self.dvdcli("mount", "present", ["--explicitCreate=true"]))
        #expect(mounted.status == 0, "\(mounted.summary)")
        #expect(mounted.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == agent.hostMount("present"))
        let stats = try await t.proxy.stats()
        #expect(stats.creates == 0, "\(stats)")
        #expect(try await t.moto.snapshot().owned(cluster: t.cluster, volume: "present").count == 1)
        let path = try await agent.run(Self.dvdcli("path", "present"))
        #expect(path.status == 0 && path.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == agent.hostMount("present"))

        #expect(try await agent.run(Self.dvdcli("unmount", "present")).status == 0)
        #expect(try await creator.run(Self.dvdcli("unmount", "present")).status == 0)
        #expect(try agent.mounts().isEmpty && agent.records("containers").isEmpty)
    }
}
