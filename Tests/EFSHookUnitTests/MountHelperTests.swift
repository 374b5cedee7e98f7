import Common
import HostLayer
import Testing
import VolumeModel

@testable import AWSClient
@testable import EFSHookCore
@testable import EFSVolumes

/// What efs-hook asks of mount.efs: the region and zone (so efs-utils calls neither instance
/// metadata nor AWS), access point ids as efs-utils accepts them, and which helper failures
/// are worth a retry.
@Suite struct MountHelperTests {
    func mount(_ options: [String: String], settings: Configuration.EFS = UnitAgent.efsSettings()) async throws -> HostMountSpec {
        let efs = FakeEFS()
        let shared = await efs.addFileSystem()
        var settings = settings
        settings.fileSystemId = shared
        let provider = EFSProvider(api: efs, imds: nil, settings: settings, logger: UnitAgent.quiet, clock: VirtualClock().clock)
        let parsed = try VolumeOptions.parse(options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, volume: "v")
        return try await provider.provision(ProvisionRequest(VolumeSpec(name: "v", options: parsed))).mount
    }

    @Test(
        "tls, iam and access-point mounts tell mount.efs the region and the zone",
        arguments: [["tls": "true"], ["iam": "true"], ["provisioning": "accessPoint"]])
    func efsUtilsMountsCarryRegionAndZone(options: [String: String]) async throws {
        guard case .fileSystem(let type, let mountOptions, _) = try await mount(options) else {
            Issue.record("not a file system mount")
            return
        }
        #expect(type == "efs")
        #expect(mountOptions.contains("region=us-east-1") && mountOptions.contains("az=us-east-1a"), "\(mountOptions)")
        #expect(mountOptions.contains { $0.hasPrefix("mounttargetip=") }, "no DNS lookup and no DescribeMountTargets by mount.efs")
        try MountCommand.validate(mountOptions)
    }

    @Test func theConfiguredRegionWinsOverTheZonesSpelling() async throws {
        guard
            case .fileSystem(_, let options, _) = try await mount(
                ["tls": "true"], settings: UnitAgent.efsSettings { $0.region = "eu-west-1" })
        else {
            Issue.record("not a file system mount")
            return
        }
        #expect(options.contains("region=eu-west-1"))
    }

    @Test func plainNFSMountsNeedNoHelperOptions() async throws {
        guard case .fileSystem(let type, let options, _) = try await mount([:]) else {
            Issue.record("not a file system mount")
            return
        }
        #expect(type == "nfs4")
        #expect(!options.contains { $0.hasPrefix("region=") || $0.hasPrefix("az=") })
    }

    @Test(
        "access point ids are fsap- and 17 hex digits, as efs-utils requires",
        arguments: [
            ("fsap-0123456789abcdef0", true), ("fsap-0123456789abcdef", false), ("fsap-0123456789abcdef01", false),
            ("fsap-12345678", false), ("fsap-0123456789ABCDEF0", false), ("fs-0123456789abcdef0", false),
        ])
    func accessPointIds(id: String, accepted: Bool) {
        #expect((VolumeOption.accessPointId.kind.normalize(id) != nil) == accepted)
        let parsed = try? VolumeOptions.parse([("accessPointId", id)], volume: "v")
        #expect((parsed != nil) == accepted)
    }

