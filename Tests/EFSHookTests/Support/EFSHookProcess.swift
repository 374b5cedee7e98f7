import Foundation

/// The real binary (TestEnvironment.binary) started in the background with a controlled
/// environment (nothing inherited but what is passed), output collected in files so many can
/// run at once without pipe threads. To run it to completion, use `ProcessRunner.hook`.
final class EFSHookProcess: @unchecked Sendable {
    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    init(_ arguments: [String], environment: [String: String], outputDirectory: String) throws {
        let stem = "\(outputDirectory)/run-\(UUID().uuidString.prefix(8))"
        stdoutPath = stem + ".out"
        stderrPath = stem + ".err"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
    }

    func wait() -> RunResult {
        process.waitUntilExit()
        let out = FileManager.default.contents(atPath: stdoutPath) ?? Data()
        let err = FileManager.default.contents(atPath: stderrPath) ?? Data()
        return RunResult(status: process.terminationStatus, stdout: out, stderr: err)
    }
}
