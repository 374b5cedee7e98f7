import Common
import Testing

@testable import AWSClient

/// The endpoint names for EFS, STS and CloudWatch (the system suite "AWS endpoints against
/// botocore" checks the whole table against botocore's rules).
@Suite("AWS endpoint names")
struct EndpointResolverTests {
    static let none = AWSEnvironment([:])

    @Test(
        "partitions and variants",
        arguments: [
            (
                "us-east-1", false, false, "elasticfilesystem.us-east-1.amazonaws.com", "sts.us-east-1.amazonaws.com",
                "monitoring.us-east-1.amazonaws.com"
            ),
            (
                "us-east-1", true, false, "elasticfilesystem-fips.us-east-1.amazonaws.com", "sts-fips.us-east-1.amazonaws.com",
                "monitoring-fips.us-east-1.amazonaws.com"
            ),
            ("us-east-1", false, true, "elasticfilesystem.us-east-1.api.aws", "sts.us-east-1.api.aws", "monitoring.us-east-1.api.aws"),
            (
                "us-east-1", true, true, "elasticfilesystem-fips.us-east-1.api.aws", "sts-fips.us-east-1.api.aws",
                "monitoring-fips.us-east-1.api.aws"
            ),
            (
                "cn-north-1", false, false, "elasticfilesystem.cn-north-1.amazonaws.com.cn", "sts.cn-north-1.amazonaws.com.cn",
                "monitoring.cn-north-1.amazonaws.com.cn"
            ),
            (
                "cn-northwest-1", false, true, "elasticfilesystem.cn-northwest-1.api.amazonwebservices.com.cn",
                "sts.cn-northwest-1.api.amazonwebservices.com.cn", "monitoring.cn-northwest-1.api.amazonwebservices.com.cn"
            ),
            (
                "us-gov-west-1", false, false, "elasticfilesystem.us-gov-west-1.amazonaws.com", "sts.us-gov-west-1.amazonaws.com",
                "monitoring.us-gov-west-1.amazonaws.com"
            ),
            (
                "us-gov-west-1", true, false, "elasticfilesystem-fips.us-gov-west-1.amazonaws.com", "sts.us-gov-west-1.amazonaws.com",
                "monitoring.us-gov-west-1.amazonaws.com"
            ),
            (
                "us-gov-east-1", true, true, "elasticfilesystem-fips.us-gov-east-1.api.aws", "sts-fips.us-gov-east-1.api.aws",
                "monitoring-fips.us-gov-east-1.api.aws"
            ),
        ])
    func names(region: String, fips: Bool, dualStack: Bool, efs: String, sts: String, cloudWatch: String) throws {
        let variant = EndpointVariant(fips: fips, dualStack: dualStack)
        #expect(
            try EndpointResolver.efsEndpoint(explicit: nil, environment: Self.none, region: region, variant: variant) == "https://\(efs)")
        #expect(try EndpointResolver.stsEndpoint(environment: Self.none, region: region, variant: variant) == "https://\(sts)")
        #expect(
            try EndpointResolver.cloudWatchEndpoint(explicit: nil, environment: Self.none, region: region, variant: variant)
                == "https://\(cloudWatch)")
    }

    @Test("AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT, else the profile's use_fips_endpoint / use_dualstack_endpoint")
    func variantSources() {
        #expect(EndpointVariant.resolve(AWSEnvironment(["AWS_USE_FIPS_ENDPOINT": "true"])) == EndpointVariant(fips: true))
        let files = AWSConfigFiles(configProfiles: ["p": ["use_dualstack_endpoint": "true", "use_fips_endpoint": "true"]])
        #expect(EndpointVariant.resolve(AWSEnvironment(["AWS_PROFILE": "p"]), files: files) == EndpointVariant(fips: true, dualStack: true))
        #expect(
            EndpointVariant.resolve(AWSEnvironment(["AWS_PROFILE": "p", "AWS_USE_FIPS_ENDPOINT": "false"]), files: files)
                == EndpointVariant(fips: false, dualStack: true))
    }

    @Test("AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL; both ignored with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true")
    func configured() throws {
        let environment = ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:1", "AWS_ENDPOINT_URL": "http://127.0.0.1:2"]
        #expect(try EndpointResolver.stsEndpoint(environment: AWSEnvironment(environment), region: "us-east-1") == "http://127.0.0.1:1")
        #expect(
            try EndpointResolver.efsEndpoint(explicit: nil, environment: AWSEnvironment(environment), region: "us-east-1")
                == "http://127.0.0.1:2")
        let ignored = AWSEnvironment(environment.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { $1 })
        #expect(try EndpointResolver.stsEndpoint(environment: ignored, region: "us-east-1") == "https://sts.us-east-1.amazonaws.com")
    }
}
