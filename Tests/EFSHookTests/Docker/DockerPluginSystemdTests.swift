import EFSHookTestSupport
import Foundation
import Testing

/// The daemon under systemd: readiness notification (`Type=notify`), socket activation, and
/// deploy/efs-hook-docker.service itself.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct DockerPluginSystemdTests {
    static let socketActivate = DockerEngine.executable("systemd-socket-activate", preferring: ["/usr/bin/systemd-socket-activate"])
    static let systemdAnalyze = DockerEngine.executable("systemd-analyze", preferring: ["/usr/bin/systemd-analyze"])
    static let unitPath = TestEnvironment.packageRoot.appendingPathComponent("deploy/efs-hook-docker.service").path

    /// A datagram socket standing in for systemd's NOTIFY_SOCKET.
    final class NotifySocket {
        let path: String
        let fd: Int32

        init(path: String) throws {
            self.path = path
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard bound == 0 else { throw RawHTTP.Failure(description: "bind \(path): \(errno)") }
            var timeout = timeval(tv_sec: 20, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }

        func receive() -> String? {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
        }

        deinit { close(fd) }
    }

    @Test func notifiesReadinessAndStopping() throws {
        let sandbox = try HostSandbox()
        let notify = try NotifySocket(path: "\(sandbox.root)/notify.sock")
        let socket = "\(sandbox.root)/plugins/efs.sock"
        let daemon = try PluginDaemonProcess.start(
            socket: socket, environment: sandbox.environment.merging(["NOTIFY_SOCKET": notify.path]) { $1 })
        defer { daemon.stop() }
        let ready = notify.receive() ?? ""
        #expect(ready.split(separator: "\n").first == "READY=1", "\(ready)")
        #expect(ready.contains("STATUS=serving \(socket)"), "\(ready)")
        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(notify.receive() == "STOPPING=1")
        let status = daemon.waitForExit(timeout: 30)
        #expect(status == 0, "daemon log: \(daemon.log.prefix(6000))")
    }

    @Test(.enabled(if: socketActivate != nil, "systemd-socket-activate not found: socket activation was not tested"))
    func servesASocketSystemdPasses() throws {
        let sandbox = try HostSandbox()
        let socket = "\(sandbox.root)/plugins/efs.sock"
        try FileManager.default.createDirectory(atPath: "\(sandbox.root)/plugins", withIntermediateDirectories: true)
        let logPath = "\(sandbox.root)/activated.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.socketActivate))
        process.arguments = [
            "-l", socket, "-E", "EFS_HOOK_CONFIG=\(sandbox.config)", TestEnvironment.binary, "serve", "--socket", socket,
            "--log-level", "info",
        ]
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(20)
        while !RawHTTP.connectable(socket), Date() < deadline { usleep(20_000) }

        // The first connection starts efs-hook (systemd-socket-activate execs it) on the passed socket.
        let activated = try RawHTTP.post(socket, "/Plugin.Activate", "")
        #expect(activated.json?["Implements"] as? [String] == ["VolumeDriver"], "\(activated)")
        #expect(try RawHTTP.post(socket, "/VolumeDriver.Create", #"{"Name":"activated"}"#).status == 200)
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        #expect(log.contains(#""socketActivated":"true""#), "\(log)")

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: socket), "the socket file belongs to systemd")
    }

    static func unitSettings() throws -> [String: [String]] {
        var settings: [String: [String]] = [:]
        var section = ""
        for line in try String(contentsOfFile: unitPath, encoding: .utf8).split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            if text.hasPrefix("[") {
                section = String(text.dropFirst().dropLast())
                continue
            }
            guard let equals = text.firstIndex(of: "=") else { continue }
            settings["\(section).\(text[..<equals])", default: []].append(String(text[text.index(after: equals)...]))
        }
        return settings
    }

    @Test func unitRunsTheDaemonBeforeDockerWithMountsOnTheHost() throws {
        let settings = try Self.unitSettings()
        func words(_ key: String) -> Set<String> { Set((settings[key] ?? []).flatMap { $0.split(separator: " ").map(String.init) }) }
        #expect(settings["Service.ExecStart"] == ["/usr/bin/efs-hook serve --socket /run/docker/plugins/efs.sock --metrics 127.0.0.1:9464"])
        #expect(settings["Service.Type"] == ["notify"])
        #expect(settings["Service.KillMode"] == ["process"])
        #expect(words("Unit.Before").contains("docker.service"))
        #expect(words("Unit.After").contains("network-online.target"))
        #expect(words("Unit.Wants").contains("network-online.target"))
        #expect(settings["Install.WantedBy"] == ["multi-user.target"])
        let forbidden = [
            "PrivateMounts", "PrivateTmp", "PrivateDevices", "PrivateNetwork", "ProtectSystem", "ProtectHome", "ReadOnlyPaths",
            "ReadWritePaths", "InaccessiblePaths", "BindPaths", "BindReadOnlyPaths", "TemporaryFileSystem",
            "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups", "ProtectProc",
            "MountFlags", "RootDirectory", "DynamicUser", "MountAPIVFS", "PrivateIPC",
        ]
        let used = forbidden.filter { settings["Service.\($0)"] != nil }
        #expect(used.isEmpty, "these settings hide the daemon's mounts from dockerd: \(used)")
    }

    @Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze not found: the unit file was not verified"))
    func unitPassesSystemdAnalyzeVerify() throws {
        let sandbox = try HostSandbox()
        let copy = "\(sandbox.root)/efs-hook-docker.service"
        let unit = try String(contentsOfFile: Self.unitPath, encoding: .utf8)
            .replacingOccurrences(of: "ExecStart=/usr/bin/efs-hook ", with: "ExecStart=\(TestEnvironment.binary) ")
        try unit.write(toFile: copy, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.run(try #require(Self.systemdAnalyze), ["verify", copy], environment: ["SYSTEMD_LOG_COLOR": "0"])
        let complaints = result.stderr.split(separator: "\n").filter { $0.contains("efs-hook-docker.service") }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(complaints.isEmpty, "\(complaints.joined(separator: "\n"))")
    }
}
