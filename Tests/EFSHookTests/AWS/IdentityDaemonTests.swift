import EFSHookTestSupport
import Foundation
import Testing

/// The real `efs-hook serve` (the Docker plugin daemon, which lives for months) with the
/// identity stack: its credentials come from an `AWS_PROFILE` role profile whose sessions
/// last 4 s, and plugin requests that reach EFS are spread over several sessions. The proxy
/// checks every signature with botocore and flags any request signed with expired session
/// keys. NFS stand-in: EFSAgent's TEST-ONLY recording-mount (this kernel has no NFS client).
@Suite(
    "AWS identities through the plugin daemon", .enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason),
    .serialized, IdentityStackScope())
struct IdentityDaemonTests {
    /// Create, Mount, Get and Unmount of a new volume: every reply must be a success.
    func launch(_ daemon: PluginDaemonProcess, _ volume: String, mountpoint: String) async throws -> [String] {
        let requests: [(String, String)] = [
            ("/VolumeDriver.Create", #"{"Name":"\#(volume)","Opts":null}"#),
            ("/VolumeDriver.Mount", #"{"Name":"\#(volume)","ID":"c-\#(volume)"}"#),
            ("/VolumeDriver.Get", #"{"Name":"\#(volume)"}"#),
            ("/VolumeDriver.Unmount", #"{"Name":"\#(volume)","ID":"c-\#(volume)"}"#),
        ]
        var failures: [String] = []
        for (path, body) in requests {
            let response = try await offPool { try daemon.post(path, body) }
            if response.status != 200 || response.err != nil { failures.append("\(path) \(volume): \(response)") }
            if path.hasSuffix("Mount"), response.json?["Mountpoint"] as? String != mountpoint {
                failures.append("\(path) \(volume): Mountpoint is not \(mountpoint): \(response)")
            }
        }
        return failures
    }

    @Test("the plugin daemon across session expiries (duration_seconds = 4): no failed request, no expired signature")
    func daemonRenewsBeforeExpiry() async throws {
        let stack = try IdentityStackScope.current()
        let (agent, _) = try await IdentityBinaryTests().agent(stack)
        let aws = "\(agent.sandbox.root)/aws"
        try FileManager.default.createDirectory(atPath: aws, withIntermediateDirectories: true)
        try "[base]\naws_access_key_id = \(stack.accessKeyId)\naws_secret_access_key = \(stack.secretAccessKey)\n".write(
            toFile: "\(aws)/credentials", atomically: true, encoding: .utf8)
        try "[profile short]\nrole_arn = \(IdentityStack.efsRole)\nsource_profile = base\nduration_seconds = 4\n".write(
            toFile: "\(aws)/config", atomically: true, encoding: .utf8)
        let environment = agent.environment(
            IdentityBinaryTests().environment(
                stack,
                [
                    "AWS_PROFILE": "short", "AWS_CONFIG_FILE": "\(aws)/config", "AWS_SHARED_CREDENTIALS_FILE": "\(aws)/credentials",
                    "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
                ]))
        try await stack.reset()
        let daemon = try PluginDaemonProcess.start(socket: "\(agent.sandbox.root)/plugins/efs.sock", environment: environment)
        defer { daemon.stop() }

        let started = Date()
        var failures: [String] = []
        var requests = 0
        for index in 0..<7 {
            let volume = "expiry\(index)"
            failures += try await launch(daemon, volume, mountpoint: agent.hostMount(volume))
            requests += 4
            try await Task.sleep(for: .milliseconds(1500))
        }
        let seconds = Date().timeIntervalSince(started)
        let stats = try await stack.stats()
        let sessions = Set(stats.efs.compactMap(\.accessKey))
        let failedAPI = stats.requests.filter { !(200..<300).contains($0.status) || $0.signature != "ok" }
        print(
            "daemon expiry: \(requests) plugin requests over \(String(format: "%.1f", seconds)) s, AssumeRole \(stats.count("AssumeRole")), session keys used \(sessions.count), EFS calls \(stats.efs.count) \(Set(stats.efs.map(\.operation)).sorted()), failed plugin requests \(failures.count), failed or badly signed API calls \(failedAPI.count), expired signatures \(stats.requests.filter { $0.signature == "expired" }.count)"
        )
        #expect(failures.isEmpty, "\(failures)\n--- efs-hook serve:\n\(daemon.log.suffix(3000))")
        #expect(seconds >= 8, "the requests span at least two 4 s sessions")
        #expect(stats.count("AssumeRole") >= 2, "renewed before the 4 s session ran out")
        #expect(sessions.count >= 2, "EFS calls signed with more than one session's keys")
        #expect(stats.efs.count >= 7 && stats.efs.allSatisfy { $0.accessKey?.hasPrefix("ASIA") == true })
        #expect(stats.sts.allSatisfy { $0.accessKey == stack.accessKeyId }, "AssumeRole is signed with the source profile's keys")
        #expect(failedAPI.isEmpty, "\(failedAPI.map { "\($0.operation) \($0.status) \($0.signature)" })\n\(stats.problems)")
        #expect(!stats.requests.contains { $0.signature == "expired" })
        #expect(stats.problems.isEmpty, "\(stats.problems)")
        #expect(try agent.mountCalls().count == 7, "one host mount per new volume")
        #expect(daemon.stop() == 0)
    }
}
