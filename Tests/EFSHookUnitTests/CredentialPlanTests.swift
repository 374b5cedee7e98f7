import Common
import EFSHookTestSupport
import Foundation
import Testing

@testable import AWSClient

/// `CredentialPlan`: botocore's order within a profile and its strictness (a named profile
/// that cannot be used is an error naming it), decided from the files alone.
@Suite("credential plan")
struct CredentialPlanTests {
    static let keys = ["aws_access_key_id": "AKIDBASE", "aws_secret_access_key": "basesecret"]
    static let role = "arn:aws:iam::222222222222:role/efs"

    func plan(
        _ profile: String? = "xacct", credentials: [String: [String: String]] = [:], config: [String: [String: String]] = [:],
        environment: [String: String] = [:]
    ) throws(EFSHookError) -> CredentialPlan? {
        var variables = environment
        if let profile { variables["AWS_PROFILE"] = profile }
        return try CredentialPlan.resolve(
            environment: AWSEnvironment(variables),
            files: AWSConfigFiles(
                credentialsProfiles: credentials, configProfiles: config, credentialsPath: "/c/credentials", configPath: "/c/config"),
            now: Date(timeIntervalSince1970: 1_700_000_000))
    }

    func error(_ body: () throws -> CredentialPlan?) -> EFSHookError? {
        do {
            _ = try body()
            return nil
        } catch { return error as? EFSHookError }
    }

    @Test("role_arn + source_profile: AssumeRole with the source's keys, session name, external id and duration kept")
    func roleWithSourceProfile() throws {
        let plan = try plan(
            credentials: ["base": Self.keys],
            config: [
                "xacct": [
                    "role_arn": Self.role, "source_profile": "base", "role_session_name": "agent-7", "external_id": "ext",
                    "duration_seconds": "900",
                ]
            ])
        guard case .assumeRole(let request, let profile, .keys(let keys))? = plan else {
            Issue.record("not a role plan: \(String(describing: plan))")
            return
        }
        #expect(profile == "xacct" && keys.accessKeyId == "AKIDBASE")
        #expect(request.roleArn == Self.role && request.sessionName == "agent-7")
        #expect(request.externalId == "ext" && request.durationSeconds == 900)
        #expect(plan?.source == "assume-role:xacct")
    }

    @Test("source_profile chains: each role is assumed with the one before it")
    func chained() throws {
        let plan = try plan(
            credentials: ["base": Self.keys],
            config: [
                "xacct": ["role_arn": Self.role, "source_profile": "middle"],
                "middle": ["role_arn": "arn:aws:iam::111111111111:role/hop", "source_profile": "base"],
            ])
        guard case .assumeRole(let outer, _, .assumeRole(let inner, "middle", .keys(let keys)))? = plan else {
            Issue.record("not a chain: \(String(describing: plan))")
            return
        }
        #expect(outer.roleArn == Self.role && inner.roleArn.hasSuffix(":role/hop") && keys.accessKeyId == "AKIDBASE")
    }

    @Test("a profile that is its own source_profile uses its own keys; a loop of two is an error naming the loop")
    func loops() throws {
        let own = try plan(credentials: ["xacct": Self.keys], config: ["xacct": ["role_arn": Self.role, "source_profile": "xacct"]])
        guard case .assumeRole(_, _, .keys(let keys))? = own else {
            Issue.record("\(String(describing: own))")
            return
        }
        #expect(keys.accessKeyId == "AKIDBASE")
        let loop = error {
            try plan(
                config: [
                    "xacct": ["role_arn": Self.role, "source_profile": "b"], "b": ["role_arn": Self.role, "source_profile": "xacct"],
                ])
        }
        #expect(loop?.exitCode == 78)
        #expect(loop?.message.contains("loop: xacct -> b -> xacct") == true, "\(loop?.message ?? "-")")
    }

    @Test(
        "credential_source: Environment, Ec2InstanceMetadata, EcsContainer",
        arguments: [("Environment", "environment"), ("Ec2InstanceMetadata", "instanceMetadata"), ("EcsContainer", "container")])
    func credentialSource(name: String, kind: String) throws {
        let plan = try plan(config: ["xacct": ["role_arn": Self.role, "credential_source": name]])
        guard case .assumeRole(_, _, .credentialSource(let found, "xacct"))? = plan else {
            Issue.record("\(String(describing: plan))")
            return
        }
        #expect("\(found)" == kind)
    }

