import Common

/// Which variant of a service's endpoint to use: `AWS_USE_FIPS_ENDPOINT` and
/// `AWS_USE_DUALSTACK_ENDPOINT`, else the profile's `use_fips_endpoint` and
/// `use_dualstack_endpoint` in the config file, as botocore reads them.
public struct EndpointVariant: Sendable, Equatable {
    public var fips: Bool
    public var dualStack: Bool

    public init(fips: Bool = false, dualStack: Bool = false) {
        self.fips = fips
        self.dualStack = dualStack
    }

    public static func resolve(_ environment: AWSEnvironment, files: AWSConfigFiles? = nil) -> EndpointVariant {
        let profile = files?.configProfiles[environment.profile] ?? [:]
        func flag(_ variable: String, _ key: String) -> Bool {
            (environment[variable] ?? profile[key])?.lowercased() == "true"
        }
        return EndpointVariant(
            fips: flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"),
            dualStack: flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint"))
    }
}

/// A service's API endpoint: the caller's explicit one (efs.endpoint), `AWS_ENDPOINT_URL_<SERVICE>`,
/// `AWS_ENDPOINT_URL` (both ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`), else
/// the regional name botocore's endpoint rules give, FIPS and dual-stack variants included.
public enum EndpointResolver {
    public static func efsEndpoint(
        explicit: String?, environment: AWSEnvironment, region: String, variant: EndpointVariant = EndpointVariant()
    ) throws(EFSHookError) -> String {
        if let configured = try configured(explicit: explicit, from: "efs.endpoint", service: "EFS", environment: environment) {
            return configured
        }
        return regional("elasticfilesystem", region: region, variant: variant)
    }

    /// STS: regional, as botocore's rules now are (`sts.<region>.<suffix>`).
    public static func stsEndpoint(
        explicit: String? = nil, environment: AWSEnvironment, region: String, variant: EndpointVariant = EndpointVariant()
    ) throws(EFSHookError) -> String {
        if let configured = try configured(explicit: explicit, from: "sts endpoint", service: "STS", environment: environment) {
            return configured
        }
        return regional("sts", region: region, variant: variant, govCloudPlainIsFIPS: true)
    }

    /// CloudWatch's: the explicit one (efs.cloudWatchEndpoint), `AWS_ENDPOINT_URL_CLOUDWATCH`,
    /// `AWS_ENDPOINT_URL`, else the regional `monitoring` endpoint (plain in GovCloud with FIPS).
    public static func cloudWatchEndpoint(
        explicit: String?, environment: AWSEnvironment, region: String, variant: EndpointVariant = EndpointVariant()
    ) throws(EFSHookError) -> String {
        if let configured = try configured(
            explicit: explicit, from: "efs.cloudWatchEndpoint", service: "CLOUDWATCH", environment: environment)
        {
            return configured
        }
        return regional("monitoring", region: region, variant: variant, govCloudPlainIsFIPS: true)
    }

    /// `govCloudPlainIsFIPS`: the service's plain GovCloud endpoint is already FIPS (STS and
    /// CloudWatch in botocore's rules, not EFS), so FIPS without dual-stack keeps it.
    static func regional(_ prefix: String, region: String, variant: EndpointVariant, govCloudPlainIsFIPS: Bool = false) -> String {
        let partition = AWSPartition.of(region: region)
        let plainIsFIPS = govCloudPlainIsFIPS && partition == .govCloud && !variant.dualStack
        let host = variant.fips && !plainIsFIPS ? "\(prefix)-fips" : prefix
        let suffix = variant.dualStack ? partition.dualStackDNSSuffix : partition.dnsSuffix
        return "https://\(host).\(region).\(suffix)"
    }

    private static func configured(explicit: String?, from source: String, service: String, environment: AWSEnvironment)
        throws(EFSHookError) -> String?
    {
        if let explicit = explicit?.trimmingWhitespace, !explicit.isEmpty { return try validated(explicit, from: source) }
        guard !environment.isTrue("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") else { return nil }
        for name in ["AWS_ENDPOINT_URL_\(service)", "AWS_ENDPOINT_URL"] {
            if let value = environment[name] { return try validated(value, from: name) }
        }
        return nil
    }

    public static func validated(_ endpoint: String, from source: String) throws(EFSHookError) -> String {
        var value = endpoint
        while value.hasSuffix("/") { value.removeLast() }
        guard let parts = URLParts(value), parts.scheme == "http" || parts.scheme == "https", !parts.hostname.isEmpty,
            parts.query.isEmpty, !value.contains("#"), !value.contains(where: { $0.isWhitespace || $0.isNewline })
        else {
            throw EFSHookError(
                .config, "invalid endpoint \(Quoting.safe(endpoint)) from \(source): want http(s)://host[:port]",
                code: .invalidEndpoint)
        }
        return value
    }
}
