import Foundation

// Request and response shapes of the EFS API (2015-02-01), limited to the fields efs-hook
// uses. Property names are the API's member names with a lower-case first letter; `EFSJSON`
// maps between the two. Unknown response fields are ignored.

/// A string enum that keeps values this build does not know (AWS adds new ones).
public protocol OpenStringEnum: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
where RawValue == String {
    init(rawValue: String)
}

extension OpenStringEnum {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public init(from decoder: any Decoder) throws { self.init(rawValue: try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
}

public struct LifeCycleState: OpenStringEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let creating: Self = "creating"
    public static let available: Self = "available"
    public static let updating: Self = "updating"
    public static let deleting: Self = "deleting"
    public static let deleted: Self = "deleted"
    public static let error: Self = "error"
}

public struct PerformanceMode: OpenStringEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let generalPurpose: Self = "generalPurpose"
    public static let maxIO: Self = "maxIO"
}

public struct ThroughputMode: OpenStringEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let bursting: Self = "bursting"
    public static let provisioned: Self = "provisioned"
    public static let elastic: Self = "elastic"
}

public struct EFSTag: Codable, Sendable, Hashable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

public struct CreateFileSystemRequest: Codable, Sendable, Equatable {
    /// 1–64 characters; the same token returns FileSystemAlreadyExists instead of a second file system.
    public var creationToken: String
    public var performanceMode: PerformanceMode?
    public var throughputMode: ThroughputMode?
    public var provisionedThroughputInMibps: Double?
    public var encrypted: Bool?
    public var kmsKeyId: String?
    /// Set for One Zone storage.
    public var availabilityZoneName: String?
    public var backup: Bool?
    public var tags: [EFSTag]?

    public init(
        creationToken: String, performanceMode: PerformanceMode? = nil, throughputMode: ThroughputMode? = nil,
        provisionedThroughputInMibps: Double? = nil, encrypted: Bool? = nil, kmsKeyId: String? = nil,
        availabilityZoneName: String? = nil, backup: Bool? = nil, tags: [EFSTag]? = nil
    ) {
        self.creationToken = creationToken
        self.performanceMode = performanceMode
        self.throughputMode = throughputMode
        self.provisionedThroughputInMibps = provisionedThroughputInMibps
        self.encrypted = encrypted
        self.kmsKeyId = kmsKeyId
        self.availabilityZoneName = availabilityZoneName
        self.backup = backup
        self.tags = tags
    }
}

public struct FileSystemDescription: Codable, Sendable, Equatable {
    public var fileSystemId: String
    public var creationToken: String
    public var lifeCycleState: LifeCycleState
    public var fileSystemArn: String?
    public var ownerId: String?
    public var name: String?
    public var numberOfMountTargets: Int?
    /// Seconds since 1970, as EFS's REST-JSON timestamps are.
    public var creationTime: Double?
    public var performanceMode: PerformanceMode?
    public var throughputMode: ThroughputMode?
    public var provisionedThroughputInMibps: Double?
    public var encrypted: Bool?
    public var kmsKeyId: String?
    public var availabilityZoneName: String?
    public var availabilityZoneId: String?
    public var tags: [EFSTag]?
}

public struct DescribeFileSystemsResponse: Codable, Sendable, Equatable {
    public var fileSystems: [FileSystemDescription]?
    public var nextMarker: String?
}

public struct CreateMountTargetRequest: Codable, Sendable, Equatable {
    public var fileSystemId: String
    public var subnetId: String
    /// Up to 5; the VPC's default group when nil.
    public var securityGroups: [String]?
    public var ipAddress: String?

    public init(fileSystemId: String, subnetId: String, securityGroups: [String]? = nil, ipAddress: String? = nil) {
        self.fileSystemId = fileSystemId
        self.subnetId = subnetId
        self.securityGroups = securityGroups
        self.ipAddress = ipAddress
    }
}

