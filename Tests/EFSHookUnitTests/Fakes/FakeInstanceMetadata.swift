import Common

@testable import AWSClient
@testable import EFSVolumes

/// In-memory EC2 instance metadata: the placement an agent would read, or the error a host
/// without (or with disabled) instance metadata gives. Counts what was asked.
actor FakeInstanceMetadata: InstanceMetadata {
    var zone = "us-east-1b"
    var macAddress = "0a:1b:2c:3d:4e:5f"
    var subnets = ["0a:1b:2c:3d:4e:5f": "subnet-0b"]
    var securityGroups = ["0a:1b:2c:3d:4e:5f": ["sg-0fedcba9876543210"]]
    /// Every call fails with this, when set.
    var failure: EFSHookError?
    private(set) var asked: [String] = []

    func set(_ change: @Sendable (isolated FakeInstanceMetadata) -> Void) { change(self) }

    func availabilityZone() async throws(EFSHookError) -> String {
        try answer("availability-zone") { zone }
    }

    func mac() async throws(EFSHookError) -> String {
        try answer("mac") { macAddress }
    }

    func subnetId(mac: String) async throws(EFSHookError) -> String {
        try answer("subnet-id") { subnets[mac] }
    }

    func securityGroupIds(mac: String) async throws(EFSHookError) -> [String] {
        try answer("security-group-ids") { securityGroups[mac] }
    }

    private func answer<T>(_ path: String, _ value: () -> T?) throws(EFSHookError) -> T {
        asked.append(path)
        if let failure { throw failure }
        guard let value = value() else {
            throw EFSHookError(.failure, "instance metadata has no \(path)", code: .imdsNotFound)
        }
        return value
    }
}
