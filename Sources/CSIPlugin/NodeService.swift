import CSIProto
import Common
import EFSHookCore
import GRPCCore
import VolumeModel

/// CSI's Node service on the publication service: stage is the volume's one host mount on
/// this agent, shown at the staging path; publish binds it onto the target path (read-only
/// when asked); unpublish and unstage undo each, idempotently. Every path is a user record
/// like any container's, so `status` shows it, `recover` keeps it, and the last one takes
/// the host mount away.
struct NodeService: Csi_V1_Node.SimpleServiceProtocol {
    let publications: PublicationService
    let volumes: CSIVolumes
    let call: CSICall
    var settings: CSISettings { call.settings }

    func nodeStageVolume(request: Csi_V1_NodeStageVolumeRequest, context: ServerContext) async throws -> Csi_V1_NodeStageVolumeResponse {
        try await call.run("NodeStageVolume", volume: request.volumeID, changes: true) {
            let handle = try CSIVolumeHandle(parsing: request.volumeID)
            let staging = try publication(request.stagingTargetPath, "staging target path")
            _ = try CSICapability.check(request.hasVolumeCapability ? request.volumeCapability : nil)
            let spec = try volumes.spec(handle, context: request.volumeContext)
            _ = try await publications.publish(spec, at: staging, readOnly: false, source: "NodeStageVolume's volume_context")
            return Csi_V1_NodeStageVolumeResponse()
        }
    }

    func nodeUnstageVolume(request: Csi_V1_NodeUnstageVolumeRequest, context: ServerContext) async throws
        -> Csi_V1_NodeUnstageVolumeResponse
    {
        try await call.run("NodeUnstageVolume", volume: request.volumeID, changes: true) {
            let handle = try CSIVolumeHandle(parsing: request.volumeID)
            let staging = try publication(request.stagingTargetPath, "staging target path")
            // Mesos deletes the staging path's parent recursively once this returns: never
            // while a target beside it still shows the volume.
            let parent = String(staging.path[..<(staging.path.lastIndex(of: "/") ?? staging.path.endIndex)])
            if let shown = try publications.paths(showing: handle.name).first(where: { $0 != staging.path && $0.hasPrefix(parent + "/") }) {
                throw EFSHookError(
                    .invalidTask, "volume \(handle.name) is still published at \(shown); NodeUnpublishVolume comes first", code: .notStaged)
            }
            _ = try await publications.unpublish(staging, volume: handle.name, removingDirectory: false)
            return Csi_V1_NodeUnstageVolumeResponse()
        }
    }

    /// Binds the volume staged at the staging path onto the target, with the staged options.
    func nodePublishVolume(request: Csi_V1_NodePublishVolumeRequest, context: ServerContext) async throws
        -> Csi_V1_NodePublishVolumeResponse
    {
        try await call.run("NodePublishVolume", volume: request.volumeID, changes: true) {
            let handle = try CSIVolumeHandle(parsing: request.volumeID)
            let target = try publication(request.targetPath, "target path")
            let staging = try publication(request.stagingTargetPath, "staging target path")
            let readerOnly = try CSICapability.check(request.hasVolumeCapability ? request.volumeCapability : nil)
            guard let staged = try publications.current(staging), staged.volume == handle.name else {
                throw EFSHookError(
                    .invalidTask, "volume \(handle.name) is not staged at \(staging.path); NodeStageVolume comes first", code: .notStaged)
            }
            _ = try await publications.publish(
                VolumeSpec(name: handle.name, options: staged.options), at: target, readOnly: request.readonly || readerOnly,
                source: "the staged volume")
            return Csi_V1_NodePublishVolumeResponse()
        }
    }

    func nodeUnpublishVolume(request: Csi_V1_NodeUnpublishVolumeRequest, context: ServerContext) async throws
        -> Csi_V1_NodeUnpublishVolumeResponse
    {
        try await call.run("NodeUnpublishVolume", volume: request.volumeID, changes: true) {
            let handle = try CSIVolumeHandle(parsing: request.volumeID)
            let target = try publication(request.targetPath, "target path")
            _ = try await publications.unpublish(target, volume: handle.name, removingDirectory: true)
            return Csi_V1_NodeUnpublishVolumeResponse()
        }
    }

    func nodeGetCapabilities(request: Csi_V1_NodeGetCapabilitiesRequest, context: ServerContext) async throws
        -> Csi_V1_NodeGetCapabilitiesResponse
    {
        var capability = Csi_V1_NodeServiceCapability()
        capability.rpc.type = .stageUnstageVolume
        var response = Csi_V1_NodeGetCapabilitiesResponse()
        response.capabilities = [capability]
        return response
    }

    func nodeGetInfo(request: Csi_V1_NodeGetInfoRequest, context: ServerContext) async throws -> Csi_V1_NodeGetInfoResponse {
        var response = Csi_V1_NodeGetInfoResponse()
        response.nodeID = settings.nodeId
        if let zone = settings.zone {
            var topology = Csi_V1_Topology()
            topology.segments = [CSISettings.zoneKey: zone]
            response.accessibleTopology = topology
        }
        return response
    }

    func nodeGetVolumeStats(request: Csi_V1_NodeGetVolumeStatsRequest, context: ServerContext) async throws
        -> Csi_V1_NodeGetVolumeStatsResponse
    {
        throw CSIUnimplemented.rpc("NodeGetVolumeStats", because: "statfs on a shared NFS volume can hang; efs-hook does not offer it")
    }

    func nodeExpandVolume(request: Csi_V1_NodeExpandVolumeRequest, context: ServerContext) async throws
        -> Csi_V1_NodeExpandVolumeResponse
    {
        throw CSIUnimplemented.rpc("NodeExpandVolume", because: "an EFS file system has no size to expand")
    }

    private func publication(_ path: String, _ what: String) throws(EFSHookError) -> Publication {
        guard !path.isEmpty else { throw .invalidTask("the \(what) is missing") }
        return try Publication(path: path, roots: settings.targetRoots)
    }
}
