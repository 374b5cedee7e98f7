import Common

/// The effective configuration: defaults, then the YAML file, then command-line overrides.
public struct Configuration: Sendable, Equatable, Codable {
    public enum Provider: String, Sendable, Codable, CaseIterable {
        /// Amazon EFS: file systems, mount targets and access points, mounted over NFS.
        case efs
        /// A directory under `local.root` per volume: for trying efs-hook and for tests.
        case local
    }

    public struct Local: Sendable, Equatable, Codable {
        public var root: String = "/var/lib/efs-hook/local"
        public init() {}
    }

    /// The Amazon EFS provider. Every placement key is discovered through IMDSv2 when unset.
    public struct EFS: Sendable, Equatable, Codable {
        public enum MountTargetAddress: String, Sendable, Codable, CaseIterable {
            /// Mount the AZ's mount target by IP: no wait for DNS propagation.
            case ip
            /// Mount by the file system's DNS name.
            case dns
        }

        public var region: String?
        public var endpoint: String?
        /// CloudWatch's endpoint (else AWS_ENDPOINT_URL_CLOUDWATCH, AWS_ENDPOINT_URL, the regional one).
        public var cloudWatchEndpoint: String?
        /// Names this cluster in creation tokens and tags, so clusters sharing an account never
        /// adopt each other's file systems. Every agent of a cluster must use the same value.
        /// No default: empty is unset, and the efs provider refuses to start without one.
        public var clusterTag: String = ""
        /// The default of the `provisioning` volume option.
        public var provisioning: Provisioning = .filesystem
        /// The file system of `accessPoint` volumes that name none.
        public var fileSystemId: String?
        public var availabilityZone: String?
        /// This agent's zone ID (`use1-az4`): the same physical zone in every account, so what
        /// mount targets are matched by. Else instance metadata's `placement/availability-zone-id`.
        public var availabilityZoneId: String?
        /// Mount-target addresses by zone ID, for file systems in another account or VPC:
        /// a volume of this agent's zone ID is mounted there with no API call.
        public var mountTargets: [String: String] = [:]
        /// Every EFS API call is made as this role (sts:AssumeRole with the chain's credentials).
        public var roleArn: String?
        /// The ExternalId the role's trust policy asks for.
        public var externalId: String?
        public var subnetId: String?
        public var securityGroups: [String]?
        /// Subnets `efs-hook provision` makes a mount target in, one per zone; empty: only this
        /// agent's subnet (`subnetId`, else instance metadata).
        public var mountTargetSubnets: [String] = []
        public var mountTarget: MountTargetAddress = .ip
        /// argv prefix of the mount program, called as `<prefix> -t TYPE -o OPTIONS SOURCE TARGET`.
        public var mountCommand: [String] = ["/bin/mount"]
        public var mountTimeoutSeconds: Double = 60
        public var mountAttempts: Int = 3
        /// Deadline for a new file system, mount target or access point to become available.
        public var waitTimeoutSeconds: Double = 300
        /// AWS API attempts per call (else AWS_MAX_ATTEMPTS, else 5).
        public var maxAttempts: Int?
        /// Shared file systems volumes may name besides `fileSystemId` (the safe defaults).
        public var allowedFileSystemIds: [String] = []
        /// Access points efs-hook creates are rooted at this path + `/` + the volume name.
        public var accessPointBasePath: String = "/"
        /// Volume options every request gets (a cluster `kmsKeyId`), normalized; a task may set
        /// another value only under a rule that lists the option in its `options`.
        public var defaultOptions: [String: String] = [:]
        public var rexray = REXRay()
        public init() {}
    }

