/// Every key the configuration file accepts, by section: the lists `ConfigurationLoader` checks
/// each mapping against, and so what config.yaml(5) documents (`efs-hook debug config-keys`,
/// scripts/generate-docs).
public enum ConfigurationKeys {
    static let top = [
        "provider", "drivers", "stateDir", "mountRoot", "lockTimeoutSeconds", "local", "efs", "dvdcli", "mesos", "policy",
        "unmountDeadlineSeconds", "probeTimeoutSeconds", "launchDeadlineSeconds", "gc", "metrics", "audit", "volumes", "csi",
    ]
    static let local = ["root"]
    static let efs = [
        "region", "endpoint", "clusterTag", "provisioning", "fileSystemId", "availabilityZone", "subnetId",
        "securityGroups", "mountTarget", "mountCommand", "mountTimeoutSeconds", "mountAttempts", "waitTimeoutSeconds",
        "maxAttempts", "allowedFileSystemIds", "accessPointBasePath", "rexray",
        "mountTargetSubnets", "cloudWatchEndpoint", "defaultOptions", "availabilityZoneId", "mountTargets", "roleArn",
        "externalId",
    ]
    static let rexray = ["tag", "rootPath", "volumesDir"]
    static let dvdcli = ["fallback"]
    static let mesos = ["sandboxDirectory", "runtimeDirectory", "workDirectory"]
    static let gc = ["idleDays"]
    static let metrics = ["textfileDirectory"]
    static let audit = ["path"]
    static let csi = ["targetRoots", "deadlineSeconds", "nodeId"]
    static let policy = ["defaultAction", "rules"]
    static let rule = [
        "name", "action", "match", "volumes", "access", "provisioning", "fileSystems", "uids", "gids", "options", "namespace",
        "require",
    ]
    static let match = [
        "frontEnds", "users", "frameworkIds", "auroraRoles", "auroraEnvironments", "auroraJobs", "taskLabels", "executorLabels",
    ]

    /// Each section's dotted path (`[]`: every item of a list) and its keys, in file order.
    static let sections: [(path: String, keys: [String])] = [
        ("", top), ("local", local), ("efs", efs), ("efs.rexray", rexray), ("dvdcli", dvdcli), ("mesos", mesos), ("gc", gc),
        ("metrics", metrics), ("audit", audit), ("csi", csi),
        ("policy", policy), ("policy.rules[]", rule), ("policy.rules[].match", match),
    ]

    /// Every key by its dotted path, sections included: `efs`, `efs.rexray.tag`,
    /// `policy.rules[].match.users`.
    public static var all: [String] {
        sections.flatMap { section in section.keys.map { section.path.isEmpty ? $0 : "\(section.path).\($0)" } }
    }
}
