import Common
import EFSHookTestSupport
import Foundation
import Testing

/// `InputReader` reads an input whole or refuses it, naming the input, the file, its size
/// and its own limit.
@Suite struct InputReaderTests {
    @Test func anOversizedLiveListNamesItsSizeAndLimitAsData() throws {
        let path = TemporaryPath.file("live", suffix: ".txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x0A, count: (16 << 20) + 1).write(to: URL(fileURLWithPath: path))
        expectHookError(.invalidTask, "--live-from \(path) is 16777217 bytes; the limit is 16777216 bytes (16 MiB)") {
            _ = try InputReader.read(path, .liveList)
        }
        var larger = InputLimit.liveList
        larger.bytes += 1
        #expect(try InputReader.read(path, larger).count == (16 << 20) + 1)
    }

    @Test func anOversizedTaskIsStillAnInvalidTaskOf4MiB() throws {
        let path = TemporaryPath.file("task", suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x20, count: (4 << 20) + 1).write(to: URL(fileURLWithPath: path))
        expectHookError(.invalidTask, "task description \(path) is 4194305 bytes; the limit is 4194304 bytes (4 MiB)") {
            _ = try InputReader.read(path, .task)
        }
    }

    @Test func aConfigOverItsLimitIsRefusedAsConfigurationNeverShortened() throws {
        let path = TemporaryPath.file("config", suffix: ".yaml")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let padding = String(repeating: "# padding\n", count: 110_000)
        try Data((padding + "policy: {defaultAction: deny}\n").utf8).write(to: URL(fileURLWithPath: path))
        expectHookError(.config, "config file \(path) is 1100030 bytes; the limit is 1048576 bytes (1 MiB)") {
            _ = try InputReader.text(path, .config)
        }
    }

    @Test func unreadableAndNonUTF8InputsAreRefusedWithTheirOwnExit() throws {
        let path = TemporaryPath.file("env", suffix: ".txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data([0x41, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        expectHookError(.usage, "--env-file \(path) is not UTF-8") { _ = try InputReader.text(path, .rexray("--env-file")) }
        expectHookError(.invalidTask, "--live-from /nonexistent/live: no such file or directory") {
            _ = try InputReader.read("/nonexistent/live", .liveList)
        }
        expectHookError(.config, "config file /: is a directory") { _ = try InputReader.read("/", .config) }
    }
}
