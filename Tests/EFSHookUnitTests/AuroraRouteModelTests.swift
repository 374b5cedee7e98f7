import Common
import EFSHookTestSupport
import Foundation
import MesosProto
import Testing

@testable import VolumeModel

/// Route A (HOST_PATH volumes at mountRoot/NAME) and Route B (Aurora job metadata) as the
/// model reads them; the fixtures come from scripts/generate-fixtures (cases_aurora_routes.py,
/// which cites the apache/aurora MesosTaskFactory lines each shape follows).
@Suite struct AuroraRouteModelTests {
    let root = "/var/lib/efs-hook/mounts"

    @Test func hostPathsAtTheMountRootNameAVolume() throws {
        #expect(try HostPathVolume.name(at: "\(root)/uploads", mountRoot: root) == "uploads")
        #expect(try HostPathVolume.name(at: "\(root)//uploads/", mountRoot: root + "/") == "uploads")
        #expect(try HostPathVolume.name(at: "/var/lib/efs-hook/mountsX/uploads", mountRoot: root) == nil)
        #expect(try HostPathVolume.name(at: "/etc/pki", mountRoot: root) == nil)
        expectHookError(.invalidTask, "names no volume") { _ = try HostPathVolume.name(at: "\(root)/uploads/sub", mountRoot: root) }
        expectHookError(.invalidTask, "names no volume") { _ = try HostPathVolume.name(at: root, mountRoot: root) }
    }

    @Test func aHostPathVolumeFollowsTheConfiguredMountRootAndItsMode() throws {
        var info = Mesos_ContainerInfo()
        info.type = .mesos
        var volume = Mesos_Volume()
        volume.containerPath = "/srv/reports"
        volume.mode = .ro
        volume.source.type = .hostPath
        volume.source.hostPath.path = "/mnt/efs/reports"
        info.volumes = [volume]
        var executor = Mesos_ExecutorInfo()
        executor.executorID.value = "e"
        executor.container = info
        let found = try VolumeExtractor(drivers: ["efs"], mountRoot: "/mnt/efs").volumes(in: .executorInfo(executor))
        #expect(found.volumes.map(\.name) == ["reports"])
        #expect(found.volumes.first?.readOnly == true)
        #expect(found.volumes.first?.origin == .hostPath)
        #expect(try VolumeExtractor(drivers: ["efs"]).volumes(in: .executorInfo(executor)).volumes.isEmpty, "another mount root")
    }

    @Test(arguments: [
        ("/var/www/uploads", "/var/www/uploads", false, [:]),
        ("/var/www/uploads:ro", "/var/www/uploads", true, [:]),
        ("/var/www/uploads:rw:provisioning=accessPoint,uid=33", "/var/www/uploads", false, ["provisioning": "accessPoint", "uid": "33"]),
        ("uploads:provisioning=accessPoint", "uploads", false, ["provisioning": "accessPoint"]),
        ("/k:ro:kmsKeyId=arn:aws:kms:us-east-1:1:key/a", "/k", true, ["kmsKeyId": "arn:aws:kms:us-east-1:1:key/a"]),
    ])
    func metadataValuesAreRead(value: String, path: String, readOnly: Bool, options: [String: String]) throws {
        let request = try #require(try Self.metadata(["efs.uploads": value]).first)
        #expect(request.name == "uploads")
        #expect(request.origin == .auroraMetadata)
        #expect(request.containerPath == path)
        #expect(request.readOnly == readOnly)
        #expect(request.options.values == options)
    }

    @Test(arguments: [
        ("", "must start with the container path"),
        ("/a:rx", "neither ro, rw"),
        ("/a:rw:uid", "key=value"),
        ("/a/../b", "\"..\""),
        ("/a:rw:bogus=1", "bogus"),
    ])
    func badMetadataValuesAreRefusedClearly(value: String, fragment: String) {
        expectHookError(.invalidTask, fragment) { _ = try Self.metadata(["efs.uploads": value]) }
    }

