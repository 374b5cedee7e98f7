import Common
import Foundation
import Testing

@testable import AWSClient

/// EndpointResolver's names against the installed botocore's own endpoint rules
/// (Tests/Helpers/botocore_endpoints.py): EFS, STS and CloudWatch; commercial, China and
/// GovCloud regions; plain, FIPS, dual-stack and both.
@Suite("AWS endpoints against botocore")
struct EndpointBotocoreTests {
    struct Case: Codable {
        var service: String
        var region: String
        var fips: Bool
        var dualStack: Bool
    }

    static let regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1"]

    static func ours(_ c: Case) throws(EFSHookError) -> String {
        let environment = AWSEnvironment([:])
        let variant = EndpointVariant(fips: c.fips, dualStack: c.dualStack)
        switch c.service {
        case "efs": return try EndpointResolver.efsEndpoint(explicit: nil, environment: environment, region: c.region, variant: variant)
        case "sts": return try EndpointResolver.stsEndpoint(environment: environment, region: c.region, variant: variant)
        default:
            return try EndpointResolver.cloudWatchEndpoint(explicit: nil, environment: environment, region: c.region, variant: variant)
        }
    }

    @Test("every service × region × variant names the endpoint botocore names")
    func matchesBotocore() async throws {
        let cases = ["efs", "sts", "cloudwatch"].flatMap { service in
            Self.regions.flatMap { region in
                [(false, false), (true, false), (false, true), (true, true)].map {
                    Case(service: service, region: region, fips: $0.0, dualStack: $0.1)
                }
            }
        }
        let run = try await ProcessRunner.python("botocore_endpoints.py", input: try JSONEncoder().encode(cases))
        try #require(run.status == 0, "botocore_endpoints.py failed (is botocore installed?): \(run.stderr)")
        let expected = try JSONDecoder().decode([String?].self, from: run.stdoutData)
        try #require(expected.count == cases.count)
        var compared = 0
        for (c, oracle) in zip(cases, expected) {
            guard let oracle else { continue }
            compared += 1
            #expect(try Self.ours(c) == oracle, "\(c.service) \(c.region) fips \(c.fips) dual-stack \(c.dualStack)")
        }
        print("endpoints: \(compared) of \(cases.count) cases compared with botocore (the rest botocore refuses)")
        #expect(compared == cases.count)
    }
}
