import EFSHookCore

extension HostMountRecord {
    /// The EFS provider's facts: what was mounted and which resources this agent created.
    public var efs: EFSVolumeFacts? { EFSVolumeFacts(facts) }

    public init(name: String, mountPoint: String, provider: String, source: String, efs: EFSVolumeFacts?) {
        self.init(name: name, mountPoint: mountPoint, provider: provider, source: source, facts: efs?.providerFacts)
    }
}
