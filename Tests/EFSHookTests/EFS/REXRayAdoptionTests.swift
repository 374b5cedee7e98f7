import EFSVolumes
import Foundation
import Testing

@testable import HostLayer

/// Volumes of driver `rexray` against moto: file systems made with boto3 the way libStorage
/// makes them (both token generations, empty and non-empty tag), adopted with their files in
/// view and the export's root hidden; ambiguous names refused; a racing libStorage creator;
/// `migrate rexray --online`; `dvdcli unmount` of what REX-Ray mounted.
///
/// NFS stand-in: the TEST-ONLY Tests/Fixtures/bin/recording-mount with EXPORTS_DIR, so SOURCE
/// is `HOST:/PATH` of an export (`exports/<mount target IP>`) and mounting `IP:/data` really
/// mounts that subdirectory (it fails when the directory does not exist, as NFS does).
@Suite(
    "REX-Ray volumes: adopted from moto with libStorage's naming",
    .enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized, EFSMotoScope())
struct REXRayAdoptionTests {
    struct Context {
        let stack: EFSMotoStack
        let area: HostSandbox
        let suffix = UUID().uuidString.prefix(6).lowercased()
        var exports: String { "\(area.root)/exports" }
        var rexrayVolumes: String { "\(area.root)/rexray-volumes" }
        var moto: MotoInspector { stack.moto }

        init() async throws {
            stack = try EFSMotoScope.current()
            try await stack.proxy.clean()
            area = try HostSandbox()
            try FileManager.default.createDirectory(atPath: "\(area.root)/exports", withIntermediateDirectories: true)
        }

        func agent(tag: String) throws -> EFSAgent {
            try EFSAgent(
                "agent-a", stack: stack, clusterTag: "rexray-\(suffix)", backingDir: "\(area.root)/unused",
                extraEFS: ["rexray:", "  tag: \"\(tag)\"", "  volumesDir: \(rexrayVolumes)"], exportsDir: exports,
                drivers: ["efs", "rexray"])
        }

        func task(_ volumes: [(name: String, path: String)]) throws -> String {
            try TaskBuilder.write(volumes.map { .init(name: $0.name, path: $0.path, driver: "rexray") }, in: area.root)
        }

        /// The export's contents a REX-Ray host had written: files under data/ and one at the root.
        func populate(ip: String, content: String) throws {
            try FileManager.default.createDirectory(atPath: "\(exports)/\(ip)/data", withIntermediateDirectories: true)
            try content.write(toFile: "\(exports)/\(ip)/data/hello.txt", atomically: true, encoding: .utf8)
            try "root".write(toFile: "\(exports)/\(ip)/at-the-root.txt", atomically: true, encoding: .utf8)
        }
    }

