import Common
import Foundation

/// How credentials are obtained for a profile, decided from the shared files and the
/// environment alone (no call, no process), in botocore's order and with its rules; the
/// `CredentialPlanRunner` carries a plan out. A profile that is named but cannot be used is a
/// configuration error naming it, never a fall-through to another identity.
public indirect enum CredentialPlan: Sendable, Equatable {
    /// Long-term (or session) keys from a file.
    case keys(AWSCredentials)
    /// sts:AssumeRole with the credentials of `source`.
    case assumeRole(STSClient.RoleRequest, profile: String, source: CredentialPlan)
    /// sts:AssumeRoleWithWebIdentity with the token read from `tokenFile` at each use.
    case webIdentity(STSClient.RoleRequest, tokenFile: String, origin: String)
    /// `credential_process`, split as a shell would but run without one.
    case process(command: String, profile: String)
    /// `credential_source`: `Environment`, `Ec2InstanceMetadata`, `EcsContainer`.
    case credentialSource(CredentialSourceKind, profile: String)

    public enum CredentialSourceKind: String, Sendable, Equatable {
        case environment = "Environment"
        case instanceMetadata = "Ec2InstanceMetadata"
        case container = "EcsContainer"
    }

    /// What the chain's names call it: `assume-role:xacct`, `web-identity`, `process:build`, …
    public var source: String {
        switch self {
        case .keys(let credentials): return credentials.source
        case .assumeRole(_, let profile, _): return "assume-role:\(profile)"
        case .webIdentity(_, _, let origin): return origin
        case .process(_, let profile): return "process:\(profile)"
        case .credentialSource(let kind, let profile): return "\(kind.rawValue):\(profile)"
        }
    }

    /// The plan for the chosen profile, between the environment's keys and container
    /// credentials in the chain: role_arn (not web identity), web identity (environment, then
    /// profile), the credentials file's keys, credential_process, the config file's keys.
    /// nil when the default profile (not chosen) gives nothing.
    public static func resolve(environment: AWSEnvironment, files: AWSConfigFiles, now: Date = Date()) throws(EFSHookError)
        -> CredentialPlan?
    {
        let profile = environment.profile
        let exists = files.hasProfile(profile)
        if !exists, environment.profileWasChosen { throw profileNotFound(profile, files) }
        let values = exists ? files.merged(profile) : [:]
        if values["role_arn"] != nil, values["web_identity_token_file"] == nil {
            return try assumeRole(profile, files: files, visited: [], now: now)
        }
        if let web = try webIdentity(environment: environment, profile: profile, values: values, now: now) { return web }
        if let keys = try files.keys(profile, in: files.credentialsProfiles) { return .keys(keys) }
        if let command = nonEmpty(values["credential_process"]) { return .process(command: command, profile: profile) }
        if let keys = try files.keys(profile, in: files.configProfiles) { return .keys(keys) }
        guard environment.profileWasChosen else { return nil }
        throw EFSHookError(
            .config,
            "AWS_PROFILE names profile \(Quoting.safe(profile)), which has no credentials: no aws_access_key_id, "
                + "role_arn, web_identity_token_file or credential_process", code: .profileNotUsable)
    }
}

extension CredentialPlan {
    /// A `role_arn` profile: exactly one of `source_profile` and `credential_source`.
    static func assumeRole(_ profile: String, files: AWSConfigFiles, visited: [String], now: Date) throws(EFSHookError)
        -> CredentialPlan
    {
        let values = files.merged(profile)
        guard let roleArn = nonEmpty(values["role_arn"]) else { throw unusable(profile, "has no role_arn") }
        let role = try roleRequest(roleArn, values: values, profile: profile, now: now)
        switch (nonEmpty(values["source_profile"]), nonEmpty(values["credential_source"])) {
        case (.some, .some):
            throw unusable(profile, "has both source_profile and credential_source")
        case (nil, nil):
            throw unusable(profile, "has role_arn but neither source_profile nor credential_source")
        case (nil, let name?):
            guard let kind = CredentialSourceKind(rawValue: name) else {
                throw unusable(
                    profile, "names credential_source \(Quoting.safe(name)); want Environment, Ec2InstanceMetadata or EcsContainer")
            }
            return .assumeRole(role, profile: profile, source: .credentialSource(kind, profile: profile))
        case (let source?, nil):
            let chain = visited + [profile]
            let plan = try sourcePlan(source, referencedBy: profile, files: files, visited: chain, now: now)
            return .assumeRole(role, profile: profile, source: plan)
        }
    }

