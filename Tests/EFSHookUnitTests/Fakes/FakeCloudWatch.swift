import AWSClient
import Common
import Foundation

/// CloudWatch's GetMetricData over fixed daily values per file system: `daily[fs][i]` is the
/// statistic of the i-th day from the request's start. A file system with no values has no
/// datapoints, as CloudWatch answers for one that published none.
struct FakeCloudWatch: CloudWatchAPI {
    var daily: [String: [Double]]

    func metricData(_ request: MetricDataRequest) async throws(EFSHookError) -> [MetricDataResult] {
        request.queries.map { query in
            let fileSystem = query.dimensions.first { $0.name == "FileSystemId" }?.value ?? ""
            let values = daily[fileSystem] ?? []
            return MetricDataResult(
                id: query.id, statusCode: "Complete",
                timestamps: values.indices.map { request.start.addingTimeInterval(Double($0 * query.period)) }, values: values)
        }
    }
}
