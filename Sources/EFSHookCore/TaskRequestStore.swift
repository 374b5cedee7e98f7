import Common
import Foundation
import HostLayer
import VolumeModel

/// `stateDir/requests/EXECUTOR_ID.json`: one durable record per executor, so prepare reads
/// exactly one file (by the executor id it is given), never a directory.
public struct TaskRequestStore: Sendable {
    public let records: RecordStore<TaskRequestRecord>

    public init(layout: StateLayout) {
        records = RecordStore(lazyDirectory: layout.requests, durable: true)
    }

    /// Executor ids that cannot be a file name have no requests (the hook refuses them).
    public static func isStorable(_ executorId: String) -> Bool {
        (try? ContainerIdentifier.validate(executorId)) != nil
    }

    public func load(executorId: String) throws(EFSHookError) -> TaskRequestRecord? {
        guard Self.isStorable(executorId) else { return nil }
        return try records.load(executorId)
    }

    public func save(_ record: TaskRequestRecord) throws(EFSHookError) {
        do {
            try ContainerIdentifier.validate(record.executorId)
        } catch {
            throw .invalidTask("executor id: \(error.message)")
        }
        try records.save(record, as: record.executorId)
    }

    public func remove(executorId: String) throws(EFSHookError) {
        guard Self.isStorable(executorId), records.contains(executorId) else { return }
        try records.remove(executorId)
    }

    /// A request nobody prepared may still be waiting for its executor's container (the agent
    /// pulls the image first, within --executor_registration_timeout); after this it is stale.
    public static let unusedLifetime: TimeInterval = 3600

    /// Notes that `containerID`'s prepare used the requests, once it succeeded, so `recover`
    /// can tell when they are no longer needed.
    public func markUsed(_ record: TaskRequestRecord, by containerID: String) throws(EFSHookError) {
        guard record.containerID != containerID else { return }
        var used = record
        used.containerID = containerID
        try save(used)
    }

    /// Removes requests of earlier boots, of containers that are gone, ones no container took
    /// within `unusedLifetime`, and unreadable ones (each told to `unreadable` first); ones too
    /// new for this binary stay, each told to `tooNew`. Returns the executor ids removed.
    func removeStale(
        now: Date, isGone: (String) -> Bool, unreadable: (String) -> Void, tooNew: (EFSHookError) -> Void = { _ in }
    ) throws(EFSHookError) -> [String] {
        var removed: [String] = []
        for key in try records.keys() {
            let record: TaskRequestRecord?
            do {
                record = try records.load(key)
            } catch  where error.isCode(.stateTooNew) {
                tooNew(error)
                continue
            } catch {
                unreadable(key)
                try records.remove(key)
                removed.append(key)
                continue
            }
            guard let record else { continue }
            let earlierBoot = record.bootID != nil && record.bootID != BootID.current
            let gone = record.containerID.map(isGone) ?? false
            let unused = record.containerID == nil && now.timeIntervalSince(record.written) > Self.unusedLifetime
            guard earlierBoot || gone || unused else { continue }
            try records.remove(key)
            removed.append(key)
        }
        return removed
    }
}
