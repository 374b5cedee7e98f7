import AWSClient
import Common
import Foundation
import VolumeModel

/// Which credentials doctor found and whose they are: the chain's source, the caller's
/// identity (sts:GetCallerIdentity), and the account `efs.roleArn` puts EFS calls in.
extension DoctorCommand {
    /// false when no credentials were found (the EFS check is then skipped).
    func credentialChecks(_ config: Configuration, client: EFSClient, into checks: inout [Check]) async -> Bool {
        let source: String
        do {
            source = try await (client.chainCredentials ?? client.service.credentials).credentials().source
            checks.append(Check(status: .ok, name: "AWS credentials", detail: "found: \(source)"))
        } catch {
            let detail = error.isCode(.noCredentials) ? "none found" : EFSHookError.oneLine(error)
            checks.append(
                Check(
                    status: .fail, name: "AWS credentials", detail: detail,
                    fix: "attach an instance role with deploy/iam-policy-agent.json, or set AWS_PROFILE"))
            return false
        }
        guard stsIsReachable(config) else {
            checks.append(
                Check(
                    status: .warn, name: "AWS identity", detail: "not asked: EFS has its own endpoint and STS none",
                    fix: "set AWS_ENDPOINT_URL_STS to check the identity through that endpoint"))
            return true
        }
        if let sts = client.sts() {
            checks.append(await identityCheck("AWS identity", sts, fix: "check the credentials of \(source)"))
        }
        if let role = config.efs.roleArn, let sts = client.sts(asRole: true) {
            checks.append(
                await identityCheck(
                    "EFS role", sts, fix: "let \(source) assume \(role) (its trust policy and sts:AssumeRole; efs.externalId)"))
        }
        return true
    }

    /// A configured EFS endpoint (a VPC endpoint, a test stand-in) without a configured STS
    /// one: STS would be the public regional endpoint, which such a host may not be meant to reach.
    func stsIsReachable(_ config: Configuration) -> Bool {
        let environment = AWSEnvironment(ProcessInfo.processInfo.environment)
        if environment["AWS_ENDPOINT_URL_STS"] != nil || environment["AWS_ENDPOINT_URL"] != nil { return true }
        return config.efs.endpoint == nil && environment["AWS_ENDPOINT_URL_EFS"] == nil
    }

    private func identityCheck(_ name: String, _ sts: STSClient, fix: String) async -> Check {
        do {
            let identity = try await sts.callerIdentity()
            return Check(status: .ok, name: name, detail: "\(identity.arn) (account \(identity.account))")
        } catch {
            return Check(status: .fail, name: name, detail: EFSHookError.oneLine(error), fix: fix)
        }
    }
}
