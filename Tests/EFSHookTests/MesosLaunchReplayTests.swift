import EFSHookTestSupport
import Foundation
import Testing

@testable import HostLayer

/// The launch infos of `isolator prepare` and `prepare --launch-info`, applied in Mesos' own
/// order: the agent's work_dir is a shared mount, filesystem/linux binds the sandbox into the
/// rootfs at the agent's --sandbox_directory first, and then, in the container's mount namespace
/// (a slave of the agent's, as mesos-containerizer launch makes it), each launch-info mount in
/// turn. A file written through the container's path must land in the volume.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct MesosLaunchReplayTests {
    enum Route: String, CaseIterable { case isolator, prepare }

    /// One container with an image: work_dir (shared), its sandbox and rootfs.
    struct Container {
        let sandbox: HostSandbox
        let workDir: String
        let directory: String
        let rootfs: String

        init(sandbox: HostSandbox) throws {
            self.sandbox = sandbox
            workDir = "\(sandbox.root)/work"
            directory = "\(workDir)/slaves/S0/frameworks/F0/executors/E0/runs/c1"
            rootfs = "\(workDir)/provisioner/containers/c1/backends/copy/rootfses/r1"
            for path in [directory, "\(rootfs)/mnt/mesos/sandbox"] {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            }
            try Self.mount(workDir, workDir, flags: UInt(MS_BIND))
            try Self.mount(nil, workDir, flags: UInt(MS_SHARED))
        }

        static func mount(_ source: String?, _ target: String, flags: UInt) throws {
            guard Glibc.mount(source ?? "none", target, nil, flags, nil) == 0 else {
                throw EFSHookTestError("mount \(source ?? "-") \(target): errno \(errno)")
            }
        }

        /// What filesystem/linux does before any other isolator's mounts.
        func bindSandbox() throws {
            try Self.mount(directory, "\(rootfs)/mnt/mesos/sandbox", flags: UInt(MS_BIND | MS_REC))
        }
    }

    struct EFSHookTestError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    func launchInfo(_ route: Route, _ container: Container, volumes: [TaskBuilder.Volume]) throws -> [[String: Any]] {
        let sandbox = container.sandbox
        let result: RunResult
        switch route {
        case .isolator:
            let config: [String: Any] = [
                "directory": container.directory, "rootfs": container.rootfs, "command_info": ["value": "true"],
                "container_info": ["type": "MESOS", "volumes": TaskBuilder.volumeList(volumes)],
            ]
            let input = "\(sandbox.root)/isolator-input.json"
            let document = TaskBuilder.json(["container_id": ["value": "c1"], "container_config": config])
            try document.write(to: URL(fileURLWithPath: input))
            let output = "\(sandbox.root)/isolator-output"
            result = try ProcessRunner.hook(
                ["isolator", "prepare", input, output, "\(sandbox.root)/isolator-error"], environment: sandbox.environment,
                stdin: document)
            #expect(result.status == 0, "\(result.stderr)")
            return try mounts(in: Data(contentsOf: URL(fileURLWithPath: output)))
        case .prepare:
            let task = try TaskBuilder.write(volumes, in: sandbox.root)
            result = try ProcessRunner.hook(
                ["prepare", "--container-id", "c1", "--rootfs", container.rootfs, "--sandbox", container.directory, "--launch-info", task],
                environment: sandbox.environment)
            #expect(result.status == 0, "\(result.stderr)")
            return try mounts(in: result.stdoutData)
        }
    }

    func mounts(in data: Data) throws -> [[String: Any]] {
        let info = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return info["mounts"] as? [[String: Any]] ?? []
    }

    /// In a child mount namespace (slave, as Mesos' launcher makes it): the launch info's binds
    /// in order, then one file written through each container path.
    func applyAndWrite(_ mounts: [[String: Any]], _ container: Container, through paths: [String]) throws -> RunResult {
        var script = "set -e\n"
        for mount in mounts {
            let source = mount["source"] as? String ?? ""
            let target = mount["target"] as? String ?? ""
            script += "mount --rbind '\(source)' '\(target)'\n"
        }
        for path in paths {
            let inRootfs = path.hasPrefix("/") ? path : "/mnt/mesos/sandbox/\(path)"
            script += "echo written > '\(container.rootfs)\(inRootfs)/marker'\n"
        }
        return try ProcessRunner.run("/usr/bin/unshare", ["--mount", "--propagation", "slave", "/bin/sh", "-c", script])
    }

    @Test(arguments: Route.allCases)
    func aFileWrittenThroughTheContainerPathLandsInTheVolume(route: Route) throws {
        let sandbox = try HostSandbox()
        let container = try Container(sandbox: sandbox)
        let volumes = [TaskBuilder.Volume(name: "absolute", path: "/data"), TaskBuilder.Volume(name: "relative", path: "cache")]
        let mounts = try launchInfo(route, container, volumes: volumes)
        #expect(mounts.count == 2)
        #expect(mounts.map { $0["target"] as? String } == ["\(container.rootfs)/data", "\(container.rootfs)/mnt/mesos/sandbox/cache"])
        #expect(FileManager.default.fileExists(atPath: "\(container.directory)/cache"), "the mount point is made in the sandbox")

        try container.bindSandbox()
        let applied = try applyAndWrite(mounts, container, through: volumes.map(\.path))
        #expect(applied.status == 0, "\(applied.stderr)")
        for volume in volumes {
            let marker = "\(sandbox.localRoot)/\(volume.name)/marker"
            #expect(FileManager.default.fileExists(atPath: marker), "\(volume.path): the file is not in the volume")
        }

        let cleaned = try ProcessRunner.hook(["cleanup", "--container-id", "c1"], environment: sandbox.environment)
        #expect(cleaned.status == 0, "\(cleaned.stderr)")
        #expect(sandbox.records("containers").isEmpty)
        #expect(try sandbox.mounts().allSatisfy { !$0.hasPrefix(sandbox.mountRoot) }, "cleanup releases the host mounts")
    }
}
