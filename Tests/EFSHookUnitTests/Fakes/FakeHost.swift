import Common
import Foundation
import HostLayer

/// An in-memory `HostOperations`: a mount table of stacks (so a repeated mount stacks, as in
/// the kernel), directories by path, symlinks that resolution refuses, locks that wait, and a
/// log of every mount change in order. Failures are injected per operation and path.
final class FakeHost: HostOperations, @unchecked Sendable {
    enum Operation: String, Sendable {
        case mount, bind, readOnly, unmount, resolve
    }

    private let state = NSLock()
    private var stacks: [String: [String]] = [:]
    private var readOnlyTargets: Set<String> = []
    private var directories: Set<String> = ["/"]
    private var symlinks: Set<String> = []
    private var failures: [String: EFSHookError] = [:]
    private var held: Set<String> = []
    private var events: [String] = []
    private var lockOrder: [String] = []
    /// Host mount points whose server stopped answering, with the stage an unmount gets to.
    private var hung: [String: UnmountStage] = [:]

    // MARK: what tests set up and read

    func addDirectory(_ path: String) { state.withLock { _ = directories.insert(path) } }
    func hasDirectory(_ path: String) -> Bool { state.withLock { directories.contains(path) } }
    func addSymlink(_ path: String) { state.withLock { _ = symlinks.insert(path) } }
    func mountExternally(_ source: String, at path: String) { state.withLock { stacks[path, default: []].append(source) } }

    /// The file system mounted on `path` stops answering: probes fail, and a staged unmount
    /// gets as far as `stage` (the kernel's normal unmount blocks; force may or may not help).
    /// An unbounded `unmountAll` of it, or of one of its binds while it is the last mount,
    /// is logged as `HUNG unmount P` (on a real host the process would hang there).
    func hang(_ path: String, until stage: UnmountStage = .force) { state.withLock { hung[path] = stage } }
    func answerAgain(_ path: String) { state.withLock { _ = hung.removeValue(forKey: path) } }

    /// The next `operation` on `path` fails with `error`.
    func fail(_ operation: Operation, at path: String, with error: EFSHookError = .failure("injected failure")) {
        state.withLock { failures["\(operation.rawValue) \(path)"] = error }
    }

    /// Every mount change in order: `mount P`, `bind S -> T`, `ro T`, `unmount P` (a staged
    /// one that needed more: `unmount[force] P`, `unmount[detach] P`).
    var log: [String] { state.withLock { events } }
    /// Every lock acquired, in order.
    var locksTaken: [String] { state.withLock { lockOrder } }
    var locksHeld: Set<String> { state.withLock { held } }
    func mounts(at path: String) -> [String] { state.withLock { stacks[path] ?? [] } }
    func isReadOnly(_ path: String) -> Bool { state.withLock { readOnlyTargets.contains(path) } }
    var mountPoints: [String] { state.withLock { stacks.filter { !$0.value.isEmpty }.keys.sorted() } }

    // MARK: HostOperations

    func mount(_ spec: HostMountSpec, at mountPoint: String) throws(EFSHookError) {
        try record("mount \(mountPoint)", failing: .mount, mountPoint) {
            directories.insert(mountPoint)
            stacks[mountPoint, default: []].append(spec.source)
        }
    }

    /// Logged as `subdirectory SOURCE PATH MODE` (the scratch mount comes and goes inside it).
    func makeExportSubdirectory(_ subdirectory: ExportSubdirectory, scratch: String) throws(EFSHookError) {
        let event = "subdirectory \(subdirectory.root.source) \(subdirectory.path) \(String(subdirectory.mode, radix: 8))"
        try record(event, failing: .mount, scratch) {}
    }

    func bind(source: String, onto target: ResolvedDirectory) throws(EFSHookError) {
        try record("bind \(source) -> \(target.hostPath)", failing: .bind, target.hostPath) {
            stacks[target.hostPath, default: []].append(source)
        }
    }

    func remountReadOnly(_ target: ResolvedDirectory) throws(EFSHookError) {
        do {
            try record("ro \(target.hostPath)", failing: .readOnly, target.hostPath) { _ = readOnlyTargets.insert(target.hostPath) }
        } catch {
            state.withLock { _ = stacks[target.hostPath]?.popLast() }
            throw error
        }
    }

    func unmountAll(_ path: String) throws(EFSHookError) {
        let blocked = state.withLock { hungFileSystem(of: path) != nil && lastMount(path) }
        try record(blocked ? "HUNG unmount \(path)" : "unmount \(path)", failing: .unmount, path) {
            stacks[path] = nil
            readOnlyTargets.remove(path)
        }
    }

