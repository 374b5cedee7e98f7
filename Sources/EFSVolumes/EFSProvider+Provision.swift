import AWSClient
import Common
import EFSHookCore
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
            let request = ProvisionRequest(volume.spec)
            let mode = provisioning(volume.options, naming: volume.naming)
            var report = ProvisionReport(volume: volume.name, provisioning: mode, naming: volume.naming)
            var (facts, origin) = try await resources.ensure(request, mode: mode)
            report.fileSystemId = facts.fileSystemId
            report.accessPointId = facts.accessPointId
            if facts.createdFileSystem { report.created.append(facts.fileSystemId) }
            if facts.createdAccessPoint, let accessPoint = facts.accessPointId { report.created.append(accessPoint) }
            progress("file system \(facts.fileSystemId): available")
            let (targets, created) = try await mountTargets.ensureAll(
                facts.fileSystemId, subnets: settings.mountTargetSubnets, creating: mode.createsMountTargets,
                newFileSystem: origin.hasNoMountTargets, progress: progress)
            report.created += created
            report.mountTargets = targets.map(Self.reported).sorted { ($0.availabilityZone ?? "") < ($1.availabilityZone ?? "") }
            if let name = settings.availabilityZone,
                let local = AgentZone(name: name, id: settings.availabilityZoneId).target(among: targets)
            {
                facts.mountTargetId = local.mountTargetId
                facts.mountTargetIp = local.ipAddress
                facts.availabilityZone = name
                facts.availabilityZoneId = local.availabilityZoneId
                report.resolution = resolution(
                    of: request, provisioned: try mountable(request, mode: mode, facts: facts, region: try await region()))
            }
            return report
        }
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
