import Common
import Foundation
import Testing
import VolumeModel

@testable import AWSClient
@testable import EFSHookCore
@testable import EFSVolumes

/// The per-agent resolution cache and mounts with no API call, against the fake EFS.
@Suite struct ResolutionCacheTests {
    /// Mounts the volume for `container` and releases it again, so the next mount is cold.
    func mountOnce(_ agent: UnitAgent, _ container: String, _ request: VolumeRequest) async throws {
        _ = try await agent.prepare(container, [request])
        _ = try await agent.containers.cleanup(containerID: container)
        #expect(agent.host.mountPoints.isEmpty, "the host mount went with its last user")
    }

    @Test func aSecondColdMountOnTheAgentMakesNoCall() async throws {
        let efs = FakeEFS()
        let agent = try UnitAgent(efs: efs)
        let request = try agent.request("uploads", at: "/u")
        try await mountOnce(agent, "c1", request)
        let entry = try #require(try agent.state.resolutions.load("uploads"))
        let facts = try #require(entry.efs)
        #expect(facts.fileSystemId == (await efs.fileSystems.first?.fileSystemId))
        #expect(facts.mountTargetIp != nil && facts.availabilityZone == "us-east-1a")
        #expect(entry.allowance == .ownFileSystem)

        await efs.resetCalls()
        _ = try await agent.prepare("c2", [request])
        #expect(await efs.calls == [])
        #expect(agent.host.mounts(at: agent.hostMount("uploads")) == ["\(facts.mountTargetIp ?? "?"):/"])
    }

    @Test func aMountFromTheCacheThatFailsDropsItAndResolvesAfreshOnce() async throws {
        let efs = FakeEFS()
        let agent = try UnitAgent(efs: efs)
        let request = try agent.request("uploads", at: "/u")
        try await mountOnce(agent, "c1", request)
        let stale = try #require(try agent.state.resolutions.load("uploads"))
        // The file system is deleted behind the agent's back: its address no longer answers.
        let old = try #require(stale.efs).fileSystemId
        for target in await efs.mountTargets where target.fileSystemId == old { try await efs.deleteMountTarget(id: target.mountTargetId) }
        try await efs.deleteFileSystem(id: old)
        agent.host.fail(.mount, at: agent.hostMount("uploads"), with: .temporary("mount: connection timed out"))
        await efs.resetCalls()

        _ = try await agent.prepare("c2", [request])
        #expect(await efs.calls == ["CreateFileSystem", "DescribeFileSystems", "CreateMountTarget", "DescribeMountTargets"])
        let fresh = try #require(try agent.state.resolutions.load("uploads"))
        #expect(try #require(fresh.efs).fileSystemId != old)
        let mounts = agent.host.log.filter { ["mount", "FAILED mount"].map { "\($0) \(agent.hostMount("uploads"))" }.contains($0) }
        #expect(mounts.count == 3, "c1's, the cached one that failed, the fresh one: \(agent.host.log)")
    }

    @Test func aStaticVolumeInDNSModeWithAnAllowedFileSystemMountsItsDNSNameWithNoCall() async throws {
        let efs = FakeEFS()
        let fileSystem = await efs.addFileSystem()
        let settings = UnitAgent.efsSettings {
            $0.mountTarget = .dns
            $0.region = "us-east-1"
            $0.allowedFileSystemIds = [fileSystem]
        }
        let agent = try UnitAgent(efs: efs, settings: settings)
        _ = try await agent.prepare(
            "c1", [try agent.request("given", at: "/g", options: ["provisioning": "static", "fileSystemId": fileSystem])])
        #expect(await efs.calls == [])
        #expect(agent.host.mounts(at: agent.hostMount("given")) == ["\(fileSystem).efs.us-east-1.amazonaws.com:/"])
    }

    @Test func aFileSystemTheConfigurationDoesNotAllowIsCheckedAndRefused() async throws {
        let efs = FakeEFS()
        let fileSystem = await efs.addFileSystem()
        let settings = UnitAgent.efsSettings { $0.mountTarget = .dns }
        let agent = try UnitAgent(efs: efs, settings: settings)
        let request = try agent.request("given", at: "/g", options: ["provisioning": "static", "fileSystemId": fileSystem])
        await #expect(throws: EFSHookError.self) { _ = try await agent.prepare("c1", [request]) }
        #expect(await efs.calls == ["DescribeFileSystems"], "another tenant's file system is refused, cache or not")
        #expect(try agent.state.resolutions.load("given") == nil)
    }

