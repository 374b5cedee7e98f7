import AWSClient

/// This agent's availability zone: its name (`us-east-1a`, which maps to a different physical
/// zone in each account) and, when known, its ID (`use1-az4`, the same everywhere).
struct AgentZone: Sendable, Equatable {
    var name: String
    var id: String?

    /// The mount target in this zone among `targets`: by ID when both sides have one (the
    /// only match that holds across accounts), else by name. EFS allows one per zone.
    func target(among targets: [MountTargetDescription]) -> MountTargetDescription? {
        if let id, targets.contains(where: { $0.availabilityZoneId != nil }) {
            return targets.first { $0.availabilityZoneId == id }
        }
        return targets.first { $0.availabilityZoneName == name }
    }

    var description: String { id.map { "\(name) (\($0))" } ?? name }
}
