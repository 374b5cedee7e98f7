import Common
import MesosProto

/// Route B: an Aurora job's `Metadata(key='efs.NAME', value='CONTAINER_PATH[:ro|rw][:K=V,K=V…]')`.
/// Aurora's scheduler turns each job `Metadata` into the TaskInfo label
/// `org.apache.aurora.metadata.KEY` (apache/aurora `MesosTaskFactory.configureTaskLabels`);
/// it never reaches the ExecutorInfo, so the agent hook reads it (see `TaskRequestRecord`).
public enum AuroraMetadataSource {
    public static let labelPrefix = "org.apache.aurora.metadata.efs."

    /// Whether the labels ask for any EFS volume, valid or not.
    public static func asksForVolumes(_ labels: Mesos_Labels) -> Bool {
        labels.labels.contains { $0.key.hasPrefix(labelPrefix) }
    }

    static func read(_ labels: Mesos_Labels) throws(EFSHookError) -> [RawVolume] {
        var volumes: [RawVolume] = []
        for label in labels.labels where label.key.hasPrefix(labelPrefix) {
            let name = String(label.key.dropFirst(labelPrefix.count))
            volumes.append(try volume(name, value: label.value))
        }
        return volumes
    }

    /// `PATH`, `PATH:ro`, `PATH:rw:K=V,…` or `PATH:K=V,…`. The options part is everything after
    /// the mode (or after the path when the mode is left out), so option values keep their `:`.
    static func volume(_ name: String, value: String) throws(EFSHookError) -> RawVolume {
        let label = "label \(labelPrefix)\(Quoting.safe(name))"
        var parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let path = parts.removeFirst()
        guard !path.isEmpty else {
            throw .invalidTask("\(label): the value must start with the container path, as PATH[:ro|rw][:KEY=VALUE,…]")
        }
        var readOnly = false
        var options = ""
        if let rest = parts.first {
            let fields = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            switch fields[0] {
            case "ro": readOnly = true
            case "rw": readOnly = false
            case let field where field.contains("="):
                options = rest
            default:
                throw .invalidTask("\(label): \"\(Quoting.safe(fields[0]))\" is neither ro, rw nor KEY=VALUE options")
            }
            if options.isEmpty, fields.count == 2 { options = fields[1] }
            if !options.isEmpty, options.split(separator: ",").contains(where: { !$0.contains("=") }) {
                throw .invalidTask("\(label): options must be KEY=VALUE,KEY=VALUE, not \"\(Quoting.safe(options))\"")
            }
        }
        return RawVolume(
            origin: .auroraMetadata, name: name, driver: nil, containerPath: path, readOnly: readOnly,
            options: .list(options))
    }
}
