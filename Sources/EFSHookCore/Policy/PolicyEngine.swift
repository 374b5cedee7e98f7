import Common
import VolumeModel

/// The tenant policy as a pure function: a request and who makes it in, a decision out. No
/// I/O and no AWS: it runs on every prepare, warm or cold. The EFS half of the safe
/// defaults (whose file system, whose access point) is the EFS provider's, on the cold path.
public struct PolicyEngine: Sendable {
    public let policy: TenantPolicy
    public let defaultProvisioning: Provisioning
    /// `efs.fileSystemId`: the file system of `accessPoint` and `static` volumes naming none.
    public let defaultFileSystemId: String?
    public let settings: Configuration.EFS
    /// `volumes:`: a name defined there is decided with the config's options.
    public let volumes: ClusterVolumes

    public init(configuration: Configuration) {
        volumes = configuration.volumes
        policy = configuration.policy
        settings = configuration.efs
        defaultProvisioning = configuration.efs.provisioning
        defaultFileSystemId = configuration.efs.fileSystemId
    }

    /// The first rule matching both identity and volume name decides; with none, the default
    /// action. An allowed request must still keep to the rule's (or the safe defaults') limits.
    public func decide(_ request: VolumeRequest, identity: TaskIdentity) -> PolicyDecision {
        let rule = rule(for: request, identity: identity)
        let authority: PolicyDecision.Authority = rule != nil ? .rule : (policy.isConfigured ? .defaultAction : .safeDefaults)
        var decision = PolicyDecision(
            volume: request.name, effectiveName: request.name, allowed: true, authority: authority, rule: rule?.name, reason: "")
        func refuse(_ reason: String) -> PolicyDecision {
            decision.allowed = false
            decision.reason = reason
            return decision
        }
        if let rule, rule.action == .deny { return refuse("the rule denies it") }
        if rule == nil, policy.defaultAction == .deny {
            return refuse("no policy rule matches \(identity.summary) and this volume name; policy.defaultAction is deny")
        }
        if let rule, let namespace = rule.namespace {
            switch Self.namespaced(request.name, by: namespace, identity: identity) {
            case .success(let name): decision.effectiveName = name
            case .failure(let problem): return refuse(problem.message)
            }
        }
        let options: VolumeOptions
        switch applyingDefaults(to: request, rule: rule) {
        case .success(let effective): options = effective
        case .failure(let problem): return refuse(problem.message)
        }
        if let problem = limitViolation(request, options: options, rule: rule, effectiveName: decision.effectiveName) {
            return refuse(problem)
        }
        let mode = request.readOnly ? "read-only" : "read-write"
        decision.reason =
            decision.effectiveName == request.name ? mode : "\(mode), as volume \"\(decision.effectiveName)\" (namespace)"
        return decision
    }

