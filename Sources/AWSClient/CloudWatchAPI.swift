import Common
import Foundation

/// The CloudWatch call `gc` and `remove` make: the metric history that tells whether anyone
/// still uses a file system. `CloudWatchClient` makes it over HTTP (the query protocol).
public protocol CloudWatchAPI: Sendable {
    /// GetMetricData, every page, each query's points joined in time order.
    func metricData(_ request: MetricDataRequest) async throws(EFSHookError) -> [MetricDataResult]
    /// Releases connections; called once before the process exits.
    func shutdown() async
}

extension CloudWatchAPI {
    public func shutdown() async {}
}

/// One statistic of one metric, per `period` seconds.
public struct MetricStatQuery: Sendable, Equatable {
    /// Starts with a lower-case letter (CloudWatch's rule for query ids).
    public var id: String
    public var namespace: String
    public var metricName: String
    public var dimensions: [MetricDimension]
    public var stat: String
    public var period: Int

    public init(id: String, namespace: String, metricName: String, dimensions: [MetricDimension], stat: String, period: Int) {
        self.id = id
        self.namespace = namespace
        self.metricName = metricName
        self.dimensions = dimensions
        self.stat = stat
        self.period = period
    }

    /// EFS's `ClientConnections` of one file system, summed per `period`.
    public static func clientConnections(fileSystemId: String, id: String, period: Int) -> MetricStatQuery {
        MetricStatQuery(
            id: id, namespace: "AWS/EFS", metricName: "ClientConnections",
            dimensions: [MetricDimension(name: "FileSystemId", value: fileSystemId)], stat: "Sum", period: period)
    }
}

public struct MetricDimension: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

public struct MetricDataRequest: Sendable, Equatable {
    public var queries: [MetricStatQuery]
    public var start: Date
    public var end: Date

    public init(queries: [MetricStatQuery], start: Date, end: Date) {
        self.queries = queries
        self.start = start
        self.end = end
    }
}

/// A query's datapoints: `values[i]` is the statistic of the period starting `timestamps[i]`.
public struct MetricDataResult: Sendable, Equatable {
    public var id: String
    /// `Complete`, `PartialData` (more pages), `InternalError`, `Forbidden`.
    public var statusCode: String
    public var timestamps: [Date]
    public var values: [Double]

    public init(id: String, statusCode: String, timestamps: [Date], values: [Double]) {
        self.id = id
        self.statusCode = statusCode
        self.timestamps = timestamps
        self.values = values
    }
}
