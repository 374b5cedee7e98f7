import AWSClient

/// What the EFS provider asks of EC2 instance metadata: where this agent sits. `IMDSClient`
/// answers it on EC2; unit tests answer from memory.
public protocol InstanceMetadata: Sendable {
    func availabilityZone() async throws -> String
    /// The primary network interface's MAC address.
    func mac() async throws -> String
    func subnetId(mac: String) async throws -> String
    func securityGroupIds(mac: String) async throws -> [String]
}

extension IMDSClient: InstanceMetadata {}
