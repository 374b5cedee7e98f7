/// The metric families both the launch path's textfile and the plugin daemon's `/metrics`
/// expose, so that the same thing has the same name wherever it is scraped.
public enum LaunchMetricNames {
    public enum Kind: String, Sendable { case counter, gauge, histogram }

    public static let operations = "efs_hook_operations_total"
    public static let operationDuration = "efs_hook_operation_duration_seconds"
    public static let awsRequests = "efs_hook_aws_requests_total"
    public static let mounts = "efs_hook_mounts_total"
    public static let policyRefusals = "efs_hook_policy_refusals_total"
    public static let lastSuccess = "efs_hook_last_success_timestamp_seconds"
    public static let hostMounts = "efs_hook_host_mounts"
    public static let volumeResponsive = "efs_hook_volume_responsive"

    /// Each family's type and help text, in the order the textfile lists them.
    public static let families: [(name: String, kind: Kind, help: String)] = [
        (operations, .counter, "Operations by front end, operation and outcome (success or the error's kind)."),
        (operationDuration, .histogram, "Duration of one operation, by operation."),
        (awsRequests, .counter, "AWS API attempts by operation and outcome (success, answered, retrying, failed, throttled)."),
        (
            mounts, .counter,
            "New host mounts by volume and where their resources were resolved (cache, dnsName, api; none for the local provider)."
        ),
        (policyRefusals, .counter, "Volume requests the tenant policy refused, by front end."),
        (lastSuccess, .gauge, "Unix time of the last successful operation, by operation."),
        (hostMounts, .gauge, "Volumes mounted on this host, by any front end (refreshed by recover and status)."),
        (volumeResponsive, .gauge, "1 if the volume's host mount answered a statfs, 0 if not (refreshed by recover and status)."),
    ]

    /// Upper bounds of the duration histogram's buckets, in seconds (`+Inf` follows).
    public static let durationBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]

    /// `name{a="x",b="y"}`, label values escaped as the text format wants.
    public static func series(_ name: String, _ labels: [(String, String)]) -> String {
        guard !labels.isEmpty else { return name }
        let rendered = labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
        return "\(name){\(rendered)}"
    }

    static func escape(_ value: String) -> String {
        // Volume names and outcomes never need it; Foundation's replacing would cost every fold.
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) else {
            return value
        }
        return value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