    /// What a `source_profile` gives, as botocore resolves it: its own role (chained), web
    /// identity, credential_process, or static keys; a profile naming itself uses its keys.
    static func sourcePlan(_ name: String, referencedBy profile: String, files: AWSConfigFiles, visited: [String], now: Date)
        throws(EFSHookError) -> CredentialPlan
    {
        guard files.hasProfile(name) else {
            throw unusable(profile, "names source_profile \(Quoting.safe(name)), which does not exist")
        }
        let values = files.merged(name)
        var keys = try files.keys(name, in: files.credentialsProfiles)
        if keys == nil { keys = try files.keys(name, in: files.configProfiles) }
        if name == profile, let keys { return .keys(keys) }
        if visited.contains(name) {
            throw unusable(profile, "is in a source_profile loop: \((visited + [name]).joined(separator: " -> "))")
        }
        if values["role_arn"] != nil, values["web_identity_token_file"] == nil {
            return try assumeRole(name, files: files, visited: visited, now: now)
        }
        if let tokenFile = nonEmpty(values["web_identity_token_file"]), let roleArn = nonEmpty(values["role_arn"]) {
            let role = try roleRequest(roleArn, values: values, profile: name, now: now)
            return .webIdentity(role, tokenFile: tokenFile, origin: "web-identity:\(name)")
        }
        if let command = nonEmpty(values["credential_process"]) { return .process(command: command, profile: name) }
        if let keys { return .keys(keys) }
        throw unusable(
            profile, "names source_profile \(Quoting.safe(name)), which has neither keys nor a role, web identity or credential_process")
    }

    /// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`), else the
    /// profile's `web_identity_token_file` + `role_arn`; either without a role is an error.
    static func webIdentity(environment: AWSEnvironment, profile: String, values: [String: String], now: Date)
        throws(EFSHookError) -> CredentialPlan?
    {
        if let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"] {
            guard let roleArn = environment["AWS_ROLE_ARN"] ?? nonEmpty(values["role_arn"]) else {
                throw EFSHookError(.config, "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not", code: .profileNotUsable)
            }
            var role = try roleRequest(roleArn, values: values, profile: profile, now: now)
            if let name = environment["AWS_ROLE_SESSION_NAME"] { role.sessionName = name }
            return .webIdentity(role, tokenFile: environment.expandingHome(tokenFile), origin: "web-identity")
        }
        guard let tokenFile = nonEmpty(values["web_identity_token_file"]) else { return nil }
        guard let roleArn = nonEmpty(values["role_arn"]) else { throw unusable(profile, "has web_identity_token_file but no role_arn") }
        let role = try roleRequest(roleArn, values: values, profile: profile, now: now)
        return .webIdentity(role, tokenFile: environment.expandingHome(tokenFile), origin: "web-identity:\(profile)")
    }

    static func roleRequest(_ roleArn: String, values: [String: String], profile: String, now: Date) throws(EFSHookError)
        -> STSClient.RoleRequest
    {
        var duration: Int?
        if let text = nonEmpty(values["duration_seconds"]) {
            guard let seconds = Int(text), (1...43_200).contains(seconds) else {
                throw unusable(profile, "has duration_seconds \(Quoting.safe(text)); want whole seconds up to 43200")
            }
            duration = seconds
        }
        return STSClient.RoleRequest(
            roleArn: roleArn, sessionName: nonEmpty(values["role_session_name"]) ?? STSClient.RoleRequest.defaultSessionName(now),
            externalId: nonEmpty(values["external_id"]), durationSeconds: duration)
    }

    static func unusable(_ profile: String, _ why: String) -> EFSHookError {
        EFSHookError(.config, "AWS profile \(Quoting.safe(profile)) cannot be used: it \(why)", code: .profileNotUsable)
    }

    static func profileNotFound(_ profile: String, _ files: AWSConfigFiles) -> EFSHookError {
        EFSHookError(
            .config,
            "AWS_PROFILE names profile \(Quoting.safe(profile)), which is in neither "
                + "\(Quoting.safe(files.credentialsPath ?? "(no credentials file)")) nor "
                + "\(Quoting.safe(files.configPath ?? "(no config file)"))", code: .profileNotFound)
    }

    static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
