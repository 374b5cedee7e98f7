import HostLayer
import NIOHTTP1

/// Carries the volume driver over HTTP: POST only, JSON in and out. Requests run on the
/// blocking executor, never on NIO's event loops or the cooperative pool.
struct PluginService: HTTPService {
    static let contentType = "application/vnd.docker.plugins.v1+json"

    let driver: VolumeDriver
    let blocking: BlockingTaskExecutor

    func respond(to request: HTTPRequest) async -> HTTPReply {
        guard request.method == .POST else {
            return refuse(path: request.path, status: .methodNotAllowed, reason: "use POST with a JSON body")
        }
        let response = await withTaskExecutorPreference(blocking) {
            await driver.handle(endpoint: request.path, body: request.body)
        }
        return HTTPReply(status: HTTPResponseStatus(statusCode: response.status), contentType: Self.contentType, body: response.body)
    }

    func refuse(path: String, status: HTTPResponseStatus, reason: String) -> HTTPReply {
        let label = PluginEndpoint(rawValue: path)?.label ?? "other"
        driver.metrics?.pluginRequest(endpoint: label, ok: false, duration: .zero)
        driver.logger.warning(
            "plugin request refused", metadata: ["endpoint": "\(label)", "status": "\(status.code)", "error": "\(reason)"])
        let response = PluginResponse.failure("\(label): \(reason)", status: Int(status.code))
        return HTTPReply(status: status, contentType: Self.contentType, body: response.body)
    }
}
