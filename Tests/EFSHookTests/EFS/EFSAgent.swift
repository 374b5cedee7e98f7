import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// One simulated Mesos agent running the real efs-hook binary with `provider: efs`: its own
/// state dir and mount root (a HostSandbox), its own mount-call records, and the shared
/// moto endpoint (through the fault proxy) and cluster tag.
///
/// NFS stand-in: this kernel has no NFS client, so `efs.mountCommand` is the TEST-ONLY
/// Tests/Fixtures/bin/recording-mount in place of /bin/mount. It records the argv efs-hook
/// passes (one file per mount call) and bind-mounts `backingDir/root` onto the target, so the
/// rest of efs-hook (binds, status, cleanup, recover) sees a real mount. Agents of one test
/// share `backingDir`, which plays the part of the EFS file system's contents.
final class EFSAgent: @unchecked Sendable {
    let sandbox: HostSandbox
    let name: String
    let stack: EFSMotoStack
    let clusterTag: String
    let backingDir: String
    var recordDir: String { "\(sandbox.root)/mount-calls" }
    var configPath: String { sandbox.config }
    var stateDir: String { sandbox.stateDir }
    var mountRoot: String { sandbox.mountRoot }

    static var recordingMount: String {
        TestEnvironment.fixtures.appendingPathComponent("bin/recording-mount").path
    }

    init(
        _ name: String, stack: EFSMotoStack, clusterTag: String, backingDir: String, zone: String = "us-east-1a",
        extraEFS: [String] = [], exportsDir: String? = nil, drivers: [String] = ["efs"], extraConfig: [String] = []
    ) throws {
        self.name = name
        self.stack = stack
        self.clusterTag = clusterTag
        self.backingDir = backingDir
        sandbox = try HostSandbox()
        try FileManager.default.createDirectory(atPath: recordDir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: backingDir, withIntermediateDirectories: true)
        func quoted(_ text: String) -> String { "\"\(text)\"" }
        let mountCommand =
            ["/usr/bin/env", "RECORD_DIR=\(recordDir)", "BACKING_DIR=\(backingDir)"] + (exportsDir.map { ["EXPORTS_DIR=\($0)"] } ?? [])
            + [Self.recordingMount]
        let yaml = """
            provider: efs
            drivers: [\(drivers.joined(separator: ", "))]
            stateDir: \(sandbox.stateDir)
            mountRoot: \(sandbox.mountRoot)
            lockTimeoutSeconds: 60
            \(extraConfig.joined(separator: "\n"))
            efs:
              region: us-east-1
              endpoint: \(stack.endpoint)
              clusterTag: \(clusterTag)
              availabilityZone: \(zone)
              subnetId: \(try stack.subnet(zone))
              mountCommand: [\(mountCommand.map(quoted).joined(separator: ", "))]
              waitTimeoutSeconds: 30
            \(extraEFS.map { "  " + $0 }.joined(separator: "\n"))
            """
        try yaml.write(toFile: sandbox.config, atomically: true, encoding: .utf8)
    }

    /// HostSandbox's own tear-down reads a possibly truncated mount table; detach
    /// everything below the sandbox first, from the full one.
    deinit { FullMountTable.detachAll(under: sandbox.root) }

