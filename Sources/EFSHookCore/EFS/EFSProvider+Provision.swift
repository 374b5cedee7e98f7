import AWSClient
import Common
import VolumeModel

/// `efs-hook provision`: the volume's file system (or access point) and a mount target in
/// every subnet of `efs.mountTargetSubnets` (unset: this agent's zone), all created before
/// any waiting and then waited for together, so a launch afterwards creates and waits for
/// nothing. A second run makes describe calls only.
extension EFSProvider {
    public func provisionAhead(_ volume: VolumeRequest, dryRun: Bool, progress: @Sendable (String) -> Void) async throws(EFSHookError)
        -> ProvisionReport
    {
        if dryRun { return try await plannedProvision(volume) }
        return try await EFSCall.run(volume: volume.name) { () throws(EFSHookError) in
            let request = ProvisionRequest(name: volume.name, options: volume.options, naming: volume.naming)
            let mode = provisioning(for: request)
            var report = ProvisionReport(volume: volume.name, provisioning: mode, naming: volume.naming)
            var (facts, origin) = try await ensureResources(request, mode: mode)
            report.fileSystemId = facts.fileSystemId
            report.accessPointId = facts.accessPointId
            if facts.createdFileSystem { report.created.append(facts.fileSystemId) }
            if facts.createdAccessPoint, let accessPoint = facts.accessPointId { report.created.append(accessPoint) }
            progress("file system \(facts.fileSystemId): available")
            let (targets, created) = try await ensureMountTargets(
                facts.fileSystemId, creating: mode.createsMountTargets, newFileSystem: origin.hasNoMountTargets, progress: progress)
            report.created += created
            report.mountTargets = targets.map(Self.reported).sorted { ($0.availabilityZone ?? "") < ($1.availabilityZone ?? "") }
            if let zone = settings.availabilityZone, let local = targets.first(where: { $0.availabilityZoneName == zone }) {
                facts.mountTargetId = local.mountTargetId
                facts.mountTargetIp = local.ipAddress
                facts.availabilityZone = zone
                report.resolution = resolution(
                    of: request, provisioned: try mountable(request, mode: mode, facts: facts, region: try await region()))
            }
            return report
        }
    }

    /// Mount targets in every configured subnet (or this agent's zone), created first, then
    /// waited for together. Returns the file system's mount targets and the ids created.
    /// `newFileSystem`: EFS's answers so far show it has none, so they are not asked for.
    func ensureMountTargets(_ fileSystemId: String, creating: Bool, newFileSystem: Bool, progress: @Sendable (String) -> Void)
        async throws(EFSHookError) -> ([MountTargetDescription], [String])
    {
        // Unset: this agent's zone is covered by any mount target in it, whatever its subnet.
        let zone = settings.mountTargetSubnets.isEmpty ? try await placement.availabilityZone() : nil
        var targets = newFileSystem ? [] : try await api.mountTargets(fileSystemId: fileSystemId)
        var created: [String] = []
        var securityGroups: [String]??
        func covered(_ subnet: String?) -> Bool {
            targets.contains { $0.subnetId == subnet || (zone != nil && $0.availabilityZoneName == zone) }
        }
        for configured in zone == nil ? settings.mountTargetSubnets.map(Optional.some) : [nil] where !covered(configured) {
            guard creating else {
                progress(
                    "\(configured.map { "subnet \($0)" } ?? "zone \(zone ?? "?")"): no mount target of \(fileSystemId) (static creates none)"
                )
                continue
            }
            let subnet: String
            if let configured { subnet = configured } else { subnet = try await placement.subnetId() }
            if securityGroups == nil { securityGroups = .some(try await placement.securityGroups()) }
            let request = CreateMountTargetRequest(fileSystemId: fileSystemId, subnetId: subnet, securityGroups: securityGroups ?? nil)
            if let target = try await createMountTarget(request) {
                logger.notice("created EFS mount target", metadata: ["fileSystemId": "\(fileSystemId)", "subnet": "\(subnet)"])
                created.append(target.mountTargetId)
                targets.append(target)
            } else {
                targets = try await api.mountTargets(fileSystemId: fileSystemId)
                progress("subnet \(subnet): its zone already has a mount target of \(fileSystemId)")
            }
        }
        return (try await waitForAll(targets, progress: progress), created)
    }

