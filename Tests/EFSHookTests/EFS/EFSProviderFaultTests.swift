import Foundation
import Testing

@testable import HostLayer

// 6: faults injected by Tests/Helpers/aws_fault_proxy.py; 8: secrets.
extension EFSProviderTests {
    @Test("throttling, 500, 503, a connection reset and a slow answer: prepare still succeeds with one file system")
    func prepareRidesOutFaults() async throws {
        let t = try await Context("faults")
        // A new file system is never asked for its mount targets, so a second, static volume
        // (its file system allowed by configuration, its mount target made by hand) is what
        // reads mount targets here.
        let given = try await t.moto.createFileSystem(token: "given-\(t.cluster)", mountTargetSubnet: try t.stack.subnet("us-east-1a"))
        let agent = try t.agent("agent-a", extraEFS: ["allowedFileSystemIds: [\(given.fileSystemId)]"])
        let task = try TaskBuilder.write(
            [
                .init(name: "flaky", path: "/srv/flaky"),
                .init(name: "given", path: "/srv/given", options: ["provisioning": "static", "fileSystemId": given.fileSystemId]),
            ],
            in: t.area.root)
        let rules = [
            FaultRule(operation: "CreateFileSystem", mode: "throttle", times: 2),
            FaultRule(operation: "DescribeMountTargets", mode: "throttle", times: 2),
            FaultRule(operation: "CreateFileSystem", mode: "500", times: 1),
            FaultRule(operation: "CreateFileSystem", mode: "503", times: 1),
            FaultRule(operation: "DescribeMountTargets", mode: "reset", times: 1),
            FaultRule(operation: "CreateMountTarget", mode: "slow", times: 1, delaySeconds: 1),
        ]
        try await t.proxy.setFaults(rules)
        let result = try await agent.prepare("c1", task: task)
        let stats = try await t.proxy.stats()
        let left = try await t.proxy.faults()
        try await t.proxy.clean()
        print("[efs] prepare through faults: exit \(result.status); \(stats)")
        for request in stats.requests where request.faulted {
            print("[efs]   injected \(request.mode ?? "?") on \(request.operation) -> \(request.status)")
        }

        #expect(result.status == 0, "\(result.summary)")
        #expect(left.allSatisfy { $0.times == 0 }, "every fault was hit: \(left)")
        #expect(stats.faulted == rules.map(\.times).reduce(0, +))
        #expect(
            stats.count("CreateFileSystem") == 5,
            "two throttled, a 500 and a 503 (retried: the creation token makes it idempotent), then created")
        #expect(stats.count("CreateMountTarget") == 1, "the slow create is not repeated")
        let owned = try await t.moto.snapshot().owned(cluster: t.cluster)
        try #require(owned.count == 1, "\(owned.map(\.FileSystemId))")
        #expect(owned[0].SameTokenCount == 1)
        #expect(owned[0].MountTargets.count == 1)
        #expect(try agent.mountCalls().count == 2)
        #expect(try await agent.cleanup("c1").status == 0)
    }

    @Test("server errors past AWS_MAX_ATTEMPTS: exit 75, one error line, nothing mounted, recorded or created")
    func serverErrorsPastMaxAttemptsAreTemporary() async throws {
        let t = try await Context("throttled")
        let agent = try t.agent("agent-a")
        let task = try t.task("blocked")
        try await t.proxy.setFaults([FaultRule(operation: "CreateFileSystem", mode: "500", times: 5)])
        let result = try await agent.prepare("c1", task: task, environment: ["AWS_MAX_ATTEMPTS": "2"])
        let stats = try await t.proxy.stats()
        try await t.proxy.clean()
        print("[efs] 500 x5 with AWS_MAX_ATTEMPTS=2: exit \(result.status); \(stats)\n[efs]   stderr: \(result.stderr)")

        #expect(result.status == 75, "\(result.summary)")
        #expect(result.stdout.isEmpty)
        // At the default log level the failure is exactly one line on stderr.
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        let line = result.errorLines.first ?? ""
        #expect(line.hasPrefix("efs-hook: ") && line.contains("CreateFileSystem") && line.contains("2 attempts"), "\(line)")
        #expect(line.contains("volume \"blocked\""), "errors name the volume: \(line)")
        #expect(stats.count("CreateFileSystem") == 2 && stats.total == 2, "AWS_MAX_ATTEMPTS=2: \(stats)")
        #expect(try agent.mountCalls().isEmpty)
        #expect(try agent.mounts().isEmpty)
        #expect(agent.records("containers").isEmpty)
        #expect(agent.records("mounts").isEmpty)
        #expect(try await t.moto.snapshot().owned(cluster: t.cluster).isEmpty, "no file system created")

        // With logging at critical, stderr is that one line and nothing else.
        try await t.proxy.setFaults([FaultRule(operation: "CreateFileSystem", mode: "500", times: 5)])
        let quiet = try await agent.prepare("c1", task: task, logLevel: "critical", environment: ["AWS_MAX_ATTEMPTS": "2"])
        try await t.proxy.clean()
        #expect(quiet.status == 75)
        #expect(quiet.stderr.hasSuffix("\n") && quiet.stderr.dropLast().split(separator: "\n").count == 1, "\(quiet.stderr)")
    }

    @Test("throttling does not use up AWS_MAX_ATTEMPTS: throttled 3 times with a budget of 2, the prepare still succeeds")
    func throttlingIsApartFromTheAttemptBudget() async throws {
        let t = try await Context("throttle-budget")
        let agent = try t.agent("agent-a")
        try await t.proxy.setFaults([FaultRule(operation: "CreateFileSystem", mode: "throttle", times: 3)])
        let result = try await agent.prepare("c1", task: try t.task("patient"), environment: ["AWS_MAX_ATTEMPTS": "2"])
        let stats = try await t.proxy.stats()
        try await t.proxy.clean()
        print("[efs] throttled x3 with AWS_MAX_ATTEMPTS=2: exit \(result.status); \(stats)")
        #expect(result.status == 0, "\(result.summary)")
        #expect(stats.faulted == 3 && stats.succeeded("CreateFileSystem") == 1, "\(stats)")
        #expect(try await agent.cleanup("c1").status == 0)
    }

    // MARK: 8: secrets

    @Test("the secret key and session token never reach stdout, stderr or the state directory")
    func secretsNeverLeak() async throws {
        let t = try await Context("secrets")
        let agent = try t.agent("agent-a")
        let task = try t.task("private")
        let secret = "EfsHookSecret/7Kq2+Zx9Wv3Lp8Rt5Ym1Nb6Hc4Jd0FgQs"
        let token = "EfsHookSessionToken//FwoGZXIvYXdzEJr+X9aQ7mT3uPz0cV2bN8kL5jH1gD4fS6wE"
        let credentials = ["AWS_ACCESS_KEY_ID": "AKIAEFSHOOKLEAKTEST1", "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": token]
        // Fragments long enough to be unmistakable, in case only part of a value leaked.
        let needles = [
            secret, token, String(secret.prefix(20)), String(secret.suffix(20)), String(token.prefix(24)), String(token.suffix(24)),
        ]

        var scanned = 0
        var scannedFiles = 0
        /// Scans the state dir's files; `stateFiles` throws if there is no state dir to scan.
        func scanStateFiles(_ when: String) throws -> [String] {
            let files = try agent.stateFiles()
            for (path, contents) in files {
                scanned += contents.utf8.count
                for needle in needles { #expect(!contents.contains(needle), "\(when): \(path) contains a credential fragment") }
            }
            scannedFiles += files.count
            return files.map(\.path)
        }

        var outputs: [(String, RunResult)] = []
        let prepare = try await agent.prepare("c1", task: task, logLevel: "trace", environment: credentials)
        #expect(prepare.status == 0, "\(prepare.summary)")
        #expect(prepare.awsCalls.values.reduce(0, +) > 0, "trace logging shows the AWS calls")
        outputs.append(("prepare --log-level trace", prepare))
        outputs.append(("status --json", try await agent.run(["status", "--json", "--log-level", "trace"], environment: credentials)))
        // While c1 is prepared its records must be there, so the scan cannot pass on an empty
        // or missing state dir.
        let prepared = try scanStateFiles("after prepare")
        try #require(!prepared.isEmpty, "no state files in \(agent.stateDir)")
        for record in ["containers/c1.json", "mounts/private.json"] {
            #expect(prepared.contains(record), "\(record) missing from the state dir: \(prepared)")
        }

        // Server errors past the attempt budget (throttling alone would be ridden out).
        try await t.proxy.setFaults([FaultRule(operation: "CreateFileSystem", mode: "500", times: 3)])
        let failing = try await agent.prepare(
            "c2", task: try t.task("other"), logLevel: "trace", environment: credentials.merging(["AWS_MAX_ATTEMPTS": "2"]) { $1 })
        try await t.proxy.clean()
        #expect(failing.status == 75, "\(failing.summary)")
        outputs.append(("failing prepare --log-level trace", failing))
        _ = try scanStateFiles("after the failing prepare")
        outputs.append(("recover --log-level trace", try await agent.run(["recover", "--log-level", "trace"], environment: credentials)))
        outputs.append(("cleanup --log-level trace", try await agent.cleanup("c1", logLevel: "trace", environment: credentials)))

        for (what, result) in outputs {
            for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
                scanned += text.utf8.count
                for needle in needles {
                    #expect(!text.contains(needle), "\(what) \(stream) contains a credential fragment")
                }
            }
        }
        let left = try scanStateFiles("after cleanup")
        print("[efs] scanned \(scanned) bytes of output and \(scannedFiles) state files for the secret and the token")
        print("[efs]   state files left after cleanup: \(left)")
        #expect(prepare.stderr.contains("AKIA****"), "the access key id appears only redacted")
        #expect(!prepare.stderr.contains("AKIAEFSHOOKLEAKTEST1"))
    }

    @Test("a role that may not create: an existing volume still mounts (CreateFileSystem denied, then a describe); a missing one exits 77")
    func aRoleThatMayNotCreateMountsWhatExists() async throws {
        let t = try await Context("describe-only")
        let task = try t.task("made")
        let creator = try await t.agent("agent-a").prepare("c1", task: task)
        try #require(creator.status == 0, "\(creator.summary)")

        let agent = try t.agent("agent-b")
        try await t.proxy.reset()
        try await t.proxy.setFaults([FaultRule(operation: "CreateFileSystem", mode: "denied", times: 2)])
        let mounted = try await agent.prepare("c1", task: task)
        let stats = try await t.proxy.stats()
        print("[efs] describe-only role, existing volume: exit \(mounted.status); \(stats)")
        #expect(mounted.status == 0, "\(mounted.summary)")
        #expect(stats.requests.map(\.operation) == ["CreateFileSystem", "DescribeFileSystems", "DescribeMountTargets"], "\(stats)")

        try await t.proxy.reset()
        let refused = try await agent.prepare("c2", task: try t.task("absent"))
        let after = try await t.proxy.stats()
        try await t.proxy.clean()
        print("[efs] describe-only role, missing volume: exit \(refused.status); \(after); \(refused.stderr)")
        #expect(refused.status == 77, "\(refused.summary)")
        #expect(refused.errorLines.count == 1 && refused.errorLines.first?.contains("AccessDeniedException") == true, "\(refused.stderr)")
        #expect(after.creates == 0 && after.total == 2, "\(after)")
        #expect(try await t.moto.snapshot().owned(cluster: t.cluster, volume: "absent").isEmpty)
    }
}

