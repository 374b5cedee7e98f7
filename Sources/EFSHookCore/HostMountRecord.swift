import HostLayer

/// The one mount of a volume on this host, shared by all its users.
public struct HostMountRecord: StateRecord, Equatable {
    /// Its format on disk (see `StateRecord`).
    public static let schemaVersion = 1

    public var name: String
    public var mountPoint: String
    public var provider: String
    /// What was mounted: a local directory, or `address:/path` for NFS.
    public var source: String
    /// The provider's facts (the EFS provider's: what was mounted and which resources this
    /// agent created), kept under the key `efs`.
    public var facts: ProviderFacts?

    public init(name: String, mountPoint: String, provider: String, source: String, facts: ProviderFacts? = nil) {
        self.name = name
        self.mountPoint = mountPoint
        self.provider = provider
        self.source = source
        self.facts = facts
    }

    enum CodingKeys: String, CodingKey {
        case name, mountPoint, provider, source
        case facts = "efs"
        /// Records written before `efs` kept the provider's facts as a string map.
        case details
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        mountPoint = try container.decode(String.self, forKey: .mountPoint)
        provider = try container.decode(String.self, forKey: .provider)
        source = try container.decode(String.self, forKey: .source)
        facts = try container.decodeIfPresent(ProviderFacts.self, forKey: .facts)
        if facts == nil, let details = try container.decodeIfPresent([String: String].self, forKey: .details) {
            facts = ProviderFacts(legacyDetails: details)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(mountPoint, forKey: .mountPoint)
        try container.encode(provider, forKey: .provider)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(facts, forKey: facts?.isLegacyDetails == true ? .details : .facts)
    }
}
