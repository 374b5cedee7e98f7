import Common
import Foundation

/// A directory of JSON records, one file per key, each written atomically with mode 0600;
/// `durable` ones also survive a power loss (see AtomicFile). Each carries its kind's schema
/// version (see `StateRecord`); one newer than this binary reads is refused with
/// `ErrorCode.stateTooNew`, never taken for a corrupt one.
public struct RecordStore<Record: StateRecord>: Sendable {
    public let directory: String
    public let durable: Bool
    /// Made on the first save rather than up front; until then the store reads as empty.
    private let lazy: Bool

    public init(directory: String, durable: Bool = true) throws(EFSHookError) {
        self.directory = directory
        self.durable = durable
        lazy = false
        try AtomicFile.makeDirectory(directory, mode: 0o700, enforce: true)
    }

    /// A store that creates nothing until a record is saved: read-only commands use it, and
    /// so do stores most hosts never write.
    public init(lazyDirectory directory: String, durable: Bool = true) {
        self.directory = directory
        self.durable = durable
        lazy = true
    }

    private func path(_ key: String) -> String { "\(directory)/\(key).json" }

    public func load(_ key: String) throws(EFSHookError) -> Record? {
        guard let data = FileManager.default.contents(atPath: path(key)) else { return nil }
        let stored: StoredRecord<Record>
        do {
            stored = try JSONDecoder().decode(StoredRecord<Record>.self, from: data)
        } catch {
            throw .failure("state record \(path(key)) is corrupt: \(EFSHookError.oneLine(error)); move it aside and run efs-hook recover")
        }
        guard let record = stored.record else { throw tooNew(key, version: stored.version) }
        return record
    }

    /// The refusal of a record newer than this binary reads: the record, and what it holds,
    /// stay for the binary that wrote it.
    private func tooNew(_ key: String, version: Int) -> EFSHookError {
        EFSHookError(
            .failure,
            "state record \(path(key)) has schema version \(version); this efs-hook reads up to \(Record.schemaVersion): "
                + "upgrade efs-hook, or clean up with the version that wrote it",
            code: .stateTooNew)
    }

    public func save(_ record: Record, as key: String) throws(EFSHookError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(StoredRecord(record))
        } catch {
            throw .failure("cannot encode state record \(key): \(EFSHookError.oneLine(error))")
        }
        if lazy { try AtomicFile.makeDirectory(directory, mode: 0o700, enforce: true) }
        try AtomicFile.write(data, to: path(key), durable: durable)
    }

    public func remove(_ key: String) throws(EFSHookError) {
        try AtomicFile.remove(path(key), durable: durable)
    }

    /// Whether there is a record for `key`, without reading it.
    public func contains(_ key: String) -> Bool {
        access(path(key), F_OK) == 0
    }

    /// When the record was last written, or nil if there is none.
    public func modificationTime(_ key: String) -> Date? {
        var info = stat()
        guard stat(path(key), &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec))
    }

    public func keys() throws(EFSHookError) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            if lazy, access(directory, F_OK) != 0 { return [] }
            throw .failure("cannot list \(directory)")
        }
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Every record that can be read, and the keys of those that cannot (corrupt or too new):
    /// one bad record must not hide the others.
    public func readable() throws(EFSHookError) -> (records: [(key: String, record: Record)], unreadable: [String]) {
        var records: [(key: String, record: Record)] = []
        var unreadable: [String] = []
        for key in try keys() {
            do {
                if let record = try load(key) { records.append((key, record)) }
            } catch {
                unreadable.append(key)
            }
        }
        return (records, unreadable)
    }

    /// Renames an unreadable record to `KEY.json.unreadable` (kept for the operator, out of
    /// every listing) and returns that path.
    public func moveAside(_ key: String) throws(EFSHookError) -> String {
        let aside = path(key) + ".unreadable"
        try AtomicFile.rename(path(key), to: aside)
        return aside
    }

    public func all() throws(EFSHookError) -> [(key: String, record: Record)] {
        var result: [(key: String, record: Record)] = []
        for key in try keys() {
            if let record = try load(key) { result.append((key, record)) }
        }
        return result
    }
}
