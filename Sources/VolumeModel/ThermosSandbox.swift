import MesosProto

/// Where a Route B volume must be mounted for an Aurora task to see it (apache/aurora
/// `executor/common/sandbox.py`). Thermos runs the task in `DIRECTORY/sandbox`
/// (`DirectorySandbox.root`); with `Mesos(image=…)` it runs the processes inside the image
/// volume at `DIRECTORY/taskfs` (`FileSystemImageSandbox`) and binds the sandbox into it with
/// `mount --rbind`, so mounts below the sandbox come along.
/// - relative `PATH` → `DIRECTORY/sandbox/PATH`, with or without an image;
/// - absolute `PATH` with an image → `DIRECTORY/taskfs/PATH`: Mesos binds the image there
///   before this isolator's mounts (isolators prepare in order, built-in ones first, and the
///   launch helper mounts in that order, creating a missing target);
/// - absolute `PATH` without an image → `PATH` on the host, which must exist, as Mesos requires
///   when the container has no root file system.
public enum ThermosSandbox {
    public static let sandbox = "sandbox"
    /// `TASK_FILESYSTEM_MOUNT_POINT` (api.thrift).
    public static let taskFilesystem = "taskfs"

    /// Whether the container has Aurora's image volume at `taskfs`.
    public static func hasTaskFilesystem(_ info: Mesos_ContainerInfo?) -> Bool {
        guard let info else { return false }
        return info.volumes.contains { $0.containerPath == taskFilesystem && $0.hasImage }
    }

    /// The request with its container path relative to the Mesos sandbox where that applies.
    public static func place(_ request: VolumeRequest, taskFilesystem image: Bool) -> VolumeRequest {
        var placed = request
        if !request.containerPath.hasPrefix("/") {
            placed.containerPath = "\(sandbox)/\(request.containerPath)"
        } else if image {
            placed.containerPath = taskFilesystem + request.containerPath
        }
        return placed
    }
}
