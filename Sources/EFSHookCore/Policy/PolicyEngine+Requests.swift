import Common
import VolumeModel

extension PolicyEngine {
    /// The requests as the policy allows them (names namespaced where a rule says so), or the
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
