import AWSClient
import Common
import EFSHookTestSupport
import Testing
import VolumeModel

@testable import EFSHookCore
@testable import EFSVolumes

/// Enforcement in the core: a refusal leaves nothing behind (no record, no mount, no AWS
/// create), the EFS half of the safe defaults goes through the EFSAPI seam, and a warm
/// prepare decides in memory without a single AWS call.
@Suite struct PolicyEnforcementTests {
    static let settings = UnitAgent.efsSettings { $0.fileSystemId = nil }

    /// Static volumes create no mount target: the operator made one.
    static func mountTarget(_ efs: FakeEFS, _ fileSystem: String) async throws {
        _ = try await efs.createMountTarget(CreateMountTargetRequest(fileSystemId: fileSystem, subnetId: "subnet-0a"))
        await efs.set { $0.finishCreating() }
    }

    /// Nothing created in the fake EFS, nothing mounted, no record.
    static func expectNothingDone(_ agent: UnitAgent, _ efs: FakeEFS, calls allowed: Set<String> = []) async {
        let changes = agent.host.log.filter { $0.hasPrefix("mount") || $0.hasPrefix("bind") || $0.hasPrefix("ro ") }
        #expect(changes.isEmpty, "\(changes)")
        #expect(agent.containerRecords.isEmpty && agent.hostMountRecords.isEmpty)
        let calls = await efs.calls
        #expect(!calls.contains { $0.hasPrefix("Create") }, "\(calls)")
        #expect(Set(calls).isSubset(of: allowed), "\(calls)")
    }

    @Test func aForeignFileSystemIsRefusedBeforeAnythingIsCreated() async throws {
        let efs = FakeEFS()
        let foreign = await efs.addFileSystem()
        let otherCluster = await efs.addFileSystem(tags: EFSNaming(clusterTag: "other").tags(volume: "data"))
        let otherVolume = await efs.addFileSystem(tags: EFSNaming(clusterTag: "unit").tags(volume: "someone-elses"))
        let agent = try UnitAgent(efs: efs, settings: Self.settings)
        for fileSystem in [foreign, otherCluster, otherVolume, "fs-00000000000000404"] {
            for mode in ["static", "accessPoint"] {
                await efs.resetCalls()
                let request = try agent.request("data", at: "/d", options: ["provisioning": mode, "fileSystemId": fileSystem])
                await expectHookErrorAsync(.permissionDenied, "refused by the safe defaults: file system \(fileSystem)") {
                    _ = try await agent.prepare("c1", [request])
                }
                await Self.expectNothingDone(agent, efs, calls: ["DescribeFileSystems"])
            }
        }
    }

    @Test func theConfiguredAllowedAndOwnFileSystemsWork() async throws {
        let efs = FakeEFS()
        let shared = await efs.addFileSystem()
        let listed = await efs.addFileSystem()
        let own = await efs.addFileSystem(tags: EFSNaming(clusterTag: "unit").tags(volume: "own"))
        try await Self.mountTarget(efs, own)
        let agent = try UnitAgent(
            efs: efs,
            settings: UnitAgent.efsSettings {
                $0.fileSystemId = shared; $0.allowedFileSystemIds = [listed]
            })
        _ = try await agent.prepare("c1", [try agent.request("team", at: "/t", options: ["provisioning": "accessPoint"])])
        _ = try await agent.prepare(
            "c2", [try agent.request("listed", at: "/l", options: ["provisioning": "accessPoint", "fileSystemId": listed])])
        _ = try await agent.prepare("c3", [try agent.request("own", at: "/o", options: ["provisioning": "static", "fileSystemId": own])])
        #expect(Set(agent.hostMountRecords) == ["team", "listed", "own"])
    }

    @Test func anAccessPointOfAnotherFileSystemIsRefused() async throws {
        let efs = FakeEFS()
        let mine = await efs.addFileSystem()
        let theirs = await efs.addFileSystem()
        let theirAccessPoint = try await efs.createAccessPoint(CreateAccessPointRequest(clientToken: "t", fileSystemId: theirs))
            .accessPointId
        try await Self.mountTarget(efs, mine)
        let agent = try UnitAgent(efs: efs, settings: UnitAgent.efsSettings { $0.fileSystemId = mine })
        await efs.resetCalls()
        let hostile = try agent.request("data", at: "/d", options: ["provisioning": "static", "accessPointId": theirAccessPoint])
        await expectHookErrorAsync(.permissionDenied, "access point \(theirAccessPoint) belongs to another file system") {
            _ = try await agent.prepare("c1", [hostile])
        }
        let missing = try agent.request("data", at: "/d", options: ["provisioning": "static", "accessPointId": "fsap-00000000000000404"])
        await expectHookErrorAsync(.permissionDenied, "does not exist") { _ = try await agent.prepare("c1", [missing]) }
        await Self.expectNothingDone(agent, efs, calls: ["DescribeAccessPoints"])

        let own = try await efs.createAccessPoint(CreateAccessPointRequest(clientToken: "m", fileSystemId: mine)).accessPointId
        await efs.set { $0.finishCreating() }
        _ = try await agent.prepare("c1", [try agent.request("data", at: "/d", options: ["provisioning": "static", "accessPointId": own])])
        #expect(try agent.state.hostMounts.load("data")?.efs?.accessPointId == own)
    }