/// 7: permission denied. moto enforces IAM only when told to (POST /moto-api/reset-auth),
/// for the whole server, so this suite has its own moto and proxy.
@Suite(
    "EFS provider: permission denied from moto",
    .enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized, EFSMotoScope())
struct EFSProviderPermissionTests {
    @Test("an access key moto does not know: exit 77, one error line, not retried, nothing mounted")
    func unknownAccessKeyIsPermissionDenied() async throws {
        let stack = try EFSMotoScope.current()
        try await stack.proxy.clean()
        let area = try HostSandbox()
        let agent = try EFSAgent("agent-a", stack: stack, clusterTag: EFSTestNames.cluster("denied"), backingDir: "\(area.root)/efs-data")
        let task = try TaskBuilder.write([.init(name: "locked", path: "/srv/data")], in: area.root)

        try await stack.moto.resetAuth("0")
        let result = try await agent.prepare(
            "c1", task: task, environment: ["AWS_ACCESS_KEY_ID": "AKIAUNKNOWNEFSHOOK00", "AWS_SECRET_ACCESS_KEY": "not-a-real-secret"])
        let stats = try await stack.proxy.stats()
        try await stack.moto.resetAuth("inf")
        print("[efs] unknown access key: exit \(result.status); \(stats); stderr: \(result.stderr)")

        #expect(result.status == 77, "\(result.summary)")
        #expect(result.stdout.isEmpty)
        #expect(result.errorLines.count == 1, "\(result.stderr)")
        #expect(result.errorLines.first?.contains("403") == true)
        #expect(stats.total == 1, "a permission error is not retried: \(stats)")
        #expect(stats.requests.first?.status == 403)
        #expect(try agent.mountCalls().isEmpty)
        #expect(try agent.mounts().isEmpty)
        #expect(agent.records("containers").isEmpty)
        #expect(agent.records("mounts").isEmpty)
    }
}
