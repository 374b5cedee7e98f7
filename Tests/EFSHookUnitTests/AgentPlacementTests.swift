import Common
import EFSHookCore
import Testing
import VolumeModel

@testable import AWSClient
@testable import EFSVolumes

/// Where a new mount target goes: the configuration's zone, subnet and security groups, and
/// instance metadata only for what it leaves unset.
@Suite struct AgentPlacementTests {
    static func settings(_ change: (inout Configuration.EFS) -> Void = { _ in }) -> Configuration.EFS {
        var settings = Configuration.EFS()
        change(&settings)
        return settings
    }

    @Test func instanceMetadataFillsWhatTheConfigurationLeavesUnset() async throws {
        let imds = FakeInstanceMetadata()
        let placement = AgentPlacement(settings: Self.settings(), imds: imds)
        #expect(try await placement.availabilityZone() == "us-east-1b")
        #expect(try await placement.subnetId() == "subnet-0b")
        #expect(try await placement.securityGroups() == ["sg-0fedcba9876543210"])
        #expect(await imds.asked == ["availability-zone", "mac", "subnet-id", "mac", "security-group-ids"])
    }

    @Test func configuredKeysAreNeverAskedOfInstanceMetadata() async throws {
        let imds = FakeInstanceMetadata()
        let placement = AgentPlacement(
            settings: Self.settings {
                $0.availabilityZone = "us-east-1a"
                $0.subnetId = "subnet-0a"
                $0.securityGroups = ["sg-0123456789abcdef0"]
            }, imds: imds)
        #expect(try await placement.availabilityZone() == "us-east-1a")
        #expect(try await placement.subnetId() == "subnet-0a")
        #expect(try await placement.securityGroups() == ["sg-0123456789abcdef0"])
        #expect(await imds.asked == [])
    }

    @Test func disabledInstanceMetadataLeavesTheDefaultSecurityGroupButNoZone() async throws {
        let imds = FakeInstanceMetadata()
        await imds.set {
            $0.failure = EFSHookError(.config, "EC2 instance metadata is disabled", code: .imdsDisabled)
        }
        let placement = AgentPlacement(settings: Self.settings(), imds: imds)
        #expect(try await placement.securityGroups() == nil, "EFS then uses the VPC's default security group")
        await #expect {
            _ = try await placement.availabilityZone()
        } throws: { error in
            (error as? EFSHookError)?.message
                == "efs.availabilityZone is not set and instance metadata did not tell it: EC2 instance metadata is disabled"
        }
    }

    @Test func noInstanceMetadataAtAllIsAConfigurationError() async throws {
        let placement = AgentPlacement(settings: Self.settings(), imds: nil)
        #expect(try await placement.securityGroups() == nil)
        await #expect {
            _ = try await placement.subnetId()
        } throws: { error in
            (error as? EFSHookError)?.message == "efs.subnetId is not set and instance metadata is unavailable"
        }
    }

    /// The provider asks the placement only for what a new mount target needs.
    @Test func aLaunchCreatingAMountTargetAsksInstanceMetadataForItsPlacement() async throws {
        let efs = FakeEFS()
        await efs.set { $0.subnets["subnet-0b"] = "us-east-1b" }
        let imds = FakeInstanceMetadata()
        let provider = EFSProvider(
            api: efs, imds: imds, settings: Self.settings { $0.clusterTag = "unit" }, logger: UnitAgent.quiet, clock: VirtualClock().clock)
        let provisioned = try await provider.provision(ProvisionRequest(VolumeSpec(name: "v")))
        #expect(provisioned.efs?.availabilityZone == "us-east-1b")
        #expect(await imds.asked == ["availability-zone", "mac", "subnet-id", "mac", "security-group-ids"])
        #expect(await efs.mountTargets.first?.subnetId == "subnet-0b")
    }
}
