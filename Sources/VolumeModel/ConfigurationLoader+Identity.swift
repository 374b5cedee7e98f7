import Common

/// The cross-account keys: the role EFS calls are made as, and this agent's zone ID with the
/// static mount-target map that needs no call at all.
extension ConfigurationLoader {
    static func parseEFSIdentity(_ reader: YAMLMapReader, into efs: inout Configuration.EFS, source: String) throws(EFSHookError) {
        if let arn = try reader.string("roleArn") {
            guard isRoleArn(arn) else {
                throw .config("\(source): efs.roleArn is invalid; expected arn:PARTITION:iam::ACCOUNT:role/NAME")
            }
            efs.roleArn = arn
        }
        if let externalId = try reader.string("externalId") {
            guard (2...1224).contains(externalId.utf8.count), externalId.utf8.allSatisfy(isExternalIdByte) else {
                throw .config("\(source): efs.externalId must be 2 to 1224 letters, digits or +=,.@:/-_")
            }
            efs.externalId = externalId
        }
        efs.availabilityZoneId = try zoneId(reader.string("availabilityZoneId"), key: "efs.availabilityZoneId", source: source)
        if let targets = try reader.map("mountTargets") {
            for (zone, _) in targets.values {
                _ = try zoneId(zone, key: "efs.mountTargets", source: source)
                guard let address = try targets.string(zone), isIPv4(address) else {
                    throw .config("\(source): efs.mountTargets.\(Quoting.safe(zone)) must be an IPv4 address")
                }
                efs.mountTargets[zone] = address
            }
        }
    }

    /// `use1-az4`, `usw2-lax1-az1`: the shapes AWS gives zone IDs.
    static func zoneId(_ value: String?, key: String, source: String) throws(EFSHookError) -> String? {
        guard let value else { return nil }
        guard value.wholeMatch(of: /[a-z]{2,5}[0-9]{1,2}(-[a-z]{2,5}[0-9]{1,2})?-az[0-9]{1,2}/) != nil else {
            throw .config("\(source): \(key): \(Quoting.safe(value)) is not an availability zone ID like use1-az4")
        }
        return value
    }

    static func isRoleArn(_ text: String) -> Bool {
        text.wholeMatch(of: /arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_\/-]{1,512}/) != nil
    }

    static func isExternalIdByte(_ byte: UInt8) -> Bool {
        OptionKind.isNameByte(byte) || "+=,@:/".utf8.contains(byte)
    }

    static func isIPv4(_ text: String) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { !$0.isEmpty && $0.count <= 3 && UInt8($0) != nil }
    }
}
