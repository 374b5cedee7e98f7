import AWSClient
import Foundation
import Testing

@testable import HostLayer

// Launch deadlines against moto: the fault proxy keeps a new mount target `creating` (as real
// EFS can for minutes), and dvdcli mount must fail on its own, well before Mesos' 120 s kill.
extension EFSProviderTests {
    /// The one error line of a launch that ran out of time on a mount target still being created.
    static var deadlineLine: Regex<(Substring, volume: Substring, seconds: Substring)> {
        #/volume "(?<volume>[a-z0-9-]+)": mount target fsmt-[0-9a-f]+ in us-east-1a still creating after (?<seconds>\d+) s; AWS goes on creating it; retry the launch$/#
    }

    /// dvdcli mount while the mount target stays `creating`: exit 75 within `deadline` with the
    /// one line, nothing half-done; once it is available the retry succeeds; one file system
    /// and one mount target in all.
    func outOfTimeThenRetry(_ prefix: String, creatingSeconds: Double, deadline: Double, environment: [String: String]) async throws {
        let t = try await Context(prefix)
        let agent = try t.agent("agent-a")
        // The launch deadline, not efs.waitTimeoutSeconds, must be what ends the wait.
        try String(contentsOfFile: agent.configPath, encoding: .utf8)
            .replacingOccurrences(of: "waitTimeoutSeconds: 30", with: "waitTimeoutSeconds: 300")
            .write(toFile: agent.configPath, atomically: true, encoding: .utf8)
        try await t.proxy.setLimits(mountTargetCreatingSeconds: creatingSeconds)
        let started = Date()
        let result = try await agent.run(Self.dvdcli("mount", "uploads"), environment: environment)
        let took = Date().timeIntervalSince(started)
        let line = result.errorLines.first ?? ""
        print(
            "[efs] dvdcli mount, mount target creating for \(Int(creatingSeconds)) s, deadline \(Int(deadline)) s: exit \(result.status) after \(String(format: "%.1f", took)) s: \(line)"
        )

        #expect(result.status == 75, "\(result.summary)")
        #expect(took < deadline, "exits on its own inside the deadline: \(took) s")
        #expect(result.stdout.isEmpty)
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        let match = try #require(line.firstMatch(of: Self.deadlineLine), "\(line)")
        #expect(match.volume == "uploads")
        #expect(Double(match.seconds).map { $0 >= deadline - 10 && $0 <= deadline } == true, "\(line)")
        #expect(try agent.mountCalls().isEmpty && agent.mounts().isEmpty, "nothing mounted")
        #expect(agent.records("containers").isEmpty && agent.records("mounts").isEmpty, "nothing recorded")

        // AWS finishes creating it; the next launch reuses it.
        try await t.proxy.setLimits(mountTargetCreatingSeconds: 0)
        let retry = try await agent.run(Self.dvdcli("mount", "uploads"), environment: environment)
        #expect(retry.status == 0, "\(retry.summary)")
        #expect(retry.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == agent.hostMount("uploads"))
        let stats = try await t.proxy.stats()
        print("[efs]   then the retry: exit \(retry.status); both runs: \(stats)")
        #expect(stats.succeeded("CreateFileSystem") == 1 && stats.succeeded("CreateMountTarget") == 1, "\(stats)")
        let owned = try await t.moto.snapshot().owned(cluster: t.cluster)
        #expect(owned.count == 1 && owned.first?.MountTargets.count == 1, "one file system, one mount target: \(owned.map(\.FileSystemId))")
        #expect(try await agent.run(Self.dvdcli("unmount", "uploads")).status == 0)
    }

    @Test(
        "dvdcli mount at the default deadline (100 s): a mount target creating for 150 s fails with exit 75 inside 100 s, the retry succeeds"
    )
    func dvdcliMountAtTheDefaultDeadline() async throws {
        try await outOfTimeThenRetry("deadline-default", creatingSeconds: 150, deadline: 100, environment: [:])
    }

