import Common

/// What `recover` did.
public struct RecoveryReport: Sendable, Equatable, Encodable {
    /// Containers whose records (and binds) were removed: not live, or interrupted prepares.
    public var releasedContainers: [String] = []
    /// Host mounts re-established for live containers (after a reboot or a lost mount).
    public var remounted: [String] = []
    /// Host mounts without a live user, unmounted.
    public var unmountedOrphans: [String] = []
    /// Host mounts found stacked more than once on one mount point, reduced to one.
    public var unstacked: [String] = []
    /// Markers in the user index left by runs killed between writing a marker and its record.
    public var staleUserMarkers = 0
    /// Host mounts whose server did not answer the probe, unmounted; mounted afresh once it answers.
    public var detachedUnresponsive: [String] = []
    /// Container records that could not be read (reported; `cleanup` of each moves it aside).
    public var unreadableRecords: [String] = []
    /// Stored Route B requests of executors that are gone (or never started), removed.
    public var removedTaskRequests: [String] = []
    /// The refusals of records newer than this binary reads (`ErrorCode.stateTooNew`): each
    /// left as it is, with what it holds, for the binary that wrote it.
    public var tooNewRecords: [String] = []

    public init() {}

    /// Notes a container record that could not be loaded: too new, or unreadable.
    mutating func note(unreadable id: String, _ error: EFSHookError) {
        if error.isCode(.stateTooNew) { tooNewRecords.append(error.message) } else { unreadableRecords.append(id) }
    }
}
