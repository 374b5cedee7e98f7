import AWSClient
import EFSHookCore
import HostLayer
import Prometheus

/// The daemon's Prometheus metrics: plugin requests, mount and unmount durations, mounts
/// held, and every EFS API attempt (through `EFSClient.Options.observer`). Counters live in
/// this process, so they restart from zero with the daemon; the gauges are read from the
/// state directory at each scrape, so they always agree with `efs-hook status`.
public final class PluginMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()

    enum Names {
        static var requests: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", subsystem: "plugin", metricName: "requests", unitName: "total",
                helpText: "Docker volume plugin requests by endpoint and outcome (ok or error).")
        }
        static var requestDuration: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", subsystem: "plugin", metricName: "request_duration", unitName: "seconds",
                helpText: "Time to answer a Docker volume plugin request, by endpoint.")
        }
        static var mountDuration: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", subsystem: "plugin", metricName: "mount_duration", unitName: "seconds",
                helpText: "Time to mount a volume for Docker (provision and host mount on the cold path), by outcome.")
        }
        static var unmountDuration: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", subsystem: "plugin", metricName: "unmount_duration", unitName: "seconds",
                helpText: "Time to release a Docker mount (and the host mount with its last user), by outcome.")
        }
        static var mountsHeld: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", subsystem: "plugin", metricName: "mounts_held", unitName: "",
                helpText: "Docker mount IDs this host currently holds.")
        }
        static var hostMounts: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", metricName: "host_mounts", unitName: "",
                helpText: "Volumes mounted on this host, by any front end.")
        }
        static var apiCalls: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", subsystem: "aws", metricName: "api_calls", unitName: "total",
                helpText: "EFS API attempts by operation and outcome (success, answered, retrying, failed).")
        }
        static var throttles: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", subsystem: "aws", metricName: "api_throttles", unitName: "total",
                helpText: "EFS API attempts the service throttled, by operation.")
        }
        static var retries: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", subsystem: "aws", metricName: "api_retries", unitName: "total",
                helpText: "EFS API attempts that failed and were retried, by operation.")
        }
        static var apiDuration: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", subsystem: "aws", metricName: "api_call_duration", unitName: "seconds",
                helpText: "Duration of one EFS API attempt, by operation.")
        }
        static var volumeResponsive: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", metricName: "volume_responsive", unitName: "",
                helpText: "1 if the volume's host mount answered a statfs at this scrape (within 1 s), 0 if not.")
        }
        static var hostUnmounts: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", metricName: "host_unmounts", unitName: "total",
                helpText: "Host unmounts by the stage they needed: normal, force (MNT_FORCE) or detach (MNT_DETACH).")
        }
        static var buildInfo: MetricNameDescriptor {
            MetricNameDescriptor(
                namespace: "efs_hook", metricName: "build_info", unitName: "",
                helpText: "Always 1; the version label says which efs-hook is running.")
        }
    }

    static let requestBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300),
    ]
    static let apiBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(20),
    ]

    public init(version: String) {
        registry.makeGauge(descriptor: Names.buildInfo, labels: [("version", version)]).set(to: 1.0)
        for stage in UnmountStage.allCases {
            _ = registry.makeCounter(descriptor: Names.hostUnmounts, labels: [("stage", stage.rawValue)])
        }
        // Every endpoint's series exist from the start, at zero.
        for endpoint in PluginEndpoint.allCases {
            for outcome in ["ok", "error"] {
                _ = registry.makeCounter(descriptor: Names.requests, labels: [("endpoint", endpoint.label), ("outcome", outcome)])
            }
        }
        registerPolicySeries()
    }

    /// Pass to `EFSClient.Options.observer`.
    public var apiCallObserver: APICallObserver {
        { [self] event in record(event) }
    }

    func record(_ event: APICallEvent) {
        launchAPICall(event)
        let operation = event.operation
        registry.makeCounter(descriptor: Names.apiCalls, labels: [("operation", operation), ("outcome", event.outcome.rawValue)])
            .increment()
        if event.outcome == .retrying {
            registry.makeCounter(descriptor: Names.retries, labels: [("operation", operation)]).increment()
        }
        if event.throttled {
            registry.makeCounter(descriptor: Names.throttles, labels: [("operation", operation)]).increment()
        }
        registry.makeDurationHistogram(descriptor: Names.apiDuration, labels: [("operation", operation)], buckets: Self.apiBuckets)
            .record(event.duration)
    }

    func pluginRequest(endpoint: String, ok: Bool, duration: Duration) {
        launchOperation(endpoint: endpoint, ok: ok, duration: duration)
        registry.makeCounter(descriptor: Names.requests, labels: [("endpoint", endpoint), ("outcome", ok ? "ok" : "error")])
            .increment()
        registry.makeDurationHistogram(descriptor: Names.requestDuration, labels: [("endpoint", endpoint)], buckets: Self.requestBuckets)
            .record(duration)
    }

    func mount(ok: Bool, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: Names.mountDuration, labels: [("outcome", ok ? "ok" : "error")], buckets: Self.requestBuckets
        ).record(duration)
    }

    func unmount(ok: Bool, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: Names.unmountDuration, labels: [("outcome", ok ? "ok" : "error")], buckets: Self.requestBuckets
        ).record(duration)
    }

    /// Pass to `HostMountLedger`'s `onHostUnmount`.
    public var hostUnmountObserver: @Sendable (String, UnmountStage) -> Void {
        { [self] _, stage in registry.makeCounter(descriptor: Names.hostUnmounts, labels: [("stage", stage.rawValue)]).increment() }
    }

    /// The scrape's probe deadline: a hung volume delays a scrape by at most this.
    static let probeTimeout = 1.0

    /// The Prometheus text exposition, with the gauges read from `status` (every mounted
    /// volume probed at once) first.
    public func exposition(status: HostStatus?) -> [UInt8] {
        if let status {
            for (record, answered) in status.answering(probeTimeout: Self.probeTimeout) {
                registry.makeGauge(descriptor: Names.volumeResponsive, labels: [("volume", record.name)]).set(to: answered ? 1 : 0)
            }
            if let holders = try? status.userIDs() {
                registry.makeGauge(descriptor: Names.mountsHeld).set(to: Double(holders.filter(Holder.isDockerMount).count))
            }
            if let mounts = try? status.hostMountNames() {
                registry.makeGauge(descriptor: Names.hostMounts).set(to: Double(mounts.count))
            }
        }
        return registry.emitToBuffer()
    }
}
