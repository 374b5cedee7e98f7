import EFSHookTestSupport
import Foundation

@testable import HostLayer

/// A throwaway state dir, mount root and local volume root, with a config file naming them.
/// Tear-down unmounts anything left below it, so a failing test never leaks mounts.
final class HostSandbox: @unchecked Sendable {
    let root: String
    var config: String { "\(root)/config.yaml" }
    var stateDir: String { "\(root)/state" }
    var mountRoot: String { "\(root)/mounts" }
    var localRoot: String { "\(root)/volumes" }
    var environment: [String: String] { ["EFS_HOOK_CONFIG": config] }

    init(extraConfig: String = "") throws {
        root = try TemporaryPath.directory("test")
        let yaml = """
            provider: local
            stateDir: \(stateDir)
            mountRoot: \(mountRoot)
            lockTimeoutSeconds: 30
            local:
              root: \(localRoot)
            \(extraConfig)
            """
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
    }

    func rootfs(_ name: String) throws -> String {
        let path = "\(root)/\(name)/rootfs"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Mount points at or below the sandbox, deepest first.
    func mounts() throws -> [String] {
        try MountTable.current().entries.map(\.mountPoint).filter { $0 == root || $0.hasPrefix(root + "/") }
    }

    func records(_ kind: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(stateDir)/\(kind)")) ?? []).filter { $0.hasSuffix(".json") }
    }

    deinit {
        if let table = try? MountTable.current() {
            for entry in table.entries.reversed() where entry.mountPoint.hasPrefix(root + "/") {
                _ = umount2(entry.mountPoint, Int32(MNT_DETACH))
            }
        }
        try? FileManager.default.removeItem(atPath: root)
    }
}