    @Test(
        "a role profile that cannot be used is a configuration error naming the profile and why",
        arguments: [
            (["role_arn": "arn:aws:iam::222222222222:role/efs", "credential_source": "Ec2"], "credential_source Ec2"),
            (
                ["role_arn": "arn:aws:iam::222222222222:role/efs", "source_profile": "base", "credential_source": "Environment"],
                "both source_profile and credential_source"
            ),
            (["role_arn": "arn:aws:iam::222222222222:role/efs"], "neither source_profile nor credential_source"),
            (["role_arn": "arn:aws:iam::222222222222:role/efs", "source_profile": "nope"], "source_profile nope, which does not exist"),
            (
                ["role_arn": "arn:aws:iam::222222222222:role/efs", "source_profile": "empty"],
                "source_profile empty, which has neither keys"
            ),
            (
                ["role_arn": "arn:aws:iam::222222222222:role/efs", "source_profile": "base", "duration_seconds": "forever"],
                "duration_seconds forever"
            ),
        ])
    func unusableRole(values: [String: String], why: String) {
        let found = error { try plan(credentials: ["base": Self.keys], config: ["xacct": values, "empty": ["region": "us-east-1"]]) }
        #expect(found?.kind == .config && found?.exitCode == 78)
        #expect(found?.message.contains("AWS profile xacct cannot be used") == true, "\(found?.message ?? "-")")
        #expect(found?.message.contains(why) == true, "\(found?.message ?? "-")")
    }

    @Test("a named profile with nothing usable, or missing, is an error naming it; the unnamed default with nothing is no plan")
    func namedProfileWithNothing() throws {
        let empty = error { try plan(config: ["xacct": ["region": "us-east-1"]]) }
        #expect(empty?.exitCode == 78 && empty?.code == .profileNotUsable)
        #expect(empty?.message.contains("AWS_PROFILE names profile xacct, which has no credentials") == true)
        let missing = error { try plan("typo", config: ["xacct": Self.keys]) }
        #expect(missing?.code == .profileNotFound && missing?.message.contains("profile typo") == true)
        #expect(try plan(nil, config: ["default": ["region": "us-east-1"]]) == nil)
    }

    @Test("within a profile: role_arn, then web identity, the credentials file's keys, credential_process, the config file's keys")
    func orderWithinProfile() throws {
        let role = try plan(
            credentials: ["xacct": Self.keys, "base": Self.keys], config: ["xacct": ["role_arn": Self.role, "source_profile": "base"]])
        #expect(role?.source == "assume-role:xacct")
        let web = try plan(
            credentials: ["xacct": Self.keys], config: ["xacct": ["role_arn": Self.role, "web_identity_token_file": "/t"]])
        #expect(web?.source == "web-identity:xacct")
        let fileKeys = try plan(credentials: ["xacct": Self.keys], config: ["xacct": ["credential_process": "/bin/creds"]])
        guard case .keys(let keys)? = fileKeys else {
            Issue.record("\(String(describing: fileKeys))")
            return
        }
        #expect(keys.accessKeyId == "AKIDBASE")
        let process = try plan(
            config: ["xacct": ["credential_process": "/bin/creds", "aws_access_key_id": "AKIDCONF", "aws_secret_access_key": "s"]])
        #expect(process == .process(command: "/bin/creds", profile: "xacct"))
    }

    @Test("AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN come before the profile's keys; without a role ARN it is an error")
    func webIdentityFromEnvironment() throws {
        let env = ["AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/token", "AWS_ROLE_ARN": Self.role, "AWS_ROLE_SESSION_NAME": "pod"]
        let plan = try plan(nil, credentials: ["default": Self.keys], environment: env)
        guard case .webIdentity(let request, let file, "web-identity")? = plan else {
            Issue.record("\(String(describing: plan))")
            return
        }
        #expect(request.roleArn == Self.role && request.sessionName == "pod" && file == "/var/run/token")
        let missing = error { try self.plan(nil, environment: ["AWS_WEB_IDENTITY_TOKEN_FILE": "/t"]) }
        #expect(missing?.exitCode == 78 && missing?.message.contains("AWS_ROLE_ARN is not") == true)
    }
}

/// The environment's keys come before any profile, as in botocore: an `AWS_PROFILE` naming a
/// role is then never asked (no STS call).
@Suite("credential chain order")
struct CredentialChainOrderTests {
    struct NoNetwork: HTTPTransport {
        func send(_ request: HTTPRequest) async throws(EFSHookError) -> HTTPResponse {
            throw EFSHookError(.failure, "no request expected: \(request.url)")
        }
    }

    @Test("environment keys over AWS_PROFILE's role profile")
    func environmentFirst() async throws {
        let dir = try TemporaryPath.directory("plan")
        try "[profile xacct]\nrole_arn = arn:aws:iam::222222222222:role/efs\nsource_profile = nope\n".write(
            toFile: "\(dir)/config", atomically: true, encoding: .utf8)
        let environment = AWSEnvironment([
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_PROFILE": "xacct",
            "AWS_CONFIG_FILE": "\(dir)/config", "AWS_SHARED_CREDENTIALS_FILE": "\(dir)/credentials", "AWS_EC2_METADATA_DISABLED": "true",
        ])
        let chain = CredentialChain.standard(
            environment: environment, transport: NoNetwork(), imds: IMDSClient(environment: environment, transport: NoNetwork()))
        #expect(try await chain.credentials().accessKeyId == "AKIDENV")
    }
}
