import Common
import VolumeModel

extension PolicyEngine {
    /// Front ends whose requests carry no task (dvdcli, Docker): the front end is their whole
    /// identity and they mount read-write.
    public static func carriesNoTask(_ frontEnd: FrontEnd) -> Bool { frontEnd == .dvdcli || frontEnd == .docker }

    /// The decision on a request of a front end that carries no task: what the Docker plugin
    /// and dvdcli enforce, and what `policy check` and `plan` show for those front ends. A
    /// rule that namespaces names is refused, since there is no identity to namespace by.
    public func decide(direct spec: VolumeSpec, frontEnd: FrontEnd) -> PolicyDecision {
        var decision = decide(.direct(spec), identity: TaskIdentity(frontEnd: frontEnd))
        if decision.allowed, decision.effectiveName != spec.name {
            decision.allowed = false
            decision.effectiveName = spec.name
            decision.reason = "\(frontEnd.rawValue) requests carry no identity to namespace by"
        }
        return decision
    }

    /// The requests as the policy allows them (names namespaced where a rule says so, with
    /// `efs.defaultOptions`), or the
    /// first refusal: permission denied, one line naming the rule and the volume. `decided`
    /// sees every decision (the services log them).
    public func authorize(
        _ requests: [VolumeRequest], identity: TaskIdentity, decided: (PolicyDecision) -> Void = { _ in }
    ) throws(EFSHookError) -> [VolumeRequest] {
        var allowed: [VolumeRequest] = []
        for request in try defined(requests) {
            let decision = decide(request, identity: identity)
            decided(decision)
            if let refusal = decision.refusal { throw refusal }
            var effective = request
            effective.name = decision.effectiveName
            effective.options = (try? applyingDefaults(to: request, rule: rule(for: request, identity: identity)).get()) ?? request.options
            if allowed.contains(where: { $0.name == effective.name }) {
                throw .invalidTask("volume \"\(effective.name)\" appears twice in one container (after namespacing)")
            }
            allowed.append(effective)
        }
        return allowed
    }

    /// The requests with the options they are decided and used with: the config's for a name
    /// in `volumes:` (see `ClusterVolumes`); `plan` and `policy check` decide these too.
    public func defined(_ requests: [VolumeRequest]) throws(EFSHookError) -> [VolumeRequest] {
        var resolved = requests
        for index in resolved.indices {
            resolved[index].options = try volumes.options(for: requests[index].name, asked: requests[index].options, source: "this task")
        }
        return resolved
    }
}

extension PolicyEngine {
    /// `efs.defaultOptions` on `request`: every default it leaves out is added. Setting one to
    /// another value is refused unless the deciding rule lists the option in its `options`.
    public func applyingDefaults(to request: VolumeRequest, rule: PolicyRule?) -> Result<VolumeOptions, EFSHookError> {
        let defaults = settings.defaultOptions
        guard !defaults.isEmpty else { return .success(request.options) }
        var pairs = request.options.values
        for (key, value) in defaults.sorted(by: { $0.key < $1.key }) {
            guard let given = pairs[key] else {
                pairs[key] = value
                continue
            }
            let allowed = rule?.options?.contains { $0.rawValue == key } ?? false
            guard given == value || allowed else {
                return .failure(
                    .permissionDenied(
                        "\(key)=\(given) overrides efs.defaultOptions (\(key)=\(value)); only a rule listing \(key) in its options allows that"
                    ))
            }
        }
        do {
            return .success(try VolumeOptions.parse(pairs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, volume: request.name))
        } catch {
            return .failure(error)
        }
    }

    /// The rule that decides `request` for `identity`: the first matching both.
    public func rule(for request: VolumeRequest, identity: TaskIdentity) -> PolicyRule? {
        policy.rules.first { $0.matches(identity) && $0.matches(volume: request.name) }
    }
}
