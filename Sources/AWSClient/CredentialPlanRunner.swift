import Common
import Foundation

/// Carries out a `CredentialPlan`: each AssumeRole is signed with what its source plan gives,
/// web identity tokens are read at each use (they are rotated), credential_process is run.
struct CredentialPlanRunner: Sendable {
    let context: CredentialContext

    func credentials(_ plan: CredentialPlan) async throws(EFSHookError) -> AWSCredentials {
        switch plan {
        case .keys(let credentials):
            return credentials
        case .assumeRole(let role, let profile, let sourcePlan):
            let source = try await credentials(sourcePlan)
            do {
                return try await context.sts(StaticCredentialSource(source)).assumeRole(role, source: plan.source)
            } catch {
                throw EFSHookError(
                    error.kind,
                    "AWS profile \(Quoting.safe(profile)): cannot assume \(Quoting.safe(role.roleArn)) as "
                        + "\(source.source): \(error.message)", code: error.code, cause: error)
            }
        case .webIdentity(let role, let tokenFile, let origin):
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw EFSHookError(.config, "\(origin): cannot read the web identity token file \(Quoting.safe(tokenFile))")
            }
            let token = String(decoding: data, as: UTF8.self).trimmingWhitespace
            return try await context.sts(StaticCredentialSource(AWSServiceClient.anonymous))
                .assumeRoleWithWebIdentity(role, token: token, source: origin)
        case .process(let command, let profile):
            return try await CredentialProcess(command: command, profile: profile, environment: context.environment).run()
        case .credentialSource(let kind, let profile):
            return try await fromCredentialSource(kind, profile: profile)
        }
    }

    private func fromCredentialSource(_ kind: CredentialPlan.CredentialSourceKind, profile: String) async throws(EFSHookError)
        -> AWSCredentials
    {
        let provider: any CredentialProvider =
            switch kind {
            case .environment: EnvironmentCredentialProvider(environment: context.environment)
            case .instanceMetadata: InstanceMetadataCredentialProvider(imds: context.imds)
            case .container: ContainerCredentialProvider(environment: context.environment, transport: context.directTransport)
            }
        guard let credentials = try await provider.credentials() else {
            throw EFSHookError(
                .config, "AWS profile \(Quoting.safe(profile)): credential_source \(kind.rawValue) has no credentials",
                code: .profileNotUsable)
        }
        return credentials
    }
}

/// The profile's plan (`CredentialPlan.resolve`), carried out; nil when no profile applies.
public struct ProfileCredentialProvider: CredentialProvider {
    public let context: CredentialContext
    public var name: String { "shared-file:\(context.environment.profile)" }

    public init(context: CredentialContext) {
        self.context = context
    }

    public func credentials() async throws(EFSHookError) -> AWSCredentials? {
        let files = try AWSConfigFiles.load(context.environment)
        guard let plan = try CredentialPlan.resolve(environment: context.environment, files: files, now: context.now()) else {
            return nil
        }
        return try await CredentialPlanRunner(context: context).credentials(plan)
    }
}
