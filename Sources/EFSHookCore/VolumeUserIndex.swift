import Common
import Foundation
import HostLayer

/// `users/VOLUME/CONTAINER`: one empty marker per container using a volume, so "is anyone
/// else using this volume?" costs one directory listing instead of reading every container
/// record on the host.
///
/// The container records stay the truth. A marker is written before the record that names
/// the volume and removed before that record goes, so every record naming a volume has its
/// marker. A marker whose record is gone (a run killed in between) is stale: lookups skip it
/// and `recover` removes it. Writers hold the volume's lock.
public struct VolumeUserIndex: Sendable {
    public let directory: String
    let containers: RecordStore<ContainerRecord>

    public func add(_ container: String, to volume: String) throws(EFSHookError) {
        try AtomicFile.makeDirectory("\(directory)/\(volume)", mode: 0o700)
        // Not durable, like the container records (see StateDirectory).
        try AtomicFile.touch("\(directory)/\(volume)/\(container)")
    }

    public func remove(_ container: String, from volume: String) throws(EFSHookError) {
        try AtomicFile.remove("\(directory)/\(volume)/\(container)", durable: false)
        AtomicFile.removeEmptyDirectory("\(directory)/\(volume)")
    }

    /// The containers other than `except` using `volume`; with `firstOnly`, stops at the
    /// first one found (enough to decide whether to unmount). Stale markers are skipped.
    public func users(of volume: String, except: String? = nil, firstOnly: Bool = false) throws(EFSHookError) -> [String] {
        var found: [String] = []
        try DirectoryReader.forEachName(in: "\(directory)/\(volume)") { container throws(EFSHookError) in
            if container != except, try isUser(container, of: volume) {
                found.append(container)
                if firstOnly { return false }
            }
            return true
        }
        return found.sorted()
    }

    public func volumes() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// Removes the volume's stale markers; the caller holds the volume's lock, or a prepare
    /// between writing its marker and its record could lose the marker. Returns how many went.
    public func removeStale(of volume: String) throws(EFSHookError) -> Int {
        var removed = 0
        for container in try markers(of: volume) {
            guard try !isUser(container, of: volume) else { continue }
            try remove(container, from: volume)
            removed += 1
        }
        return removed
    }

    /// An unreadable record counts as a user of every volume it has a marker for: what it
    /// holds is unknown, so nothing of it is unmounted until `cleanup` moves it aside.
    private func isUser(_ container: String, of volume: String) throws(EFSHookError) -> Bool {
        guard let record = try? containers.load(container) else { return containers.contains(container) }
        return record.volumes.contains { $0.name == volume }
    }

    /// The volumes `container` has a marker for: what an unreadable record used.
    public func volumes(markedFor container: String) -> [String] {
        volumes().filter { access("\(directory)/\($0)/\(container)", F_OK) == 0 }
    }

    private func markers(of volume: String) throws(EFSHookError) -> [String] {
        var names: [String] = []
        try DirectoryReader.forEachName(in: "\(directory)/\(volume)") {
            names.append($0); return true
        }
        return names
    }

    /// Builds the index from the records when the state directory predates it. The index
    /// appears complete or not at all: it is built aside and renamed into place.
    static func buildIfMissing(directory: String, containers: RecordStore<ContainerRecord>, lock: () throws(EFSHookError) -> any HeldLock)
        throws(EFSHookError)
    {
        guard access(directory, F_OK) != 0 else { return }
        let upgradeLock = try lock()
        defer { upgradeLock.release() }
        guard access(directory, F_OK) != 0 else { return }
        let staging = "\(directory).building"
        try? FileManager.default.removeItem(atPath: staging)
        try AtomicFile.makeDirectory(staging, mode: 0o700, enforce: true)
        let index = VolumeUserIndex(directory: staging, containers: containers)
        for entry in try containers.all() {
            for volume in Set(entry.record.volumes.map(\.name)) { try index.add(entry.key, to: volume) }
        }
        try AtomicFile.rename(staging, to: directory)
    }
}
