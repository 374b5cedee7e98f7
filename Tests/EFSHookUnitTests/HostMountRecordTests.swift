import Foundation
import Testing
import VolumeModel

@testable import EFSHookCore
@testable import EFSVolumes

/// Host-mount records: the typed EFS facts, and records written before them still read.
@Suite struct HostMountRecordTests {
    @Test func aRecordWithTheOldDetailsMapStillReads() throws {
        let old = #"""
            {"name":"uploads","mountPoint":"/var/lib/efs-hook/mounts/uploads","provider":"efs","source":"10.0.1.5:/",
             "details":{"fileSystemId":"fs-0123456789abcdef0","mountTargetId":"fsmt-01","mountTargetIp":"10.0.1.5",
             "availabilityZone":"us-east-1a","createdFileSystem":"true","mountType":"nfs4","mountOptions":"nfsvers=4.1"}}
            """#
        let record = try JSONDecoder().decode(HostMountRecord.self, from: Data(old.utf8))
        #expect(
            record.efs
                == EFSVolumeFacts(
                    fileSystemId: "fs-0123456789abcdef0", mountTargetId: "fsmt-01", mountTargetIp: "10.0.1.5",
                    availabilityZone: "us-east-1a", createdFileSystem: true))
        let local = #"{"name":"a","mountPoint":"/m/a","provider":"local","source":"/v/a","details":{}}"#
        #expect(try JSONDecoder().decode(HostMountRecord.self, from: Data(local.utf8)).efs == nil)
    }

    @Test func aNewRecordRoundTripsWithoutTheOldMap() throws {
        let record = HostMountRecord(
            name: "v", mountPoint: "/m/v", provider: "efs", source: "fs-1:/",
            efs: EFSVolumeFacts(fileSystemId: "fs-1", accessPointId: "fsap-1", createdAccessPoint: true))
        let data = try JSONEncoder().encode(record)
        #expect(!String(decoding: data, as: UTF8.self).contains("details"))
        #expect(try JSONDecoder().decode(HostMountRecord.self, from: data) == record)
    }

    /// What the binary before `ProviderFacts` decoded: the key `efs` as `EFSVolumeFacts`.
    struct PreviousRecord: Decodable {
        var name: String
        var efs: EFSVolumeFacts?
    }

    @Test func aNewRecordReadsTheWayThePreviousBinaryReadsIt() throws {
        let facts = EFSVolumeFacts(
            fileSystemId: "fs-1", mountTargetId: "fsmt-1", mountTargetIp: "10.0.1.5", availabilityZone: "us-east-1a",
            createdFileSystem: true)
        let record = HostMountRecord(name: "v", mountPoint: "/m/v", provider: "efs", source: "10.0.1.5:/", efs: facts)
        #expect(try JSONDecoder().decode(PreviousRecord.self, from: JSONEncoder().encode(record)).efs == facts)
        let resolution = VolumeResolution(
            volume: "v", options: VolumeOptions(), naming: .efsHook, clusterTag: "unit", provisioning: .filesystem,
            allowance: .ownFileSystem, facts: try #require(facts.providerFacts))
        #expect(try JSONDecoder().decode(PreviousResolution.self, from: JSONEncoder().encode(resolution)).efs == facts)
        #expect(try JSONDecoder().decode(VolumeResolution.self, from: JSONEncoder().encode(resolution)).efs == facts)
    }

    struct PreviousResolution: Decodable {
        var volume: String
        var efs: EFSVolumeFacts
    }

    @Test func aRecordWithTheOldMapIsWrittenBackWithIt() throws {
        let old = #"""
            {"name":"uploads","mountPoint":"/m/uploads","provider":"efs","source":"10.0.1.5:/",
             "details":{"fileSystemId":"fs-0123456789abcdef0","createdFileSystem":"true"}}
            """#
        let record = try JSONDecoder().decode(HostMountRecord.self, from: Data(old.utf8))
        let data = try JSONEncoder().encode(record)
        #expect(String(decoding: data, as: UTF8.self).contains(#""details":"#), "the binary that wrote it reads it")
        let again = try JSONDecoder().decode(HostMountRecord.self, from: data)
        #expect(again.efs == EFSVolumeFacts(fileSystemId: "fs-0123456789abcdef0", createdFileSystem: true))
    }

    @Test func createdFactsCarryOverOnlyForTheSameResources() {
        let previous = EFSVolumeFacts(fileSystemId: "fs-1", accessPointId: "fsap-1", createdFileSystem: true, createdAccessPoint: true)
        #expect(EFSVolumeFacts(fileSystemId: "fs-1", accessPointId: "fsap-1").carryingOver(previous) == previous)
        let recreated = EFSVolumeFacts(fileSystemId: "fs-2").carryingOver(previous)
        #expect(!recreated.createdFileSystem && !recreated.createdAccessPoint)
    }
}
