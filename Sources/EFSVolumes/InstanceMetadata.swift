import AWSClient
import Common

/// What the EFS provider asks of EC2 instance metadata: where this agent sits. `IMDSClient`
/// answers it on EC2; unit tests answer from memory.
public protocol InstanceMetadata: Sendable {
    func availabilityZone() async throws(EFSHookError) -> String
    /// `placement/availability-zone-id`: the zone's ID, the same physical zone in every account.
    func availabilityZoneId() async throws(EFSHookError) -> String
    /// The primary network interface's MAC address.
    func mac() async throws(EFSHookError) -> String
    func subnetId(mac: String) async throws(EFSHookError) -> String
    func securityGroupIds(mac: String) async throws(EFSHookError) -> [String]
}

extension InstanceMetadata {
    public func availabilityZoneId() async throws(EFSHookError) -> String {
        throw EFSHookError(.failure, "instance metadata has no zone ID", code: .imdsNotFound)
    }
}

extension IMDSClient: InstanceMetadata {}
