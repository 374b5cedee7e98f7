import Common
import HostLayer
import VolumeModel

/// A named volume defined ahead of any mount (`docker volume create -d efs`): its name and
/// validated options, kept in `stateDir/volumes/NAME.json` until it is removed. Whether it is
/// mounted, and for whom, is never stored here: that is the user records' job.
public struct VolumeDefinition: StateRecord, Equatable {
    /// Its format on disk (see `StateRecord`).
    public static let schemaVersion = 1

    public var name: String
    public var options: VolumeOptions

    public init(name: String, options: VolumeOptions) {
        self.name = name
        self.options = options
    }

    /// The options a mount carries. `reclaim` is left out: for a defined volume deletion
    /// belongs to removing the definition, never to the last unmount.
    public func mountOptions() throws(EFSHookError) -> VolumeOptions {
        let kept = options.values.filter { $0.key != VolumeOption.reclaim.rawValue }.sorted { $0.key < $1.key }
        return try VolumeOptions.parse(kept.map { (key: $0.key, value: $0.value) }, volume: name)
    }

    var reclaimDelete: Bool { options[.reclaim] == "delete" }

    /// `a=b, c=d`, for messages.
    public var optionSummary: String {
        options.isEmpty ? "no options" : options.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
