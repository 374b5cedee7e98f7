import Foundation
import Testing

@testable import HostLayer

/// Upgrade and rollback between real builds (ReleaseBuild), with the local provider: containers
/// and dvdcli holders one build prepared are cleaned up, recovered and prepared again by the
/// other, in both directions. Nothing a live container uses is unmounted, and nothing is left.
@Suite(.enabled(if: ReleaseBuild.suiteEnabled, ReleaseBuild.suiteReason), .serialized)
struct UpgradeTests {
    struct Agent {
        let sandbox: HostSandbox
        let shared: String
        let solo: String

        init() throws {
            sandbox = try HostSandbox()
            shared = try TaskBuilder.write([.init(name: "shared", path: "/srv/a")], in: sandbox.root)
            solo = try TaskBuilder.write([.init(name: "solo", path: "/srv/b")], in: sandbox.root)
        }

        func run(_ build: ReleaseBuild, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
            try sandbox.run(build, arguments, sourceLocation: sourceLocation)
        }

        func prepare(_ build: ReleaseBuild, _ container: String, _ task: String) throws {
            _ = try run(build, ["prepare", "--container-id", container, "--rootfs", try sandbox.rootfs(container), task])
        }

        func bind(_ container: String, _ path: String) -> String { "\(sandbox.root)/\(container)/rootfs\(path)" }
        func hostMount(_ volume: String) -> String { "\(sandbox.mountRoot)/\(volume)" }

        func expectEmpty(sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(try sandbox.mounts().isEmpty, "\((try? sandbox.mounts()) ?? [])", sourceLocation: sourceLocation)
            #expect(sandbox.records("containers").isEmpty && sandbox.records("mounts").isEmpty, sourceLocation: sourceLocation)
        }
    }

