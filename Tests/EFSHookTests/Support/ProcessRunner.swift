import Foundation

/// Runs a program to completion and collects its output: the one place the tests drain a
/// child's pipes. `hook` runs the real efs-hook binary (TestEnvironment.binary); `python` runs
/// a TEST-ONLY helper from Tests/Helpers.
enum ProcessRunner {
    /// `environment` is added to this process's own (less EFS_HOOK_FAILPOINT), or with
    /// `inheritEnvironment: false` is all the child gets.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], inheritEnvironment: Bool = true,
        stdin: Data? = nil
    ) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = childEnvironment(environment, inheriting: inheritEnvironment)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus, stdout: outData, stderr: errData)
    }

    /// A child's environment: `environment` over this process's own (with `inheriting`),
    /// less EFS_HOOK_FAILPOINT. Every child the tests start gets it this way.
    static func childEnvironment(_ environment: [String: String], inheriting: Bool = true) -> [String: String] {
        var env = inheriting ? ProcessInfo.processInfo.environment : [:]
        env.removeValue(forKey: "EFS_HOOK_FAILPOINT")
        for (key, value) in environment { env[key] = value }
        return env
    }

    /// The real efs-hook binary.
    static func hook(
        _ arguments: [String], environment: [String: String] = [:], inheritEnvironment: Bool = true, stdin: Data? = nil
    ) throws -> RunResult {
        try run(TestEnvironment.binary, arguments, environment: environment, inheritEnvironment: inheritEnvironment, stdin: stdin)
    }

    /// `python3 Tests/Helpers/<helper> arguments…`, to completion, off the cooperative thread pool.
    static func python(_ helper: String, _ arguments: [String] = [], input: Data? = nil) async throws -> RunResult {
        try await offPool { try run("/usr/bin/env", ["python3", TestEnvironment.helper(helper)] + arguments, stdin: input) }
    }
}
