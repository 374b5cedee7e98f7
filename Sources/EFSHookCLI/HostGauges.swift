import EFSHookCore

/// The host gauges of the textfile metrics (`efs_hook_host_mounts`,
/// `efs_hook_volume_responsive`), refreshed by `recover` and `status`; nothing without
/// `metrics.textfileDirectory`.
enum HostGauges {
    /// From `status`'s own probe.
    static func refresh(_ runtime: Runtime, from report: StatusReport) {
        let mounted = report.volumes.filter(\.mounted)
        var responsive: [String: Bool] = [:]
        for volume in mounted { responsive[volume.name] = volume.responsive ?? false }
        fold(runtime, .host(mounts: mounted.count, responsive: responsive))
    }

    /// Probes every mounted volume at once, for at most a second in all.
    static func refresh(_ runtime: Runtime) {
        guard runtime.config.metrics.textfileDirectory != nil else { return }
        let answers = runtime.status.answering(probeTimeout: min(runtime.config.probeTimeoutSeconds, 1))
        var responsive: [String: Bool] = [:]
        for (record, answered) in answers { responsive[record.name] = answered }
        fold(runtime, .host(mounts: answers.count, responsive: responsive))
    }

    static func fold(_ runtime: Runtime, _ delta: MetricsDelta) {
        guard let directory = runtime.config.metrics.textfileDirectory else { return }
        do {
            try MetricsTextfile(directory: directory).fold(delta)
        } catch {
            runtime.logger.warning("cannot update the metrics textfile", metadata: ["error": "\(error.message)"])
        }
    }
}
