import AWSClient
import Common
import Synchronization

/// The CloudWatch client, made on its first call: only `gc` and `remove` ask CloudWatch, so a
/// launch never pays for its set-up (the environment, proxy settings, the AWS config files).
final class LazyCloudWatch: CloudWatchAPI {
    private let make: @Sendable () throws(EFSHookError) -> CloudWatchClient
    private let made = Mutex<CloudWatchClient?>(nil)

    init(_ make: @escaping @Sendable () throws(EFSHookError) -> CloudWatchClient) {
        self.make = make
    }

    func metricData(_ request: MetricDataRequest) async throws(EFSHookError) -> [MetricDataResult] {
        try await client().metricData(request)
    }

    func shutdown() async {
        guard let client = made.withLock({ $0 }) else { return }
        await client.shutdown()
    }

    private func client() throws(EFSHookError) -> CloudWatchClient {
        try made.withLock { (client: inout CloudWatchClient?) throws(EFSHookError) -> CloudWatchClient in
            if let client { return client }
            let new = try make()
            client = new
            return new
        }
    }
}