    @Test func aCachedEntryDoesNotOutliveTheConfigurationThatAllowedItsFileSystem() async throws {
        let efs = FakeEFS()
        let fileSystem = await efs.addFileSystem()
        await efs.set { $0.subnets["subnet-0a"] = "us-east-1a" }
        let allowed = try UnitAgent(efs: efs, settings: UnitAgent.efsSettings { $0.allowedFileSystemIds = [fileSystem] })
        let options = ["provisioning": "accessPoint", "fileSystemId": fileSystem]
        try await mountOnce(allowed, "c1", try allowed.request("team", at: "/t", options: options))
        let entry = try #require(try allowed.state.resolutions.load("team"))
        #expect(entry.allowance == .configuration)

        // The same cache on an agent whose configuration no longer allows the file system.
        let narrowed = try UnitAgent(efs: efs)
        try narrowed.state.resolutions.save(entry, as: "team")
        await efs.resetCalls()
        await #expect(throws: EFSHookError.self) {
            _ = try await narrowed.prepare("c1", [try narrowed.request("team", at: "/t", options: options)])
        }
        #expect(await efs.calls == ["DescribeFileSystems"], "checked against EFS again, and refused")
        #expect(narrowed.host.mountPoints.isEmpty)
    }

    @Test func aCachedEntryIsUsedOnlyForTheOptionsItWasLearnedFor() async throws {
        let efs = FakeEFS()
        let agent = try UnitAgent(efs: efs)
        try await mountOnce(agent, "c1", try agent.request("uploads", at: "/u"))
        await efs.resetCalls()
        _ = try await agent.prepare("c2", [try agent.request("uploads", at: "/u", options: ["tls": "true"])])
        #expect(await efs.calls == ["CreateFileSystem", "DescribeMountTargets"], "other options: resolved again")
        #expect(try agent.state.resolutions.load("uploads")?.options[.tls] == "true")
    }

    @Test func aREXRayVolumeIsCachedAndStillMountedAtItsRootPath() async throws {
        let efs = FakeEFS()
        let agent = try UnitAgent(efs: efs, settings: UnitAgent.efsSettings { $0.rexray.tag = "prod" })
        let request = try agent.request("legacy", at: "/l", driver: "rexray")
        try await mountOnce(agent, "c1", request)
        await efs.resetCalls()
        _ = try await agent.prepare("c2", [request])
        #expect(await efs.calls == [])
        #expect(agent.host.mounts(at: agent.hostMount("legacy")).first?.hasSuffix(":/data") == true)
        #expect(try agent.state.resolutions.load("legacy")?.naming == .rexray)
    }

    @Test func provisionMakesAMountTargetPerSubnetWaitsForAllAndASecondRunOnlyDescribes() async throws {
        let efs = FakeEFS()
        await efs.set { $0.describesUntilAvailable = 2 }
        let settings = UnitAgent.efsSettings { $0.mountTargetSubnets = ["subnet-0a", "subnet-0b"] }
        let agent = try UnitAgent(efs: efs, settings: settings)
        let lines = Lines()
        let request = try agent.request("uploads", at: "/")
        let reports = try await agent.administrator.provisionAhead([request], identity: TaskIdentity(frontEnd: .prepare)) {
            line in
            lines.append(line)
        }
        let report = try #require(reports.first)
        #expect(report.mountTargets.map(\.availabilityZone) == ["us-east-1a", "us-east-1b"])
        #expect(report.mountTargets.allSatisfy { $0.state == "available" && $0.ipAddress != nil })
        #expect(report.created.count == 3)
        #expect(await efs.count("CreateMountTarget") == 2)
        #expect(lines.all.contains { $0.hasPrefix("volume uploads: mount target fsmt-") && $0.contains(": creating, ") })
        #expect(try agent.holders.definition("uploads")?.options == request.options)
        #expect(try agent.state.resolutions.load("uploads")?.efs?.availabilityZone == "us-east-1a")

        await efs.resetCalls()
        let again = try await agent.administrator.provisionAhead([request], identity: TaskIdentity(frontEnd: .prepare)) { _ in }
        #expect(again.first?.created == [])
        let calls = await efs.calls
        #expect(calls.allSatisfy { $0.hasPrefix("Describe") }, "\(calls)")

        await efs.resetCalls()
        _ = try await agent.prepare("c1", [try agent.request("uploads", at: "/u")])
        #expect(await efs.calls == [], "a launch after provision makes no call")
    }
}

/// Progress lines a test collects from a `@Sendable` callback.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