    @Test(
        "existing volumes of both token generations are mounted with their files, /data only; a new one gets libStorage's token and Name tag",
        arguments: ["", "prod"])
    func adoptsBothGenerationsAndCreatesNewOnesAsLibStorage(tagBase: String) async throws {
        let t = try await Context()
        let tag = tagBase.isEmpty ? "" : "\(tagBase)-\(t.suffix)"
        let (current, old, fresh) = ("cur-\(t.suffix)", "old-\(t.suffix)", "new-\(t.suffix)")
        let subnet = try t.stack.subnet("us-east-1a")
        let a = try await t.moto.createREXRay(tag: tag, name: current, generation: "current", subnet: subnet)
        let b = try await t.moto.createREXRay(tag: tag, name: old, generation: "0.5", subnet: subnet)
        let ipA = try #require(a.mountTarget?.IpAddress)
        let ipB = try #require(b.mountTarget?.IpAddress)
        try #require(ipA != ipB, "the stand-in tells file systems apart by mount target IP")
        try t.populate(ip: ipA, content: "written by REX-Ray (current token)")
        try t.populate(ip: ipB, content: "written by REX-Ray 0.5")
        let agent = try t.agent(tag: tag)
        let task = try t.task([(current, "/srv/cur"), (old, "/srv/old"), (fresh, "/srv/new")])

        let plan = try await agent.run(["plan", "--online", task])
        #expect(plan.status == 0, "\(plan.summary)")
        #expect(plan.stdout.contains("NAMING") && plan.stdout.contains("REX-Ray naming"), "\(plan.stdout)")
        #expect(plan.stdout.contains(a.fileSystemId) && plan.stdout.contains("found by rexray-token"), "\(plan.stdout)")
        #expect(plan.stdout.contains("found by rexray-0.5-token"), "\(plan.stdout)")
        print("[rexray] plan --online:\n\(plan.stdout)")
        try await t.stack.proxy.clean()

        let prepared = try await agent.prepare("c1", task: task)
        try #require(prepared.status == 0, "\(prepared.summary)")
        let stats = try await t.stack.proxy.stats()
        print("[rexray] tag \"\(tag)\": prepare EFS calls: \(stats)")
        #expect(stats.count("CreateFileSystem") == 1, "only the new volume gets a file system")
        for (path, content) in [("/srv/cur", "written by REX-Ray (current token)"), ("/srv/old", "written by REX-Ray 0.5")] {
            #expect(try String(contentsOfFile: agent.containerPath("c1", "\(path)/hello.txt"), encoding: .utf8) == content)
            #expect(!FileManager.default.fileExists(atPath: agent.containerPath("c1", "\(path)/at-the-root.txt")), "the root stays hidden")
            #expect(!FileManager.default.fileExists(atPath: agent.containerPath("c1", "\(path)/data")))
        }

        let snapshot = try await t.moto.snapshot()
        let created = snapshot.fileSystems.filter { $0.Tags["Name"] == "\(tag)/\(fresh)" }
        try #require(created.count == 1, "\(created.map(\.FileSystemId))")
        // The token function is checked against md5sum's vectors in the unit tests.
        #expect(created[0].CreationToken == REXRayNaming(tag: tag).creationToken(volume: fresh))
        #expect(created[0].Tags == ["Name": "\(tag)/\(fresh)"], "exactly libStorage's one tag")
        let ipNew = try #require(created[0].MountTargets.first?.IpAddress)
        try "from the container".write(toFile: agent.containerPath("c1", "/srv/new/x.txt"), atomically: false, encoding: .utf8)
        #expect(FileManager.default.fileExists(atPath: "\(t.exports)/\(ipNew)/data/x.txt"), "files land under the new volume's /data")
        let mode = try FileManager.default.attributesOfItem(atPath: "\(t.exports)/\(ipNew)/data")[.posixPermissions] as? Int
        #expect(mode == 0o700)
        let sources = try agent.mountCalls().map { $0[$0.count - 2] }
        #expect(sources.contains("\(ipA):/data") && sources.contains("\(ipB):/data") && sources.contains("\(ipNew):/data"), "\(sources)")

        // What migrate --online reports for these volumes, from a REX-Ray config.
        let config = "\(t.area.root)/rexray-config.yml"
        try """
        libstorage:
          service: efs
        rexray:
          logLevel: debug
        efs:
          accessKey: AKIAFORTESTINGONLY
          region: us-east-1
          endpoint: \(t.stack.endpoint)
          tag: "\(tag)"
          securityGroups: [\(t.stack.securityGroupId)]
        linux:
          volume:
            rootpath: /data
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let migrated = try await agent.run(["migrate", "rexray", "--config", config, "--online"])
        try #require(migrated.status == 0, "\(migrated.summary)")
        print("[rexray] migrate rexray --online:\n\(migrated.stdout)\(migrated.stderr)")
        let warnings = migrated.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
        #expect(warnings.count == 4, "accessKey, logLevel, endpoint with region, remove behaviour: \(warnings)")
        #expect(!(migrated.stdout + migrated.stderr).contains("AKIAFORTESTINGONLY"), "no credential is printed")
        let expected = [
            (current, a.fileSystemId, "rexray-token", ipA), (old, b.fileSystemId, "rexray-0.5-token", ipB),
            (fresh, created[0].FileSystemId, "rexray-token", ipNew),
        ]
        for (volume, id, kind, ip) in expected {
            let row = migrated.stdout.split(separator: "\n").first { $0.contains(" \(volume) ") && $0.contains(id) }
            #expect(
                row?.contains(" \(kind) ") == true && row?.contains("us-east-1a=\(ip)") == true && row?.contains("adopt") == true,
                "\(volume): \(row ?? "missing")")
        }
        let imported = "\(t.area.root)/imported.yaml"
        try migrated.stdout.write(toFile: imported, atomically: true, encoding: .utf8)
        let loaded = try await agent.run(["config", "--json", "--config", imported])
        #expect(loaded.status == 0, "the output loads: \(loaded.summary)")

        let cleaned = try await agent.cleanup("c1")
        #expect(cleaned.status == 0, "\(cleaned.summary)")
        #expect(try await t.stack.proxy.stats().deletes == 0)
        #expect(try agent.mounts().isEmpty)
    }

    @Test("two file systems named like one volume: refused in one line listing both, nothing mounted or created")
    func twoFileSystemsWithOneNameAreRefused() async throws {
        let t = try await Context()
        let tag = "dup-\(t.suffix)"
        let subnet = try t.stack.subnet("us-east-1a")
        let a = try await t.moto.createREXRay(tag: tag, name: "shared", generation: "by-hand-1-\(t.suffix)", subnet: subnet)
        let b = try await t.moto.createREXRay(tag: tag, name: "Shared", generation: "by-hand-2-\(t.suffix)", subnet: subnet)
        let agent = try t.agent(tag: tag)
        let result = try await agent.prepare("c1", task: try t.task([("shared", "/srv/s")]), logLevel: "debug")
        #expect(result.status == 1, "\(result.summary)")
        let line = result.errorLines.last ?? ""
        #expect(line.contains(a.fileSystemId) && line.contains(b.fileSystemId), "\(result.summary)")
        #expect(try agent.mounts().isEmpty && agent.mountCalls().isEmpty)
        #expect(try await t.stack.proxy.stats().creates == 0)
    }

    @Test("a libStorage-style creator racing efs-hook on a new volume: one file system")
    func aRacingLibStorageCreatorEndsWithOneFileSystem() async throws {
        let t = try await Context()
        let tag = "race-\(t.suffix)"
        let agent = try t.agent(tag: tag)
        let task = try t.task([("raced", "/srv/r")])
        try await t.stack.proxy.setFaults([FaultRule(operation: "DescribeFileSystems", mode: "slow", times: 2, delaySeconds: 0.5)])
        let process = try agent.startPrepare("c1", task: task)
        let libStorage = try await t.moto.raceREXRay(tag: tag, name: "raced")
        let result = await offPool { process.wait() }
        try await t.stack.proxy.clean()
        #expect(result.status == 0, "\(result.summary)")
        let named = try await t.moto.snapshot().fileSystems.filter { $0.Tags["Name"] == "\(tag)/raced" }
        print("[rexray] race: libStorage created \(libStorage ?? "nothing (lost)"); file systems: \(named.map(\.FileSystemId))")
        #expect(named.count == 1 && named.first?.SameTokenCount == 1, "\(named.map(\.FileSystemId))")
        let record = try String(contentsOfFile: "\(agent.stateDir)/mounts/raced.json", encoding: .utf8)
        #expect(record.contains(named.first?.FileSystemId ?? "?"), "\(record)")
    }

    @Test("dvdcli unmount of a volume REX-Ray mounted before the switch exits 0 and releases it")
    func dvdcliUnmountReleasesWhatREXRayMounted() async throws {
        let t = try await Context()
        let agent = try t.agent(tag: "")
        let source = "\(t.area.root)/rexray-export"
        let mountPoint = "\(t.rexrayVolumes)/legacy"
        for path in [source, mountPoint] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        try Mounter().bind(source: source, target: mountPoint, readOnly: false)
        #expect(try MountPoint.isMountPoint(mountPoint))
        for attempt in 1...2 {
            let result = try await agent.run(["dvdcli", "unmount", "--volumedriver=rexray", "--volumename=legacy"])
            #expect(result.status == 0, "attempt \(attempt): \(result.summary)")
        }
        #expect(try !MountPoint.isMountPoint(mountPoint))
        #expect(try await t.stack.proxy.stats().total == 0, "an unmount calls no AWS")
    }
}
