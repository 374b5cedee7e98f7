import Common

/// Which region to call: the caller's explicit choice, `AWS_REGION`, `AWS_DEFAULT_REGION`,
/// the `region` of the profile in the config file, then the instance's own region from IMDS.
public enum RegionResolver {
    /// The region known without asking IMDS, or nil.
    public static func configuredRegion(explicit: String?, environment: AWSEnvironment) throws(EFSHookError) -> String? {
        if let explicit = explicit?.trimmingWhitespace, !explicit.isEmpty { return try validated(explicit, from: "configuration") }
        if let region = environment["AWS_REGION"] { return try validated(region, from: "AWS_REGION") }
        if let region = environment["AWS_DEFAULT_REGION"] { return try validated(region, from: "AWS_DEFAULT_REGION") }
        let files = try AWSConfigFiles.load(environment)
        if let region = files.configProfiles[environment.profile]?["region"], !region.isEmpty {
            return try validated(region, from: files.configPath ?? "the AWS config file")
        }
        return nil
    }

    public static func resolve(explicit: String?, environment: AWSEnvironment, imds: IMDSClient?) async throws(EFSHookError) -> String {
        if let region = try configuredRegion(explicit: explicit, environment: environment) { return region }
        let advice = "set efs.region or AWS_REGION"
        guard let imds else { throw EFSHookError(.config, "no AWS region: \(advice)", code: .noRegion) }
        do {
            return try validated(try await imds.region(), from: "instance metadata")
        } catch {
            throw EFSHookError(
                .config, "no AWS region: \(advice) (instance metadata: \(error.message))", code: .noRegion, cause: error)
        }
    }

    static func validated(_ region: String, from source: String) throws(EFSHookError) -> String {
        let valid =
            (1...32).contains(region.count)
            && region.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard valid else {
            throw EFSHookError(.config, "invalid AWS region \(Quoting.safe(region)) from \(Quoting.safe(source))", code: .invalidRegion)
        }
        return region
    }
}
