import Common
import EFSHookCore
import Logging
import VolumeModel

/// Docker's volume plugin protocol on top of the holder service: an endpoint and a request body
/// in, an HTTP status and a JSON body out. No transport here (`PluginServer` carries it over
/// the unix socket), so it is the same truth the one-shot commands see: the state directory,
/// its records and its locks.
///
/// Each `Mount` is held through the holder service as its own `Holder.dockerMount`
/// (Docker sends a fresh ID per mount), so reference counting is the core's: by records
/// on disk, which survive a restart of this daemon. A `Mount` without an ID (dvdcli's client)
/// holds one ID-less holder per volume, and one `Unmount` without an ID releases it, as the
/// dvdcli drop-in does. Locks are the holder service's alone; `serializer` only keeps one request
/// per volume from occupying the daemon's threads while another waits on the same lock.
public struct VolumeDriver: Sendable {
    public let holders: HolderService
    /// What is mounted here and who uses it (Get, List, Path).
    public let status: HostStatus
    /// The name Docker knows the driver by: the socket's file name without `.sock`.
    public let driverName: String
    /// `rexray` (REX-Ray's socket name): REX-Ray's naming and root path, and implicit create.
    public var naming: VolumeNaming { VolumeNaming(driver: driverName) }
    let metrics: PluginMetrics?
    let logger: Logger
    let serializer = KeyedSerializer()
    /// Each Create and Mount runs under a deadline of its own, counted from its arrival.
    let launchDeadlineSeconds: Double
    /// Where each request's decisions (mount, bind, refusal, release) are appended.
    let audit: AuditTrail?

    public init(
        holders: HolderService, status: HostStatus, driverName: String, metrics: PluginMetrics?, logger: Logger,
        launchDeadlineSeconds: Double = LaunchDeadline.defaultSeconds, audit: AuditTrail? = nil
    ) throws(EFSHookError) {
        self.launchDeadlineSeconds = launchDeadlineSeconds
        self.audit = audit
        self.holders = holders
        self.status = status
        self.driverName = driverName
        self.metrics = metrics
        self.logger = logger
    }

    /// Answers one request. Never throws: every failure is a reply with `Err`.
    public func handle(endpoint path: String, body: [UInt8]) async -> PluginResponse {
        let started = ContinuousClock.now
        var metadata: Logger.Metadata = ["endpoint": "\(Quoting.safe(path))"]
        let response: PluginResponse
        let label: String
        let recorder = OperationRecorder(operation: PluginEndpoint(rawValue: path)?.label ?? "other", frontEnd: "serve")
        if let endpoint = PluginEndpoint(rawValue: path) {
            label = endpoint.label
            metadata["endpoint"] = "\(endpoint.label)"
            do {
                response = try await OperationRecorder.$current.withValue(recorder) {
                    try await LaunchDeadline.run(seconds: launchDeadlineSeconds) { try await dispatch(endpoint, body, &metadata) }
                }
            } catch let error as BadRequest {
                response = .failure(error.message, status: 400)
            } catch let error as EFSHookError where error.kind == .permissionDenied {
                metrics?.policyRefusal(endpoint: label)
                response = .failure(EFSHookError.oneLine(error))
            } catch {
                response = .failure(EFSHookError.oneLine(error))
            }
        } else {
            label = "other"
            response = .failure(
                "unknown endpoint \"\(Quoting.safe(path))\"; this plugin implements "
                    + PluginEndpoint.allCases.map(\.label).joined(separator: ", "), status: 404)
        }
        let elapsed = ContinuousClock.now - started
        metrics?.pluginRequest(endpoint: label, ok: response.isSuccess, duration: elapsed)
        metadata["ms"] = "\(elapsed.milliseconds)"
        logRecord(recorder, response: response, metadata: metadata)
        return response
    }

    func dispatch(_ endpoint: PluginEndpoint, _ body: [UInt8], _ metadata: inout Logger.Metadata) async throws -> PluginResponse {
        if endpoint.takesNoArguments {
            try RequestDecoding.checkEmptyCall(body, endpoint: endpoint)
            switch endpoint {
            case .activate: return .success(ActivateReply())
            case .capabilities: return .success(CapabilitiesReply())
            default: return .success(ListReply(Volumes: try list()))
            }
        }
        let call = try RequestDecoding.volumeCall(body, endpoint: endpoint)
        metadata["volume"] = "\(Quoting.safe(call.name))"
        if let id = call.id { metadata["id"] = "\(Quoting.safe(id))" }
        try VolumeName.validate(call.name)
        switch endpoint {
        case .create: return try await create(call)
        case .remove: return try await remove(call)
        case .mount: return try await mount(call)
        case .unmount: return try await unmount(call)
        case .path: return try path(call)
        case .get: return try await get(call)
        case .activate, .list, .capabilities: preconditionFailure("handled above")
        }
    }

    static func holder(for call: VolumeCall) throws(EFSHookError) -> Holder {
        try Holder.dockerMount(id: call.id, volume: call.name)
    }
}

extension Duration {
    var milliseconds: Int64 {
        let parts = components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