    public var provider: Provider = .efs
    /// The driver name efs-hook answers for unless configured otherwise.
    public static let defaultDriver = "efs"
    /// Volume drivers efs-hook answers for; volumes of any other driver are left alone.
    public var drivers: [String] = [Self.defaultDriver]
    /// Records of containers and host mounts, and the lock files.
    public var stateDir: String = "/var/lib/efs-hook"
    /// Where each volume is mounted once per host, at `mountRoot/NAME`.
    public var mountRoot: String = "/var/lib/efs-hook/mounts"
    /// How long to wait for another efs-hook process working on the same volume.
    public var lockTimeoutSeconds: Double = 60
    /// All stages of one cleanup's unmounts together (normal, force, detach): under Docker's 1 min.
    public var unmountDeadlineSeconds: Double = 30
    /// The health probe (statfs of a host mount) before a new container uses a volume.
    public var probeTimeoutSeconds: Double = 5
    /// All the waiting of one launch (`prepare`, `isolator`, `dvdcli mount`, the Docker plugin's
    /// Create and Mount): throttling backoff, lifecycle polling, lock waits, mount retries.
    /// Keep it under the caller's own limit (Mesos kills `dvdcli mount` after 120 s, Docker
    /// gives Mount 2 minutes, the command module has its own timeout); it caps efs.waitTimeoutSeconds.
    public var launchDeadlineSeconds: Double = 100
    public var local = Local()
    public var efs = EFS()
    public var gc = GC()
    public var dvdcli = DVDCLI()
    public var mesos = Mesos()
    public var metrics = Metrics()
    public var audit = Audit()
    public var csi = CSI()
    /// Tenant policy: who may use which volumes (see `TenantPolicy`).
    public var policy = TenantPolicy()
    /// The cluster's volume definitions, by name (see `ClusterVolumes`).
    public var volumes = ClusterVolumes()

    /// The `dvdcli` drop-in for Mesos' docker/volume isolator.
    public struct DVDCLI: Sendable, Equatable, Codable {
        /// The real dvdcli, run (with the same arguments) for volumes of other drivers.
        public var fallback: String?
        public init() {}
    }

    /// `gc` and `remove`: what proves a resource unused.
    public struct GC: Sendable, Equatable, Codable {
        /// The grace period: a file system is idle only after this many days of zero client
        /// connections in CloudWatch.
        public var idleDays: Int = 7
        public init() {}
    }

    /// What efs-hook must know of the Mesos agent's own flags.
    public struct Mesos: Sendable, Equatable, Codable {
        /// The agent's `--sandbox_directory`: where a container with an image sees its sandbox,
        /// and so where a relative container path's mount goes inside the rootfs.
        public var sandboxDirectory: String = "/mnt/mesos/sandbox"
        /// The agent's `--runtime_dir` (Mesos' default): the containerizer's checkpoints,
        /// where `recover` reads which containers are live.
        public var runtimeDirectory: String = "/var/run/mesos"
        /// The agent's `--work_dir` (the packages' default): its `meta` checkpoints, read
        /// by `recover` beside the runtime directory.
        public var workDirectory: String = "/var/lib/mesos"
        public init() {}
    }

    /// The launch path's Prometheus metrics, for node_exporter's textfile collector.
    public struct Metrics: Sendable, Equatable, Codable {
        /// Where each invocation folds its figures into `efs-hook.prom`; unset: no metrics file.
        public var textfileDirectory: String?
        public init() {}
    }

    /// The audit trail: one line per decision that changes what a container can reach.
    public struct Audit: Sendable, Equatable, Codable {
        /// Default: `stateDir/audit.jsonl`.
        public var path: String?
        public init() {}
    }

    /// `efs-hook csi`: the CSI plugin's node and controller services.
    public struct CSI: Sendable, Equatable, Codable {
        /// The directories a staging or target path must lie under: where the orchestrator
        /// keeps them (Mesos: `--work_dir/csi`; Kubernetes: the kubelet's; Nomad: the plugin's
        /// `mount_dir`). Nothing is bound anywhere else.
        public var targetRoots: [String] = ["/var/lib/mesos/csi"]
        /// Each request's own deadline, below Mesos' 60 s per call (it retries no node call).
        public var deadlineSeconds: Double = 50
        /// NodeGetInfo's node id; default: the host name.
        public var nodeId: String?
        public init() {}
    }

    /// `audit.path`, else `stateDir/audit.jsonl`.
    public var auditPath: String { audit.path ?? "\(stateDir)/audit.jsonl" }

    public init() {}

    public static let defaultPath = "/etc/efs-hook/config.yaml"
    public static let environmentVariable = "EFS_HOOK_CONFIG"
}

extension Configuration.EFS {
    /// Where the access point efs-hook creates for `volume` is rooted; a `path` option may
    /// only name this directory or one below it.
    public func accessPointRoot(volume: String) -> String {
        accessPointBasePath == "/" ? "/\(volume)" : "\(accessPointBasePath)/\(volume)"
    }
}
