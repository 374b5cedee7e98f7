import Common
import EFSHookTestSupport
import Foundation
import Logging
import Testing
import VolumeModel

@testable import EFSHookCLI

/// Where `recover` learns which containers are live; a list is never taken as empty.
@Suite struct LiveContainerSourceTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func config(root: String) -> Configuration {
        var config = Configuration()
        config.mesos.runtimeDirectory = "\(root)/run"
        config.mesos.workDirectory = "\(root)/work"
        return config
    }

    @Test func anEmptyOrUnreadableListIsRefusedAndNoneMustBeSaid() throws {
        let root = try TemporaryPath.directory("live")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = Self.config(root: root)
        let empty = "\(root)/empty"
        try Data("# none\n\n".utf8).write(to: URL(fileURLWithPath: empty))
        expectHookError(.invalidTask, "--live-from \(empty) lists no container; nothing was changed") {
            _ = try LiveContainerSource(liveFrom: empty).resolve(config, logger: Self.logger)
        }
        expectHookError(.invalidTask, "--live-from \(root)/absent: no such file or directory") {
            _ = try LiveContainerSource(liveFrom: "\(root)/absent").resolve(config, logger: Self.logger)
        }
        expectHookError(.usage, "--no-live-containers cannot be given with --live or --live-from") {
            _ = try LiveContainerSource(live: ["c1"], noLiveContainers: true).resolve(config, logger: Self.logger)
        }
        #expect(try LiveContainerSource(noLiveContainers: true).resolve(config, logger: Self.logger) == [])
    }

    @Test func listsOverrideTheCheckpointsWhichDecideOtherwise() throws {
        let root = try TemporaryPath.directory("live")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = Self.config(root: root)
        let list = "\(root)/list"
        try Data("c1\n  c2  \n# c3\n".utf8).write(to: URL(fileURLWithPath: list))
        #expect(try LiveContainerSource(live: ["c0"], liveFrom: list).resolve(config, logger: Self.logger) == ["c0", "c1", "c2"])
        #expect(try LiveContainerSource().resolve(config, logger: Self.logger) == nil)
        try FileManager.default.createDirectory(atPath: "\(root)/run/containers", withIntermediateDirectories: true)
        #expect(try LiveContainerSource().resolve(config, logger: Self.logger) == [])
    }
}
