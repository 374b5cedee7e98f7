/// The allow-list of per-volume options, with the type each value must have.
/// `README.md` documents each one; keep the two in step.
public enum VolumeOption: String, CaseIterable, Sendable {
    case provisioning
    case fileSystemId
    case accessPointId
    case performanceMode
    case throughputMode
    case provisionedThroughputInMibps
    case encrypted
    case kmsKeyId
    case availabilityZoneName
    case transitionToIA
    case backup
    case uid
    case gid
    case directoryPerms
    case path
    case tls
    case iam
    case reclaim

    static func lookup(_ key: String) -> VolumeOption? {
        let lowered = key.lowercased()
        return allCases.first { $0.rawValue.lowercased() == lowered }
    }

    public var kind: OptionKind {
        switch self {
        case .provisioning: return .oneOf(Provisioning.allCases.map(\.rawValue))
        case .fileSystemId: return .identifier(prefix: "fs-")
        case .accessPointId: return .accessPointId
        case .performanceMode: return .oneOf(["generalPurpose", "maxIO"])
        case .throughputMode: return .oneOf(["bursting", "provisioned", "elastic"])
        case .provisionedThroughputInMibps: return .integer(1...10_240)
        case .encrypted, .backup, .tls, .iam: return .boolean
        case .kmsKeyId: return .awsText
        case .availabilityZoneName: return .availabilityZone
        case .transitionToIA:
            return .oneOf([
                "AFTER_1_DAY", "AFTER_7_DAYS", "AFTER_14_DAYS", "AFTER_30_DAYS", "AFTER_60_DAYS",
                "AFTER_90_DAYS", "AFTER_180_DAYS", "AFTER_270_DAYS", "AFTER_365_DAYS",
            ])
        case .uid, .gid: return .integer(0...4_294_967_294)
        case .directoryPerms: return .octalMode
        case .path: return .accessPointPath
        case .reclaim: return .oneOf(["retain", "delete"])
        }
    }
}

/// The value types of volume options. `normalize` returns nil for an invalid value.
public enum OptionKind: Sendable {
    case oneOf([String])
    case boolean
    case integer(ClosedRange<Int>)
    case identifier(prefix: String)
    /// `fsap-` and exactly 17 hex digits: what real ids are, and all efs-utils' mount.efs accepts.
    case accessPointId
    case awsText
    case availabilityZone
    /// `us-east-1`, `us-gov-west-1`: never a zone (`us-east-1a`).
    case region
    case octalMode
    case accessPointPath

    public var expectation: String {
        switch self {
        case .oneOf(let choices): return "one of " + choices.joined(separator: "|")
        case .boolean: return "true or false"
        case .integer(let range): return "an integer from \(range.lowerBound) to \(range.upperBound)"
        case .identifier(let prefix): return "\(prefix) followed by 8 to 40 lowercase hex digits"
        case .accessPointId: return "fsap- followed by 17 lowercase hex digits"
        case .awsText: return "an id or ARN of letters, digits and :/_.-"
        case .availabilityZone: return "an availability zone name such as us-east-1a"
        case .region: return "a region name such as us-east-1 (not a zone)"
        case .octalMode: return "an octal mode such as 0755"
        case .accessPointPath: return "an absolute path of letters, digits and /_.- without \"..\", at most 100 bytes"
        }
    }

    public func normalize(_ value: String) -> String? {
        switch self {
        case .oneOf(let choices):
            return choices.first { $0.lowercased() == value.lowercased() }
        case .boolean:
            switch value.lowercased() {
            case "true", "yes", "1", "on": return "true"
            case "false", "no", "0", "off": return "false"
            default: return nil
            }
        case .integer(let range):
            guard value.utf8.count <= 12, value.utf8.allSatisfy(Self.isDigit), let number = Int(value),
                range.contains(number)
            else { return nil }
            return String(number)
        case .identifier(let prefix):
            guard value.hasPrefix(prefix) else { return nil }
            let hex = value.utf8.dropFirst(prefix.utf8.count)
            guard (8...40).contains(hex.count), hex.allSatisfy(Self.isLowerHex) else { return nil }
            return value
        case .accessPointId:
            guard value.hasPrefix("fsap-") else { return nil }
            let hex = value.utf8.dropFirst(5)
            return hex.count == 17 && hex.allSatisfy(Self.isLowerHex) ? value : nil
        case .awsText:
            guard (1...2048).contains(value.utf8.count), value.utf8.allSatisfy(Self.isAWSTextByte) else { return nil }
            return value
        case .availabilityZone:
            let parts = value.split(separator: "-", omittingEmptySubsequences: false)
            guard (3...5).contains(parts.count), value.utf8.count <= 32,
                parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { Self.isDigit($0) || ($0 >= 0x61 && $0 <= 0x7A) } })
            else { return nil }
            return value
        case .region:
            let parts = value.split(separator: "-", omittingEmptySubsequences: false)
            guard (3...4).contains(parts.count), value.utf8.count <= 32, let number = parts.last,
                number.utf8.allSatisfy(Self.isDigit),
                parts.dropLast().allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A } })
            else { return nil }
            return number.isEmpty ? nil : value
        case .octalMode:
            guard (3...4).contains(value.utf8.count),
                value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") })
            else { return nil }
            return value.utf8.count == 3 ? "0" + value : value
        case .accessPointPath:
            guard value.hasPrefix("/"), value.utf8.count <= 100,
                value.utf8.allSatisfy({ Self.isPathByte($0) }),
                !value.split(separator: "/").contains(where: { $0 == ".." || $0 == "." })
            else { return nil }
            let trimmed = value.split(separator: "/").joined(separator: "/")
            return "/" + trimmed
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isLowerHex(_ byte: UInt8) -> Bool { isDigit(byte) || (byte >= 0x61 && byte <= 0x66) }
    static func isAlnum(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
    static func isPathByte(_ byte: UInt8) -> Bool {
        isAlnum(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-")
    }
    public static func isNameByte(_ byte: UInt8) -> Bool {
        isAlnum(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }
    static func isAWSTextByte(_ byte: UInt8) -> Bool { isPathByte(byte) || byte == UInt8(ascii: ":") }
}
