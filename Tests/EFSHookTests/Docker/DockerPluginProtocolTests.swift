import Foundation
import Testing

@testable import HostLayer
@testable import VolumeModel

/// The plugin protocol spoken directly to the real `efs-hook serve` over its socket: what
/// Docker sends, and what it never would (malformed, oversized, out-of-order requests).
/// Every failure must be a clean `{"Err": …}` and the daemon must keep serving.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct DockerPluginProtocolTests {
    func startDaemon(_ sandbox: HostSandbox, metrics: Bool = false) throws -> PluginDaemonProcess {
        try PluginDaemonProcess.start(
            socket: "\(sandbox.root)/plugins/efs.sock", environment: sandbox.environment,
            metricsPort: metrics ? try RawHTTP.freePort() : nil)
    }

    /// Expects a failure reply: a JSON object whose only key is a one-line `Err`.
    func expectErr(
        _ response: RawHTTP.Response, status: Int = 500, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == status, "\(response)", sourceLocation: sourceLocation)
        #expect(response.json?.keys.sorted() == ["Err"], "\(response)", sourceLocation: sourceLocation)
        let err = response.err ?? ""
        #expect(err.lowercased().contains(fragment.lowercased()), "\(response)", sourceLocation: sourceLocation)
        #expect(!err.contains("\n"), sourceLocation: sourceLocation)
        #expect(response.headers["content-type"] == "application/vnd.docker.plugins.v1+json", sourceLocation: sourceLocation)
    }

    func expectServing(_ daemon: PluginDaemonProcess, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let response = try daemon.post("/Plugin.Activate", "")
        #expect(response.status == 200, "\(response)", sourceLocation: sourceLocation)
        #expect(response.json?["Implements"] as? [String] == ["VolumeDriver"], sourceLocation: sourceLocation)
    }

    @Test func answersEveryEndpoint() throws {
        let sandbox = try HostSandbox()
        let daemon = try startDaemon(sandbox)
        defer { daemon.stop() }

        try expectServing(daemon)
        let capabilities = try daemon.post("/VolumeDriver.Capabilities", "{}")
        #expect((capabilities.json?["Capabilities"] as? [String: String]) == ["Scope": "global"], "\(capabilities)")

        // Create: Opts may be null; creating again (with the same or no options) is fine.
        #expect(try daemon.post("/VolumeDriver.Create", #"{"Name":"shared","Opts":null}"#).text == "{}")
        #expect(try daemon.post("/VolumeDriver.Create", #"{"Name":"shared"}"#).status == 200)
        #expect(try daemon.post("/VolumeDriver.Create", #"{"Name":"tuned","Opts":{"Encrypted":"yes","uid":"1000"}}"#).status == 200)
        #expect(try daemon.post("/VolumeDriver.Create", #"{"Name":"tuned","Opts":{"encrypted":"true","uid":"1000"}}"#).status == 200)
        expectErr(
            try daemon.post("/VolumeDriver.Create", #"{"Name":"tuned","Opts":{"uid":"7"}}"#), "already exists with encrypted=true, uid=1000"
        )
        #expect(sandbox.records("volumes").sorted() == ["shared.json", "tuned.json"])

        let list = try daemon.post("/VolumeDriver.List", "{}")
        let names = (list.json?["Volumes"] as? [[String: Any]])?.compactMap { $0["Name"] as? String }
        #expect(names == ["shared", "tuned"], "\(list)")
        let get = try daemon.post("/VolumeDriver.Get", #"{"Name":"tuned"}"#)
        let volume = get.json?["Volume"] as? [String: Any]
        #expect(volume?["Name"] as? String == "tuned")
        #expect(volume?["Mountpoint"] as? String == "")
        #expect((volume?["Status"] as? [String: Any])?["options"] as? [String: String] == ["encrypted": "true", "uid": "1000"])
        #expect(try daemon.post("/VolumeDriver.Path", #"{"Name":"tuned"}"#).json?["Mountpoint"] as? String == "")

        // Mount: one holder per mount ID, one host mount for all of them.
        let mounted = try daemon.post("/VolumeDriver.Mount", #"{"Name":"shared","ID":"aaa111"}"#)
        #expect(mounted.json?["Mountpoint"] as? String == "\(sandbox.mountRoot)/shared", "\(mounted)")
        #expect(try daemon.post("/VolumeDriver.Mount", #"{"Name":"shared","ID":"bbb222"}"#).status == 200)
        #expect(try MountTable.current().mountCount(at: "\(sandbox.mountRoot)/shared") == 1)
        #expect(sandbox.records("containers").sorted() == ["@docker.aaa111.json", "@docker.bbb222.json"])
        #expect(
            try daemon.post("/VolumeDriver.Path", #"{"Name":"shared"}"#).json?["Mountpoint"] as? String == "\(sandbox.mountRoot)/shared")
        let shared = try daemon.post("/VolumeDriver.Get", #"{"Name":"shared"}"#).json?["Volume"] as? [String: Any]
        #expect((shared?["Status"] as? [String: Any])?["usersOnThisHost"] as? Int == 2)
        try "hello".write(toFile: "\(sandbox.mountRoot)/shared/greeting", atomically: false, encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: "\(sandbox.localRoot)/shared/greeting"))

        // Remove is refused while any holder uses the volume.
        expectErr(
            try daemon.post("/VolumeDriver.Remove", #"{"Name":"shared"}"#),
            "in use on this host by 2 user(s) (@docker.aaa111, @docker.bbb222)")

        // Unmount releases one ID; the host mount goes with the last.
        #expect(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"shared","ID":"aaa111"}"#).text == "{}")
        expectErr(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"shared","ID":"aaa111"}"#), "already unmounted")
        #expect(try MountTable.current().isMountPoint("\(sandbox.mountRoot)/shared"), "bbb222 still holds it")
        #expect(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"shared","ID":"bbb222"}"#).status == 200)
        #expect(try !MountTable.current().isMountPoint("\(sandbox.mountRoot)/shared"))
        #expect(sandbox.records("containers").isEmpty)

        // Remove: the definition goes, the data stays (retain; the local provider never deletes).
        #expect(try daemon.post("/VolumeDriver.Remove", #"{"Name":"shared"}"#).text == "{}")
        #expect(try daemon.post("/VolumeDriver.Remove", #"{"Name":"shared"}"#).status == 200, "removing twice is fine")
        expectErr(try daemon.post("/VolumeDriver.Get", #"{"Name":"shared"}"#), "does not exist")
        #expect(FileManager.default.fileExists(atPath: "\(sandbox.localRoot)/shared/greeting"))
        #expect(daemon.stop() == 0)
    }

    @Test func refusesBadRequestsCleanlyAndKeepsServing() throws {
        let sandbox = try HostSandbox()
        let daemon = try startDaemon(sandbox, metrics: true)
        defer { daemon.stop() }
        #expect(try daemon.post("/VolumeDriver.Create", #"{"Name":"vol","Opts":null}"#).status == 200)

        let accepted = VolumeOption.allCases.map(\.rawValue).joined(separator: ", ")
        expectErr(
            try daemon.post("/VolumeDriver.Create", #"{"Name":"other","Opts":{"size":"10G"}}"#),
            "unknown option \"size\"; accepted options: \(accepted)")
        expectErr(try daemon.post("/VolumeDriver.Create", #"{"Name":"other","Opts":{"throughputMode":"fast"}}"#), "throughputMode")
        expectErr(try daemon.post("/VolumeDriver.Create", #"{"Name":"../etc","Opts":null}"#), "must start with a letter or digit")
        #expect(sandbox.records("volumes") == ["vol.json"])

        // Mount of an unknown volume with an unknown ID; bad IDs; Unmount of an ID never mounted.
        expectErr(try daemon.post("/VolumeDriver.Mount", #"{"Name":"ghost","ID":"f00d"}"#), "volume ghost does not exist")
        expectErr(try daemon.post("/VolumeDriver.Mount", #"{"Name":"vol","ID":"../../etc"}"#), "mount ID")
        expectErr(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"vol","ID":"never"}"#), "not mounted on this host")
        #expect(try daemon.post("/VolumeDriver.Mount", #"{"Name":"vol","ID":"one"}"#).status == 200)
        expectErr(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"other","ID":"one"}"#), "holds volume vol, not other")
        #expect(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"vol","ID":"one"}"#).status == 200)
        expectErr(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"vol","ID":"one"}"#), "already unmounted")
        try expectServing(daemon)

        // Malformed bodies.
        expectErr(try daemon.post("/VolumeDriver.Get", #"{"Name":"#), status: 400, "not valid JSON")
        expectErr(try daemon.post("/VolumeDriver.Mount", "not json at all"), status: 400, "not valid JSON")
        expectErr(try daemon.post("/VolumeDriver.Get", "[1,2]"), status: 400, "malformed request body")
        expectErr(try daemon.post("/VolumeDriver.Get", "{}"), status: 400, "\"Name\" is missing")
        expectErr(try daemon.post("/VolumeDriver.Get", #"{"Name":7}"#), status: 400, "\"Name\" must be a string")
        expectErr(try daemon.post("/VolumeDriver.Create", #"{"Name":"x","Opts":{"uid":1000}}"#), status: 400, "Opts")
        expectErr(try daemon.post("/VolumeDriver.Mount", ""), status: 400, "request body is empty")
        expectErr(try daemon.post("/Plugin.Activate", "nope"), status: 400, "malformed")
        expectErr(try daemon.post("/VolumeDriver.Frobnicate", "{}"), status: 404, "unknown endpoint")
        let get = try RawHTTP.exchange(
            unixSocket: daemon.socket, Data("GET /Plugin.Activate HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        expectErr(get, status: 405, "use POST")
        try expectServing(daemon)

        // 10 MB bodies: announced by Content-Length, and streamed in chunks.
        let big = Data(repeating: UInt8(ascii: "a"), count: 10 << 20)
        expectErr(try RawHTTP.post(daemon.socket, "/VolumeDriver.Create", body: big), status: 413, "larger than the limit of 1048576 bytes")
        try expectServing(daemon)
        var chunked = Data("POST /VolumeDriver.Create HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for _ in 0..<10 {
            chunked.append(Data("100000\r\n".utf8))
            chunked.append(Data(repeating: UInt8(ascii: "{"), count: 1 << 20))
            chunked.append(Data("\r\n".utf8))
        }
        chunked.append(Data("0\r\n\r\n".utf8))
        expectErr(try RawHTTP.exchange(unixSocket: daemon.socket, chunked), status: 413, "larger than the limit")
        try expectServing(daemon)
        #expect(sandbox.records("volumes") == ["vol.json"])

        // Every refusal was counted, and the daemon's log is JSON lines.
        let metrics = try daemon.metrics()
        #expect(
            (metricValue(metrics, #"efs_hook_plugin_requests_total{endpoint="VolumeDriver.Create",outcome="error"}"#) ?? 0) >= 5,
            "\(metrics)")
        #expect((metricValue(metrics, #"efs_hook_plugin_requests_total{endpoint="other",outcome="error"}"#) ?? 0) >= 1)
        #expect((metricValue(metrics, #"efs_hook_plugin_requests_total{endpoint="Plugin.Activate",outcome="ok"}"#) ?? 0) >= 4)
        #expect(daemon.stop() == 0)
        let lines = daemon.log.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "not a JSON log line: \(line)")
        }
    }

    @Test func idLessMountsAreOneHolderPerVolumeAsForDVDCLI() throws {
        let sandbox = try HostSandbox()
        let daemon = try startDaemon(sandbox)
        defer { daemon.stop() }
        #expect(try daemon.post("/VolumeDriver.Create", #"{"Name":"legacy"}"#).status == 200)
        #expect(try daemon.post("/VolumeDriver.Mount", #"{"Name":"legacy"}"#).status == 200)
        #expect(try daemon.post("/VolumeDriver.Mount", #"{"Name":"legacy"}"#).status == 200)
        #expect(sandbox.records("containers") == ["@docker-noid.legacy.json"])
        #expect(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"legacy"}"#).status == 200)
        #expect(try !MountTable.current().isMountPoint("\(sandbox.mountRoot)/legacy"))
        expectErr(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"legacy"}"#), "the ID-less mount is not mounted")
    }

    /// The daemon and the one-shot commands share records and locks: status lists Docker's
    /// holders, cleanup releases one, and a restarted daemon still knows the rest.
    @Test func oneShotCommandsAndRestartsSeeTheSameHolders() throws {
        let sandbox = try HostSandbox()
        var daemon = try startDaemon(sandbox)
        defer { daemon.stop() }
        #expect(try daemon.post("/VolumeDriver.Create", #"{"Name":"data"}"#).status == 200)
        #expect(try daemon.post("/VolumeDriver.Mount", #"{"Name":"data","ID":"c1"}"#).status == 200)
        #expect(try daemon.post("/VolumeDriver.Mount", #"{"Name":"data","ID":"c2"}"#).status == 200)

        let status = try ProcessRunner.hook(["status", "--json"], environment: sandbox.environment)
        let report = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let volumes = report?["volumes"] as? [[String: Any]]
        #expect(volumes?.first?["containers"] as? [String] == ["@docker.c1", "@docker.c2"], "\(status.stdout)")

        // A holder is not a container: cleanup refuses its id, so only the daemon releases it.
        #expect(try ProcessRunner.hook(["cleanup", "--container-id", "@docker.c1"], environment: sandbox.environment).status == 64)
        #expect(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"data","ID":"c1"}"#).status == 200)
        expectErr(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"data","ID":"c1"}"#), "not mounted on this host")

        // A restart keeps the mount and the holder; the new daemon releases it.
        #expect(daemon.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socket), "a clean stop removes the socket")
        #expect(try MountTable.current().isMountPoint("\(sandbox.mountRoot)/data"), "stopping keeps mounts")
        #expect(try ProcessRunner.hook(["recover"], environment: sandbox.environment).status == 0)
        #expect(sandbox.records("containers") == ["@docker.c2.json"], "recover keeps Docker's prepared holders")
        daemon = try startDaemon(sandbox)
        #expect(try daemon.post("/VolumeDriver.Unmount", #"{"Name":"data","ID":"c2"}"#).status == 200)
        #expect(try !MountTable.current().isMountPoint("\(sandbox.mountRoot)/data"))
        #expect(sandbox.records("containers").isEmpty)
    }

    @Test func socketIsPrivateAndAStaleOneIsReplaced() throws {
        let sandbox = try HostSandbox()
        let socket = "\(sandbox.root)/run/docker/plugins/efs.sock"
        var daemon = try PluginDaemonProcess.start(socket: socket, environment: sandbox.environment)
        defer { daemon.stop() }
        var info = stat()
        #expect(lstat(socket, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o660)
        #expect(info.st_uid == 0)
        #expect(stat("\(sandbox.root)/run/docker/plugins", &info) == 0 && info.st_mode & 0o777 == 0o755)

        // A second daemon on the same socket is refused while the first answers.
        let second = try ProcessRunner.hook(["serve", "--socket", socket], environment: sandbox.environment)
        #expect(second.status == 78, "\(second.stderr)")
        #expect(second.stderr.contains("another process is serving"), "\(second.stderr)")
        try expectServing(daemon)

        // A killed daemon leaves its socket; the next one clears it and serves.
        daemon.crash()
        #expect(FileManager.default.fileExists(atPath: socket))
        daemon = try PluginDaemonProcess.start(socket: socket, environment: sandbox.environment)
        try expectServing(daemon)
        #expect(daemon.stop() == 0)

        let bad = try ProcessRunner.hook(["serve", "--socket", "relative.sock"], environment: sandbox.environment)
        #expect(bad.status == 64, "\(bad.stderr)")
        let badMetrics = try ProcessRunner.hook(["serve", "--socket", socket, "--metrics", "nowhere"], environment: sandbox.environment)
        #expect(badMetrics.status == 64, "\(badMetrics.stderr)")
    }

    /// SIGTERM while a Mount waits on the volume's lock: no new connections are accepted, the
    /// Mount still completes, then the daemon exits 0 with the mount in place.
    @Test func stopFinishesRequestsInFlight() throws {
        let sandbox = try HostSandbox()
        let daemon = try startDaemon(sandbox)
        defer { daemon.stop() }
        #expect(try daemon.post("/VolumeDriver.Create", #"{"Name":"slow"}"#).status == 200)
        let lock = try FileLock.acquire("\(sandbox.stateDir)/locks/volume-slow.lock", timeout: 5, what: "test")
        let reply = Locked<RawHTTP.Response?>(nil)
        let done = DispatchSemaphore(value: 0)
        let socket = daemon.socket
        DispatchQueue.global().async {
            reply.withLock { $0 = try? RawHTTP.post(socket, "/VolumeDriver.Mount", #"{"Name":"slow","ID":"inflight"}"#) }
            done.signal()
        }
        usleep(500_000)
        kill(daemon.process.processIdentifier, SIGTERM)
        usleep(500_000)
        #expect(daemon.process.isRunning, "the daemon waits for the Mount in flight")
        #expect(!RawHTTP.connectable(socket), "no new connections once stopping")
        lock.release()
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(reply.current?.json?["Mountpoint"] as? String == "\(sandbox.mountRoot)/slow", "\(String(describing: reply.current))")
        #expect(daemon.waitForExit(timeout: 30) == 0)
        #expect(try MountTable.current().isMountPoint("\(sandbox.mountRoot)/slow"))
        #expect(sandbox.records("containers") == ["@docker.inflight.json"])
    }
}
