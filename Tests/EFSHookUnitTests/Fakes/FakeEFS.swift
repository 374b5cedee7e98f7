import Common
import Foundation

@testable import AWSClient

/// An in-memory `EFSAPI` that answers the way EFS does where the provider's logic depends on
/// it: one file system per creation token (a repeat gets `FileSystemAlreadyExists`), one
/// mount target per zone (a repeat gets `MountTargetConflict`), access points idempotent by
/// client token, new resources `creating` for a few describes, and throttling. It can also
/// play another agent winning a race between this agent's describe and its create.
actor FakeEFS: EFSAPI {
    /// Subnets and their zones; a mount target lands in its subnet's zone.
    var subnets = ["subnet-0a": "us-east-1a", "subnet-0b": "us-east-1b"]
    /// Describes a new resource answers `creating` to before it is `available`.
    var describesUntilAvailable = 0
    /// When set, new mount targets take this many describes instead (a slow mount target).
    var mountTargetDescribesUntilAvailable: Int?
    /// The next N calls fail with ThrottlingException, as an account over its rate would.
    var throttleNextCalls = 0
    /// Another agent creates the file system between this agent's describe and its create.
    var anotherAgentCreatesFileSystemFirst = false
    /// Another agent creates the zone's mount target between this agent's describe and its create.
    var anotherAgentCreatesMountTargetFirst = false
    /// FileSystemAlreadyExists without the file system's id, as moto answers (real EFS gives it).
    var omitsExistingId = false
    /// The role may not call CreateFileSystem (AccessDeniedException).
    var deniesCreateFileSystem = false
    /// Another agent's mount target lands in us-east-1a right after this agent's next
    /// DescribeMountTargets (the creator of the file system making it).
    var anotherAgentCreatesMountTargetAfterNextDescribe = false

    private(set) var fileSystems: [FileSystemDescription] = []
    private(set) var mountTargets: [MountTargetDescription] = []
    private(set) var accessPoints: [AccessPointDescription] = []
    /// Operation names in call order, throttled calls included.
    private(set) var calls: [String] = []
    /// The calls made with `RetryPolicy.urgent` set.
    private(set) var urgentCalls: [String] = []
    private var pendingDescribes: [String: Int] = [:]
    private var nextID = 0

    func set(_ change: @Sendable (isolated FakeEFS) -> Void) { change(self) }

    /// Everything still `creating` becomes `available` now.
    func finishCreating() {
        pendingDescribes = [:]
        for index in fileSystems.indices { fileSystems[index].lifeCycleState = .available }
        for index in mountTargets.indices { mountTargets[index].lifeCycleState = .available }
    }
    func count(_ operation: String) -> Int { calls.filter { $0 == operation }.count }

    /// A file system efs-hook did not make (another tenant's, or one made by hand), available
    /// at once, with `tags` as given. Returns its id; no call is logged.
    func addFileSystem(tags: [EFSTag] = []) -> String {
        let id = insertFileSystem(CreateFileSystemRequest(creationToken: "by-hand-\(nextID)", tags: tags)).fileSystemId
        pendingDescribes[id] = nil
        fileSystems[fileSystems.count - 1].lifeCycleState = .available
        return id
    }

    /// Makes a file system `seconds` older.
    func backdate(_ id: String, seconds: Double) {
        guard let index = fileSystems.firstIndex(where: { $0.fileSystemId == id }) else { return }
        fileSystems[index].creationTime = (fileSystems[index].creationTime ?? Date().timeIntervalSince1970) - seconds
    }

    /// Forgets the calls so far, so a test can count only what follows.
    func resetCalls() { calls = [] }

    /// A file system someone else made (REX-Ray, by hand): any token, tags and state, with
    /// `Name` answered the way DescribeFileSystems does. Returns its id.
    @discardableResult
    func addFileSystem(creationToken: String, tags: [EFSTag], state: LifeCycleState = .available) -> String {
        var fileSystem = insertFileSystem(CreateFileSystemRequest(creationToken: creationToken, tags: tags))
        fileSystem.lifeCycleState = state
        fileSystem.name = tags.first { $0.key == "Name" }?.value
        fileSystems[fileSystems.count - 1] = fileSystem
        pendingDescribes[fileSystem.fileSystemId] = nil
        return fileSystem.fileSystemId
    }

    // MARK: file systems

    func fileSystems(creationToken: String?, pageSize: Int?) async throws(EFSHookError) -> [FileSystemDescription] {
        try call("DescribeFileSystems")
        return fileSystems.filter { creationToken == nil || $0.creationToken == creationToken }.map(aged)
    }

    func fileSystem(id: String) async throws(EFSHookError) -> FileSystemDescription? {
        try call("DescribeFileSystems")
        return fileSystems.first { $0.fileSystemId == id }.map(aged)
    }

    func createFileSystem(_ request: CreateFileSystemRequest) async throws(EFSHookError) -> FileSystemCreation {
        try call("CreateFileSystem")
        if deniesCreateFileSystem {
            throw EFSHookError(
                .permissionDenied, "EFS CreateFileSystem failed: AccessDeniedException: HTTP 403", code: .accessDeniedException)
        }
        if anotherAgentCreatesFileSystemFirst {
            anotherAgentCreatesFileSystemFirst = false
            insertFileSystem(request)
        }
        if let existing = fileSystems.first(where: { $0.creationToken == request.creationToken }) {
            return .alreadyExists(fileSystemId: omitsExistingId ? nil : existing.fileSystemId)
        }
        return .created(insertFileSystem(request))
    }

    func putLifecycleConfiguration(fileSystemId: String, policies: [LifecyclePolicy]) async throws(EFSHookError) -> LifecycleConfiguration {
        try call("PutLifecycleConfiguration")
        return LifecycleConfiguration(lifecyclePolicies: policies)
    }

    func deleteFileSystem(id: String) async throws(EFSHookError) {
        try call("DeleteFileSystem")
        guard !mountTargets.contains(where: { $0.fileSystemId == id }) else {
            throw EFSHookError(.failure, "EFS DeleteFileSystem failed: FileSystemInUse", code: .fileSystemInUse)
        }
        fileSystems.removeAll { $0.fileSystemId == id }
    }

    // MARK: mount targets

    func mountTargets(fileSystemId: String, pageSize: Int?) async throws(EFSHookError) -> [MountTargetDescription] {
        try call("DescribeMountTargets")
        let answer = mountTargets.filter { $0.fileSystemId == fileSystemId }.map(aged)
        if anotherAgentCreatesMountTargetAfterNextDescribe {
            anotherAgentCreatesMountTargetAfterNextDescribe = false
            insertMountTarget(fileSystemId, subnet: "subnet-0a", zone: subnets["subnet-0a"])
        }
        return answer
    }

    func mountTarget(id: String) async throws(EFSHookError) -> MountTargetDescription? {
        try call("DescribeMountTargets")
        return mountTargets.first { $0.mountTargetId == id }.map(aged)
    }

    func createMountTarget(_ request: CreateMountTargetRequest) async throws(EFSHookError) -> MountTargetDescription {
        try call("CreateMountTarget")
        let zone = subnets[request.subnetId]
        if anotherAgentCreatesMountTargetFirst {
            anotherAgentCreatesMountTargetFirst = false
            insertMountTarget(request.fileSystemId, subnet: request.subnetId, zone: zone)
        }
        guard zone != nil else { throw EFSHookError(.failure, "EFS CreateMountTarget failed: SubnetNotFound", code: .subnetNotFound) }
        if let left = pendingDescribes[request.fileSystemId], left > 0 {
            throw EFSHookError(
                .failure, "EFS CreateMountTarget failed: IncorrectFileSystemLifeCycleState",
                code: .incorrectFileSystemLifeCycleState)
        }
        guard !mountTargets.contains(where: { $0.fileSystemId == request.fileSystemId && $0.availabilityZoneName == zone }) else {
            throw EFSHookError(.failure, "EFS CreateMountTarget failed: MountTargetConflict", code: .mountTargetConflict)
        }
        return insertMountTarget(request.fileSystemId, subnet: request.subnetId, zone: zone)
    }

    func deleteMountTarget(id: String) async throws(EFSHookError) {
        try call("DeleteMountTarget")
        mountTargets.removeAll { $0.mountTargetId == id }
    }

    // MARK: access points

    func accessPoints(fileSystemId: String, pageSize: Int?) async throws(EFSHookError) -> [AccessPointDescription] {
        try call("DescribeAccessPoints")
        return accessPoints.filter { $0.fileSystemId == fileSystemId }
    }

    func accessPoint(id: String) async throws(EFSHookError) -> AccessPointDescription? {
        try call("DescribeAccessPoints")
        return accessPoints.first { $0.accessPointId == id }
    }

    func createAccessPoint(_ request: CreateAccessPointRequest) async throws(EFSHookError) -> AccessPointDescription {
        try call("CreateAccessPoint")
        if let existing = accessPoints.first(where: { $0.clientToken == request.clientToken }) { return existing }
        let accessPoint = AccessPointDescription(
            accessPointId: "fsap-\(newID(17))", fileSystemId: request.fileSystemId, clientToken: request.clientToken,
            tags: request.tags, posixUser: request.posixUser, rootDirectory: request.rootDirectory, lifeCycleState: .available)
        accessPoints.append(accessPoint)
        return accessPoint
    }

    func deleteAccessPoint(id: String) async throws(EFSHookError) {
        try call("DeleteAccessPoint")
        accessPoints.removeAll { $0.accessPointId == id }
    }

    nonisolated func shutdown() async {}

    // MARK: plumbing

    private func call(_ operation: String) throws(EFSHookError) {
        calls.append(operation)
        if RetryPolicy.urgent { urgentCalls.append(operation) }
        guard throttleNextCalls == 0 else {
            throttleNextCalls -= 1
            throw EFSHookError(
                .temporary, "EFS \(operation) failed after 1 attempts: ThrottlingException: Rate exceeded", code: .throttling)
        }
    }

    @discardableResult
    private func insertFileSystem(_ request: CreateFileSystemRequest) -> FileSystemDescription {
        let fileSystem = FileSystemDescription(
            fileSystemId: "fs-\(newID(17))", creationToken: request.creationToken, lifeCycleState: .creating,
            name: request.tags?.first { $0.key == "Name" }?.value, creationTime: Date().timeIntervalSince1970,
            encrypted: request.encrypted, tags: request.tags)
        fileSystems.append(fileSystem)
        pendingDescribes[fileSystem.fileSystemId] = describesUntilAvailable
        return fileSystem
    }

    @discardableResult
    private func insertMountTarget(_ fileSystemId: String, subnet: String, zone: String?) -> MountTargetDescription {
        let target = MountTargetDescription(
            mountTargetId: "fsmt-\(newID(17))", fileSystemId: fileSystemId, subnetId: subnet, lifeCycleState: .creating,
            ipAddress: "10.0.0.\(mountTargets.count + 10)", availabilityZoneName: zone)
        mountTargets.append(target)
        pendingDescribes[target.mountTargetId] = mountTargetDescribesUntilAvailable ?? describesUntilAvailable
        return target
    }

    /// A resource answers `creating` until it has been described `describesUntilAvailable` times.
    private func aged(_ fileSystem: FileSystemDescription) -> FileSystemDescription {
        var copy = fileSystem
        copy.lifeCycleState = age(fileSystem.fileSystemId, fileSystem.lifeCycleState)
        copy.numberOfMountTargets = mountTargets.count { $0.fileSystemId == fileSystem.fileSystemId }
        return copy
    }

    private func aged(_ target: MountTargetDescription) -> MountTargetDescription {
        var copy = target
        copy.lifeCycleState = age(target.mountTargetId, target.lifeCycleState)
        return copy
    }

    private func age(_ id: String, _ state: LifeCycleState) -> LifeCycleState {
        guard let left = pendingDescribes[id] else { return state }
        guard left > 0 else {
            pendingDescribes[id] = nil
            if let index = fileSystems.firstIndex(where: { $0.fileSystemId == id }) { fileSystems[index].lifeCycleState = .available }
            if let index = mountTargets.firstIndex(where: { $0.mountTargetId == id }) { mountTargets[index].lifeCycleState = .available }
            return .available
        }
        pendingDescribes[id] = left - 1
        return .creating
    }

    private func newID(_ digits: Int) -> String {
        nextID += 1
        let hex = String(nextID, radix: 16)
        return String(repeating: "0", count: max(0, digits - hex.count)) + hex
    }
}
