import Common
import EFSHookTestSupport
import Foundation
import Testing

@testable import EFSHookCLI

/// `InputReader`'s refusal of an oversized input names the input, the file and its own limit.
@Suite struct InputReaderTests {
    @Test func anOversizedLiveListNamesItsOwnLimitAndFileAsAUsageError() throws {
        let path = TemporaryPath.file("live", suffix: ".txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x0A, count: (16 << 20) + 1).write(to: URL(fileURLWithPath: path))
        expectHookError(.usage, "--live-from \(path) is larger than 16777216 bytes (16 MiB)") {
            _ = try InputReader.read(path, limit: 16 << 20, what: "--live-from", kind: .usage)
        }
        #expect(try InputReader.read(path, limit: (16 << 20) + 1, what: "--live-from", kind: .usage).count == (16 << 20) + 1)
    }

    @Test func anOversizedTaskIsStillAnInvalidTaskOf4MiB() throws {
        let path = TemporaryPath.file("task", suffix: ".json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x20, count: (4 << 20) + 1).write(to: URL(fileURLWithPath: path))
        expectHookError(.invalidTask, "task description \(path) is larger than 4194304 bytes (4 MiB)") {
            _ = try InputReader.read(path, limit: 4 << 20)
        }
    }
}