    @Test func metadataVolumesNeedNoDriverOnTheAgent() throws {
        var labels = Mesos_Labels()
        var label = Mesos_Label()
        label.key = AuroraMetadataSource.labelPrefix + "uploads"
        label.value = "/var/www/uploads"
        labels.labels = [label]
        let requests = try VolumeExtractor(drivers: ["rexray"]).metadataVolumes(in: labels)
        #expect(requests.map(\.name) == ["uploads"])
        #expect(requests.first?.naming == .efsHook)
        var task = Mesos_TaskInfo()
        task.name = "t"
        task.taskID.value = "t"
        task.labels = labels
        #expect(try VolumeExtractor(drivers: []).volumes(in: .taskInfo(task)).volumes.map(\.name) == ["uploads"])
    }

    @Test func otherMetadataIsNoneOfOurs() throws {
        #expect(try Self.metadata(["owner": "web", "efsx.a": "/a"]).isEmpty)
        expectHookError(.invalidTask, "volume") { _ = try Self.metadata(["efs.Bad Name": "/a"]) }
    }

    static func metadata(_ pairs: [String: String]) throws(EFSHookError) -> [VolumeRequest] {
        var labels = Mesos_Labels()
        for (key, value) in pairs.sorted(by: { $0.key < $1.key }) {
            var label = Mesos_Label()
            label.key = "org.apache.aurora.metadata." + key
            label.value = value
            labels.labels.append(label)
        }
        return try VolumeExtractor(drivers: ["efs"]).metadataVolumes(in: labels)
    }

    @Test func thermosPlacesRelativePathsInItsSandboxAndAbsoluteOnesInTheImage() throws {
        let config = try Self.config("aurora-route-b-config")
        #expect(ThermosSandbox.hasTaskFilesystem(config.containerInfo))
        #expect(!ThermosSandbox.hasTaskFilesystem(try Self.config("container-config").containerInfo))
        let absolute = VolumeRequest(name: "v", driver: "efs", containerPath: "/var/www/uploads", readOnly: false, origin: .auroraMetadata)
        var relative = absolute
        relative.containerPath = "uploads"
        #expect(ThermosSandbox.place(absolute, taskFilesystem: true).containerPath == "taskfs/var/www/uploads")
        #expect(ThermosSandbox.place(absolute, taskFilesystem: false).containerPath == "/var/www/uploads")
        #expect(ThermosSandbox.place(relative, taskFilesystem: true).containerPath == "sandbox/uploads")
        #expect(ThermosSandbox.place(relative, taskFilesystem: false).containerPath == "sandbox/uploads")
    }

    @Test func theAgentsTaskCheckpointShowsTheMetadata() throws {
        let config = try Self.config("aurora-route-b-config")
        let executorId = config.executorInfo.executorID.value
        let path = try #require(AgentTaskCheckpoint.path(directory: config.directory, executorId: executorId))
        let taskId = String(executorId.dropFirst("thermos-".count))
        #expect(
            path == config.directory.replacingOccurrences(of: "/var/lib/mesos/slaves/", with: "/var/lib/mesos/meta/slaves/")
                + "/tasks/\(taskId)/task.info")
        #expect(AgentTaskCheckpoint.path(directory: config.directory, executorId: "other") == nil)
        #expect(AgentTaskCheckpoint.path(directory: "/tmp/sandbox", executorId: executorId) == nil)

        let data = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("agent/aurora-route-b-task.info"))
        let labels = try #require(AgentTaskCheckpoint.labels(checkpoint: data))
        #expect(AuroraMetadataSource.asksForVolumes(labels))
        #expect(labels.labels.map(\.key).contains("org.apache.aurora.metadata.owner"))
        #expect(AgentTaskCheckpoint.labels(checkpoint: data.prefix(data.count - 3)) == nil, "truncated")
        #expect(AgentTaskCheckpoint.labels(checkpoint: Data([1, 0, 0, 0, 0xFF])) == nil, "malformed")
    }

    static func config(_ name: String) throws -> Mesos_Slave_ContainerConfig {
        let data = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("tasks/\(name).json"))
        guard case .containerConfig(let config) = try TaskDecoder.decode(data, message: .containerConfig) else {
            throw EFSHookError.failure("not a ContainerConfig")
        }
        return config
    }
}
