import Foundation

/// The launch-path metrics as node_exporter's textfile collector reads them: parsed from
/// the file, folded with one invocation's `MetricsDelta`, written back whole. Pure: the
/// file's lock and rename are `MetricsTextfile`'s.
public struct TextfileMetrics: Sendable, Equatable {
    /// Every sample by its series (`name{labels}`).
    public private(set) var samples: [String: Double] = [:]

    typealias Names = LaunchMetricNames

    public init() {}

    /// Reads what `rendered` wrote; comment lines and lines that do not parse are skipped.
    public init(parsing text: String) {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
    }

    public subscript(series: String) -> Double? { samples[series] }

    public mutating func fold(_ delta: MetricsDelta) {
        if !delta.replacedFamilies.isEmpty {
            samples = samples.filter { !delta.replacedFamilies.contains(Self.family(of: $0.key)) }
        }
        samples.merge(delta.counters, uniquingKeysWith: +)
        samples.merge(delta.gauges) { $1 }
    }

    /// The text format: each family's HELP and TYPE, then its series (a histogram's buckets
    /// in order, then its sum and count).
    public var rendered: String {
        var lines: [String] = []
        let grouped = Dictionary(grouping: samples.keys, by: Self.family(of:))
        for family in Names.families {
            guard let series = grouped[family.name] else { continue }
            lines.append("# HELP \(family.name) \(family.help)")
            lines.append("# TYPE \(family.name) \(family.kind.rawValue)")
            let ordered: [(order: (labels: String, rank: Int, bound: Double), series: String)] = series.map { (Self.order($0), $0) }
            for entry in ordered.sorted(by: { $0.order < $1.order }) {
                lines.append("\(entry.series) \(Self.format(samples[entry.series] ?? 0))")
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// The family a series belongs to: its name, less a histogram's `_bucket`, `_sum` or `_count`.
    static func family(of series: String) -> String {
        let name = String(series.prefix { $0 != "{" })
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if Names.families.contains(where: { $0.name == base && $0.kind == .histogram }) { return base }
        }
        return name
    }

    /// Sorts a histogram's series by their labels other than `le`, then buckets by bound,
    /// then sum, then count; other series by their labels.
    static func order(_ series: String) -> (labels: String, rank: Int, bound: Double) {
        let name = series.prefix { $0 != "{" }
        let labels = String(series.dropFirst(name.count))
        // The standard library's search: Foundation's `range(of:)` goes through NSString.
        guard let range = labels.firstRange(of: ",le=\"") else {
            return (labels, name.hasSuffix("_sum") ? 2 : name.hasSuffix("_count") ? 3 : 0, 0)
        }
        let bound = labels[range.upperBound...].prefix { $0 != "\"" }
        let others = String(labels[..<range.lowerBound]) + "}"
        return (others, 1, Double(bound) ?? .infinity)
    }

    /// Integers without a fraction; the text format reads either.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
