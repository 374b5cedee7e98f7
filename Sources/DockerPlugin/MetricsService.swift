import EFSHookCore
import NIOHTTP1
import Synchronization

/// `GET /metrics` (Prometheus text format 0.0.4) and `GET /healthz` (200 "ok" while the
/// plugin socket is served, 503 once the daemon is stopping).
struct MetricsService: HTTPService {
    let metrics: PluginMetrics
    let status: HostStatus
    let health: Health

    func respond(to request: HTTPRequest) async -> HTTPReply {
        guard request.method == .GET || request.method == .HEAD else {
            return text(.methodNotAllowed, "use GET\n")
        }
        switch request.path {
        case "/metrics":
            return HTTPReply(
                status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: metrics.exposition(status: status))
        case "/healthz":
            return health.serving ? text(.ok, "ok\n") : text(.serviceUnavailable, "stopping\n")
        default:
            return text(.notFound, "not found; try /metrics or /healthz\n")
        }
    }

    func refuse(path: String, status: HTTPResponseStatus, reason: String) -> HTTPReply {
        text(status, reason + "\n")
    }

    func text(_ status: HTTPResponseStatus, _ body: String) -> HTTPReply {
        HTTPReply(status: status, contentType: "text/plain; charset=utf-8", body: Array(body.utf8))
    }
}

/// Whether the daemon is serving, for `/healthz`.
final class Health: Sendable {
    private let state = Mutex(false)

    var serving: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