    func unmountAllStaged(_ path: String, within seconds: Double) throws(EFSHookError) -> UnmountStage? {
        let (mounted, stage) = state.withLock { () -> (Bool, UnmountStage) in
            let stage = lastMount(path) ? hungFileSystem(of: path) ?? .normal : .normal
            return (!(stacks[path] ?? []).isEmpty, stage)
        }
        guard mounted else { return nil }
        try record(stage == .normal ? "unmount \(path)" : "unmount[\(stage.rawValue)] \(path)", failing: .unmount, path) {
            stacks[path] = nil
            readOnlyTargets.remove(path)
        }
        return stage
    }

    func probe(_ paths: [String], timeout: Double) -> [Bool] {
        state.withLock { paths.map { hung[$0] == nil || (stacks[$0] ?? []).isEmpty } }
    }

    func binds(of path: String) throws(EFSHookError) -> [String] {
        state.withLock { stacks.filter { $0.key != path && $0.value.contains(path) }.keys.sorted() }
    }

    /// The hung host mount `path` is (or is a bind of). Callers hold `state`.
    private func hungFileSystem(of path: String) -> UnmountStage? {
        if let stage = hung[path] { return stage }
        return stacks[path]?.lazy.compactMap { self.hung[$0] }.first
    }

    /// Whether unmounting `path` drops the file system's last mount. Callers hold `state`.
    private func lastMount(_ path: String) -> Bool {
        guard hung[path] == nil else { return true }
        return stacks[path]?.allSatisfy { (stacks[$0] ?? []).isEmpty } ?? true
    }

    /// Removes the directory if nothing is mounted on it and nothing lies below it, as
    /// LinuxHost's rmdir does.
    func removeMountPoint(_ path: String) {
        state.withLock {
            guard (stacks[path] ?? []).isEmpty, !directories.contains(where: { $0.hasPrefix(path + "/") }) else { return }
            directories.remove(path)
        }
    }

    /// `removeMountPoint` of the path, unless `resolveDirectory`'s walk refuses it (a symlink).
    func removeEmptyDirectory(root: String, relative: String) {
        guard let directory = try? resolveDirectory(root: root, relative: relative, createMissing: false) else { return }
        removeMountPoint(directory.hostPath)
    }

    func isMountPoint(_ path: String) throws(EFSHookError) -> Bool { state.withLock { !(stacks[path] ?? []).isEmpty } }

    func mountCount(at path: String) throws(EFSHookError) -> Int { state.withLock { stacks[path]?.count ?? 0 } }

    func mountPoints(under root: String) throws(EFSHookError) -> [String] {
        state.withLock { stacks.filter { !$0.value.isEmpty && ($0.key == root || $0.key.hasPrefix(root + "/")) }.keys.sorted() }
    }

    func resolveDirectory(root: String, relative: String, createMissing: Bool) throws(EFSHookError) -> ResolvedDirectory {
        var path = root == "/" ? "" : root
        let error: EFSHookError? = state.withLock {
            if let failure = failures.removeValue(forKey: "resolve \(root)/\(relative)") { return failure }
            for component in relative.split(separator: "/") {
                path += "/\(component)"
                if symlinks.contains(path) {
                    return .invalidTask("\(path) is a symlink; efs-hook never follows symlinks in a container path")
                }
                if !directories.contains(path) {
                    guard createMissing else { return .failure("open \(path): No such file or directory") }
                    directories.insert(path)
                }
            }
            return nil
        }
        if let error { throw error }
        return ResolvedDirectory(hostPath: path.isEmpty ? "/" : path)
    }

    func lock(_ path: String, timeout: Double, what: String) throws(EFSHookError) -> any HeldLock {
        let deadline = Date().addingTimeInterval(min(timeout, 5))
        while true {
            let acquired = state.withLock {
                guard held.insert(path).inserted else { return false }
                lockOrder.append(path)
                return true
            }
            if acquired { return Lock(host: self, path: path) }
            guard Date() < deadline else { throw .temporary("timed out waiting for the lock on \(what)") }
            usleep(1_000)
        }
    }

    final class Lock: HeldLock, @unchecked Sendable {
        private let host: FakeHost
        private let path: String
        private var released = false

        init(host: FakeHost, path: String) {
            self.host = host
            self.path = path
        }

        func release() {
            host.state.withLock {
                guard !released else { return }
                released = true
                host.held.remove(path)
            }
        }

        deinit { release() }
    }

    private func record(_ event: String, failing operation: Operation, _ path: String, _ change: () -> Void) throws(EFSHookError) {
        let failure: EFSHookError? = state.withLock {
            if let failure = failures.removeValue(forKey: "\(operation.rawValue) \(path)") {
                events.append("FAILED \(event)")
                return failure
            }
            change()
            events.append(event)
            return nil
        }
        if let failure { throw failure }
    }
}
