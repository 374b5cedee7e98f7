import EFSHookCore

extension VolumeResolution {
    /// The EFS provider's facts of the volume; nil when unreadable as such.
    public var efs: EFSVolumeFacts? { EFSVolumeFacts(facts) }
}
