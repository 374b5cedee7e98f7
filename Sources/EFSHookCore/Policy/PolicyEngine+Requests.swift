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

    /// The requests as the policy allows them (names namespaced where a rule says so), or the
    /// first refusal: permission denied, one line naming the rule and the volume. `decided`
    /// sees every decision (the services log them).
    public func authorize(
        _ requests: [VolumeRequest], identity: TaskIdentity, decided: (PolicyDecision) -> Void = { _ in }
    ) throws(EFSHookError) -> [VolumeRequest] {
        var allowed: [VolumeRequest] = []
        for request in requests {
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
