import Common
import VolumeModel

/// What the tenant policy says about one volume request, and why.
public struct PolicyDecision: Sendable, Codable, Equatable {
    public enum Authority: String, Sendable, Codable, Equatable {
        /// A rule of the `policy` section matched.
        case rule
        /// No rule matched; `policy.defaultAction` decided.
        case defaultAction
        /// No policy is configured: the safe defaults alone.
        case safeDefaults
    }

    /// The name as the task wrote it.
    public var volume: String
    /// The name efs-hook uses: the same, or prefixed by the rule's namespace.
    public var effectiveName: String
    public var allowed: Bool
    public var authority: Authority
    /// The matching rule's name, when a rule decided.
    public var rule: String?
    /// Why it was refused, or what was granted.
    public var reason: String

    /// `rule "team-a"`, `the default action (deny)` or `the safe defaults`.
    public var decidedBy: String {
        switch authority {
        case .rule: return "rule \"\(Quoting.safe(rule ?? ""))\""
        case .defaultAction: return "the default action"
        case .safeDefaults: return "the safe defaults"
        }
    }

    /// The one line a refusal prints, naming the volume and the rule.
    public var line: String {
        "volume \"\(Quoting.safe(volume))\": \(allowed ? "allowed" : "refused") by \(decidedBy): \(reason)"
    }

    public var refusal: EFSHookError? { allowed ? nil : .permissionDenied(line) }
}
