import Foundation
import Testing

@testable import HostLayer

@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct LargeMountTableTests {
    /// procfs hands out one page per read: a table over 4 KiB must still be read whole.
    @Test func seesEveryMountOfATableLargerThanAPage() throws {
        let sandbox = try HostSandbox()
        var points: [String] = []
        for index in 0..<80 {
            let point = "\(sandbox.root)/tmpfs-with-a-long-name-to-fill-the-table-\(index)"
            try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
            #expect(mount("tmpfs", point, "tmpfs", 0, nil) == 0)
            points.append(point)
        }
        #expect(try ProcFile.read("/proc/self/mountinfo").utf8.count > 8192)
        let table = try MountTable.current()
        #expect(points.allSatisfy(table.isMountPoint), "mounts past the first page are seen")
    }
}

@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct MountPointTests {
    /// statx's answer must be the mount table's, including for a bind from the same file
    /// system (where comparing st_dev with the parent would miss it).
    @Test func agreesWithTheMountTable() throws {
        let sandbox = try HostSandbox()
        let source = "\(sandbox.root)/source"
        let bound = "\(sandbox.root)/bound"
        let plain = "\(sandbox.root)/plain"
        let link = "\(sandbox.root)/link-to-bound"
        for directory in [source, bound, plain] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: bound)
        try Mounter().bind(source: source, target: bound, readOnly: false)

        let table = try MountTable.current()
        for path in [bound, plain, link, source, "\(sandbox.root)/missing", "\(plain)/missing/deeper", "/", "/proc"] {
            #expect(try MountPoint.isMountPoint(path) == table.isMountPoint(path), "\(path)")
        }
        #expect(try MountPoint.isMountPoint(bound))
        #expect(try !MountPoint.isMountPoint(link), "a final symlink is not followed")
    }
}
