import Common

/// sts:AssumeRole with the credentials `source` gives: `efs.roleArn` over the whole chain.
/// Wrapped in a `CredentialChain`, the session is cached and renewed before it expires.
public struct AssumeRoleCredentialProvider: CredentialProvider {
    public let role: STSClient.RoleRequest
    public let source: any CredentialSource
    public let context: CredentialContext
    public let name: String

    public init(role: STSClient.RoleRequest, source: any CredentialSource, context: CredentialContext, name: String) {
        self.role = role
        self.source = source
        self.context = context
        self.name = name
    }

    public func credentials() async throws(EFSHookError) -> AWSCredentials? {
        do {
            return try await context.sts(source).assumeRole(role, source: name)
        } catch {
            throw EFSHookError(
                error.kind, "cannot assume \(Quoting.safe(role.roleArn)) (\(name)): \(error.message)", code: error.code, cause: error)
        }
    }
}
