/// The one mount of a volume on this host, shared by all its users.
public struct HostMountRecord: Codable, Sendable, Equatable {
    public var name: String
    public var mountPoint: String
    public var provider: String
    /// What was mounted: a local directory, or `address:/path` for NFS.
    public var source: String
    /// The EFS provider's facts: what was mounted and which resources this agent created.
    public var efs: EFSVolumeFacts?

    public init(name: String, mountPoint: String, provider: String, source: String, efs: EFSVolumeFacts? = nil) {
        self.name = name
        self.mountPoint = mountPoint
        self.provider = provider
        self.source = source
        self.efs = efs
    }

    enum CodingKeys: String, CodingKey {
        case name, mountPoint, provider, source, efs
        /// Records written before `efs` kept the provider's facts as a string map.
        case details
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        mountPoint = try container.decode(String.self, forKey: .mountPoint)
        provider = try container.decode(String.self, forKey: .provider)
        source = try container.decode(String.self, forKey: .source)
        efs = try container.decodeIfPresent(EFSVolumeFacts.self, forKey: .efs)
        if efs == nil, let details = try container.decodeIfPresent([String: String].self, forKey: .details) {
            efs = EFSVolumeFacts(legacyDetails: details)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(mountPoint, forKey: .mountPoint)
        try container.encode(provider, forKey: .provider)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(efs, forKey: .efs)
    }
}
