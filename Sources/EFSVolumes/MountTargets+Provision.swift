import AWSClient
import Common

/// `efs-hook provision`: a mount target in every configured subnet, all created before any
/// waiting and then waited for together.
extension MountTargets {
    /// Mount targets in every subnet of `subnets` (empty: this agent's zone), created first,
    /// then waited for together. Returns the file system's mount targets and the ids created.
    /// `newFileSystem`: EFS's answers so far show it has none, so they are not asked for.
    func ensureAll(
        _ fileSystemId: String, subnets: [String], creating: Bool, newFileSystem: Bool, progress: @Sendable (String) -> Void
    ) async throws(EFSHookError) -> ([MountTargetDescription], [String]) {
        // No subnets: this agent's zone is covered by any mount target in it, whatever its subnet.
        let zone = subnets.isEmpty ? try await placement.availabilityZone() : nil
        var targets = newFileSystem ? [] : try await api.mountTargets(fileSystemId: fileSystemId)
        var created: [String] = []
        var securityGroups: [String]??
        func covered(_ subnet: String?) -> Bool {
            targets.contains { $0.subnetId == subnet || (zone != nil && $0.availabilityZoneName == zone) }
        }
        for configured in zone == nil ? subnets.map(Optional.some) : [nil] where !covered(configured) {
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
            if let target = try await create(request) {
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

    /// Every mount target not yet available, polled together; one progress line per target
    /// and round, and one for each once all are available.
    func waitForAll(_ targets: [MountTargetDescription], progress: @Sendable (String) -> Void) async throws(EFSHookError)
        -> [MountTargetDescription]
    {
        let available = try await withoutActuallyEscaping(progress) { progress async throws(EFSHookError) in
            let watch = AvailabilityWaiter.Watch<MountTargetDescription>(
                state: { $0.lifeCycleState }, label: { "mount target \($0.mountTargetId)" }, place: Self.place,
                poll: { [api] target throws(EFSHookError) in try await api.mountTarget(id: target.mountTargetId) },
                advice: "AWS goes on creating it; run provision again",
                progress: progress)
            return try await waiter.waitForAll(targets, watch)
        }
        for target in available { progress("\(Self.place(target)): available, \(target.ipAddress ?? "no address")") }
        return available
    }

    static func place(_ target: MountTargetDescription) -> String {
        "mount target \(target.mountTargetId) in \(target.availabilityZoneName ?? target.subnetId)"
    }
}