    /// Polls every mount target not yet available, with capped backoff, within
    /// `efs.waitTimeoutSeconds`; one progress line per target and round.
    func waitForAll(_ targets: [MountTargetDescription], progress: @Sendable (String) -> Void) async throws(EFSHookError)
        -> [MountTargetDescription]
    {
        var targets = targets
        let start = clock.now()
        var delay = 1.0
        while let pending = targets.firstIndex(where: { $0.lifeCycleState != .available }) {
            let elapsed = Int(clock.now() - start)
            for target in targets where target.lifeCycleState != .available {
                guard target.lifeCycleState == .creating || target.lifeCycleState == .updating else {
                    throw EFSHookError.failure("mount target \(target.mountTargetId) is \(target.lifeCycleState), not available")
                }
                progress(
                    "mount target \(target.mountTargetId) in \(target.availabilityZoneName ?? target.subnetId): \(target.lifeCycleState), \(elapsed) s"
                )
            }
            guard clock.now() - start + delay <= settings.waitTimeoutSeconds else {
                let target = targets[pending]
                throw EFSHookError.temporary(
                    "mount target \(target.mountTargetId) in \(target.availabilityZoneName ?? target.subnetId) still "
                        + "\(target.lifeCycleState) after \(elapsed) s (efs.waitTimeoutSeconds); AWS goes on creating it; run provision again"
                )
            }
            try await clock.pause(delay)
            delay = min(delay * 2, 10)
            for index in targets.indices where targets[index].lifeCycleState != .available {
                guard let next = try await api.mountTarget(id: targets[index].mountTargetId) else {
                    throw EFSHookError.failure("mount target \(targets[index].mountTargetId) disappeared while waiting for it")
                }
                targets[index] = next
            }
        }
        for target in targets {
            progress(
                "mount target \(target.mountTargetId) in \(target.availabilityZoneName ?? target.subnetId): available, \(target.ipAddress ?? "no address")"
            )
        }
        return targets
    }

    /// `--dry-run`: describe calls only.
    func plannedProvision(_ volume: VolumeRequest) async throws(EFSHookError) -> ProvisionReport {
        let inspection = try await inspect(volume)
        return try await EFSCall.run(volume: volume.name) { () throws(EFSHookError) in
            var report = ProvisionReport(volume: volume.name, provisioning: inspection.provisioning, naming: volume.naming)
            report.fileSystemId = inspection.fileSystemId
            report.accessPointId = inspection.accessPointId
            var toCreate = inspection.toCreate.filter { $0 != "mount target" }
            var targets: [MountTargetDescription] = []
            if let fileSystemId = inspection.fileSystemId { targets = try await api.mountTargets(fileSystemId: fileSystemId) }
            report.mountTargets = targets.map(Self.reported)
            let subnets = settings.mountTargetSubnets
            if subnets.isEmpty {
                if inspection.mountTargetId == nil { toCreate.append("mount target in this agent's zone") }
            } else {
                toCreate += subnets.filter { subnet in !targets.contains { $0.subnetId == subnet } }.map { "mount target in \($0)" }
            }
            report.toCreate = inspection.provisioning == .static ? toCreate.map { "missing: " + $0 } : toCreate
            return report
        }
    }

    static func reported(_ target: MountTargetDescription) -> ProvisionReport.MountTarget {
        ProvisionReport.MountTarget(
            availabilityZone: target.availabilityZoneName, subnetId: target.subnetId, mountTargetId: target.mountTargetId,
            ipAddress: target.ipAddress, state: target.lifeCycleState.rawValue)
    }
}
