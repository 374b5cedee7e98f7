import Common
import EFSHookCore
import VolumeModel

extension VolumeDriver {
    /// The volume's definition; as driver `rexray`, also one REX-Ray made. REX-Ray's Docker
    /// volumes live in EFS, not in efs-hook's definitions: after the switch dockerd still knows
    /// them by name and asks Get before it mounts. One EFS has (found with libStorage's naming)
    /// is defined here on first sight. A name EFS does not have stays unknown, because dockerd
    /// asks every driver about names it has never seen and must not find them all here.
    func definitionAdoptingREXRay(_ name: String) async throws(EFSHookError) -> VolumeDefinition? {
        if let known = try executor.definition(name) { return known }
        guard naming == .rexray, let administration = executor.provider.administration else { return nil }
        let request = VolumeRequest(name: name, driver: driverName, containerPath: "/", readOnly: false, origin: .direct)
        guard try await administration.inspect(request).fileSystemId != nil else { return nil }
        logger.notice("defining a volume REX-Ray made", metadata: ["volume": "\(name)"])
        return try executor.define(name, options: VolumeOptions())
    }
}
