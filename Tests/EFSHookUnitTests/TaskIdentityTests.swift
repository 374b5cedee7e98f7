import EFSHookTestSupport
import Foundation
import MesosProto
import Testing
import VolumeModel

/// The identity read from each Mesos message, and Aurora's job key from what its scheduler
/// writes (TaskInfo.name `role/env/job`, the executor's `source` label `role.env.job.N`).
@Suite struct TaskIdentityTests {
    static func example() throws -> TaskDescription {
        let url = TestPaths.packageRoot.appendingPathComponent("examples/aurora-thermos-task.json")
        return try TaskDecoder.decode(try Data(contentsOf: url))
    }

    @Test func theAuroraExampleCarriesItsJobKeyFrameworkAndLabels() throws {
        let identity = TaskIdentity(task: try Self.example(), frontEnd: .prepare)
        #expect(identity.aurora == AuroraJobKey(role: "www-data", environment: "prod", job: "hello", instance: 0))
        #expect(identity.frameworkId == "3f5a8a3e-1c2d-4b7a-9e0f-5d6c7b8a9f10-0000")
        #expect(identity.executorId == "thermos-www-data-prod-hello-0-8f7c6b5a-4e3d-4c2b-9a1f-0e9d8c7b6a50")
        #expect(identity.taskLabels["org.apache.aurora.metadata.owner"] == "web-team")
        #expect(identity.executorLabels["source"] == "www-data.prod.hello.0")
    }

    @Test func theIsolatorsContainerConfigCarriesTheUserAndTheExecutorsSource() throws {
        var executor = Mesos_ExecutorInfo()
        executor.executorID.value = "thermos-team-a-prod-web-3-uuid"
        executor.frameworkID.value = "fw-1"
        var label = Mesos_Label()
        label.key = "source"
        label.value = "team-a.prod.web.3"
        executor.labels.labels = [label]
        var config = Mesos_Slave_ContainerConfig()
        config.executorInfo = executor
        config.user = "www"
        config.commandInfo.user = "ignored"
        var request = Efshook_IsolatorRequest()
        request.containerConfig = config
        let identity = TaskIdentity(task: .isolatorRequest(request), frontEnd: .isolator)
        #expect(identity.user == "www")
        #expect(identity.frameworkId == "fw-1")
        #expect(identity.aurora == AuroraJobKey(role: "team-a", environment: "prod", job: "web", instance: 3))
    }

    @Test func theCommandUserCountsWhenTheContainerConfigHasNone() {
        var task = Mesos_TaskInfo()
        task.name = "not-aurora"
        task.command.user = "alice"
        let identity = TaskIdentity(task: .taskInfo(task), frontEnd: .prepare)
        #expect(identity.user == "alice")
        #expect(identity.aurora == nil)
    }

    @Test func jobKeysAreReadOnlyWhenUnambiguousAndConsistent() {
        #expect(AuroraJobKey.read(taskName: "r/e/j", source: nil) == AuroraJobKey(role: "r", environment: "e", job: "j"))
        #expect(
            AuroraJobKey.read(taskName: "r.x/e/j", source: "r.x.e.j.2")
                == AuroraJobKey(role: "r.x", environment: "e", job: "j", instance: 2))
        #expect(AuroraJobKey.read(taskName: nil, source: "r.x.e.j.2") == nil, "five parts: which dot splits the role?")
        #expect(AuroraJobKey.read(taskName: "r/e/j", source: "other.e.j.0") == nil, "name and source disagree")
        #expect(AuroraJobKey.read(taskName: "a/b", source: nil) == nil)
        #expect(AuroraJobKey.read(taskName: "r/e/j k", source: nil) == nil)
        #expect(AuroraJobKey.read(taskName: nil, source: "r.e.j.x") == nil)
    }
}
