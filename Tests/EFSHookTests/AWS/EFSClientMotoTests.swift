import Common
import Foundation
import Testing

@testable import AWSClient

/// One moto server for the whole suite, on a free port, stopped when the suite ends.
struct MotoServerScope: SuiteTrait, TestScoping {
    @TaskLocal static var port: Int?

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let process = try ScriptProcess(script: "aws_moto_server.py")
        defer { process.stop() }
        let port = try await process.port()
        try await Self.$port.withValue(port) { try await function() }
    }
}

struct DefaultNetwork: Decodable {
    struct Subnet: Decodable {
        var subnetId: String
        var availabilityZone: String
    }
    var vpcId: String
    var securityGroupId: String
    var subnets: [Subnet]
}

@Suite("EFS client against moto", MotoServerScope())
struct AWSEFSClientMotoTests {
    let events = EventRecorder()

    func withClient<T>(region: String = "us-east-1", _ body: (EFSClient) async throws -> T) async throws -> T {
        let port = try #require(MotoServerScope.port)
        let client = try EFSClient(
            environment: isolatedEnvironment([
                "AWS_ACCESS_KEY_ID": "AKIDMOTO", "AWS_SECRET_ACCESS_KEY": "motosecret", "AWS_REGION": region,
                "AWS_ENDPOINT_URL_EFS": "http://127.0.0.1:\(port)",
            ]),
            options: .init(observer: events.observer, retry: RetryPolicy(sleep: SleepRecorder().policySleep)))
        let result = await Result(catching: { try await body(client) })
        await client.shutdown()
        return try result.get()
    }

    func defaultNetwork(region: String) async throws -> DefaultNetwork {
        let port = try #require(MotoServerScope.port)
        let run = try await ProcessRunner.python("aws_moto_server.py", ["--subnets", region, "--port", String(port)])
        try #require(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode(DefaultNetwork.self, from: run.stdoutData)
    }

    static func token(_ name: String) -> String { "\(name)-\(UUID().uuidString.prefix(8))" }

    @Test("create, describe, FileSystemAlreadyExists, ensure, lifecycle, tags, delete")
    func fileSystemLifecycle() async throws {
        let token = Self.token("fs")
        try await withClient { efs in
            let request = CreateFileSystemRequest(
                creationToken: token, performanceMode: .generalPurpose, throughputMode: .elastic, encrypted: true,
                backup: false, tags: [EFSTag(key: "Name", value: "efs-hook/\(token)")])
            let created = try #require(try await efs.createFileSystem(request).created)
            #expect(created.fileSystemId.hasPrefix("fs-"))
            #expect(created.creationToken == token)
            #expect(created.lifeCycleState == .available)
            #expect(created.encrypted == true)
            #expect(created.throughputMode == .elastic)
            #expect(created.tags?.contains(EFSTag(key: "Name", value: "efs-hook/\(token)")) == true)

            // moto leaves the id out of FileSystemAlreadyExists (real EFS gives it); ensure then describes.
            #expect(try await efs.createFileSystem(request) == .alreadyExists(fileSystemId: nil))

            let ensured = try await efs.ensureFileSystem(request)
            #expect(ensured.created == false)
            #expect(ensured.fileSystemId == created.fileSystemId)
            #expect(ensured.description?.creationToken == token)

            #expect(try await efs.fileSystem(creationToken: token)?.fileSystemId == created.fileSystemId)
            #expect(try await efs.fileSystem(id: created.fileSystemId)?.creationToken == token)
            #expect(try await efs.fileSystem(creationToken: Self.token("absent")) == nil)

            let lifecycle = try await efs.putLifecycleConfiguration(
                fileSystemId: created.fileSystemId, policies: [LifecyclePolicy(transitionToIA: "AFTER_30_DAYS")])
            #expect(lifecycle.lifecyclePolicies?.first?.transitionToIA == "AFTER_30_DAYS")

            try await efs.deleteFileSystem(id: created.fileSystemId)
            #expect(try await efs.fileSystem(id: created.fileSystemId) == nil)
        }
        let codes = events.events.current.compactMap(\.errorCode)
        #expect(codes.contains("FileSystemAlreadyExists"))
        #expect(codes.contains("FileSystemNotFound"))
        #expect(events.events.current.allSatisfy { $0.attempt == 1 }, "nothing here is retried")
    }

    @Test("ensureFileSystem creates when missing")
    func ensureCreates() async throws {
        try await withClient { efs in
            let ensured = try await efs.ensureFileSystem(CreateFileSystemRequest(creationToken: Self.token("ensure")))
            #expect(ensured.created)
            try await efs.deleteFileSystem(id: ensured.fileSystemId)
        }
    }

