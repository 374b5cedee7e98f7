import Common
import EFSHookCore
import VolumeModel

/// A task's identity and the policy's decision on each of its volumes, as `plan` and
/// `policy check` show them. Pure: no state, no AWS.
struct PolicyReview: Encodable {
    var identity: TaskIdentity
    var decisions: [PolicyDecision]

    /// Decides as `frontEnd` would, through the same code: dvdcli and Docker see no task, only
    /// each volume's name and options, and mount read-write.
    init(task: TaskDescription, volumes: [VolumeRequest], frontEnd: FrontEnd, policy: PolicyEngine) {
        if PolicyEngine.carriesNoTask(frontEnd) {
            identity = TaskIdentity(frontEnd: frontEnd)
            decisions = volumes.map { policy.decide(direct: $0.spec, frontEnd: frontEnd) }
        } else {
            identity = TaskIdentity(task: task, frontEnd: frontEnd)
            decisions = volumes.map { [identity] in policy.decide($0, identity: identity) }
        }
    }

    /// The requests prepare would go on with: the allowed ones, under their effective names
    /// and with `efs.defaultOptions`.
    func allowed(_ volumes: [VolumeRequest], policy: PolicyEngine) -> [VolumeRequest] {
        zip(volumes, decisions).compactMap { request, decision in
            guard decision.allowed else { return nil }
            var effective = request
            effective.name = decision.effectiveName
            let rule = policy.rule(for: request, identity: identity)
            effective.options = (try? policy.applyingDefaults(to: request, rule: rule).get()) ?? request.options
            return effective
        }
    }

    var allAllowed: Bool { decisions.allSatisfy(\.allowed) }

    /// What `plan` and `policy check` exit with when any volume is refused (77).
    var refusal: EFSHookError? {
        let refused = decisions.filter { !$0.allowed }
        guard let first = refused.first else { return nil }
        return .permissionDenied(refused.count == 1 ? first.line : "\(refused.count) volumes refused; first: \(first.line)")
    }

    var decisionLines: [String] { decisions.map { "  " + $0.line } }

    var identityLines: [String] {
        var lines = ["  front end: \(identity.frontEnd.rawValue)"]
        func add(_ label: String, _ value: String?) { lines.append("  \(label): \(value.map { Quoting.safe($0) } ?? "(none)")") }
        add("Mesos user", identity.user)
        add("framework id", identity.frameworkId)
        add("task id", identity.taskId)
        add("task name", identity.taskName)
        add("executor id", identity.executorId)
        if let aurora = identity.aurora {
            lines.append(
                "  Aurora job: role \(Quoting.safe(aurora.role)), environment \(Quoting.safe(aurora.environment)), job "
                    + "\(Quoting.safe(aurora.job))" + (aurora.instance.map { ", instance \($0)" } ?? ""))
        } else {
            lines.append("  Aurora job: (none)")
        }
        for (title, labels) in [("task label", identity.taskLabels), ("executor label", identity.executorLabels)] {
            for key in labels.keys.sorted() { lines.append("  \(title) \(Quoting.safe(key)): \(Quoting.safe(labels[key] ?? ""))") }
        }
        return lines
    }
}
