import Common
import Foundation

/// Reads (and, for fixtures, writes) moto's EFS state with boto3, straight to moto: never
/// through the proxy, so inspecting never shows up in the proxy's counts.
struct MotoInspector: Sendable {
    let port: Int

    /// What `scripts/aws_moto_server.py --subnets REGION` prints.
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

    /// moto's IAM enforcement: after `count` more requests every request is authenticated
    /// ("inf" switches it off again). Global to the moto server.
    func resetAuth(_ count: String) async throws {
        struct OK: Decodable { var status: String }
        _ = try await run(["reset-auth", count]) as OK
    }

    func run<T: Decodable>(_ arguments: [String]) async throws -> T {
        let port = self.port
        let (status, stdout, stderr) = try await offPool { () throws -> (Int32, Data, String) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", Self.script, String(port)] + arguments
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let errors = Locked(Data())
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) {
                let data = err.fileHandleForReading.readDataToEndOfFile()
                errors.withLock { $0 = data }
            }
            let output = out.fileHandleForReading.readDataToEndOfFile()
            group.wait()
            process.waitUntilExit()
            return (process.terminationStatus, output, String(decoding: errors.current, as: UTF8.self))
        }
        guard status == 0 else {
            throw EFSHookError(.failure, "moto inspector \(arguments) failed (\(status)): \(stderr.suffix(3000))")
        }
        return try JSONDecoder().decode(T.self, from: stdout)
    }

    static let script = #"""
import json, sys, urllib.request
import boto3

port, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
url = f"http://127.0.0.1:{port}"

def client(service):
    return boto3.client(service, region_name="us-east-1", endpoint_url=url,
                        aws_access_key_id="testing", aws_secret_access_key="testing")

def tags(items):
    return {t["Key"]: t["Value"] for t in items or []}

def mount_target(mt):
    keys = ("MountTargetId", "FileSystemId", "SubnetId", "AvailabilityZoneName", "IpAddress", "LifeCycleState")
    return {k: mt.get(k) for k in keys}

out = None
if command == "snapshot":
    efs = client("efs")
    systems = []
    for page in efs.get_paginator("describe_file_systems").paginate():
        systems += page["FileSystems"]
    result = []
    for fs in systems:
        fid = fs["FileSystemId"]
        mts = efs.describe_mount_targets(FileSystemId=fid)["MountTargets"]
        aps = efs.describe_access_points(FileSystemId=fid)["AccessPoints"]
        same = efs.describe_file_systems(CreationToken=fs["CreationToken"])["FileSystems"]
        result.append({
            "FileSystemId": fid, "CreationToken": fs["CreationToken"], "Encrypted": fs.get("Encrypted"),
            "LifeCycleState": fs["LifeCycleState"], "Tags": tags(fs.get("Tags")),
            "MountTargets": [mount_target(mt) for mt in mts],
            "AccessPoints": [{
                "AccessPointId": ap["AccessPointId"], "FileSystemId": ap["FileSystemId"],
                "ClientToken": ap.get("ClientToken"), "PosixUser": ap.get("PosixUser"),
                "RootDirectory": ap.get("RootDirectory"), "Tags": tags(ap.get("Tags")),
            } for ap in aps],
            "SameTokenCount": len(same),
        })
    out = {"fileSystems": result}
elif command == "create-fs":
    efs = client("efs")
    fs = efs.create_file_system(CreationToken=args[0], Encrypted=True,
                                Tags=[{"Key": "Name", "Value": "test-owned/" + args[0]}])
    out = {"fileSystemId": fs["FileSystemId"]}
    if len(args) > 1:
        out["mountTarget"] = mount_target(efs.create_mount_target(FileSystemId=fs["FileSystemId"], SubnetId=args[1]))
elif command == "reset-auth":
    request = urllib.request.Request(url + "/moto-api/reset-auth", data=args[0].encode(), method="POST",
                                     headers={"Content-Type": "text/plain"})
    out = json.loads(urllib.request.urlopen(request).read())
else:
    sys.exit(f"unknown command {command}")
json.dump(out, sys.stdout, default=str)
"""#
}
