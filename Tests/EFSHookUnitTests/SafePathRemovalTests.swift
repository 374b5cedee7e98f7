import EFSHookTestSupport
import Foundation
import HostLayer
import Testing

/// `SafePath.removeEmptyDirectory` on a real file system (a temporary directory): it removes
/// an empty directory below the root and nothing reached through a symlink.
struct SafePathRemovalTests {
    let root: String
    let outside: String

    init() throws {
        root = try TemporaryPath.directory("safe-remove-root")
        outside = try TemporaryPath.directory("safe-remove-outside")
        try FileManager.default.createDirectory(atPath: "\(outside)/target", withIntermediateDirectories: true)
    }

    var fileManager: FileManager { .default }

    @Test func anEmptyDirectoryGoesAndItsParentStays() throws {
        try fileManager.createDirectory(atPath: "\(root)/pods/one/target", withIntermediateDirectories: true)
        SafePath.removeEmptyDirectory(root: root, relative: "pods/one/target")
        #expect(!fileManager.fileExists(atPath: "\(root)/pods/one/target"))
        #expect(fileManager.fileExists(atPath: "\(root)/pods/one"))
    }

    @Test func aDirectoryWithFilesStays() throws {
        try fileManager.createDirectory(atPath: "\(root)/target", withIntermediateDirectories: true)
        #expect(fileManager.createFile(atPath: "\(root)/target/f", contents: Data()))
        SafePath.removeEmptyDirectory(root: root, relative: "target")
        #expect(fileManager.fileExists(atPath: "\(root)/target/f"))
    }

    @Test func aSymlinkedParentLeavesTheDirectoryItPointsAt() throws {
        try fileManager.createSymbolicLink(atPath: "\(root)/pods", withDestinationPath: outside)
        SafePath.removeEmptyDirectory(root: root, relative: "pods/target")
        #expect(fileManager.fileExists(atPath: "\(outside)/target"), "not removed through \(root)/pods")
    }

    @Test func aSymlinkAsTheLastComponentIsLeftAlone() throws {
        try fileManager.createSymbolicLink(atPath: "\(root)/target", withDestinationPath: "\(outside)/target")
        SafePath.removeEmptyDirectory(root: root, relative: "target")
        #expect((try? fileManager.destinationOfSymbolicLink(atPath: "\(root)/target")) == "\(outside)/target")
        #expect(fileManager.fileExists(atPath: "\(outside)/target"))
    }
}
