import Common
import EFSHookTestSupport
import Foundation

/// A long-running TEST-ONLY Python helper from Tests/Helpers (moto, the fault proxy, the stub
/// server) that prints `PORT <n>` (or `READY <n>`) once listening and lives until its stdin
/// closes. Helpers that run to completion go through `ProcessRunner.python`.
final class ScriptProcess: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    let logPath: String

    init(script: String, arguments: [String] = [], firstLine: String? = nil) throws {
        logPath = TemporaryPath.file("helper", suffix: ".log")
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", TestEnvironment.helper(script)] + arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        if let firstLine {
            input.fileHandleForWriting.write(Data((firstLine + "\n").utf8))
        }
    }

    /// Waits (off the cooperative pool) for the `<prefix> <n>` line.
    func port(prefix: String = "PORT") async throws -> Int {
        let handle = output.fileHandleForReading
        let line: String = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = Data()
                while !buffer.contains(UInt8(ascii: "\n")) {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                }
                continuation.resume(returning: String(decoding: buffer, as: UTF8.self))
            }
        }
        guard line.hasPrefix(prefix + " "),
            let port = Int(line.dropFirst(prefix.count + 1).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw EFSHookError(.failure, "\(process.arguments ?? []) did not start: \(line) \(log.suffix(2000))")
        }
        return port
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }

    deinit { stop() }
}
