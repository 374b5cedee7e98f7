import Common
import VolumeModel

/// Mounting with no API call: from this agent's resolution cache, or, with
/// `efs.mountTarget: dns`, a static volume whose file system the configuration allows (its
/// DNS name needs no lookup, as efs-utils mounts it). The executor falls back to `provision`
/// when such a mount fails.
extension EFSProvider {
    public func resolveWithoutCalls(_ request: ProvisionRequest, cached: VolumeResolution?) -> ProvisionedVolume? {
        let mode = provisioning(for: request)
        let facts: EFSVolumeFacts
        if let cached, usable(cached, for: request, mode: mode) {
            facts = cached.efs
        } else if let known = knownDNSFileSystem(request, mode: mode) {
            // mount.efs is told this agent's zone (and the region that follows) as efs-hook knows it.
            let zone = settings.availabilityZone ?? request.previous?.efs?.availabilityZone
            facts = EFSVolumeFacts(fileSystemId: known, availabilityZone: zone)
        } else {
            return nil
        }
        guard settings.mountTarget == .dns || facts.mountTargetIp != nil else { return nil }
        return try? mountable(request, mode: mode, facts: facts)
    }

    public func resolution(of request: ProvisionRequest, provisioned: ProvisionedVolume) -> VolumeResolution? {
        guard let facts = provisioned.efs else { return nil }
        let mode = provisioning(for: request)
        // A filesystem volume's file system is found by its own creation token; any other
        // passed the safe defaults by configuration (checked again on use) or by its tags.
        let allowance: VolumeResolution.Allowance =
            mode != .filesystem && configurationAllows(facts.fileSystemId) ? .configuration : .ownFileSystem
        return VolumeResolution(
            volume: request.name, options: request.options, naming: request.naming, clusterTag: settings.clusterTag,
            provisioning: mode, allowance: allowance, efs: facts)
    }

    /// The cached entry answers this request only if it was learned for the same options,
    /// naming, cluster, mode, file system and zone, and its file system is still allowed.
    func usable(_ cached: VolumeResolution, for request: ProvisionRequest, mode: Provisioning) -> Bool {
        guard cached.volume == request.name, cached.options == request.options, cached.naming == request.naming,
            cached.clusterTag == settings.clusterTag, cached.provisioning == mode
        else { return false }
        let fileSystem = cached.efs.fileSystemId
        if mode != .filesystem, (try? requiredFileSystemId(request.name, request.options)) != fileSystem { return false }
        if cached.allowance == .configuration, !configurationAllows(fileSystem) { return false }
        if let zone = settings.availabilityZone, cached.efs.availabilityZone != zone { return false }
        return true
    }

    /// What `doctor` says of a configuration that mounts by DNS name with no call: the settings
    /// without which mount.efs asks instance metadata itself. nil when nothing is missing.
    public static func dnsMountAdvice(_ settings: Configuration.EFS) -> String? {
        guard settings.mountTarget == .dns else { return nil }
        let region = settings.region ?? settings.availabilityZone.flatMap(EFSMountSpec.region(ofZone:))
        return EFSMountSpec.placementAdvice(zone: settings.availabilityZone != nil, region: region != nil)
    }

    /// A static volume without an access point, in DNS mode, whose file system needs no
    /// describe call to pass the safe defaults.
    func knownDNSFileSystem(_ request: ProvisionRequest, mode: Provisioning) -> String? {
        guard settings.mountTarget == .dns, mode == .static, request.options[.accessPointId] == nil,
            let fileSystem = try? requiredFileSystemId(request.name, request.options),
            configurationAllows(fileSystem) || request.previous?.efs?.fileSystemId == fileSystem
        else { return nil }
        return fileSystem
    }
}
