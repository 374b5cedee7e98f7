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
    /// whole identity, and it mounts read-write.
    func authorize(_ spec: VolumeSpec, frontEnd: FrontEnd) throws(EFSHookError) {
        let identity = TaskIdentity(frontEnd: frontEnd)
        let decision = engine.decide(.direct(spec), identity: identity)
        log(decision, identity: identity)
        if let refusal = decision.refusal { throw refusal }
        guard decision.effectiveName == spec.name else {
            throw .permissionDenied(
                "volume \"\(spec.name)\": refused by \(decision.decidedBy): "
                    + "\(frontEnd.rawValue) requests carry no identity to namespace by")
        }
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
