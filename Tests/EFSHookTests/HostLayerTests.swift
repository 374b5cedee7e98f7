import Foundation
import Testing
@testable import EFSHookCore
@testable import HostLayer
@testable import VolumeModel

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

@Suite struct PlannerTests {
    let planner = Planner(providerName: "local", mountRoot: "/m")
    let request = VolumeRequest(name: "v", driver: "efs", containerPath: "/data", readOnly: true, origin: .mesosVolume)

    @Test func coldVolumeIsProvisionedMountedAndBound() throws {
        let steps = try planner.prepareSteps(
            for: [request], layout: ContainerLayout(rootfs: "/r"), observed: ObservedHost(), launchInfo: false)
        #expect(steps == [
            .provision(volume: "v", provider: "local"), .mountHost(volume: "v", mountPoint: "/m/v"),
            .bind(volume: "v", source: "/m/v", target: "/r/data", readOnly: true),
        ])
    }

    @Test func warmVolumeReusesTheHostMount() throws {
        let relative = VolumeRequest(name: "v", driver: "efs", containerPath: "up", readOnly: false, origin: .dvdiEnvironment)
        let steps = try planner.prepareSteps(
            for: [relative], layout: ContainerLayout(sandbox: "/s"), observed: ObservedHost(hostMounted: ["v"]), launchInfo: true)
        #expect(steps == [
            .reuseHostMount(volume: "v", mountPoint: "/m/v"),
            .launchMount(volume: "v", source: "/m/v", target: "/s/up", readOnly: false),
        ])
    }

    @Test func containerWithoutRootfsBindsOnTheHostPath() throws {
        #expect(try ContainerLayout().target(for: request) == "/data")
        #expect(!ContainerLayout().mayCreate(request))
        #expect(ContainerLayout(rootfs: "/r").mayCreate(request))
    }

    @Test func relativePathWithoutSandboxIsAUsageError() {
        let relative = VolumeRequest(name: "v", driver: "efs", containerPath: "up", readOnly: false, origin: .dvdiEnvironment)
        expectHookError(.usage, "--sandbox") { _ = try ContainerLayout(rootfs: "/r").target(for: relative) }
    }
}

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
