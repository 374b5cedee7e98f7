import Foundation
import Testing

@testable import HostLayer

/// A real Docker engine (Debian's docker.io) private to one test: its own data root, exec
/// root, pidfile and API socket, no iptables and no bridge, so nothing of it reaches the
/// host. Plugin discovery is pointed at a test directory by bind-mounting it over
/// /run/docker/plugins, which only this (private) mount namespace sees.
final class DockerEngine: @unchecked Sendable {
    static let pluginDirectory = "/run/docker/plugins"

    static var dockerd: String? { executable("dockerd", preferring: ["/usr/sbin/dockerd", "/usr/bin/dockerd"]) }
    /// The client that ships with the engine, so the two always agree on the API version.
    static var client: String? { executable("docker", preferring: ["/usr/bin/docker"]) }
    static let busybox = "/bin/busybox"

    static var available: Bool {
        dockerd != nil && client != nil && FileManager.default.isExecutableFile(atPath: busybox)
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/tar")
    }

    static let unavailableReason: Comment =
        "needs dockerd, docker and a static busybox (Debian docker.io, busybox-static): run scripts/install-test-deps"

    static func executable(_ name: String, preferring candidates: [String]) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
        return (candidates + path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let root: String
    var apiSocket: String { "\(root)/docker.sock" }
    var pidfile: String { "\(root)/docker.pid" }
    var logPath: String { "\(root)/dockerd.log" }
    private let process = Process()
    private var pluginsBound = false

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Starts dockerd with plugin discovery in `plugins` and waits until it answers.
    init(root: String, plugins: String) throws {
        self.root = root
        for directory in [root, "\(root)/data", "\(root)/exec", "\(root)/cli", plugins, Self.pluginDirectory] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        guard mount(plugins, Self.pluginDirectory, nil, UInt(MS_BIND), nil) == 0 else {
            throw RawHTTP.Failure(description: "bind \(plugins) over \(Self.pluginDirectory): \(String(cString: strerror(errno)))")
        }
        pluginsBound = true
        // deprecated-key-path: dockerd 20.10 would otherwise write /etc/docker/key.json.
        let config = ["deprecated-key-path": "\(root)/key.json"]
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: "\(root)/daemon.json"))
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let dockerd = Self.dockerd else { throw RawHTTP.Failure(description: Self.unavailableReason.rawValue) }
        process.executableURL = URL(fileURLWithPath: dockerd)
        process.arguments = [
            "--config-file", "\(root)/daemon.json", "--data-root", "\(root)/data", "--exec-root", "\(root)/exec",
            "--pidfile", pidfile, "-H", "unix://\(apiSocket)", "--iptables=false", "--bridge=none",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        do {
            try process.run()
            try waitUntilReady()
        } catch {
            stop()
            throw error
        }
    }

    private func waitUntilReady(timeout: TimeInterval = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else { throw RawHTTP.Failure(description: "dockerd exited: \(log.suffix(3000))") }
            if RawHTTP.connectable(apiSocket), (try? docker(["version"]))?.status == 0 { return }
            usleep(100_000)
        }
        throw RawHTTP.Failure(description: "dockerd did not answer within \(timeout) s: \(log.suffix(3000))")
    }

    /// Runs the docker client against this engine.
    @discardableResult
    func docker(_ arguments: [String], stdin: Data? = nil) throws -> RunResult {
        guard let client = Self.client else { throw RawHTTP.Failure(description: Self.unavailableReason.rawValue) }
        return try ProcessRunner.run(
            client, ["-H", "unix://\(apiSocket)"] + arguments, environment: ["DOCKER_CONFIG": "\(root)/cli"], stdin: stdin)
    }

    /// A one-binary image with no registry: static busybox and a few applet links,
    /// `docker import`ed with PATH=/bin.
    func importBusybox(as name: String = "efs-hook-test-busybox") throws -> String {
        let rootfs = "\(root)/busybox-rootfs"
        try FileManager.default.createDirectory(atPath: "\(rootfs)/bin", withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: "\(rootfs)/bin/busybox")
        try FileManager.default.copyItem(atPath: Self.busybox, toPath: "\(rootfs)/bin/busybox")
        for applet in ["sh", "echo", "cat", "sleep", "ls", "test", "true"] {
            try? FileManager.default.createSymbolicLink(atPath: "\(rootfs)/bin/\(applet)", withDestinationPath: "busybox")
        }
        let archive = "\(root)/busybox-rootfs.tar"
        let tar = try ProcessRunner.run("/usr/bin/tar", ["-C", rootfs, "-cf", archive, "."])
        guard tar.status == 0 else { throw RawHTTP.Failure(description: "tar: \(tar.stderr)") }
        let imported = try docker(["import", "-c", "ENV PATH=/bin", archive, name])
        guard imported.status == 0 else { throw RawHTTP.Failure(description: "docker import: \(imported.stderr)") }
        return name
    }

    /// Removes every container, stops dockerd (SIGTERM, then waits), and takes the plugin
    /// directory's bind mount away. Safe to call twice. `keepingDaemonMounts` leaves what
    /// dockerd itself left mounted below its roots, as on a host where it restarts.
    func stop(keepingDaemonMounts: Bool = false) {
        if process.isRunning {
            if let ids = try? docker(["ps", "-aq"]), ids.status == 0 {
                let list = ids.stdout.split(whereSeparator: \.isNewline).map(String.init)
                if !list.isEmpty { _ = try? docker(["rm", "-f"] + list) }
            }
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning, Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        if pluginsBound {
            _ = umount2(Self.pluginDirectory, Int32(MNT_DETACH))
            pluginsBound = false
        }
        // Whatever dockerd left mounted below its roots (it normally unmounts all of it).
        if !keepingDaemonMounts, let table = try? MountTable.current() {
            for entry in table.entries.reversed() where entry.mountPoint.hasPrefix(root + "/") {
                _ = umount2(entry.mountPoint, Int32(MNT_DETACH))
            }
        }
    }

    deinit { stop() }
}