    @Test(
        "permanent helper failures are not retried; transient ones are",
        arguments: [
            ("Access Point ID fsap-1 is malformed", MountFailure.permanent(.failure)),
            (#"The "tls" option is required when mounting via "accesspoint""#, .permanent(.failure)),
            (#"Unsupported mount options detected: "capath""#, .permanent(.failure)),
            ("mount.nfs4: access denied by server while mounting 10.0.0.1:/", .permanent(.permissionDenied)),
            ("mount.nfs4: an incorrect mount option was specified", .permanent(.failure)),
            ("mount: /mnt: unknown filesystem type 'efs'.", .permanent(.failure)),
            ("mount.nfs4: Connection reset by peer", .transient),
            ("mount.nfs4: Connection timed out", .transient),
            ("Failed to resolve \"fs-1.efs.us-east-1.amazonaws.com\"", .transient),
            ("", .transient),
        ])
    func classification(output: String, expected: MountFailure) {
        #expect(MountFailure.classify(status: 32, timedOut: false, output: output) == expected)
    }

    @Test func aTimeoutIsTransientWhateverItPrinted() {
        #expect(MountFailure.classify(status: -1, timedOut: true, output: "access denied") == .transient)
    }

    /// A static volume mounted by DNS name with no API call, as `efs.mountTarget: dns` gives it.
    func dnsMount(_ change: (inout Configuration.EFS) -> Void, previous: HostMountRecord? = nil) async throws -> ProvisionedVolume {
        let efs = FakeEFS()
        let fileSystem = await efs.addFileSystem()
        var settings = UnitAgent.efsSettings {
            $0.mountTarget = .dns
            $0.availabilityZone = nil
            $0.allowedFileSystemIds = [fileSystem]
        }
        change(&settings)
        let provider = EFSProvider(api: efs, imds: nil, settings: settings, logger: UnitAgent.quiet, clock: VirtualClock().clock)
        let options = try VolumeOptions.parse([("fileSystemId", fileSystem), ("provisioning", "static"), ("tls", "true")], volume: "v")
        let known = try #require(
            provider.resolveWithoutCalls(ProvisionRequest(VolumeSpec(name: "v", options: options), previous: previous), cached: nil))
        #expect(await efs.calls == [])
        return known
    }

    func options(_ volume: ProvisionedVolume) -> [String] {
        guard case .fileSystem(_, let options, _) = volume.mount else { return [] }
        return options
    }

    @Test func aDNSMountWithNoCallTellsMountEFSTheConfiguredZoneAndItsRegion() async throws {
        let known = try await dnsMount { $0.availabilityZone = "eu-west-1b" }
        #expect(options(known).contains("az=eu-west-1b") && options(known).contains("region=eu-west-1"), "\(options(known))")
        #expect(known.notice == nil)
        #expect(EFSProvider.dnsMountAdvice(UnitAgent.efsSettings { $0.mountTarget = .dns }) == nil)
    }

    @Test func aDNSMountWithNoCallTellsMountEFSTheZoneOfTheVolumesLastMountHere() async throws {
        var facts = EFSVolumeFacts(fileSystemId: "fs-0")
        facts.availabilityZone = "us-west-2c"
        let previous = HostMountRecord(name: "v", mountPoint: "/m/v", provider: "efs", source: "fs-0:/", efs: facts)
        let known = try await dnsMount({ _ in }, previous: previous)
        #expect(options(known).contains("az=us-west-2c") && options(known).contains("region=us-west-2"), "\(options(known))")
    }

    @Test func aDNSMountThatKnowsNeitherSaysInOneLineWhichSettingsAvoidMountEFSsOwnCalls() async throws {
        let neither = try await dnsMount { _ in }
        #expect(!options(neither).contains { $0.hasPrefix("az=") || $0.hasPrefix("region=") })
        let line = try #require(neither.notice)
        #expect(line.hasPrefix("set efs.availabilityZone and efs.region:") && !line.contains("\n"), "\(line)")
        let regionOnly = try await dnsMount { $0.region = "us-east-1" }
        #expect(options(regionOnly).contains("region=us-east-1"))
        #expect(regionOnly.notice?.hasPrefix("set efs.availabilityZone: without it, mount.efs asks") == true, "\(regionOnly.notice ?? "")")
        let doctor = EFSProvider.dnsMountAdvice(
            UnitAgent.efsSettings {
                $0.mountTarget = .dns
                $0.availabilityZone = nil
            })
        #expect(doctor == line, "doctor says the same")
    }
}
