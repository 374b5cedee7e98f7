import Prometheus

/// Refusals by the tenant policy (and its safe defaults): permission-denied replies, by endpoint.
extension PluginMetrics {
    static var policyRefusals: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "efs_hook", subsystem: "plugin", metricName: "policy_refusals", unitName: "total",
            helpText: "Docker volume plugin requests the tenant policy refused, by endpoint.")
    }

    /// The endpoints a policy can refuse, whose series exist from the start, at zero.
    func registerPolicySeries() {
        for endpoint in [PluginEndpoint.create, .mount] {
            _ = registry.makeCounter(descriptor: Self.policyRefusals, labels: [("endpoint", endpoint.label)])
        }
    }

    func policyRefusal(endpoint: String) {
        launchPolicyRefusal()
        registry.makeCounter(descriptor: Self.policyRefusals, labels: [("endpoint", endpoint)]).increment()
    }
}
