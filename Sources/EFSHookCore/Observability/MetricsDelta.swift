import Foundation

/// What one invocation adds to the launch-path metrics: counters to add, gauges to set, and
/// gauge families whose every series it replaces (a volume no longer mounted loses its
/// `efs_hook_volume_responsive` series). Series are keyed as `LaunchMetricNames.series` writes them.
public struct MetricsDelta: Sendable, Equatable {
    public var counters: [String: Double] = [:]
    public var gauges: [String: Double] = [:]
    public var replacedFamilies: Set<String> = []

    public init() {}

    typealias Names = LaunchMetricNames

    /// One operation's figures; labels name volumes and outcomes, never a task or container.
    public init(summary: OperationSummary, now: Date) {
        let operation = [("operation", summary.operation)]
        add(Names.series(Names.operations, [("front_end", summary.frontEnd)] + operation + [("outcome", summary.outcome)]))
        // Every bucket, the ones it does not fall in at 0, so each series exists from the first fold.
        for bound in Names.durationBuckets {
            add(
                Names.series(Names.operationDuration + "_bucket", operation + [("le", Self.number(bound))]),
                summary.durationSeconds <= bound ? 1 : 0)
        }
        add(Names.series(Names.operationDuration + "_bucket", operation + [("le", "+Inf")]))
        add(Names.series(Names.operationDuration + "_sum", operation), summary.durationSeconds)
        add(Names.series(Names.operationDuration + "_count", operation))
        for (key, count) in summary.awsCalls {
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            add(Names.series(Names.awsRequests, [("operation", parts[0]), ("outcome", parts[1])]), Double(count))
        }
        for volume in summary.volumes where volume.outcome == "mounted" {
            add(Names.series(Names.mounts, [("volume", volume.name), ("resolution", volume.resolution ?? "none")]))
        }
        let refused = summary.volumes.filter { $0.outcome == "refused" }.count
        if refused > 0 { add(Names.series(Names.policyRefusals, [("front_end", summary.frontEnd)]), Double(refused)) }
        if summary.succeeded { gauges[Names.series(Names.lastSuccess, operation)] = now.timeIntervalSince1970.rounded() }
    }

    /// The host gauges, as `recover` and `status` see the host: every responsive series replaced.
    public static func host(mounts: Int, responsive: [String: Bool]) -> MetricsDelta {
        var delta = MetricsDelta()
        delta.gauges[Names.hostMounts] = Double(mounts)
        delta.replacedFamilies = [Names.volumeResponsive]
        for (volume, answered) in responsive {
            delta.gauges[Names.series(Names.volumeResponsive, [("volume", volume)])] = answered ? 1 : 0
        }
        return delta
    }

    mutating func add(_ series: String, _ value: Double = 1) { counters[series, default: 0] += value }

    public mutating func merge(_ other: MetricsDelta) {
        counters.merge(other.counters, uniquingKeysWith: +)
        gauges.merge(other.gauges) { $1 }
        replacedFamilies.formUnion(other.replacedFamilies)
    }

    /// `0.005`, `1`, `120`: the shortest form, as `le` labels are usually written.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
