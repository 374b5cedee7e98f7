import Foundation
import Testing

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

    @Test func createdFactsCarryOverOnlyForTheSameResources() {
        let previous = EFSVolumeFacts(fileSystemId: "fs-1", accessPointId: "fsap-1", createdFileSystem: true, createdAccessPoint: true)
        #expect(EFSVolumeFacts(fileSystemId: "fs-1", accessPointId: "fsap-1").carryingOver(previous) == previous)
        let recreated = EFSVolumeFacts(fileSystemId: "fs-2").carryingOver(previous)
        #expect(!recreated.createdFileSystem && !recreated.createdAccessPoint)
    }
}
