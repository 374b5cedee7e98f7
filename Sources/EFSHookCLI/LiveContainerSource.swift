import Common
import EFSHookCore
import Foundation
import Logging
import VolumeModel

/// Where `recover` learns which containers are live: the operator's list (`--live`,
/// `--live-from`), an explicit none (`--no-live-containers`), else the Mesos agent's own
/// checkpoints. A list that is empty or cannot be read is refused, never taken as "none".
struct LiveContainerSource: Equatable {
    var live: [String] = []
    var liveFrom: String?
    var noLiveContainers = false

    /// The live ids, or nil when nothing can tell (no agent checkpoints on this host): then
    /// every prepared container of this boot is kept.
    func resolve(_ config: Configuration, logger: Logger) throws(EFSHookError) -> Set<String>? {
        if noLiveContainers {
            guard live.isEmpty, liveFrom == nil else { throw .usage("--no-live-containers cannot be given with --live or --live-from") }
            return []
        }
        if let liveFrom { return Set(live).union(try Self.list(liveFrom)) }
        if !live.isEmpty { return Set(live) }
        let checkpoints = MesosCheckpoints(
            runtimeDirectory: config.mesos.runtimeDirectory, workDirectory: config.mesos.workDirectory)
        guard let found = try checkpoints.liveContainers() else {
            logger.warning(
                "no Mesos agent checkpoints; every prepared container of this boot counts as live",
                metadata: ["runtimeDirectory": "\(config.mesos.runtimeDirectory)", "workDirectory": "\(config.mesos.workDirectory)"])
            return nil
        }
        logger.info("live containers from the agent's checkpoints", metadata: ["count": "\(found.count)"])
        return found
    }

    /// The ids of a `--live-from` file, one per line (`#` comments), refused when it lists none.
    static func list(_ path: String) throws(EFSHookError) -> [String] {
        let text = String(decoding: try InputReader.read(path, .liveList), as: UTF8.self)
        let ids = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty && !$0.hasPrefix("#")
        }
        guard !ids.isEmpty else {
            throw .invalidTask(
                "--live-from \(InputReader.shown(path)) lists no container; nothing was changed "
                    + "(if no container is live, say so with --no-live-containers)")
        }
        return ids
    }
}
