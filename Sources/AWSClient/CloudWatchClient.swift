import Common
import Foundation
import Logging

/// Amazon CloudWatch over the query protocol (2010-08-01): a form-encoded POST, an XML answer.
/// Signed, retried (its own `RetryPolicy`, apart from EFS's) and reported like every call of
/// `AWSServiceClient`; failures are `EFSHookError`s with CloudWatch's error code.
public struct CloudWatchClient: CloudWatchAPI {
    public static let signingName = "monitoring"
    static let version = "2010-08-01"

    public let service: AWSServiceClient
    private let ownedTransports: [AsyncHTTPTransport]

    public init(service: AWSServiceClient) {
        self.service = service
        self.ownedTransports = []
    }

    /// Region and endpoint as `EFSClient` resolves them, except the endpoint's fallbacks:
    /// `AWS_ENDPOINT_URL_CLOUDWATCH`, `AWS_ENDPOINT_URL`, else `https://monitoring.<region>…`.
    /// Without `transport`, the client owns its transports; call `shutdown()` when done.
    public init(
        environment: [String: String], options: EFSClient.Options = EFSClient.Options(), transport: (any HTTPTransport)? = nil
    ) throws(EFSHookError) {
        let parts = try AWSClientParts(environment: environment, options: options, transport: transport)
        if let endpoint = options.endpoint { _ = try EndpointResolver.validated(endpoint, from: "efs.cloudWatchEndpoint") }
        let endpoint = options.endpoint
        self.service = parts.service(signingName: Self.signingName, displayName: "CloudWatch", options: options) {
            (environment, region, variant) throws(EFSHookError) in
            try EndpointResolver.cloudWatchEndpoint(explicit: endpoint, environment: environment, region: region, variant: variant)
        }
        self.ownedTransports = parts.owned
    }

    public func shutdown() async {
        for transport in ownedTransports where transport.wasUsed { await transport.shutdown() }
    }

    public func metricData(_ request: MetricDataRequest) async throws(EFSHookError) -> [MetricDataResult] {
        var joined: [String: MetricDataResult] = [:]
        var token: String?
        var seen: Set<String> = []
        repeat {
            let page = try await getMetricData(request, nextToken: token)
            for result in page.results {
                var entry = joined[result.id] ?? MetricDataResult(id: result.id, statusCode: "", timestamps: [], values: [])
                entry.statusCode = result.statusCode
                entry.timestamps += result.timestamps
                entry.values += result.values
                joined[result.id] = entry
            }
            token = page.nextToken
            if let token, !seen.insert(token).inserted {
                throw EFSHookError(.failure, "CloudWatch returned the same NextToken twice", code: .paginationLoop)
            }
        } while token != nil
        return request.queries.compactMap { joined[$0.id] }
    }

    /// One page of GetMetricData.
    public func getMetricData(_ request: MetricDataRequest, nextToken: String?) async throws(EFSHookError) -> (
        results: [MetricDataResult], nextToken: String?
    ) {
        var form = [("Action", "GetMetricData"), ("Version", Self.version)] + CloudWatchQuery.form(request)
        if let nextToken { form.append(("NextToken", nextToken)) }
        let body = form.map { PercentEncoding.encode($0.0) + "=" + PercentEncoding.encode($0.1) }.joined(separator: "&")
        let response = try await service.send(
            AWSOperation(
                name: "GetMetricData", method: "POST", segments: [], body: Data(body.utf8), idempotent: true,
                contentType: "application/x-www-form-urlencoded; charset=utf-8"))
        guard let page = CloudWatchQuery.page(response.body) else {
            throw EFSHookError(
                .failure,
                "CloudWatch GetMetricData: unexpected response: \(Quoting.safe(String(decoding: response.body, as: UTF8.self), limit: 200))"
            )
        }
        return page
    }
}

/// The query protocol's spelling of GetMetricData: request members flattened to
/// `MetricDataQueries.member.1.MetricStat.Metric.Namespace`, the answer as XML.
enum CloudWatchQuery {
    static func form(_ request: MetricDataRequest) -> [(String, String)] {
        var form = [("StartTime", UTCTime.iso8601(request.start)), ("EndTime", UTCTime.iso8601(request.end))]
        for (index, query) in request.queries.enumerated() {
            let prefix = "MetricDataQueries.member.\(index + 1)"
            form += [
                ("\(prefix).Id", query.id), ("\(prefix).ReturnData", "true"),
                ("\(prefix).MetricStat.Metric.Namespace", query.namespace),
                ("\(prefix).MetricStat.Metric.MetricName", query.metricName),
                ("\(prefix).MetricStat.Period", String(query.period)), ("\(prefix).MetricStat.Stat", query.stat),
            ]
            for (number, dimension) in query.dimensions.enumerated() {
                let member = "\(prefix).MetricStat.Metric.Dimensions.member.\(number + 1)"
                form += [("\(member).Name", dimension.name), ("\(member).Value", dimension.value)]
            }
        }
        return form
    }

    /// nil when the document is not a GetMetricData answer or a point does not parse.
    static func page(_ data: Data) -> (results: [MetricDataResult], nextToken: String?)? {
        guard let root = XMLTree.parse(data), let result = root.first("GetMetricDataResult") else { return nil }
        var results: [MetricDataResult] = []
        for member in result.child("MetricDataResults")?.children("member") ?? [] {
            let timestamps = (member.child("Timestamps")?.children("member") ?? []).map { UTCTime.parseISO8601($0.text) }
            let values = (member.child("Values")?.children("member") ?? []).map { Double($0.text) }
            guard let id = member.child("Id")?.text, timestamps.count == values.count else { return nil }
            let parsedTimes = timestamps.compactMap { $0 }
            let parsedValues = values.compactMap { $0 }
            guard parsedTimes.count == timestamps.count, parsedValues.count == values.count else { return nil }
            results.append(
                MetricDataResult(
                    id: id, statusCode: member.child("StatusCode")?.text ?? "", timestamps: parsedTimes, values: parsedValues))
        }
        let token = result.child("NextToken")?.text
        return (results, token.flatMap { $0.isEmpty ? nil : $0 })
    }
}
