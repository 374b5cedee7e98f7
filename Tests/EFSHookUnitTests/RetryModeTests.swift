import Common
import EFSHookTestSupport
import Foundation
import Testing

@testable import AWSClient

/// `AWS_RETRY_MODE` and the profile's `retry_mode` (see `RetryMode` for the mapping).
@Suite("AWS retry mode")
struct RetryModeTests {
    func mode(_ environment: [String: String], profiles: [String: [String: String]] = [:]) throws(EFSHookError) -> RetryMode? {
        try RetryMode.resolve(AWSEnvironment(environment), files: AWSConfigFiles(configProfiles: profiles))
    }

    @Test("legacy, standard and adaptive from AWS_RETRY_MODE, else the chosen profile's retry_mode; the environment wins")
    func sources() throws {
        for name in ["legacy", "standard", "adaptive"] {
            #expect(try mode(["AWS_RETRY_MODE": name])?.rawValue == name)
        }
        #expect(try mode([:]) == nil)
        #expect(try mode([:], profiles: ["default": ["retry_mode": "standard"]]) == .standard)
        #expect(
            try mode(["AWS_PROFILE": "p"], profiles: ["p": ["retry_mode": "adaptive"], "default": ["retry_mode": "legacy"]]) == .adaptive)
        #expect(try mode(["AWS_RETRY_MODE": "legacy"], profiles: ["default": ["retry_mode": "adaptive"]]) == .legacy)
    }

    @Test("any other value is a configuration error (exit 78) naming it and where it came from")
    func invalid() {
        for (environment, profiles, named) in [
            (["AWS_RETRY_MODE": "Adaptive"], [:], "AWS_RETRY_MODE must be legacy, standard or adaptive, not Adaptive"),
            (["AWS_RETRY_MODE": "fast"], [:], "not fast"),
            (
                [:], ["default": ["retry_mode": "aggressive"]],
                "retry_mode of profile default must be legacy, standard or adaptive, not aggressive"
            ),
        ] as [([String: String], [String: [String: String]], String)] {
            let error = #expect(throws: EFSHookError.self) { try mode(environment, profiles: profiles) }
            #expect(error?.exitCode == 78 && error?.kind == .config)
            #expect(error?.message.contains(named) == true, "\(error?.message ?? "-")")
        }
    }

    @Test("attempts: unset and legacy 5, standard and adaptive 3; AWS_MAX_ATTEMPTS and efs.maxAttempts still win")
    func attempts() throws {
        let none = AWSEnvironment([:])
        #expect(try RetryPolicy.maxAttempts(environment: none) == 5)
        #expect(try RetryPolicy.maxAttempts(environment: none, mode: .legacy) == 5)
        #expect(try RetryPolicy.maxAttempts(environment: none, mode: .standard) == 3)
        #expect(try RetryPolicy.maxAttempts(environment: none, mode: .adaptive) == 3)
        #expect(try RetryPolicy.maxAttempts(environment: AWSEnvironment(["AWS_MAX_ATTEMPTS": "7"]), mode: .standard) == 7)
        #expect(try RetryPolicy.maxAttempts(environment: none, override: 2, mode: .legacy) == 2)
    }

    func client(_ environment: [String: String], rateLimiter: AdaptiveRateLimiter? = nil) throws -> EFSClient {
        let isolated = [
            "AWS_CONFIG_FILE": "/nonexistent-efs-hook/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent-efs-hook/credentials",
        ]
        return try EFSClient(
            environment: isolated.merging(environment) { $1 },
            options: EFSClient.Options(region: "us-east-1", rateLimiter: rateLimiter), transport: CredentialChainOrderTests.NoNetwork())
    }

    @Test("adaptive gives every client of the process one rate limiter; unset, legacy and standard keep today's (none, or the daemon's)")
    func rateLimiter() throws {
        let adaptive = try client(["AWS_RETRY_MODE": "adaptive"])
        #expect(adaptive.service.rateLimiter === AdaptiveRateLimiter.process)
        #expect(adaptive.service.retry.maxAttempts == 3)
        #expect(try client(["AWS_RETRY_MODE": "adaptive"]).service.rateLimiter === AdaptiveRateLimiter.process, "shared")
        for environment in [[:], ["AWS_RETRY_MODE": "legacy"], ["AWS_RETRY_MODE": "standard"]] {
            #expect(try client(environment).service.rateLimiter == nil)
        }
        #expect(try client([:]).service.retry.maxAttempts == 5)
        let daemons = AdaptiveRateLimiter()
        #expect(try client(["AWS_RETRY_MODE": "adaptive"], rateLimiter: daemons).service.rateLimiter === daemons)
        #expect(try client(["AWS_RETRY_MODE": "standard"], rateLimiter: daemons).service.rateLimiter === daemons)
        #expect(throws: EFSHookError.self) { try client(["AWS_RETRY_MODE": "turbo"]) }
    }
}
