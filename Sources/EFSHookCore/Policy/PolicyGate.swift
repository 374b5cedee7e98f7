import Common
import Logging
import VolumeModel

/// Enforcement of the tenant policy, before anything is provisioned, mounted or recorded:
/// `PolicyEngine`'s decisions, each one logged at info and told to the operation's summary,
/// whose one record (at notice, or error for a refusal) carries the deciding rule.
struct PolicyGate: Sendable {
    let engine: PolicyEngine
    let logger: Logger

    /// `PolicyEngine.authorize`, logged.
    func authorize(_ requests: [VolumeRequest], identity: TaskIdentity) throws(EFSHookError) -> [VolumeRequest] {
        try engine.authorize(requests, identity: identity) { log($0, identity: identity) }
    }

    /// A request of a front end that carries no task (dvdcli, Docker): the front end is its
    /// whole identity, and it mounts read-write. Returns the spec with the options it is used
    /// with: the cluster's for a name in `volumes:`, and `efs.defaultOptions`; `source` names
    /// the asker in a refusal.
    @discardableResult
    func authorize(_ asked: VolumeSpec, frontEnd: FrontEnd, source: String? = nil) throws(EFSHookError) -> VolumeSpec {
        var spec = asked
        spec.options = try engine.volumes.options(
            for: asked.name, asked: asked.options, source: source ?? "this \(frontEnd.rawValue) request")
        let decision = engine.decide(direct: spec, frontEnd: frontEnd)
        log(decision, identity: TaskIdentity(frontEnd: frontEnd))
        if let refusal = decision.refusal { throw refusal }
        let request = VolumeRequest.direct(spec)
        var effective = spec
        effective.options =
            (try? engine.applyingDefaults(to: request, rule: engine.rule(for: request, identity: TaskIdentity(frontEnd: frontEnd))).get())
            ?? spec.options
        return effective
    }

    private func log(_ decision: PolicyDecision, identity: TaskIdentity) {
        let metadata: Logger.Metadata = [
            "volume": "\(decision.volume)", "decidedBy": "\(decision.decidedBy)", "identity": "\(identity.summary)",
            "reason": "\(decision.reason)",
        ]
        OperationRecorder.current?.update {
            $0.note(volume: decision.volume, outcome: decision.allowed ? nil : "refused", rule: decision.decidedBy)
        }
        logger.info(decision.allowed ? "policy allowed volume" : "policy refused volume", metadata: metadata)
    }
}