    @Test("pagination with Marker walks every page")
    func pagination() async throws {
        // A region of its own, so no other test's file systems show up.
        try await withClient(region: "eu-west-3") { efs in
            var ids: [String] = []
            for _ in 0..<5 {
                ids.append(try #require(try await efs.createFileSystem(.init(creationToken: Self.token("page"))).created).fileSystemId)
            }
            let firstPage = try await efs.describeFileSystems(maxItems: 2)
            #expect(firstPage.fileSystems?.count == 2)
            #expect(firstPage.nextMarker != nil)
            let all = try await efs.fileSystems(pageSize: 2)
            #expect(Set(all.map(\.fileSystemId)) == Set(ids))
            #expect(all.count == 5)
            for id in ids { try await efs.deleteFileSystem(id: id) }
        }
        #expect(events.events.current.filter { $0.operation == "DescribeFileSystems" }.count == 4)
    }

    @Test("mount target in a default-VPC subnet; one per zone; the file system is in use until it goes")
    func mountTargets() async throws {
        let network = try await defaultNetwork(region: "us-east-1")
        let subnet = try #require(network.subnets.first)
        try await withClient { efs in
            let fs = try #require(try await efs.createFileSystem(.init(creationToken: Self.token("mt"))).created)
            let target = try await efs.createMountTarget(
                .init(fileSystemId: fs.fileSystemId, subnetId: subnet.subnetId, securityGroups: [network.securityGroupId]))
            #expect(target.mountTargetId.hasPrefix("fsmt-"))
            #expect(target.subnetId == subnet.subnetId)
            #expect(target.availabilityZoneName == subnet.availabilityZone)
            #expect(target.ipAddress != nil)

            let listed = try await efs.mountTargets(fileSystemId: fs.fileSystemId)
            #expect(listed.map(\.mountTargetId) == [target.mountTargetId])
            #expect(try await efs.describeMountTargets(mountTargetId: target.mountTargetId).mountTargets?.count == 1)

            let conflict = await #expect(throws: EFSHookError.self) {
                try await efs.createMountTarget(.init(fileSystemId: fs.fileSystemId, subnetId: subnet.subnetId))
            }
            #expect(conflict?.code == .mountTargetConflict)

            let inUse = await #expect(throws: EFSHookError.self) { try await efs.deleteFileSystem(id: fs.fileSystemId) }
            #expect(inUse?.code == .fileSystemInUse)

            try await efs.deleteMountTarget(id: target.mountTargetId)
            #expect(try await efs.mountTargets(fileSystemId: fs.fileSystemId).isEmpty)
            try await efs.deleteFileSystem(id: fs.fileSystemId)
        }
    }

    @Test("access points: POSIX user, root directory creation info, tags, describe, delete")
    func accessPoints() async throws {
        try await withClient { efs in
            let fs = try #require(try await efs.createFileSystem(.init(creationToken: Self.token("ap"))).created)
            let clientToken = Self.token("vol")
            let created = try await efs.createAccessPoint(
                .init(
                    clientToken: clientToken, fileSystemId: fs.fileSystemId, posixUser: PosixUser(uid: 50001, gid: 50001),
                    rootDirectory: RootDirectory(
                        path: "/volumes/data", creationInfo: CreationInfo(ownerUid: 50001, ownerGid: 50001, permissions: "0755")),
                    tags: [EFSTag(key: "Name", value: "data")]))
            #expect(created.accessPointId.hasPrefix("fsap-"))
            #expect(created.fileSystemId == fs.fileSystemId)
            #expect(created.posixUser == PosixUser(uid: 50001, gid: 50001))
            #expect(created.rootDirectory?.path == "/volumes/data")
            #expect(created.rootDirectory?.creationInfo?.permissions == "0755")
            #expect(created.clientToken == clientToken)

            #expect(try await efs.accessPoints(fileSystemId: fs.fileSystemId).map(\.accessPointId) == [created.accessPointId])
            #expect(try await efs.accessPoint(id: created.accessPointId)?.rootDirectory?.creationInfo?.ownerUid == 50001)

            try await efs.deleteAccessPoint(id: created.accessPointId)
            #expect(try await efs.accessPoint(id: created.accessPointId) == nil)
            #expect(try await efs.accessPoints(fileSystemId: fs.fileSystemId).isEmpty)
            try await efs.deleteFileSystem(id: fs.fileSystemId)
        }
    }

    @Test("errors carry the EFS code: FileSystemNotFound on delete, SubnetNotFound")
    func notFound() async throws {
        try await withClient { efs in
            let missing = await #expect(throws: EFSHookError.self) { try await efs.deleteFileSystem(id: "fs-0000000000000000f") }
            #expect(missing?.code == .fileSystemNotFound)
            #expect(missing?.kind == .failure)
            let fs = try #require(try await efs.createFileSystem(.init(creationToken: Self.token("subnet"))).created)
            let subnet = await #expect(throws: EFSHookError.self) {
                try await efs.createMountTarget(.init(fileSystemId: fs.fileSystemId, subnetId: "subnet-00000000000000000"))
            }
            #expect(subnet?.code == .subnetNotFound)
            try await efs.deleteFileSystem(id: fs.fileSystemId)
        }
    }
}

extension FileSystemCreation {
    /// The new file system's description; nil when it already existed.
    fileprivate var created: FileSystemDescription? {
        if case .created(let description) = self { return description }
        return nil
    }
}
