import Common

/// What the CSI plugin needs to know beyond the core services.
public struct CSISettings: Sendable {
    /// GetPluginInfo's name, which the orchestrator's plugin configuration names.
    public static let pluginName = "efs-hook.csi"
    /// The topology key NodeGetInfo reports the agent's availability zone under.
    public static let zoneKey = "topology.kubernetes.io/zone"

    public var services: CSIServices
    /// Staging and target paths must lie under one of these (`csi.targetRoots`).
    public var targetRoots: [String]
    /// Each node and controller call's own deadline (`csi.deadlineSeconds`).
    public var deadlineSeconds: Double
    public var nodeId: String
    /// The agent's availability zone, when configured: NodeGetInfo's topology.
    public var zone: String?
    public var version: String
    /// Where each call's decisions are appended; nil: nowhere.
    public var auditPath: String?
    /// Where each call's figures are folded into `efs-hook.prom`; nil: nowhere.
    public var metricsDirectory: String?

    public init(
        services: CSIServices, targetRoots: [String], deadlineSeconds: Double, nodeId: String, zone: String?, version: String,
        auditPath: String?, metricsDirectory: String?
    ) {
        self.services = services
        self.targetRoots = targetRoots
        self.deadlineSeconds = deadlineSeconds
        self.nodeId = nodeId
        self.zone = zone
        self.version = version
        self.auditPath = auditPath
        self.metricsDirectory = metricsDirectory
    }
}
