import AWSClient
import EFSHookCore
import Foundation
import Prometheus

/// The families the launch path's textfile also has (`LaunchMetricNames`), under the same
/// names and labels, so a dashboard sums the daemon with the Mesos front ends. The front end
/// is `serve`, the operation the plugin endpoint.
extension PluginMetrics {
    typealias Launch = LaunchMetricNames

    static func help(_ name: String) -> String { Launch.families.first { $0.name == name }?.help ?? "" }

    func launchAPICall(_ event: APICallEvent) {
        registry.makeCounter(
            name: Launch.awsRequests, labels: [("operation", event.operation), ("outcome", event.metricOutcome)],
            help: Self.help(Launch.awsRequests)
        ).increment()
        OperationRecorder.current?.awsCall(operation: event.operation, outcome: event.metricOutcome)
    }

    func launchOperation(endpoint: String, ok: Bool, duration: Duration) {
        let outcome = ok ? "success" : "failure"
        registry.makeCounter(
            name: Launch.operations, labels: [("front_end", "serve"), ("operation", endpoint), ("outcome", outcome)],
            help: Self.help(Launch.operations)
        ).increment()
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        registry.makeValueHistogram(
            name: Launch.operationDuration, labels: [("operation", endpoint)], buckets: Launch.durationBuckets,
            help: Self.help(Launch.operationDuration)
        ).record(seconds)
        if ok {
            registry.makeGauge(name: Launch.lastSuccess, labels: [("operation", endpoint)], help: Self.help(Launch.lastSuccess))
                .set(to: Date().timeIntervalSince1970.rounded())
        }
    }

    func launchPolicyRefusal() {
        registry.makeCounter(name: Launch.policyRefusals, labels: [("front_end", "serve")], help: Self.help(Launch.policyRefusals))
            .increment()
    }
}
