import Common
import Logging
import VolumeModel

/// Enforcement of the tenant policy, before anything is provisioned, mounted or recorded:
/// `PolicyEngine`'s decisions, each one logged (allowed at info, refused at notice).
struct PolicyGate: Sendable {
    let engine: PolicyEngine
    let logger: Logger

    /// `PolicyEngine.authorize`, logged.
    func authorize(_ requests: [VolumeRequest], identity: TaskIdentity) throws(EFSHookError) -> [VolumeRequest] {
        try engine.authorize(requests, identity: identity) { log($0, identity: identity) }
    }

    /// A request of a front end that carries no task (dvdcli, Docker): the front end is its
    /// whole identity, and it mounts read-write. Returns the spec with the options it is used
    /// with (the cluster's, for a name in `volumes:`); `source` names the asker in a refusal.
    @discardableResult
    func authorize(_ asked: VolumeSpec, frontEnd: FrontEnd, source: String? = nil) throws(EFSHookError) -> VolumeSpec {
        var spec = asked
        spec.options = try engine.volumes.options(
            for: asked.name, asked: asked.options, source: source ?? "this \(frontEnd.rawValue) request")
        let identity = TaskIdentity(frontEnd: frontEnd)
        let decision = engine.decide(.direct(spec), identity: identity)
        log(decision, identity: identity)
        if let refusal = decision.refusal { throw refusal }
        guard decision.effectiveName == spec.name else {
            throw .permissionDenied(
                "volume \"\(spec.name)\": refused by \(decision.decidedBy): "
                    + "\(frontEnd.rawValue) requests carry no identity to namespace by")
        }
        return spec
    }

    private func log(_ decision: PolicyDecision, identity: TaskIdentity) {
        let metadata: Logger.Metadata = [
            "volume": "\(decision.volume)", "decidedBy": "\(decision.decidedBy)", "identity": "\(identity.summary)",
            "reason": "\(decision.reason)",
        ]
        if decision.allowed {
            logger.info("policy allowed volume", metadata: metadata)
        } else {
            logger.notice("policy refused volume", metadata: metadata)
        }
    }
}