    /// The only environment efs-hook gets (besides PATH): no profile, no instance metadata.
    /// CloudWatch's endpoint is given here, not in the config, so that 0.1.0 (which has no such
    /// key and refuses unknown ones) runs with the same config in the upgrade tests.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        let base = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin",
            "AWS_ENDPOINT_URL_CLOUDWATCH": stack.endpoint,
        ]
        return motoEnvironment(config: sandbox.config, base.merging(extra) { $1 })
    }

    // MARK: running efs-hook

    func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> RunResult {
        let environment = environment(extra)
        return try await offPool { try ProcessRunner.hook(arguments, environment: environment, inheritEnvironment: false) }
    }

    func prepare(
        _ container: String, task: String, logLevel: String? = nil, environment: [String: String] = [:]
    ) async throws -> RunResult {
        let rootfs = try sandbox.rootfs(container)
        return try await run(
            ["prepare", "--container-id", container, "--rootfs", rootfs] + (logLevel.map { ["--log-level", $0] } ?? []) + [task],
            environment: environment)
    }

    func cleanup(_ container: String, logLevel: String? = nil, environment: [String: String] = [:]) async throws -> RunResult {
        try await run(["cleanup", "--container-id", container] + (logLevel.map { ["--log-level", $0] } ?? []), environment: environment)
    }

    func status(environment: [String: String] = [:]) async throws -> RunResult {
        try await run(["status", "--json"], environment: environment)
    }

    /// Starts a prepare without waiting for it (for concurrency tests).
    func startPrepare(_ container: String, task: String, logLevel: String? = nil) throws -> EFSHookProcess {
        let rootfs = try sandbox.rootfs(container)
        return try EFSHookProcess(
            ["prepare", "--container-id", container, "--rootfs", rootfs] + (logLevel.map { ["--log-level", $0] } ?? []) + [task],
            environment: environment(), outputDirectory: sandbox.root)
    }

    // MARK: what the agent left behind

    func containerPath(_ container: String, _ path: String) -> String { "\(sandbox.root)/\(container)/rootfs\(path)" }
    func hostMount(_ volume: String) -> String { "\(sandbox.mountRoot)/\(volume)" }

    /// The argv of every mount call, in order (one argument per line in each record).
    func mountCalls() throws -> [[String]] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: recordDir)) ?? []).filter { $0.hasSuffix(".argv") }
        return try files.sorted { Int($0.dropLast(5)) ?? 0 < Int($1.dropLast(5)) ?? 0 }.map {
            try String(contentsOfFile: "\(recordDir)/\($0)", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast().map(String.init)
        }
    }

    /// Mount points below this agent's sandbox (the whole mount table, see FullMountTable).
    func mounts() throws -> [String] { try FullMountTable.mounts(under: sandbox.root) }
    func records(_ kind: String) -> [String] { sandbox.records(kind) }

    /// Every regular file below the state dir (records, locks), by path relative to it, with
    /// its contents. Throws when the state dir or a file cannot be read, so a missing state
    /// dir is never mistaken for an empty one.
    func stateFiles() throws -> [(path: String, contents: String)] {
        var found: [(String, String)] = []
        for relative in try FileManager.default.subpathsOfDirectory(atPath: stateDir).sorted() {
            let path = "\(stateDir)/\(relative)"
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            found.append((relative, String(decoding: data, as: UTF8.self)))
        }
        return found
    }
}

// MARK: reading efs-hook's output

extension RunResult {
    /// The error line efs-hook prints last: a plain line, or the failure's JSON record
    /// (level error), read back as the line it stands for.
    var errorLines: [String] {
        stderr.split(separator: "\n").map(String.init).compactMap { line in
            guard line.hasPrefix("{") else { return line }
            guard let record = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                record["level"] as? String == "error", record["operation"] != nil, let message = record["msg"] as? String
            else { return nil }
            return "efs-hook: \(message)"
        }
    }

    /// The JSON log records on stderr.
    var logRecords: [[String: String]] {
        stderr.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("{") else { return nil }
            return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: String]
        }
    }

    /// EFS API attempts this run made, by operation, from its own `AWS call` debug records.
    var awsCalls: [String: Int] {
        var calls: [String: Int] = [:]
        for record in logRecords where record["msg"] == "AWS call" {
            calls[(record["operation"] ?? "?").replacingOccurrences(of: "EFS.", with: ""), default: 0] += 1
        }
        return calls
    }

    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] }

    var summary: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

/// Names unique to one test, so tests sharing a moto server never see each other's volumes.
enum EFSTestNames {
    static func cluster(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }
}
