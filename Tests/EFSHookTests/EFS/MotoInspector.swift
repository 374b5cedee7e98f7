import Common
import Foundation

/// Reads (and, for fixtures, writes) moto's EFS state with boto3, straight to moto: never
/// through the proxy, so inspecting never shows up in the proxy's counts.
struct MotoInspector: Sendable {
    let port: Int

    /// What `Tests/Helpers/aws_moto_server.py --subnets REGION` prints.
    struct Network: Decodable, Sendable {
        struct Subnet: Decodable, Sendable {
            var subnetId: String
            var availabilityZone: String
        }
        var vpcId: String
        var securityGroupId: String
        var subnets: [Subnet]
    }

    struct MountTarget: Decodable, Sendable {
        var MountTargetId: String
        var FileSystemId: String
        var SubnetId: String
        var AvailabilityZoneName: String?
        var IpAddress: String?
        var LifeCycleState: String
    }

    struct PosixUser: Decodable, Sendable, Equatable {
        var Uid: Int
        var Gid: Int
    }

    struct CreationInfo: Decodable, Sendable, Equatable {
        var OwnerUid: Int
        var OwnerGid: Int
        var Permissions: String
    }

    struct RootDirectory: Decodable, Sendable, Equatable {
        var Path: String?
        var CreationInfo: CreationInfo?
    }

    struct AccessPoint: Decodable, Sendable {
        var AccessPointId: String
        var FileSystemId: String
        var ClientToken: String?
        var PosixUser: PosixUser?
        var RootDirectory: RootDirectory?
        var Tags: [String: String]
    }

    struct FileSystem: Decodable, Sendable {
        var FileSystemId: String
        var CreationToken: String
        var Encrypted: Bool?
        var LifeCycleState: String
        var Tags: [String: String]
        var MountTargets: [MountTarget]
        var AccessPoints: [AccessPoint]
        /// How many file systems moto lists for this file system's creation token.
        var SameTokenCount: Int
    }

    struct Snapshot: Decodable, Sendable {
        var fileSystems: [FileSystem]

        /// File systems tagged by efs-hook for this cluster (and volume, if given).
        func owned(cluster: String, volume: String? = nil) -> [FileSystem] {
            fileSystems.filter {
                $0.Tags["efs-hook:cluster"] == cluster && (volume == nil || $0.Tags["efs-hook:volume"] == volume)
            }
        }

        func fileSystem(_ id: String) -> FileSystem? { fileSystems.first { $0.FileSystemId == id } }
    }

    struct Created: Decodable, Sendable {
        var fileSystemId: String
        var mountTarget: MountTarget?
    }

    /// Everything moto holds for EFS in us-east-1: file systems with their tags, mount
    /// targets and access points.
    func snapshot() async throws -> Snapshot { try await run(["snapshot"]) }

    /// A file system efs-hook did not make (tagged only with `Name`), optionally with a
    /// mount target in `mountTargetSubnet`.
    func createFileSystem(token: String, mountTargetSubnet: String? = nil) async throws -> Created {
        try await run(["create-fs", token] + (mountTargetSubnet.map { [$0] } ?? []))
    }

    /// A file system made the way libStorage makes it (`generation` "current" or "0.5"; any other
    /// value is the creation token of one made by hand), with
    /// a mount target in `subnet`.
    func createREXRay(tag: String, name: String, generation: String, subnet: String) async throws -> Created {
        try await run(["create-rexray", tag, name, generation, subnet])
    }

    /// libStorage's create of a new volume, racing whoever else creates it.
    func raceREXRay(tag: String, name: String) async throws -> String? {
        struct Raced: Decodable { var fileSystemId: String? }
        return (try await run(["race-rexray", tag, name]) as Raced).fileSystemId
    }

    /// Deletes a file system and its mount targets behind efs-hook's back.
    func deleteFileSystem(_ id: String) async throws {
        struct Deleted: Decodable { var deleted: String }
        _ = try await run(["delete-fs", id]) as Deleted
    }

    /// moto's IAM enforcement: after `count` more requests every request is authenticated
    /// ("inf" switches it off again). Global to the moto server.
    /// CloudWatch `ClientConnections` of `fileSystemId`: `value` at each of `hoursAgo`.
    func putConnections(_ fileSystemId: String, value: Double, hoursAgo: [Double]) async throws {
        struct Put: Decodable { var put: Int }
        let _: Put = try await run(["put-connections", fileSystemId, String(value)] + hoursAgo.map { String($0) })
    }

    func resetAuth(_ count: String) async throws {
        struct OK: Decodable { var status: String }
        _ = try await run(["reset-auth", count]) as OK
    }

    /// Runs Tests/Helpers/moto_inspect.py (TEST-ONLY) against moto and decodes its JSON answer.
    func run<T: Decodable>(_ arguments: [String]) async throws -> T {
        let run = try await ProcessRunner.python("moto_inspect.py", [String(port)] + arguments)
        guard run.status == 0 else {
            throw EFSHookError(.failure, "moto inspector \(arguments) failed (\(run.status)): \(run.stderr.suffix(3000))")
        }
        return try JSONDecoder().decode(T.self, from: run.stdoutData)
    }
}
