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
}
