import Foundation
import Testing

@testable import HostLayer

/// Upgrade and rollback between real builds (ReleaseBuild) with `provider: efs` against moto
/// (EFSMotoScope; the NFS stand-in of EFSAgent): the build that takes over finds the file
/// systems, mount targets and host mounts the other made, and creates no second one.
@Suite(.enabled(if: ReleaseBuild.suiteEnabled, ReleaseBuild.suiteReason), .serialized, EFSMotoScope())
struct UpgradeEFSTests {
    @Test func containersPreparedAgainstMotoByOneBuildAreCleanedUpRecoveredAndPreparedAgainByTheOther() async throws {
        for (from, to) in try ReleaseBuild.directions() {
            let stack = try EFSMotoScope.current()
            try await stack.proxy.clean()
            let cluster = EFSTestNames.cluster("upgrade")
            let area = try HostSandbox()
            let agent = try EFSAgent("agent", stack: stack, clusterTag: cluster, backingDir: "\(area.root)/efs-data")
            let data = try TaskBuilder.write([.init(name: "data", path: "/srv/data")], in: area.root)
            let logs = try TaskBuilder.write([.init(name: "logs", path: "/srv/logs")], in: area.root)
            func run(_ build: ReleaseBuild, _ arguments: [String]) async throws -> RunResult {
                let environment = agent.environment()
                let result = try await offPool { try build.run(arguments, environment: environment, inheritEnvironment: false) }
                #expect(result.status == 0, "\(build) \(arguments): \(result.stderr)")
                return result
            }
            func prepare(_ build: ReleaseBuild, _ container: String, _ task: String) async throws {
                _ = try await run(build, ["prepare", "--container-id", container, "--rootfs", try agent.sandbox.rootfs(container), task])
            }
            var figures = HandOverFigures("EFS against moto", from, to)
            figures.volumes = ["data", "logs"]
            for (container, task) in [("c1", data), ("c2", data), ("c3", logs)] {
                try await prepare(from, container, task)
                figures.prepared += 1
            }
            let made = try await stack.proxy.stats()
            try await stack.proxy.reset()

            _ = try await run(to, ["cleanup", "--container-id", "c1"])
            figures.cleanedUp += 1
            #expect(try MountTable.current().isMountPoint(agent.containerPath("c2", "/srv/data")), "c2 still uses data")
            let recovered = try await run(to, ["recover", "--json", "--live", "c2"])
            #expect(recovered.json?["releasedContainers"] as? [String] == ["c3"], "\(recovered.stdout)")
            figures.recovered += 1
            #expect(try MountTable.current().isMountPoint(agent.containerPath("c2", "/srv/data")))
            try await prepare(to, "c3", logs)
            figures.reprepared += 1
            for container in ["c2", "c3"] {
                _ = try await run(to, ["cleanup", "--container-id", container])
                figures.cleanedUp += 1
            }
            let after = try await stack.proxy.stats()
            #expect(after.creates == 0 && after.deletes == 0, "\(to) adopts what \(from) made: \(after)")
            let owned = try await stack.moto.snapshot().owned(cluster: cluster)
            #expect(owned.count == 2, "one file system per volume: \(owned.map(\.FileSystemId))")
            #expect(try agent.mounts().isEmpty, "\((try? agent.mounts()) ?? [])")
            #expect(agent.records("containers").isEmpty && agent.records("mounts").isEmpty)
            figures.print(
                "; EFS calls by \(from): \(made.total) (\(made.creates) creates), by \(to): \(after.total) "
                    + "(\(after.creates) creates, \(after.deletes) deletes); \(owned.count) file systems in moto")
        }
    }
}
