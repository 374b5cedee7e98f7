import Foundation

/// Tasks as Aurora's scheduler writes them (apache/aurora `MesosTaskFactory.java`): TaskInfo
/// name `role/env/job`, task id `role-env-job-N-UUID`, a Thermos ExecutorInfo with executor id
/// `thermos-` + task id, the framework id, and the `source` label `role.env.job.N`; the
/// volumes in the executor's ContainerInfo, where Thermos gets them.
enum AuroraTaskBuilder {
    static let frameworkId = "3f5a8a3e-1c2d-4b7a-9e0f-5d6c7b8a9f10-0000"

    struct Job {
        var role: String
        var environment = "prod"
        var job = "web"
        var instance = 0
        var frameworkId = AuroraTaskBuilder.frameworkId

        var source: String { "\(role).\(environment).\(job).\(instance)" }
        var taskId: String { "\(role)-\(environment)-\(job)-\(instance)-8f7c6b5a-4e3d-4c2b-9a1f-0e9d8c7b6a50" }
    }

    static func executorInfo(_ job: Job, _ volumes: [TaskBuilder.Volume]) -> [String: Any] {
        [
            "executor_id": ["value": "thermos-\(job.taskId)"], "framework_id": ["value": job.frameworkId],
            "name": "AuroraExecutor", "source": job.source,
            "labels": ["labels": [["key": "source", "value": job.source]]],
            "command": ["value": "./thermos_executor.pex"],
            "container": ["type": "MESOS", "volumes": TaskBuilder.volumeList(volumes)],
        ]
    }

    static func taskInfo(_ job: Job, _ volumes: [TaskBuilder.Volume]) -> Data {
        let task: [String: Any] = [
            "name": "\(job.role)/\(job.environment)/\(job.job)", "task_id": ["value": job.taskId],
            "slave_id": ["value": "agent-1"], "executor": executorInfo(job, volumes),
            "labels": ["labels": [["key": "org.apache.aurora.tier", "value": "preferred"]]],
        ]
        return TaskBuilder.json(task)
    }

    /// What criteo's isolator module sends for the Thermos executor's container: a
    /// ContainerConfig with the executor_info alone (no task_info for a custom executor).
    static func isolatorRequest(_ job: Job, _ volumes: [TaskBuilder.Volume], container: String, sandbox: String) -> Data {
        let executor = executorInfo(job, volumes)
        let config: [String: Any] = [
            "executor_info": executor, "command_info": executor["command"] ?? [:], "container_info": executor["container"] ?? [:],
            "directory": sandbox, "user": "root",
        ]
        let request: [String: Any] = ["container_id": ["value": container], "container_config": config]
        return TaskBuilder.json(request)
    }

    static func write(_ data: Data, in directory: String) throws -> String {
        let path = "\(directory)/aurora-\(UUID().uuidString.prefix(8)).json"
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }
}
