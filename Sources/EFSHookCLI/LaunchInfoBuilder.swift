import Common
import EFSHookCore
import MesosProto
import SwiftProtobuf

/// Builds the `ContainerLaunchInfo` Mesos performs the binds from, exactly as its own
/// docker/volume isolator does: a new mount namespace and one recursive bind per volume.
enum LaunchInfoBuilder {
    static let cloneNewNS: Int32 = 0x0002_0000
    static let msReadOnly: UInt32 = 1
    static let msBind: UInt32 = 4096
    static let msRec: UInt32 = 16384

    static func launchInfo(for result: PrepareResult) -> Mesos_Slave_ContainerLaunchInfo {
        var info = Mesos_Slave_ContainerLaunchInfo()
        // Mesos binds HOST_PATH volumes itself.
        let binds = result.volumes.filter { !$0.viaHostPath }
        guard !binds.isEmpty else { return info }
        info.cloneNamespaces = [cloneNewNS]
        info.mounts = binds.map { volume in
            var mount = Mesos_Slave_ContainerMountInfo()
            mount.source = volume.hostMount
            mount.target = volume.target
            mount.flags = msBind | msRec | (volume.readOnly ? msReadOnly : 0)
            return mount
        }
        return info
    }

    /// JSON with proto field names, as Mesos' stout JSON and the command modules expect.
    static func json(_ info: Mesos_Slave_ContainerLaunchInfo) throws(EFSHookError) -> String {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        do {
            return try info.jsonString(options: options)
        } catch {
            throw .failure("cannot encode ContainerLaunchInfo: \(EFSHookError.oneLine(error))")
        }
    }
}
