import AWSClient
import Common
import VolumeModel

/// Where this agent sits: its availability zone, and the subnet and security groups a new
/// mount target gets. Config keys win; IMDSv2 fills the rest, asked only when needed.
struct AgentPlacement: Sendable {
    var settings: Configuration.EFS
    var imds: (any InstanceMetadata)?

    func availabilityZone() async throws(EFSHookError) -> String {
        if let zone = settings.availabilityZone { return zone }
        return try await metadata("efs.availabilityZone") { imds throws(EFSHookError) in try await imds.availabilityZone() }
    }

    /// The zone's ID: efs.availabilityZoneId, else instance metadata's, unless efs.availabilityZone
    /// alone is set (a host that names its zone is not asked). nil when unknown: mount targets
    /// are then matched by zone name, which is right within one account only.
    func availabilityZoneId() async -> String? {
        if let id = settings.availabilityZoneId { return id }
        guard settings.availabilityZone == nil, let imds else { return nil }
        return try? await imds.availabilityZoneId()
    }

    /// This agent's zone, by name and (when known) by ID.
    func zone() async throws(EFSHookError) -> AgentZone {
        AgentZone(name: try await availabilityZone(), id: await availabilityZoneId())
    }

    func subnetId() async throws(EFSHookError) -> String {
        if let subnet = settings.subnetId { return subnet }
        return try await metadata("efs.subnetId") { imds throws(EFSHookError) in try await imds.subnetId(mac: imds.mac()) }
    }

    /// nil lets EFS use the VPC's default security group, for hosts without instance metadata.
    func securityGroups() async throws(EFSHookError) -> [String]? {
        if let groups = settings.securityGroups { return groups }
        guard let imds else { return nil }
        do {
            return try await imds.securityGroupIds(mac: imds.mac())
        } catch  where error.isCode(.imdsDisabled) {
            return nil
        }
    }

    private func metadata<T: Sendable>(_ key: String, _ read: @Sendable (any InstanceMetadata) async throws(EFSHookError) -> T)
        async throws(EFSHookError) -> T
    {
        guard let imds else { throw EFSHookError.config("\(key) is not set and instance metadata is unavailable") }
        do {
            return try await read(imds)
        } catch {
            throw EFSHookError(
                error.kind, "\(key) is not set and instance metadata did not tell it: \(error.message)", code: error.code, cause: error)
        }
    }
}