    @Test func containersPreparedByOneBuildAreCleanedUpRecoveredAndPreparedAgainByTheOther() throws {
        for (from, to) in try ReleaseBuild.directions() {
            let agent = try Agent()
            var figures = HandOverFigures("local provider (Mesos isolator and dvdcli hooks' prepare/cleanup)", from, to)
            for (container, task) in [("c1", agent.shared), ("c2", agent.shared), ("c3", agent.solo)] {
                try agent.prepare(from, container, task)
                figures.prepared += 1
            }
            try "kept".write(toFile: "\(agent.bind("c2", "/srv/a"))/note", atomically: true, encoding: .utf8)
            let status = try agent.run(to, ["status", "--json"])
            let volumes = ((status.json?["volumes"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            #expect(volumes.sorted() == ["shared", "solo"], "\(to) reads \(from)'s records: \(status.stdout)")
            figures.volumes = Set(volumes)

            _ = try agent.run(to, ["cleanup", "--container-id", "c1"])
            figures.cleanedUp += 1
            let table = try MountTable.current()
            #expect(!table.isMountPoint(agent.bind("c1", "/srv/a")))
            #expect(table.isMountPoint(agent.bind("c2", "/srv/a")) && table.isMountPoint(agent.hostMount("shared")), "c2 still uses it")

            let recovered = try agent.run(to, ["recover", "--json", "--live", "c2"])
            #expect(recovered.json?["releasedContainers"] as? [String] == ["c3"], "\(recovered.stdout)")
            figures.recovered += 1
            #expect(try !MountTable.current().isMountPoint(agent.hostMount("solo")))
            #expect(try MountTable.current().isMountPoint(agent.bind("c2", "/srv/a")), "recover keeps the live container's volume")
            #expect(FileManager.default.fileExists(atPath: "\(agent.bind("c2", "/srv/a"))/note"))

            try agent.prepare(to, "c3", agent.solo)
            figures.reprepared += 1
            #expect(try MountTable.current().isMountPoint(agent.bind("c3", "/srv/b")))
            for container in ["c2", "c3"] {
                _ = try agent.run(to, ["cleanup", "--container-id", container])
                figures.cleanedUp += 1
            }
            try agent.expectEmpty()
            #expect(FileManager.default.fileExists(atPath: "\(agent.sandbox.localRoot)/shared/note"), "the data stays")
            figures.print()
        }
    }

    /// Run through a symlink named dvdcli, as the docker/volume isolator finds it on PATH.
    func dvdcli(_ build: ReleaseBuild, _ agent: Agent, _ arguments: [String]) throws -> RunResult {
        let link = "\(agent.sandbox.root)/bin-\(build.name)/dvdcli"
        if !FileManager.default.fileExists(atPath: link) {
            try FileManager.default.createDirectory(atPath: "\(agent.sandbox.root)/bin-\(build.name)", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: build.path)
        }
        let result = try ProcessRunner.run(link, arguments, environment: agent.sandbox.environment)
        #expect(result.status == 0, "\(build) dvdcli \(arguments): \(result.stderr)")
        return result
    }

    @Test func dvdcliHoldersMountedByOneBuildAreUnmountedAndMountedAgainByTheOther() throws {
        func volume(_ name: String) -> [String] { ["--volumedriver=efs", "--volumename=\(name)"] }
        for (from, to) in try ReleaseBuild.directions() {
            let agent = try Agent()
            var figures = HandOverFigures("dvdcli holder", from, to)
            for name in ["shared", "shared", "other"] {
                let mounted = try dvdcli(from, agent, ["mount"] + volume(name))
                #expect(mounted.stdout == agent.hostMount(name) + "\n")
                figures.prepared += 1
                figures.volumes.insert(name)
            }
            #expect(try dvdcli(to, agent, ["path"] + volume("shared")).stdout == agent.hostMount("shared") + "\n")
            _ = try dvdcli(to, agent, ["unmount"] + volume("shared"))
            figures.cleanedUp += 2
            #expect(try !MountTable.current().isMountPoint(agent.hostMount("shared")))
            #expect(try MountTable.current().isMountPoint(agent.hostMount("other")), "another holder still uses it")
            let recovered = try agent.run(to, ["recover", "--json"])
            #expect(try MountTable.current().isMountPoint(agent.hostMount("other")), "recover keeps holders: \(recovered.stdout)")
            _ = try dvdcli(to, agent, ["mount"] + volume("shared"))
            figures.reprepared += 1
            for name in ["shared", "other"] {
                _ = try dvdcli(to, agent, ["unmount"] + volume(name))
            }
            figures.cleanedUp += 2
            try agent.expectEmpty()
            figures.print()
        }
    }

    /// Rewrites a record as a later release that raised its kind's version would have; returns the bytes.
    func raise(_ path: String, to version: Int = 2) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        object["schemaVersion"] = version
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
        return data
    }

    func oneLine(_ result: RunResult) -> String {
        // A plain line (the previous build), or the failed operation's summary record read back
        // as its line (this build: stderr is not a terminal, so records are JSON).
        let lines = result.errorLines
        #expect(lines.count == 1, "one line: \(result.stderr)")
        return lines.first ?? ""
    }

    /// The new build refuses records of a later schema version in one line and keeps them and
    /// their mounts; the previous build, which knows no versions, reads them as its own.
    @Test func recordsNewerThanABuildReadsAreRefusedInOneLineAndKeptWithTheirMounts() throws {
        let (old, new) = (try ReleaseBuild.previous(), ReleaseBuild.current)
        let agent = try Agent()
        for (container, task) in [("c1", agent.shared), ("c2", agent.shared), ("c3", agent.solo)] {
            try agent.prepare(new, container, task)
        }
        let record = "\(agent.sandbox.stateDir)/containers/c1.json"
        let raised = try raise(record)
        let mounted = try agent.sandbox.mounts()
        func expectKept(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(try Data(contentsOf: URL(fileURLWithPath: record)) == raised, "\(what): record kept", sourceLocation: sourceLocation)
            let now = try agent.sandbox.mounts()
            for path in mounted where path.contains("/c1/") || path.hasSuffix("/shared") {
                #expect(now.contains(path), "\(what): \(path) stays mounted", sourceLocation: sourceLocation)
            }
        }
        var refusals: [String] = []
        let cleanup = try new.run(["cleanup", "--container-id", "c1"], environment: agent.sandbox.environment)
        let line = oneLine(cleanup)
        #expect(cleanup.status == 1 && line.contains("schema version 2") && line.contains("reads up to 1"), "\(line)")
        try expectKept("cleanup")
        refusals.append("cleanup exit \(cleanup.status): \(line)")

        let status = try new.run(["status"], environment: agent.sandbox.environment)
        #expect(status.status == 1 && oneLine(status).contains("schema version 2"), "\(status.summary)")
        #expect(status.stdout.contains("Records written by a newer efs-hook") && !status.stdout.contains("Unreadable"), "\(status.stdout)")
        let json = try new.run(["status", "--json"], environment: agent.sandbox.environment).json
        #expect((json?["tooNewRecords"] as? [String])?.count == 1 && (json?["unreadableRecords"] as? [String]) == [], "\(json ?? [:])")
        refusals.append("status exit \(status.status): \(oneLine(status))")
        let recover = try new.run(["recover", "--json", "--live", "c1", "--live", "c2"], environment: agent.sandbox.environment)
        #expect(recover.status == 1 && oneLine(recover).contains("schema version 2"), "\(recover.summary)")
        #expect(recover.json?["releasedContainers"] as? [String] == ["c3"], "recover reconciles the rest: \(recover.stdout)")
        try expectKept("recover")
        refusals.append("recover exit \(recover.status), released \(recover.json?["releasedContainers"] ?? "?"): \(oneLine(recover))")

        let hostRecord = "\(agent.sandbox.stateDir)/mounts/shared.json"
        let raisedHost = try raise(hostRecord)
        let prepare = try new.run(
            ["prepare", "--container-id", "c4", "--rootfs", try agent.sandbox.rootfs("c4"), agent.shared],
            environment: agent.sandbox.environment)
        // A prepare that finds the volume mounted joins it without reading the host-mount record
        // (the warm path); one that needs the record refuses it.
        if prepare.status == 0 {
            #expect(try MountTable.current().isMountPoint(agent.bind("c4", "/srv/a")), "\(prepare.summary)")
            refusals.append("prepare of c4 on a too-new host-mount record: exit 0, joined the mounted volume without reading the record")
        } else {
            #expect(prepare.status == 1 && oneLine(prepare).contains("schema version 2"), "\(prepare.summary)")
            #expect(try !MountTable.current().isMountPoint(agent.bind("c4", "/srv/a")))
            refusals.append("prepare on a too-new host-mount record exit \(prepare.status): \(oneLine(prepare))")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: hostRecord)) == raisedHost, "the host-mount record is left as it is")
        try expectKept("prepare")
        let hostRecover = try new.run(
            ["recover", "--json", "--live", "c1", "--live", "c2", "--live", "c4"], environment: agent.sandbox.environment)
        #expect(hostRecover.status == 1, "\(hostRecover.summary)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: hostRecord)) == raisedHost)
        try expectKept("recover with a too-new host-mount record")
        refusals.append("recover with a too-new host-mount record too exit \(hostRecover.status): \(oneLine(hostRecover))")
        for refusal in refusals { print("[upgrade] new build, too-new record: \(refusal)") }

        // 0.1.0 ignores schemaVersion (Codable skips unknown keys): it reads a version-2 record as
        // its own format. With the format unchanged it cleans up exactly that container.
        let oldCleanup = try old.run(["cleanup", "--container-id", "c1"], environment: agent.sandbox.environment)
        let table = try MountTable.current()
        print(
            "[upgrade] old (0.1.0) cleanup of a schemaVersion 2 record: exit \(oldCleanup.status) "
                + "\(oldCleanup.stderr.split(separator: "\n").joined(separator: " / ")); c1 bind released: "
                + "\(!table.isMountPoint(agent.bind("c1", "/srv/a"))); c2 (live) bind and host mount kept: "
                + "\(table.isMountPoint(agent.bind("c2", "/srv/a")) && table.isMountPoint(agent.hostMount("shared")))")
        #expect(table.isMountPoint(agent.bind("c2", "/srv/a")) && table.isMountPoint(agent.hostMount("shared")), "c2 keeps its volume")
        for path in [record, hostRecord] where FileManager.default.fileExists(atPath: path) { _ = try raise(path, to: 1) }
        for container in ["c2", "c4"] where agent.sandbox.records("containers").contains("\(container).json") {
            _ = try agent.run(new, ["cleanup", "--container-id", container])
        }
        if oldCleanup.status != 0 { _ = try agent.run(new, ["cleanup", "--container-id", "c1"]) }
        try agent.expectEmpty()
    }
}
