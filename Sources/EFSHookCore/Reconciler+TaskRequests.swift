import Common
import Foundation
import HostLayer
import VolumeModel

/// The agent hook's stored requests (Route B): marked when a prepare used them, dropped by
/// `recover` when they are no longer needed.
extension Reconciler {
    /// A request nobody prepared may still be waiting for its executor's container (the agent
    /// pulls the image first, within --executor_registration_timeout); after this it is stale.
    public static let unusedTaskRequestLifetime: TimeInterval = 3600

    public var taskRequests: TaskRequestStore { TaskRequestStore(layout: state.layout) }

    /// Notes that `containerID`'s prepare used the requests, once it succeeded, so `recover`
    /// can tell when they are no longer needed.
    public func markTaskRequests(_ record: TaskRequestRecord, usedBy containerID: String) throws(EFSHookError) {
        guard record.containerId != containerID else { return }
        var used = record
        used.containerId = containerID
        try taskRequests.save(used)
    }

    /// Recovery: drops requests of earlier boots, of containers that are gone, and ones no
    /// container took within `unusedTaskRequestLifetime`.
    func removeStaleTaskRequests(report: inout RecoveryReport, now: Date = Date()) throws(EFSHookError) {
        let store = taskRequests
        for key in try store.records.keys() {
            let record: TaskRequestRecord?
            do {
                record = try store.records.load(key)
            } catch {
                logger.warning("removing an unreadable task request", metadata: ["executor": "\(key)"])
                try store.records.remove(key)
                report.removedTaskRequests.append(key)
                continue
            }
            guard let record else { continue }
            let earlierBoot = record.bootID != nil && record.bootID != BootID.current
            let gone = record.containerId.map { !state.containers.contains($0) } ?? false
            let unused = record.containerId == nil && now.timeIntervalSince(record.written) > Self.unusedTaskRequestLifetime
            guard earlierBoot || gone || unused else { continue }
            try store.records.remove(key)
            report.removedTaskRequests.append(key)
        }
    }
}
