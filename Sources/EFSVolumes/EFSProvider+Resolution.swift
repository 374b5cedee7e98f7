import Common
import EFSHookCore
import VolumeModel

/// Mounting with no API call: from this agent's resolution cache, or, with
/// `efs.mountTarget: dns`, a static volume whose file system the configuration allows (its
/// DNS name needs no lookup, as efs-utils mounts it). The executor falls back to `provision`
/// when such a mount fails.
extension EFSProvider {
    public func resolveWithoutCalls(_ request: ProvisionRequest, cached: VolumeResolution?) -> ProvisionedVolume? {
        let mode = provisioning(request.options, naming: request.naming)
        let facts: EFSVolumeFacts
        if let cached, let known = cached.efs, usable(cached, facts: known, for: request, mode: mode) {
            facts = known
        } else if let known = staticMountTarget(request, mode: mode) {
            facts = known
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
        guard let facts = provisioned.efs, let stored = facts.providerFacts else { return nil }
        let mode = provisioning(request.options, naming: request.naming)
        // A filesystem volume's file system is found by its own creation token; any other
        // passed the safe defaults by configuration (checked again on use) or by its tags.
        let allowance: VolumeResolution.Allowance =
            mode != .filesystem && resources.safeDefaults.configurationAllows(facts.fileSystemId) ? .configuration : .ownFileSystem
        return VolumeResolution(
            volume: request.name, options: request.options, naming: request.naming, clusterTag: settings.clusterTag,
            provisioning: mode, allowance: allowance, facts: stored)
    }

    /// The cached entry answers this request only if it was learned for the same options,
    /// naming, cluster, mode, file system and zone, and its file system is still allowed.
    func usable(_ cached: VolumeResolution, facts: EFSVolumeFacts, for request: ProvisionRequest, mode: Provisioning) -> Bool {
        guard cached.volume == request.name, cached.options == request.options, cached.naming == request.naming,
            cached.clusterTag == settings.clusterTag, cached.provisioning == mode
        else { return false }
        let fileSystem = facts.fileSystemId
        if mode != .filesystem, (try? resources.requiredFileSystemId(request.name, request.options, mode: mode)) != fileSystem {
            return false
        }
        if cached.allowance == .configuration, !resources.safeDefaults.configurationAllows(fileSystem) { return false }
        // Zone IDs name the same zone in every account; names only within this agent's own.
        if let id = settings.availabilityZoneId {
            if facts.availabilityZoneId != id { return false }
        } else if let zone = settings.availabilityZone, settings.roleArn == nil, facts.availabilityZone != zone {
            return false
        }
        return true
    }

    /// `efs.mountTargets` names the address of this agent's zone ID (`efs.availabilityZoneId`):
    /// a static volume whose file system the configuration allows is mounted there with no call.
    func staticMountTarget(_ request: ProvisionRequest, mode: Provisioning) -> EFSVolumeFacts? {
        guard mode == .static, let id = settings.availabilityZoneId, let address = settings.mountTargets[id],
            request.options[.accessPointId] == nil,
            let fileSystem = try? resources.requiredFileSystemId(request.name, request.options, mode: mode),
            resources.safeDefaults.configurationAllows(fileSystem) || request.previous?.efs?.fileSystemId == fileSystem
        else { return nil }
        return EFSVolumeFacts(
            fileSystemId: fileSystem, mountTargetIp: address, availabilityZone: settings.availabilityZone, availabilityZoneId: id)
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
            let fileSystem = try? resources.requiredFileSystemId(request.name, request.options, mode: mode),
            resources.safeDefaults.configurationAllows(fileSystem) || request.previous?.efs?.fileSystemId == fileSystem
        else { return nil }
        return fileSystem
    }
}
