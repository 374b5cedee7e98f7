/// The AWS partition a region belongs to, with the DNS suffixes botocore's endpoint rules use
/// (`partitions.json`): the service endpoints and EFS's mount names end in `dnsSuffix`,
/// dual-stack endpoints in `dualStackDNSSuffix`.
public struct AWSPartition: Sendable, Equatable {
    public var name: String
    public var dnsSuffix: String
    public var dualStackDNSSuffix: String

    public static let aws = AWSPartition(name: "aws", dnsSuffix: "amazonaws.com", dualStackDNSSuffix: "api.aws")
    public static let china = AWSPartition(
        name: "aws-cn", dnsSuffix: "amazonaws.com.cn", dualStackDNSSuffix: "api.amazonwebservices.com.cn")
    public static let govCloud = AWSPartition(name: "aws-us-gov", dnsSuffix: "amazonaws.com", dualStackDNSSuffix: "api.aws")
    public static let iso = AWSPartition(name: "aws-iso", dnsSuffix: "c2s.ic.gov", dualStackDNSSuffix: "api.aws")
    public static let isoB = AWSPartition(name: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", dualStackDNSSuffix: "api.aws")

    /// By the region's prefix, as the partitions' `regionRegex` do; unknown shapes are `aws`.
    public static func of(region: String) -> AWSPartition {
        if region.hasPrefix("cn-") { return .china }
        if region.hasPrefix("us-gov-") { return .govCloud }
        if region.hasPrefix("us-isob-") { return .isoB }
        if region.hasPrefix("us-iso-") { return .iso }
        return .aws
    }
}
