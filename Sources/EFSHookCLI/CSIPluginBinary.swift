import Common
import EFSHookCore
import Foundation
import Synchronization

/// Where `efs-hook csi` runs: the gRPC daemon lives in the `efs-hook-csi` binary beside
/// efs-hook, so efs-hook itself, which starts on every container launch, links no gRPC and
/// stays as small and as quick to start as it was. efs-hook's `csi` parses and checks its
/// arguments, then execs that binary with them: same process, socket-activation descriptors
/// and environment. efs-hook-csi runs the same `csi` command with its server installed.
public enum CSIPluginBinary {
    /// The daemon that serves a parsed `csi` command.
    public typealias Server = @Sendable (CSIPluginLaunch) async throws -> Void

    // Not a task-local: pushing one from the static release build's main crashed the runtime.
    private static let installed = Mutex<Server?>(nil)

    /// What efs-hook-csi's main does before it runs the command line; nothing else does.
    public static func install(_ server: @escaping Server) { installed.withLock { $0 = server } }

    /// The installed server: set in efs-hook-csi, nil in efs-hook.
    static var server: Server? { installed.withLock { $0 } }

    /// The binary's name, looked up beside the running one.
    public static let name = "efs-hook-csi"

    /// `efs-hook-csi` in the directory of the running binary (symlinks resolved, as the
    /// kernel resolved them: `/proc/self/exe`).
    static func path() throws(EFSHookError) -> String {
        guard let running = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            throw .failure("cannot tell where efs-hook runs from (/proc/self/exe); run \(name) instead of efs-hook csi")
        }
        return URL(fileURLWithPath: running).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Replaces this process with efs-hook-csi `arguments`; returns only by throwing.
    static func exec(_ arguments: [String]) throws(EFSHookError) -> Never {
        let path = try path()
        guard access(path, X_OK) == 0 else {
            throw .config(
                "efs-hook csi runs \(path), which is \(access(path, F_OK) == 0 ? "not executable" : "missing"); "
                    + "the efs-hook package installs it beside efs-hook")
        }
        let argv = ([name] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let code = errno
        throw EFSHookError(.failure, "cannot run \(path): \(EFSHookError.reason(errno: code))", errno: code)
    }
}
