import Foundation

/// Small Mesos TaskInfo JSON documents for lifecycle tests.
enum TaskBuilder {
    struct Volume {
        var name: String
        var path: String
        var readOnly = false
        var options: [String: String] = [:]
        var driver = "efs"
    }

    /// A test document as JSON; the builders only pass JSON-compatible literals.
    static func json(_ object: Any) -> Data {
        do {
            return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        } catch {
            preconditionFailure("not a JSON document: \(error)")
        }
    }

    static func taskInfo(_ volumes: [Volume]) -> Data {
        let task: [String: Any] = [
            "name": "web", "task_id": ["value": "web-1"], "slave_id": ["value": "agent-1"],
            "container": ["type": "MESOS", "volumes": volumeList(volumes)],
        ]
        return json(task)
    }

    /// `ContainerInfo.volumes` for DOCKER_VOLUME volumes of driver efs.
    static func volumeList(_ volumes: [Volume]) -> [[String: Any]] {
        volumes.map { volume in
            [
                "container_path": volume.path, "mode": volume.readOnly ? "RO" : "RW",
                "source": [
                    "type": "DOCKER_VOLUME",
                    "docker_volume": [
                        "driver": volume.driver, "name": volume.name,
                        "driver_options": [
                            "parameter": volume.options.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] }
                        ],
                    ] as [String: Any],
                ] as [String: Any],
            ]
        }
    }

    static func write(_ volumes: [Volume], in directory: String) throws -> String {
        let path = "\(directory)/task-\(UUID().uuidString.prefix(8)).json"
        try taskInfo(volumes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
