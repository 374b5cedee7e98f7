import AWSClient
import Common

/// What the EFS provider asks of EC2 instance metadata: where this agent sits. `IMDSClient`
/// answers it on EC2; unit tests answer from memory.
public protocol InstanceMetadata: Sendable {
    func availabilityZone() async throws(EFSHookError) -> String
    /// The primary network interface's MAC address.
    func mac() async throws(EFSHookError) -> String
    func subnetId(mac: String) async throws(EFSHookError) -> String
    func securityGroupIds(mac: String) async throws(EFSHookError) -> [String]
}

extension IMDSClient: InstanceMetadata {}
