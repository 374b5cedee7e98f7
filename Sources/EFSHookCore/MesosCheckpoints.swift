import Common
import Foundation
import HostLayer

/// Which containers the Mesos agent's own checkpoints say are live, read as the agent reads
/// them on its recovery (src/slave/containerizer/mesos/paths.cpp, src/slave/state.cpp):
///
/// - the containerizer's runtime directory `RUNTIME/containers/ID`, nested containers at
///   `RUNTIME/containers/ID/containers/CHILD` (efs-hook's `ID.CHILD`): `pid` is written after
///   the fork; `termination`, or a `status` holding an exit status, means it ended. The
///   directory is made before any isolator prepares, so one without a `pid` is launching.
/// - the agent's meta directory `WORK/meta/slaves/latest/frameworks/F/executors/E/runs/ID`:
///   `pids/forked.pid`, unless `executor.sentinel` says the run completed; ignored when
///   `WORK/meta/boot_id` names another boot, as the agent ignores it.
///
/// A checkpointed pid counts only while a process has it that started before the checkpoint
/// was written (`CheckpointedProcess`), so a recycled pid is not taken as live. A checkpoint
/// that cannot be read counts as live: keeping a mount is recoverable, releasing a running
/// container's is not.
public struct MesosCheckpoints: Sendable {
    public var runtimeDirectory: String
    public var workDirectory: String
    public var processes: any ProcessTable
    public var bootID: String?

    static let pidLimit = InputLimit(what: "Mesos pid checkpoint", bytes: 64, tooLarge: .failure)

    public init(
        runtimeDirectory: String, workDirectory: String, processes: any ProcessTable = LinuxProcessTable(),
        bootID: String? = BootID.current
    ) {
        self.runtimeDirectory = runtimeDirectory
        self.workDirectory = workDirectory
        self.processes = processes
        self.bootID = bootID
    }

    var containersDirectory: String { "\(runtimeDirectory)/containers" }
    var metaDirectory: String { "\(workDirectory)/meta" }

    /// The live container ids, or nil when no agent ever checkpointed in these directories
    /// (no Mesos agent on this host, or it uses others): then nothing can be known.
    public func liveContainers() throws(EFSHookError) -> Set<String>? {
        guard Self.isDirectory(containersDirectory) || Self.isDirectory("\(metaDirectory)/slaves") else { return nil }
        var live = Set<String>()
        try runtimeContainers(in: containersDirectory, parent: nil, into: &live)
        if !rebooted { try executorRuns(into: &live) }
        return live
    }

    /// Whether the agent's `boot_id` names another boot than this one.
    var rebooted: Bool {
        guard let recorded = try? InputReader.text("\(metaDirectory)/boot_id", Self.pidLimit) else { return false }
        let id = recorded.split(whereSeparator: \.isWhitespace).first.map(String.init)
        return id != nil && bootID != nil && id != bootID
    }

    func runtimeContainers(in directory: String, parent: String?, into live: inout Set<String>) throws(EFSHookError) {
        for name in try Self.names(in: directory) {
            let id = parent.map { "\($0).\(name)" } ?? name
            let path = "\(directory)/\(name)"
            if isRuntimeContainerLive(path) { live.insert(id) }
            try runtimeContainers(in: "\(path)/containers", parent: id, into: &live)
        }
    }

    func isRuntimeContainerLive(_ path: String) -> Bool {
        guard Self.isDirectory(path), !FileManager.default.fileExists(atPath: "\(path)/termination") else { return false }
        if let status = try? InputReader.read("\(path)/status", Self.pidLimit), !status.isEmpty { return false }
        guard FileManager.default.fileExists(atPath: "\(path)/pid") else { return true }
        return isAlive(pidFile: "\(path)/pid")
    }

    /// Every run of every executor of the latest agent that has a forked pid and no sentinel.
    func executorRuns(into live: inout Set<String>) throws(EFSHookError) {
        let frameworks = "\(metaDirectory)/slaves/latest/frameworks"
        for framework in try Self.names(in: frameworks) {
            let executors = "\(frameworks)/\(framework)/executors"
            for executor in try Self.names(in: executors) {
                let runs = "\(executors)/\(executor)/runs"
                for run in try Self.names(in: runs) where run != "latest" {
                    let path = "\(runs)/\(run)"
                    guard !FileManager.default.fileExists(atPath: "\(path)/executor.sentinel"),
                        FileManager.default.fileExists(atPath: "\(path)/pids/forked.pid")
                    else { continue }
                    if isAlive(pidFile: "\(path)/pids/forked.pid") { live.insert(run) }
                }
            }
        }
    }

    /// The process of a pid file is alive; a file that cannot be read or parsed counts as alive.
    func isAlive(pidFile path: String) -> Bool {
        guard let text = try? InputReader.text(path, Self.pidLimit) else { return true }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return false }
        var status = stat()
        guard let pid = Int32(trimmed), pid > 0, stat(path, &status) == 0 else { return true }
        let written = Date(timeIntervalSince1970: Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9)
        return CheckpointedProcess(pid: pid, checkpointedAt: written).isAlive(processes.facts(of: pid))
    }

    static func names(in directory: String) throws(EFSHookError) -> [String] {
        var names: [String] = []
        try DirectoryReader.forEachName(in: directory) {
            names.append($0); return true
        }
        return names.sorted()
    }

    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