public struct MountTargetDescription: Codable, Sendable, Equatable {
    public var mountTargetId: String
    public var fileSystemId: String
    public var subnetId: String
    public var lifeCycleState: LifeCycleState
    public var ipAddress: String?
    public var availabilityZoneName: String?
    public var availabilityZoneId: String?
    public var networkInterfaceId: String?
    public var vpcId: String?
    public var ownerId: String?
}

public struct DescribeMountTargetsResponse: Codable, Sendable, Equatable {
    public var mountTargets: [MountTargetDescription]?
    public var nextMarker: String?
}

public struct PosixUser: Codable, Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    public var secondaryGids: [UInt32]?

    public init(uid: UInt32, gid: UInt32, secondaryGids: [UInt32]? = nil) {
        self.uid = uid
        self.gid = gid
        self.secondaryGids = secondaryGids
    }
}

public struct CreationInfo: Codable, Sendable, Equatable {
    public var ownerUid: UInt32
    public var ownerGid: UInt32
    /// Octal, e.g. `0755`.
    public var permissions: String

    public init(ownerUid: UInt32, ownerGid: UInt32, permissions: String) {
        self.ownerUid = ownerUid
        self.ownerGid = ownerGid
        self.permissions = permissions
    }
}

public struct RootDirectory: Codable, Sendable, Equatable {
    public var path: String?
    /// EFS creates `path` with these owners and permissions when it does not exist.
    public var creationInfo: CreationInfo?

    public init(path: String? = nil, creationInfo: CreationInfo? = nil) {
        self.path = path
        self.creationInfo = creationInfo
    }
}

public struct CreateAccessPointRequest: Codable, Sendable, Equatable {
    /// Idempotency token (1–64 characters).
    public var clientToken: String
    public var fileSystemId: String
    public var posixUser: PosixUser?
    public var rootDirectory: RootDirectory?
    public var tags: [EFSTag]?

    public init(
        clientToken: String, fileSystemId: String, posixUser: PosixUser? = nil, rootDirectory: RootDirectory? = nil,
        tags: [EFSTag]? = nil
    ) {
        self.clientToken = clientToken
        self.fileSystemId = fileSystemId
        self.posixUser = posixUser
        self.rootDirectory = rootDirectory
        self.tags = tags
    }
}

public struct AccessPointDescription: Codable, Sendable, Equatable {
    public var accessPointId: String
    public var fileSystemId: String
    public var accessPointArn: String?
    public var clientToken: String?
    public var name: String?
    public var tags: [EFSTag]?
    public var posixUser: PosixUser?
    public var rootDirectory: RootDirectory?
    public var lifeCycleState: LifeCycleState?
    public var ownerId: String?
}

public struct DescribeAccessPointsResponse: Codable, Sendable, Equatable {
    public var accessPoints: [AccessPointDescription]?
    public var nextToken: String?
}

public struct LifecyclePolicy: Codable, Sendable, Equatable {
    /// `AFTER_1_DAY` … `AFTER_365_DAYS`.
    public var transitionToIA: String?
    /// `AFTER_1_ACCESS`.
    public var transitionToPrimaryStorageClass: String?
    public var transitionToArchive: String?

    public init(transitionToIA: String? = nil, transitionToPrimaryStorageClass: String? = nil, transitionToArchive: String? = nil) {
        self.transitionToIA = transitionToIA
        self.transitionToPrimaryStorageClass = transitionToPrimaryStorageClass
        self.transitionToArchive = transitionToArchive
    }
}

struct PutLifecycleConfigurationBody: Codable, Sendable {
    var lifecyclePolicies: [LifecyclePolicy]
}

public struct LifecycleConfiguration: Codable, Sendable, Equatable {
    public var lifecyclePolicies: [LifecyclePolicy]?
}

/// JSON with the API's member names: `FileSystemId` ↔ `fileSystemId`.
enum EFSJSON {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .custom { path in
            let name = path.last?.stringValue ?? ""
            return Key(stringValue: name.prefix(1).uppercased() + name.dropFirst())
        }
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            let name = path.last?.stringValue ?? ""
            return Key(stringValue: name.prefix(1).lowercased() + name.dropFirst())
        }
        return decoder
    }
}
