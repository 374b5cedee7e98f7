import Common
import EFSHookCore
import HostLayer
import VolumeModel

/// A volume created through `docker volume create -d efs`: its name and validated options,
/// kept in `stateDir/volumes/NAME.json` until `docker volume rm`. Whether it is mounted, and
/// for whom, is never stored here: that is the container (holder) records' job.
public struct VolumeDefinition: Codable, Sendable, Equatable {
    public var name: String
    public var options: VolumeOptions

    public init(name: String, options: VolumeOptions) {
        self.name = name
        self.options = options
    }

    /// The options a mount carries. `reclaim` is left out: for Docker volumes deletion
    /// belongs to `docker volume rm`, never to the last unmount.
    func mountOptions() throws(EFSHookError) -> VolumeOptions {
        let kept = options.values.filter { $0.key != VolumeOption.reclaim.rawValue }.sorted { $0.key < $1.key }
        return try VolumeOptions.parse(kept.map { (key: $0.key, value: $0.value) }, volume: name)
    }

    var reclaimDelete: Bool { options[.reclaim] == "delete" }

    /// `a=b, c=d`, for messages.
    var optionSummary: String {
        options.isEmpty ? "no options" : options.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}

extension StateDirectory {
    /// The Docker plugin's volume definitions, beside the container and host-mount records.
    public func volumeDefinitions() throws(EFSHookError) -> RecordStore<VolumeDefinition> {
        try RecordStore(directory: "\(root)/volumes")
    }
}
