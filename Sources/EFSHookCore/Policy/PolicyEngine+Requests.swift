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
        for asked in requests {
            var request = asked
            request.options = try volumes.options(for: asked.name, asked: asked.options, source: "this task")
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
}
