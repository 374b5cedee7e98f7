import Testing

@testable import HostLayer

@Suite struct MountTableTests {
    static let sample = """
        22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda rw
        35 22 0:30 / /var/lib/efs-hook/mounts/uploads rw,relatime - tmpfs tmpfs rw
        36 22 0:31 /dir /a\\040b rw - nfs4 10.0.0.5:/ rw,vers=4.1
        37 22 0:31 / /broken
        """

    @Test func parsesFieldsAndUnescapesPaths() {
        let entries = MountTable.parse(Self.sample)
        #expect(entries.count == 3, "the truncated line is skipped")
        #expect(entries[2].mountPoint == "/a b")
        #expect(entries[2].root == "/dir")
        #expect(entries[2].fsType == "nfs4")
        #expect(entries[2].source == "10.0.0.5:/")
        #expect(entries[0].options == "rw,relatime")
        let table = MountTable(entries: entries)
        #expect(table.isMountPoint("/var/lib/efs-hook/mounts/uploads"))
        #expect(!table.isMountPoint("/var/lib/efs-hook/mounts"))
        #expect(table.mounts(under: "/var/lib/efs-hook").count == 1)
    }

    @Test func readsTheRealTable() throws {
        #expect(try MountTable.current().isMountPoint("/"))
    }
}
