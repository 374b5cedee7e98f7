import VolumeModel

/// Where the next cold mount of a volume on this agent learns its resources, as `plan` shows.
public enum ResolutionSource: String, Sendable, Codable {
    /// This agent's resolution cache: no API call.
    case cache
    /// The file system's DNS name (`efs.mountTarget: dns`, a configured file system): no API call.
    case dnsName
    /// The EFS API: finds or creates the file system, access point and mount target.
    case api

    /// Reads the volume's cache entry and host-mount record; creates and calls nothing. nil
    /// for a provider without AWS resources.
    public static func of(_ volume: VolumeRequest, provider: any VolumeProvider, layout: StateLayout) -> ResolutionSource? {
        guard provider.administration != nil else { return nil }
        let request = ProvisionRequest(volume.spec, previous: try? layout.hostMountRecords.load(volume.name))
        let cached = try? layout.resolutionRecords.load(volume.name)
        guard let known = provider.resolveWithoutCalls(request, cached: cached ?? nil) else { return .api }
        // What the cache adds: a mount the configuration alone would not give.
        return known == provider.resolveWithoutCalls(request, cached: nil) ? .dnsName : .cache
    }

    public var summary: String {
        switch self {
        case .cache: return "from this agent's resolution cache (0 API calls)"
        case .dnsName: return "by the file system's DNS name (0 API calls)"
        case .api: return "through the EFS API (finds, or creates as configured, its file system and mount target)"
        }
    }
}
