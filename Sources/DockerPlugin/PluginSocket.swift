import Common
import HostLayer

/// The plugin's unix socket: where Docker finds it (`/run/docker/plugins/NAME.sock`), the
/// driver name Docker derives from it, and who may connect (root and its group, 0660).
struct PluginSocket {
    let file: UnixSocketFile
    var path: String { file.path }

    /// The driver name Docker derives from the socket: `efs.sock` → `efs`.
    var driverName: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".sock") ? String(name.dropLast(5)) : name
    }

    init(path: String) throws(EFSHookError) {
        file = try UnixSocketFile(path: path, mode: 0o660, option: "--socket")
        guard path.hasSuffix(".sock") else {
            throw .usage("--socket must end in .sock: Docker names the driver after the file (efs.sock → efs)")
        }
    }
}