    /// What an allowed request may still not do: the rule's limits, and with or without a
    /// rule, no access-point root outside the volume's and no uid/gid 0 unless a rule says so.
    /// `options` are the request's with `efs.defaultOptions`; the rule's `options` list limits
    /// what the request itself sets.
    func limitViolation(_ request: VolumeRequest, options: VolumeOptions, rule: PolicyRule?, effectiveName: String) -> String? {
        if rule?.access == .readOnly, !request.readOnly {
            return request.origin == .direct
                ? "the rule allows read-only use, and this front end mounts read-write"
                : "the rule allows read-only use; mount it with mode RO (ro)"
        }
        let mode = options.provisioning(default: defaultProvisioning)
        if let rule, !rule.provisioning.isEmpty, !rule.provisioning.contains(mode) {
            return "provisioning=\(mode.rawValue) is not allowed; the rule allows "
                + rule.provisioning.map(\.rawValue).joined(separator: ", ")
        }
        for (key, value) in (rule?.require ?? [:]).sorted(by: { $0.key < $1.key }) where options.values[key] != value {
            return options.values[key].map { "\(key)=\($0) is not allowed; the rule requires \(key)=\(value)" }
                ?? "the rule requires \(key)=\(value), and the request does not set \(key)"
        }
        if let allowed = rule?.options {
            for key in request.options.values.keys.sorted()
            where !allowed.contains(where: { $0.rawValue == key }) && rule?.require[key] == nil {
                return "option \(key) is not allowed; the rule allows "
                    + (allowed.isEmpty ? "no options" : allowed.map(\.rawValue).joined(separator: ", "))
            }
        }
        if let rule, !rule.fileSystems.isEmpty, mode != .filesystem {
            let fileSystem = options[.fileSystemId] ?? defaultFileSystemId
            guard let fileSystem, rule.fileSystems.contains(fileSystem) else {
                return "file system \(fileSystem ?? "(none)") is not allowed; the rule allows \(rule.fileSystems.joined(separator: ", "))"
            }
        }
        for (key, ranges) in [(VolumeOption.uid, rule?.uids ?? []), (.gid, rule?.gids ?? [])] {
            guard let text = options[key], let id = UInt32(text) else { continue }
            if ranges.isEmpty ? id == 0 : !ranges.contains(where: { $0.contains(id) }) {
                return ranges.isEmpty
                    ? "\(key.rawValue)=0 (root) needs a policy rule whose \(key.rawValue)s include 0"
                    : "\(key.rawValue)=\(id) is outside \(ranges.map(\.description).joined(separator: ", "))"
            }
        }
        if let path = options[.path] {
            let root = settings.accessPointRoot(volume: effectiveName)
            guard path == root || path.hasPrefix(root + "/") else {
                return "path=\(path) is outside the volume's access-point root \(root) (efs.accessPointBasePath + the volume name)"
            }
        }
        return nil
    }

    /// `VALUE.NAME`. NAME may hold no `.`, so the split is unambiguous and no two identities
    /// can ever reach the same namespaced name.
    static func namespaced(_ name: String, by namespace: PolicyRule.Namespace, identity: TaskIdentity) -> Result<String, EFSHookError> {
        let value: String?
        switch namespace {
        case .auroraRole: value = identity.aurora?.role
        case .user: value = identity.user
        }
        guard let value, !value.isEmpty else {
            return .failure(
                .permissionDenied("the rule prefixes volume names with the \(namespace.rawValue), which this request does not carry"))
        }
        guard !name.contains(".") else {
            return .failure(
                .permissionDenied("the rule prefixes volume names with the \(namespace.rawValue), so the name may not contain \".\""))
        }
        let prefixed = "\(value).\(name)"
        do {
            try VolumeName.validate(prefixed)
        } catch {
            return .failure(.permissionDenied("the namespaced name \"\(Quoting.safe(prefixed))\" is not a valid volume name"))
        }
        return .success(prefixed)
    }
}

extension PolicyRule {
    func matches(volume: String) -> Bool { volumes.isEmpty || volumes.contains { $0.matches(volume) } }

    func matches(_ identity: TaskIdentity) -> Bool {
        let match = self.match
        func any(_ patterns: [GlobPattern], _ value: String?) -> Bool {
            guard !patterns.isEmpty else { return true }
            guard let value else { return false }
            return patterns.contains { $0.matches(value) }
        }
        func labels(_ patterns: [String: GlobPattern], _ values: [String: String]) -> Bool {
            patterns.allSatisfy { key, pattern in values[key].map(pattern.matches) ?? false }
        }
        return (match.frontEnds.isEmpty || match.frontEnds.contains(identity.frontEnd))
            && any(match.users, identity.user) && any(match.frameworkIds, identity.frameworkId)
            && any(match.auroraRoles, identity.aurora?.role) && any(match.auroraEnvironments, identity.aurora?.environment)
            && any(match.auroraJobs, identity.aurora?.job) && labels(match.taskLabels, identity.taskLabels)
            && labels(match.executorLabels, identity.executorLabels)
    }
}
