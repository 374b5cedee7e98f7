import Common
import HostLayer
import Logging

/// This agent's resolution cache (see `VolumeResolution`): what the last mount of a volume
/// learned, so the next one makes no API call. Its writers hold the volume's lock.
struct ResolutionCache: Sendable {
    let records: RecordStore<VolumeResolution>
    let logger: Logger

    /// The cache's entry for the volume: one small file read. An unreadable one is as good as
    /// none (the next resolution replaces it).
    func entry(_ name: String) -> VolumeResolution? {
        do {
            return try records.load(name)
        } catch {
            logger.notice("ignoring an unreadable resolution cache entry", metadata: ["volume": "\(name)", "error": "\(error.message)"])
            return nil
        }
    }

    /// Drops the volume's entry, if it has one.
    func forget(_ name: String, locks: VolumeLocks) throws(EFSHookError) {
        assert(locks.covers(name))
        if records.contains(name) { try records.remove(name) }
    }

    /// Saves what was learned unless the cache says it already. A cache that cannot be written
    /// costs the next mount its calls, never this one its volume.
    func remember(_ resolution: VolumeResolution?, replacing cached: VolumeResolution?) {
        guard let resolution, resolution.facts != cached?.facts || resolution.allowance != cached?.allowance else { return }
        do {
            try records.save(resolution, as: resolution.volume)
        } catch {
            logger.warning("cannot write the resolution cache", metadata: ["volume": "\(resolution.volume)", "error": "\(error.message)"])
        }
    }
}