    @Test func rootOwnersAndPathsOutsideTheRootAreRefusedWithNoAPICall() async throws {
        let efs = FakeEFS()
        let shared = await efs.addFileSystem()
        let agent = try UnitAgent(efs: efs, settings: UnitAgent.efsSettings { $0.fileSystemId = shared })
        await efs.resetCalls()
        for options in [["uid": "0"], ["gid": "0"], ["path": "/"], ["path": "/other/data"]] {
            let request = try agent.request("data", at: "/d", options: options.merging(["provisioning": "accessPoint"]) { a, _ in a })
            await expectHookErrorAsync(.permissionDenied, "volume \"data\": refused by the safe defaults") {
                _ = try await agent.prepare("c1", [request])
            }
        }
        await Self.expectNothingDone(agent, efs)
    }

    @Test func aWarmPrepareDecidesInMemoryAndStillChecksWhoAsks() async throws {
        let efs = FakeEFS()
        let policy = try ConfigurationLoader.parse(
            """
            policy:
              defaultAction: deny
              rules:
                - {name: team-a, match: {auroraRoles: [team-a]}, volumes: ["a-*"]}
            """
        ).policy
        let agent = try UnitAgent(efs: efs, policy: policy)
        let teamA = TaskIdentity(frontEnd: .isolator, aurora: AuroraJobKey(role: "team-a", environment: "prod", job: "web"))
        let teamB = TaskIdentity(frontEnd: .isolator, aurora: AuroraJobKey(role: "team-b", environment: "prod", job: "web"))
        _ = try await agent.prepare("c1", [try agent.request("a-db", at: "/d")], identity: teamA)
        await efs.resetCalls()
        let warm = try await agent.prepare("c2", [try agent.request("a-db", at: "/d2")], identity: teamA)
        #expect(warm.volumes.first?.reusedHostMount == true)
        #expect(await efs.calls.isEmpty, "a warm prepare makes no AWS call")
        await expectHookErrorAsync(.permissionDenied, #"volume "a-db": refused by the default action"#) {
            _ = try await agent.prepare("c3", [try agent.request("a-db", at: "/d3")], identity: teamB)
        }
        #expect(await efs.calls.isEmpty)
        #expect(!agent.containerRecords.contains("c3"))
    }

    @Test func namespacedNamesAreTheVolumesEverywhere() async throws {
        let policy = try ConfigurationLoader.parse("policy: {rules: [{name: roles, namespace: auroraRole}]}").policy
        let agent = try UnitAgent(policy: policy)
        let teamA = TaskIdentity(frontEnd: .prepare, aurora: AuroraJobKey(role: "team-a", environment: "prod", job: "web"))
        let teamB = TaskIdentity(frontEnd: .prepare, aurora: AuroraJobKey(role: "team-b", environment: "prod", job: "web"))
        let a = try await agent.prepare("c1", [try agent.request("uploads", at: "/u")], identity: teamA)
        let b = try await agent.prepare("c2", [try agent.request("uploads", at: "/u")], identity: teamB)
        #expect(a.volumes.map(\.hostMount) == [agent.hostMount("team-a.uploads")])
        #expect(b.volumes.map(\.hostMount) == [agent.hostMount("team-b.uploads")])
        await expectHookErrorAsync(.permissionDenied, "which this request does not carry") {
            _ = try await agent.holders.hold(VolumeSpec(name: "uploads", options: VolumeOptions()), by: Holder.dvdcli(volume: "uploads"))
        }
    }

    @Test func holdersAndDefinitionsPassThePolicyAsTheirFrontEnd() async throws {
        let policy = try ConfigurationLoader.parse(
            "policy: {defaultAction: deny, rules: [{name: docker-scratch, match: {frontEnds: [docker]}, volumes: [scratch-*]}]}"
        ).policy
        let agent = try UnitAgent(policy: policy)
        _ = try agent.holders.define("scratch-1", options: VolumeOptions())
        _ = try await agent.holders.hold(
            VolumeSpec(name: "scratch-1", options: VolumeOptions()), by: try Holder.dockerMount(id: "m1", volume: "scratch-1"))
        expectHookError(.permissionDenied, #"volume "team-a-db": refused by the default action"#) {
            _ = try agent.holders.define("team-a-db", options: VolumeOptions())
        }
        await expectHookErrorAsync(.permissionDenied, #"volume "scratch-1": refused by the default action"#) {
            _ = try await agent.holders.hold(
                VolumeSpec(name: "scratch-1", options: VolumeOptions()), by: Holder.dvdcli(volume: "scratch-1"))
        }
        #expect(try agent.holders.definedVolumes() == ["scratch-1"])
        #expect(agent.containerRecords == ["@docker.m1"])
    }
}

/// `expectHookError` for async bodies.
func expectHookErrorAsync(
    _ kind: EFSHookError.Kind, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    let error = await #expect(throws: EFSHookError.self, sourceLocation: sourceLocation) { try await body() }
    guard let error else { return }
    #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
    #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
    #expect(!error.message.contains("\n"), sourceLocation: sourceLocation)
}
