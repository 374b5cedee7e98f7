import Foundation
import Testing

@testable import HostLayer

/// Nothing is ever mounted outside the rootfs, whatever symlinks the container image holds
/// or swaps in while prepare runs.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct SymlinkAttackTests {
    @Test(arguments: ["/", "/etc", "..", "../..", "/tmp"])
    func symlinkComponentIsRefused(_ destination: String) throws {
        let sandbox = try HostSandbox()
        let rootfs = try sandbox.rootfs("c1")
        func stacked() throws -> [Int] {
            let table = try MountTable.current()
            return ["/", "/etc", "/tmp", sandbox.root].map { table.mountCount(at: $0) }
        }
        let before = try stacked()
        try FileManager.default.createSymbolicLink(atPath: "\(rootfs)/srv", withDestinationPath: destination)
        let task = try TaskBuilder.write([.init(name: "v", path: "/srv/data")], in: sandbox.root)
        let result = try ProcessRunner.hook(
            ["prepare", "--container-id", "c1", "--rootfs", rootfs, task], environment: sandbox.environment)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("symlink"))
        #expect(try stacked() == before, "nothing mounted over the symlink's destination")
        #expect(try sandbox.mounts().isEmpty, "nothing left mounted")
        #expect(sandbox.records("containers").isEmpty)
    }

    @Test func finalComponentSymlinkIsRefused() throws {
        let sandbox = try HostSandbox()
        let rootfs = try sandbox.rootfs("c1")
        try FileManager.default.createSymbolicLink(atPath: "\(rootfs)/data", withDestinationPath: "/etc")
        let task = try TaskBuilder.write([.init(name: "v", path: "/data")], in: sandbox.root)
        let result = try ProcessRunner.hook(
            ["prepare", "--container-id", "c1", "--rootfs", rootfs, task], environment: sandbox.environment)
        #expect(result.status == 65)
        #expect(try !MountTable.current().isMountPoint("/etc"))
    }

    /// A racing process flips a path component between a directory and a symlink to a
    /// directory outside the rootfs while prepare runs again and again.
    @Test func componentSwappedDuringPrepareNeverEscapes() throws {
        let sandbox = try HostSandbox()
        let rootfs = try sandbox.rootfs("c1")
        let outside = "\(sandbox.root)/outside"
        try FileManager.default.createDirectory(atPath: "\(outside)/data", withIntermediateDirectories: true)
        let task = try TaskBuilder.write([.init(name: "v", path: "/srv/data")], in: sandbox.root)
        let stop = Locked(false)
        // The swapper replaces /srv with a symlink to `outside` and back to nothing, as fast
        // as it can; prepare creates /srv as a directory whenever it finds it missing. A
        // mounted directory cannot be removed, so binds are never moved under the test.
        let swapper = Thread {
            let link = "\(rootfs)/srv"
            while !stop.current {
                _ = symlink(outside, link)
                _ = unlink(link)
                _ = rmdir("\(link)/data")
                _ = rmdir(link)
            }
        }
        swapper.start()
        var succeeded = 0
        var refused = 0
        for attempt in 0..<150 {
            let result = try ProcessRunner.hook(
                ["prepare", "--container-id", "c\(attempt)", "--rootfs", rootfs, task], environment: sandbox.environment)
            if result.status == 0 { succeeded += 1 } else { refused += 1 }
            let escaped = try MountTable.current().entries.map(\.mountPoint).filter { $0.hasPrefix(outside) }
            #expect(escaped.isEmpty, "mounted outside the rootfs: \(escaped)")
            _ = try ProcessRunner.hook(["cleanup", "--container-id", "c\(attempt)"], environment: sandbox.environment)
        }
        stop.withLock { $0 = true }
        while swapper.isExecuting { usleep(1000) }
        print("symlink race: \(succeeded) prepares succeeded inside the rootfs, \(refused) refused, none escaped")
        #expect(try sandbox.mounts().isEmpty)
        #expect(sandbox.records("containers").isEmpty)
    }
}