    @Test("dvdcli mount with EFS_HOOK_LAUNCH_DEADLINE_SECONDS=12: exit 75 inside 12 s, the retry succeeds")
    func dvdcliMountAtAConfiguredDeadline() async throws {
        try await outOfTimeThenRetry(
            "deadline-12", creatingSeconds: 3600, deadline: 12, environment: ["EFS_HOOK_LAUNCH_DEADLINE_SECONDS": "12"])
    }

    @Test("the account's token bucket: throttled calls are retried and prepare succeeds; the proxy counts them")
    func prepareRidesOutTheAccountsRate() async throws {
        let t = try await Context("bucket")
        let agent = try t.agent("agent-a")
        try await t.proxy.setLimits(rate: 1, burst: 1)
        let result = try await agent.prepare("c1", task: try t.task("rated"))
        let stats = try await t.proxy.stats()
        try await t.proxy.clean()
        print("[efs] prepare at 1 request/s (burst 1): exit \(result.status); throttled \(stats.throttled); \(stats)")
        #expect(result.status == 0, "\(result.summary)")
        #expect(stats.throttled > 0, "the bucket throttled some calls: \(stats)")
        #expect(stats.requests.filter { $0.mode == "rate" }.allSatisfy { $0.status == 400 })
        #expect(
            stats.count("CreateFileSystem") - stats.requests.filter { $0.operation == "CreateFileSystem" && $0.mode == "rate" }.count == 1)
        #expect(try await agent.cleanup("c1").status == 0)
    }

    @Test(
        "the proxy's FileSystemAlreadyExists names the file system: a creation token used twice answers 409 with the first's FileSystemId")
    func alreadyExistsCarriesTheFileSystemId() async throws {
        let t = try await Context("already-exists")
        let token = "\(t.cluster)-token"
        // Raw signed calls, so what is checked is the proxy's wire answer, not EFSClient's reading of it.
        let transport = AsyncHTTPTransport()
        let result = await Result(catching: {
            var answers: [HTTPResponse] = []
            for _ in 0..<2 {
                let request = HTTPRequest(
                    method: "POST", url: "\(t.stack.endpoint)/2015-02-01/file-systems",
                    headers: [HTTPHeader("Content-Type", "application/json")],
                    body: try JSONSerialization.data(withJSONObject: ["CreationToken": token, "Encrypted": true]))
                let signed = SigV4Signer(service: "elasticfilesystem", region: "us-east-1")
                    .sign(request, credentials: AWSCredentials(accessKeyId: "testing", secretAccessKey: "testing"), date: Date())
                answers.append(try await transport.send(signed.request))
            }
            return answers
        })
        await transport.shutdown()
        let answers = try result.get()
        let stats = try await t.proxy.stats()
        let first = try #require(JSONSerialization.jsonObject(with: answers[0].body) as? [String: Any])
        let second = try #require(JSONSerialization.jsonObject(with: answers[1].body) as? [String: Any])
        print("[efs] CreateFileSystem twice through the proxy: HTTP \(answers[0].status), then HTTP \(answers[1].status) \(second)")
        #expect(answers[0].status == 201, "\(first)")
        let id = try #require(first["FileSystemId"] as? String)
        #expect(answers[1].status == 409)
        #expect(second["__type"] as? String == "FileSystemAlreadyExists" || second["ErrorCode"] as? String == "FileSystemAlreadyExists")
        #expect(second["FileSystemId"] as? String == id, "the first file system: \(second)")
        #expect(answers[1].headers.value(for: "content-length") == String(answers[1].body.count))
        #expect(stats.count("CreateFileSystem") == 2 && stats.total == 2, "the lookup is not counted: \(stats)")
        let same = try await t.moto.snapshot().fileSystems.filter { $0.CreationToken == token }
        #expect(same.map(\.FileSystemId) == [id])
        try await t.moto.deleteFileSystem(id)
    }
}
